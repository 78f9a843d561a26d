#include "control-plane/daemon/status_render.hpp"

#include <fmt/format.h>

namespace ravelin::cp::daemon {
namespace {

using nlohmann::json;

const char* ike_state(ike::ike_sa_state s) {
    switch (s) {
        case ike::ike_sa_state::connecting: return "CONNECTING";
        case ike::ike_sa_state::established: return "ESTABLISHED";
        case ike::ike_sa_state::rekeying: return "REKEYING";
        case ike::ike_sa_state::deleting: return "DELETING";
    }
    return "?";
}

json selectors(const std::vector<common::traffic_selector>& list) {
    json out = json::array();
    for (const auto& ts : list) out.push_back(ts.to_string());
    return out;
}

std::string where(const ike::endpoint& e) { return fmt::format("{}[{}]", e.address.to_string(), e.port); }

json child(const ike::child_sa_status& c) {
    json out{{"name", c.name},
             {"state", "INSTALLED"},
             {"spi_in", fmt::format("{:08x}", c.spi_in)},
             {"spi_out", fmt::format("{:08x}", c.spi_out)},
             {"protocol", c.protocol},
             {"mode", c.mode},
             {"proposal", c.proposal},
             {"udp_encap", c.udp_encap},
             {"local_ts", selectors(c.local_ts)},
             {"remote_ts", selectors(c.remote_ts)},
             {"installed_for", c.installed_for.count()},
             {"reqid", c.reqid}};
    if (c.keys_hex_debug) out["keys_hex_debug"] = *c.keys_hex_debug;
    return out;
}

}  // namespace

json render(const std::vector<ike::ike_sa_status>& sas) {
    json out = json::array();
    for (const auto& s : sas) {
        json children = json::array();
        for (const auto& c : s.children) children.push_back(child(c));
        out.push_back({{"connection", s.connection},
                       {"unique_id", s.unique_id},
                       {"state", ike_state(s.state)},
                       {"initiator", s.initiator},
                       {"spi_i", fmt::format("{:016x}", s.spi_i)},
                       {"spi_r", fmt::format("{:016x}", s.spi_r)},
                       {"local", where(s.local)},
                       {"remote", where(s.remote)},
                       {"local_id", s.local_id},
                       {"remote_id", s.remote_id},
                       {"proposal", s.proposal},
                       {"nat_detected", s.nat_detected},
                       {"established_for", s.established_for.count()},
                       {"children", children}});
    }
    return out;
}

json render(const std::vector<ike::connection_status>& connections) {
    json out = json::array();
    for (const auto& c : connections) {
        out.push_back({{"name", c.name},
                       {"local_addrs", c.local_addrs},
                       {"remote_addrs", c.remote_addrs},
                       {"children", c.children},
                       {"established", c.established}});
    }
    return out;
}

json render(const ike::engine_stats& stats) {
    return {{"counters", stats.counters},
            {"half_open_sas", stats.half_open_sas},
            {"ike_sas", stats.ike_sas},
            {"child_sas", stats.child_sas}};
}

}  // namespace ravelin::cp::daemon
