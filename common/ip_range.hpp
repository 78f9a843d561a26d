#pragma once
// Prefixes and inclusive address ranges. RFC 7296 §3.13.1 traffic selectors are
// ranges (start..end), configuration is written in prefixes (10.1.0.0/24);
// narrowing (§2.9) intersects ranges.

#include <optional>
#include <string>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace ravelin::common {

class ip_prefix {
public:
    // "10.1.0.0/24", "2001:db8::/32"; a bare address is a host prefix. Host bits
    // beyond the length are refused, as `ip route` does, so typos show up.
    static result<ip_prefix> parse(std::string_view text);
    static result<ip_prefix> make(ip_address network, unsigned length) noexcept;

    [[nodiscard]] const ip_address& network() const noexcept { return _network; }
    [[nodiscard]] unsigned length() const noexcept { return _length; }
    [[nodiscard]] ip_family family() const noexcept { return _network.family(); }
    [[nodiscard]] ip_address last() const noexcept { return _network.filled(_length); }
    [[nodiscard]] bool contains(const ip_address& address) const noexcept;
    [[nodiscard]] std::string to_string() const;

    friend bool operator==(const ip_prefix&, const ip_prefix&) noexcept = default;

private:
    ip_prefix(ip_address network, unsigned length) noexcept : _network(network), _length(length) {}

    ip_address _network;
    unsigned _length = 0;
};

class address_range {
public:
    // Both ends of one family, start <= end.
    static result<address_range> make(ip_address start, ip_address end) noexcept;
    static address_range from_prefix(const ip_prefix& prefix) noexcept;
    // 0.0.0.0-255.255.255.255 or ::-ffff:...:ffff
    static address_range everything(ip_family family) noexcept;

    [[nodiscard]] const ip_address& start() const noexcept { return _start; }
    [[nodiscard]] const ip_address& end() const noexcept { return _end; }
    [[nodiscard]] ip_family family() const noexcept { return _start.family(); }
    [[nodiscard]] bool contains(const ip_address& address) const noexcept;
    [[nodiscard]] bool contains(const address_range& other) const noexcept;
    // The overlap of two ranges of one family, if any (RFC 7296 §2.9 narrowing).
    [[nodiscard]] std::optional<address_range> intersect(const address_range& other) const noexcept;
    // The prefix covering exactly this range, when there is one.
    [[nodiscard]] std::optional<ip_prefix> as_prefix() const noexcept;
    [[nodiscard]] std::string to_string() const;

    friend bool operator==(const address_range&, const address_range&) noexcept = default;

private:
    address_range(ip_address start, ip_address end) noexcept : _start(start), _end(end) {}

    ip_address _start;
    ip_address _end;
};

}  // namespace ravelin::common
