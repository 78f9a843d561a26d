#include "common/traffic_selector.hpp"

#include <algorithm>

namespace ravelin::common {
namespace {

std::string protocol_name(std::uint8_t protocol) {
    switch (protocol) {
        case 1: return "icmp";
        case 6: return "tcp";
        case 17: return "udp";
        case 58: return "ipv6-icmp";
        default: return std::to_string(protocol);
    }
}

}  // namespace

std::optional<traffic_selector> traffic_selector::intersect(const traffic_selector& other) const noexcept {
    auto addresses_both = addresses.intersect(other.addresses);
    if (!addresses_both) return std::nullopt;
    if (protocol != 0 && other.protocol != 0 && protocol != other.protocol) return std::nullopt;
    const port_range ports_both{std::max(ports.from, other.ports.from), std::min(ports.to, other.ports.to)};
    if (ports_both.from > ports_both.to) return std::nullopt;
    return traffic_selector{*addresses_both, std::max(protocol, other.protocol), ports_both};
}

bool traffic_selector::contains(const traffic_selector& other) const noexcept {
    return addresses.contains(other.addresses) && (protocol == 0 || protocol == other.protocol) &&
           ports.from <= other.ports.from && other.ports.to <= ports.to;
}

std::string traffic_selector::to_string() const {
    std::string text = addresses.to_string();
    if (protocol == 0 && ports.is_any()) return text;
    text += "[" + (protocol == 0 ? std::string() : protocol_name(protocol));
    if (!ports.is_any()) {
        text += "/" + std::to_string(ports.from);
        if (ports.to != ports.from) text += "-" + std::to_string(ports.to);
    }
    return text + "]";
}

}  // namespace ravelin::common
