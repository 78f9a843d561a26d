#pragma once
// What every task and handler of the engine shares: the world (io, SAD), the
// configuration, options and counters. Owned by engine::impl.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "control-plane/config/model.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/ike/engine/io.hpp"
#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::ike {

struct ike_sa;

// One direction of a replaced Child SA, deleted once packets in flight had
// time to arrive (make-before-break, RFC 7296 §2.8).
struct retiring_sa {
    sad::spi spi;
    sad::direction dir = sad::direction::inbound;
    time_point delete_at{};
};

struct engine_context {
    engine_io& io;
    sad::sad& southbound;
    config::daemon_config config;
    engine_options options;
    std::map<std::string, std::uint64_t> counters;
    std::uint32_t next_unique_id = 1;
    std::uint32_t next_reqid = 1;
    // §2.6 cookie secret, drawn on first use.
    common::secret_bytes cookie_secret;
    std::uint8_t cookie_version = 1;
    // IKE SAs made by a rekey (§2.18), taken into the engine's table after the exchange.
    std::vector<std::unique_ptr<ike_sa>> adopted;
    std::vector<retiring_sa> retiring;
    // Any IKE SA of the engine by our SPI (set by the engine).
    std::function<ike_sa*(std::uint64_t)> find_sa;

    void count(const std::string& name) { ++counters[name]; }
    std::uint64_t random_u64();
    // A fresh nonce (§2.10: at least half the PRF key size; 256 bits covers every PRF).
    std::vector<std::uint8_t> nonce();
    // A uniformly drawn duration in [0, limit] (rand_time jitter, retry delays).
    std::chrono::milliseconds jitter(std::chrono::milliseconds limit);
    // §2.25: when to try a rekey again after TEMPORARY_FAILURE: 2-5 s from now.
    time_point retry_time();
};

}  // namespace ravelin::cp::ike
