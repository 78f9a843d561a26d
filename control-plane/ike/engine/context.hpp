#pragma once
// What every task and handler of the engine shares: the world (io, SAD), the
// configuration, options and counters. Owned by engine::impl.

#include <cstdint>
#include <map>
#include <string>

#include "control-plane/config/model.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/ike/engine/io.hpp"
#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::ike {

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

    void count(const std::string& name) { ++counters[name]; }
    std::uint64_t random_u64();
};

}  // namespace ravelin::cp::ike
