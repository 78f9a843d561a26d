#include "control-plane/ctl/status_json.hpp"

#include <fmt/format.h>

namespace ravelin::cp::ctl {
namespace {

json selectors(const std::vector<common::traffic_selector>& list) {
    json out = json::array();
    for (const auto& ts : list) out.push_back(ts.to_string());
    return out;
}

std::string spi_hex(std::uint64_t spi, int width) { return fmt::format("{:0{}x}", spi, width); }

}  // namespace

std::string_view name(ike::ike_sa_state state) noexcept {
    switch (state) {
        case ike::ike_sa_state::connecting: return "CONNECTING";
        case ike::ike_sa_state::established: return "ESTABLISHED";
        case ike::ike_sa_state::rekeying: return "REKEYING";
        case ike::ike_sa_state::deleting: return "DELETING";
    }
    return "UNKNOWN";
}

std::string_view name(ike::child_sa_state state) noexcept {
    switch (state) {
        case ike::child_sa_state::installing: return "INSTALLING";
        case ike::child_sa_state::installed: return "INSTALLED";
        case ike::child_sa_state::rekeying: return "REKEYING";
        case ike::child_sa_state::deleting: return "DELETING";
    }
    return "UNKNOWN";
}

json to_json(const ike::child_sa_status& child) {
    json out = {
        {"name", child.name},
        {"state", name(child.state)},
        {"protocol", child.protocol},
        {"mode", child.mode},
        {"spi_in", spi_hex(child.spi_in, 8)},
        {"spi_out", spi_hex(child.spi_out, 8)},
        {"proposal", child.proposal},
        {"udp_encap", child.udp_encap},
        {"reqid", child.reqid},
        {"local_ts", selectors(child.local_ts)},
        {"remote_ts", selectors(child.remote_ts)},
        {"installed_seconds", child.installed_for.count()},
        {"rekey_in_seconds", child.rekey_in.count()},
    };
    if (child.keys_hex_debug) out["keys_debug"] = *child.keys_hex_debug;
    return out;
}

json to_json(const ike::ike_sa_status& sa) {
    json children = json::array();
    for (const auto& child : sa.children) children.push_back(to_json(child));
    return {
        {"connection", sa.connection},
        {"unique_id", sa.unique_id},
        {"state", name(sa.state)},
        {"initiator", sa.initiator},
        {"spi_i", spi_hex(sa.spi_i, 16)},
        {"spi_r", spi_hex(sa.spi_r, 16)},
        {"local", {{"address", sa.local.address.to_string()}, {"port", sa.local.port}, {"id", sa.local_id}}},
        {"remote", {{"address", sa.remote.address.to_string()}, {"port", sa.remote.port}, {"id", sa.remote_id}}},
        {"proposal", sa.proposal},
        {"nat_detected", sa.nat_detected},
        {"established_seconds", sa.established_for.count()},
        {"rekey_in_seconds", sa.rekey_in.count()},
        {"children", children},
    };
}

json to_json(const ike::connection_status& connection) {
    return {
        {"name", connection.name},
        {"local_addrs", connection.local_addrs},
        {"remote_addrs", connection.remote_addrs},
        {"children", connection.children},
        {"established", connection.established},
    };
}

json to_json(const ike::engine_stats& stats) {
    return {
        {"ike_sas", stats.ike_sas},
        {"child_sas", stats.child_sas},
        {"half_open_sas", stats.half_open_sas},
        {"counters", stats.counters},
    };
}

json to_json(const std::vector<ike::ike_sa_status>& sas) {
    json out = json::array();
    for (const auto& sa : sas) out.push_back(to_json(sa));
    return out;
}

json to_json(const std::vector<ike::connection_status>& connections) {
    json out = json::array();
    for (const auto& connection : connections) out.push_back(to_json(connection));
    return out;
}

}  // namespace ravelin::cp::ctl
