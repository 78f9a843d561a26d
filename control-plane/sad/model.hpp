#pragma once
// What ravelin-ike asks of a security association database: the records of the
// southbound `sad` interface (docs/ARCHITECTURE.md). Algorithms travel as IANA
// transform IDs, the way they were negotiated; each SAD maps them to its own
// implementation.

#include <cstdint>
#include <optional>
#include <string>

#include "common/ip_address.hpp"
#include "common/secret.hpp"
#include "common/traffic_selector.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::sad {

// RFC 4303 §2.1 Security Parameters Index, host order.
struct spi {
    std::uint32_t value = 0;
    friend auto operator<=>(const spi&, const spi&) = default;
};

enum class direction : std::uint8_t { inbound, outbound };
enum class mode : std::uint8_t { tunnel, transport };

struct lifetime_limits {
    std::uint64_t bytes = 0;    // 0: none
    std::uint64_t packets = 0;  // 0: none
};

// RFC 3948 UDP encapsulation, ports as seen from this gateway.
struct udp_encap {
    std::uint16_t local_port = 4500;
    std::uint16_t remote_port = 4500;
    friend bool operator==(const udp_encap&, const udp_encap&) = default;
};

// One direction of one Child SA.
struct sa_spec {
    spi id;
    ike::protocol_id protocol = ike::protocol_id::esp;
    direction dir = direction::inbound;
    sad::mode mode = mode::tunnel;
    common::ip_address local;   // outer address of this gateway
    common::ip_address remote;  // outer address of the peer
    std::optional<udp_encap> encap;
    ike::encryption_id encryption = ike::encryption_id::aes_gcm_16;
    std::uint16_t encryption_key_bits = 128;
    ike::integrity_id integrity = ike::integrity_id::none;
    common::secret_bytes encryption_key;  // with the salt at the end for AEADs (RFC 4106 §8.1)
    common::secret_bytes integrity_key;
    bool esn = false;
    std::uint32_t replay_window = 32;
    lifetime_limits soft;
    lifetime_limits hard;
    std::uint32_t reqid = 0;  // ties the SAs of one Child SA to its policies
    std::optional<std::uint16_t> ipcomp_cpi;
    // Outbound: the last sequence number already used (0 for a new SA); set when
    // an SA is installed again into a restarted dataplane (replaying_sad).
    std::uint64_t initial_seq = 0;

    // sa_spec holds keys, so it is move-only; a copy is asked for by name.
    [[nodiscard]] sa_spec clone() const;
};

enum class policy_action : std::uint8_t { protect, bypass, discard, trap };

struct policy_spec {
    std::uint32_t reqid = 0;
    direction dir = direction::outbound;
    common::traffic_selector local;
    common::traffic_selector remote;
    policy_action action = policy_action::protect;
    std::uint32_t priority = 0;  // lower wins
};

struct sa_counters {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};

}  // namespace ravelin::cp::sad
