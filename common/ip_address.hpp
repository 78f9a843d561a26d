#pragma once
// IPv4 and IPv6 addresses as plain big-endian byte arrays, in the form they take
// on the wire (RFC 7296 §3.13.1 traffic selectors, §3.5 ID_IPV4_ADDR/ID_IPV6_ADDR).

#include <array>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ravelin::common {

enum class ip_family : std::uint8_t { v4, v6 };

class ip_address {
public:
    static constexpr std::size_t max_size = 16;

    // 0.0.0.0
    ip_address() = default;

    static ip_address v4(std::array<std::uint8_t, 4> bytes) noexcept;
    static ip_address v6(std::array<std::uint8_t, 16> bytes) noexcept;
    // 4 bytes make an IPv4 address, 16 an IPv6 one; other lengths are refused.
    static result<ip_address> from_bytes(std::span<const std::uint8_t> bytes) noexcept;
    static result<ip_address> parse(std::string_view text);
    // All-zero or all-one address of a family: the ends of the widest range.
    static ip_address lowest(ip_family family) noexcept;
    static ip_address highest(ip_family family) noexcept;

    [[nodiscard]] ip_family family() const noexcept { return _family; }
    [[nodiscard]] bool is_v4() const noexcept { return _family == ip_family::v4; }
    [[nodiscard]] std::size_t size() const noexcept { return is_v4() ? 4 : 16; }
    [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return {_bytes.data(), size()}; }
    [[nodiscard]] std::string to_string() const;

    // Keep the first `length` bits, clear the rest.
    [[nodiscard]] ip_address masked(unsigned length) const noexcept;
    // Keep the first `length` bits, set the rest.
    [[nodiscard]] ip_address filled(unsigned length) const noexcept;

    // Ordered by family, then numerically: IPv4 sorts before IPv6.
    friend std::strong_ordering operator<=>(const ip_address&, const ip_address&) noexcept = default;
    friend bool operator==(const ip_address&, const ip_address&) noexcept = default;

private:
    ip_family _family = ip_family::v4;
    std::array<std::uint8_t, max_size> _bytes{};  // unused tail is always zero
};

inline unsigned max_prefix_length(ip_family family) noexcept {
    return family == ip_family::v4 ? 32 : 128;
}

}  // namespace ravelin::common
