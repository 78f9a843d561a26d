#pragma once
// A traffic selector: an address range, an IP protocol and a port range, the
// shape of one RFC 7296 §3.13.1 TS entry and of one side of an SPD policy.

#include <cstdint>
#include <optional>
#include <string>

#include "common/ip_range.hpp"

namespace ravelin::common {

struct port_range {
    std::uint16_t from = 0;
    std::uint16_t to = 65535;

    [[nodiscard]] bool contains(std::uint16_t port) const noexcept { return from <= port && port <= to; }
    [[nodiscard]] bool is_any() const noexcept { return from == 0 && to == 65535; }
    friend bool operator==(const port_range&, const port_range&) noexcept = default;
};

struct traffic_selector {
    address_range addresses = address_range::everything(ip_family::v4);
    std::uint8_t protocol = 0;  // 0: any (RFC 7296 §3.13.1)
    port_range ports;

    // The part of this selector that `other` also allows (RFC 7296 §2.9 narrowing).
    [[nodiscard]] std::optional<traffic_selector> intersect(const traffic_selector& other) const noexcept;
    [[nodiscard]] bool contains(const traffic_selector& other) const noexcept;
    // "10.1.0.0/24", "10.1.0.0/24[tcp/80]", "10.0.0.1-10.0.0.9[17/1000-2000]"
    [[nodiscard]] std::string to_string() const;

    friend bool operator==(const traffic_selector&, const traffic_selector&) noexcept = default;
};

}  // namespace ravelin::common
