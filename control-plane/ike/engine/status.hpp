#pragma once
// What the engine tells operators (ravelinctl list-sas / list-conns / stats) and
// Prometheus. Plain data, copied out of the engine.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/secret.hpp"
#include "common/traffic_selector.hpp"
#include "control-plane/ike/engine/io.hpp"

namespace ravelin::cp::ike {

enum class ike_sa_state { connecting, established, rekeying, deleting };
enum class child_sa_state { installing, installed, rekeying, deleting };

struct child_sa_status {
    std::string name;
    child_sa_state state = child_sa_state::installing;
    std::uint32_t spi_in = 0;
    std::uint32_t spi_out = 0;
    std::string protocol = "esp";        // esp | ah
    std::string mode = "tunnel";         // tunnel | transport
    std::string proposal;                // strongSwan keyword form: aes128gcm16-esn
    bool udp_encap = false;
    std::vector<common::traffic_selector> local_ts;
    std::vector<common::traffic_selector> remote_ts;
    std::chrono::seconds installed_for{0};
    std::chrono::seconds rekey_in{0};
    std::uint32_t reqid = 0;
    // Filled only when the daemon runs with --debug-expose-keys (docs/OPERATIONS.md).
    std::optional<std::string> keys_hex_debug;  // "encr_i=... integ_i=... encr_r=... integ_r=..."
};

struct ike_sa_status {
    std::string connection;
    std::uint32_t unique_id = 0;
    ike_sa_state state = ike_sa_state::connecting;
    bool initiator = false;
    std::uint64_t spi_i = 0;
    std::uint64_t spi_r = 0;
    endpoint local;
    endpoint remote;
    std::string local_id;
    std::string remote_id;
    std::string proposal;  // aes256gcm16-prfsha256-x25519
    bool nat_detected = false;
    std::chrono::seconds established_for{0};
    std::chrono::seconds rekey_in{0};
    std::vector<child_sa_status> children;
};

struct connection_status {
    std::string name;
    std::vector<std::string> local_addrs;
    std::vector<std::string> remote_addrs;
    std::vector<std::string> children;
    bool established = false;  // at least one IKE SA established for it
};

// SAs by state (indexed by ike_sa_state, child_sa_state) and, per connection,
// the age of its youngest established IKE SA or installed Child SA: what the
// metrics endpoint needs on every scrape, without copying list_sas().
struct sa_summary {
    std::array<std::uint64_t, 4> ike_by_state{};
    std::array<std::uint64_t, 4> child_by_state{};
    std::map<std::string, std::chrono::seconds> youngest_keying;

    void note_keying(const std::string& connection, std::chrono::seconds age) {
        auto [it, inserted] = youngest_keying.emplace(connection, age);
        if (!inserted && age < it->second) it->second = age;
    }
};

// Counters since start, for `ravelinctl stats` and the metrics endpoint.
struct engine_stats {
    std::map<std::string, std::uint64_t> counters;  // "exchanges.ike_sa_init.ok", "drops.invalid_syntax", ...
    std::uint64_t half_open_sas = 0;
    std::uint64_t ike_sas = 0;
    std::uint64_t child_sas = 0;
};

}  // namespace ravelin::cp::ike
