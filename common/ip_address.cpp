#include "common/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "common/error.hpp"

namespace ravelin::common {

ip_address ip_address::v4(std::array<std::uint8_t, 4> bytes) noexcept {
    ip_address address;
    std::copy(bytes.begin(), bytes.end(), address._bytes.begin());
    return address;
}

ip_address ip_address::v6(std::array<std::uint8_t, 16> bytes) noexcept {
    ip_address address;
    address._family = ip_family::v6;
    address._bytes = bytes;
    return address;
}

result<ip_address> ip_address::from_bytes(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() != 4 && bytes.size() != 16) return errc::invalid_address;
    ip_address address;
    address._family = bytes.size() == 4 ? ip_family::v4 : ip_family::v6;
    std::copy(bytes.begin(), bytes.end(), address._bytes.begin());
    return address;
}

result<ip_address> ip_address::parse(std::string_view text) {
    const std::string terminated(text);
    std::array<std::uint8_t, max_size> buffer{};
    if (inet_pton(AF_INET, terminated.c_str(), buffer.data()) == 1) {
        return from_bytes(std::span(buffer).first(4));
    }
    if (inet_pton(AF_INET6, terminated.c_str(), buffer.data()) == 1) {
        return from_bytes(buffer);
    }
    return errc::invalid_address;
}

ip_address ip_address::lowest(ip_family family) noexcept {
    return family == ip_family::v4 ? ip_address{} : v6({});
}

ip_address ip_address::highest(ip_family family) noexcept {
    return lowest(family).filled(0);
}

std::string ip_address::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v4() ? AF_INET : AF_INET6, _bytes.data(), text, sizeof(text));
    return text;
}

ip_address ip_address::masked(unsigned length) const noexcept {
    ip_address out = *this;
    for (unsigned bit = length; bit < 8 * size(); ++bit) {
        out._bytes[bit / 8] = static_cast<std::uint8_t>(out._bytes[bit / 8] & ~(0x80u >> (bit % 8)));
    }
    return out;
}

ip_address ip_address::filled(unsigned length) const noexcept {
    ip_address out = *this;
    for (unsigned bit = length; bit < 8 * size(); ++bit) {
        out._bytes[bit / 8] = static_cast<std::uint8_t>(out._bytes[bit / 8] | (0x80u >> (bit % 8)));
    }
    return out;
}

}  // namespace ravelin::common
