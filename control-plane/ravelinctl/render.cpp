#include "control-plane/ravelinctl/render.hpp"

#include <fmt/format.h>

namespace ravelin::cp::ctl {
namespace {

std::string text(const json& value, const char* key) {
    const auto found = value.find(key);
    if (found == value.end()) return "-";
    return found->is_string() ? found->get<std::string>() : found->dump();
}

std::string joined(const json& list) {
    std::string out;
    for (const auto& item : list) out += (out.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
    return out.empty() ? "%any" : out;
}

std::string render_child(const json& child) {
    const bool encap = child.value("udp_encap", false);
    std::string out = fmt::format("  {}: reqid {}, {}, {}{}, {}:{}\n", text(child, "name"), text(child, "reqid"),
                                  text(child, "state"), child.value("mode", std::string("tunnel")) == "tunnel" ? "TUNNEL" : "TRANSPORT",
                                  encap ? "-in-UDP" : "", child.value("protocol", std::string("esp")) == "ah" ? "AH" : "ESP",
                                  text(child, "proposal"));
    out += fmt::format("    installed {}s ago, rekeying in {}s\n", text(child, "installed_seconds"),
                       text(child, "rekey_in_seconds"));
    out += fmt::format("    in  {}\n    out {}\n", text(child, "spi_in"), text(child, "spi_out"));
    out += fmt::format("    local  {}\n    remote {}\n", joined(child.value("local_ts", json::array())),
                       joined(child.value("remote_ts", json::array())));
    if (child.contains("keys_debug")) out += fmt::format("    keys (debug) {}\n", text(child, "keys_debug"));
    return out;
}

std::string render_sa(const json& sa) {
    const bool initiator = sa.value("initiator", false);
    std::string out = fmt::format("{}: #{}, {}, IKEv2, {}_i{} {}_r{}\n", text(sa, "connection"), text(sa, "unique_id"),
                                  text(sa, "state"), text(sa, "spi_i"), initiator ? "*" : "", text(sa, "spi_r"),
                                  initiator ? "" : "*");
    for (const char* side : {"local", "remote"}) {
        const json& end = sa.value(side, json::object());
        out += fmt::format("  {:<6} '{}' @ {}[{}]\n", side, text(end, "id"), text(end, "address"), text(end, "port"));
    }
    out += fmt::format("  {}\n", text(sa, "proposal"));
    out += fmt::format("  established {}s ago, rekeying in {}s{}\n", text(sa, "established_seconds"),
                       text(sa, "rekey_in_seconds"), sa.value("nat_detected", false) ? ", NAT detected" : "");
    for (const auto& child : sa.value("children", json::array())) out += render_child(child);
    return out;
}

}  // namespace

std::string render_sas(const json& sas) {
    std::string out;
    for (const auto& sa : sas) out += render_sa(sa);
    return out.empty() ? "no IKE SAs\n" : out;
}

std::string render_connections(const json& connections) {
    std::string out;
    for (const auto& conn : connections) {
        out += fmt::format("{}: IKEv2, {}\n", text(conn, "name"), conn.value("established", false) ? "up" : "down");
        out += fmt::format("  local:  {}\n  remote: {}\n", joined(conn.value("local_addrs", json::array())),
                           joined(conn.value("remote_addrs", json::array())));
        for (const auto& child : conn.value("children", json::array())) out += fmt::format("  {}: child\n", child.get<std::string>());
    }
    return out.empty() ? "no connections\n" : out;
}

std::string render_stats(const json& stats) {
    std::string out = fmt::format("IKE SAs: {}, Child SAs: {}, half-open: {}\n", text(stats, "ike_sas"),
                                  text(stats, "child_sas"), text(stats, "half_open_sas"));
    const json counters = stats.value("counters", json::object());
    for (const auto& [key, value] : counters.items()) {
        out += fmt::format("  {:<40} {}\n", key, value.dump());
    }
    return out;
}

}  // namespace ravelin::cp::ctl
