#pragma once
// What the sans-IO IKE engine needs from the world. The daemon implements it
// over Boost.Asio (control-plane/net); exchange tests implement it with a fake
// clock, a deterministic random source and an in-memory wire.

#include <chrono>
#include <cstdint>
#include <span>

#include "common/ip_address.hpp"

namespace ravelin::cp::ike {

using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;

struct endpoint {
    common::ip_address address;
    std::uint16_t port = 500;
    friend bool operator==(const endpoint&, const endpoint&) = default;
};

class engine_io {
public:
    virtual ~engine_io() = default;

    // Send one IKE message. On port 4500 the transport prepends the four-byte
    // non-ESP marker (RFC 3948 §2.2); the engine never sees it.
    virtual void send(const endpoint& local, const endpoint& remote, std::span<const std::uint8_t> message) = 0;
    [[nodiscard]] virtual time_point now() const = 0;
    // Nonces, SPIs, IVs, cookie secrets and DH private values are drawn here.
    virtual void random_bytes(std::span<std::uint8_t> out) = 0;
    // Nonces (RFC 7296 §2.10). A separate seam so exchange tests can force who
    // wins a simultaneous rekey (§2.8.1: the lowest nonce loses).
    virtual void nonce_bytes(std::span<std::uint8_t> out) { random_bytes(out); }
};

}  // namespace ravelin::cp::ike
