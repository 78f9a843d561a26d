#include "common/ip_range.hpp"

#include <charconv>

#include "common/error.hpp"

namespace ravelin::common {
namespace {

result<unsigned> parse_length(std::string_view text, ip_family family) {
    unsigned length = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
        length > max_prefix_length(family)) {
        return errc::invalid_prefix;
    }
    return length;
}

}  // namespace

result<ip_prefix> ip_prefix::make(ip_address network, unsigned length) noexcept {
    if (length > max_prefix_length(network.family())) return errc::invalid_prefix;
    if (network.masked(length) != network) return errc::invalid_prefix;
    return ip_prefix(network, length);
}

result<ip_prefix> ip_prefix::parse(std::string_view text) {
    const auto slash = text.find('/');
    RAVELIN_TRY(ip_address network, ip_address::parse(text.substr(0, slash)));
    if (slash == std::string_view::npos) return make(network, max_prefix_length(network.family()));
    RAVELIN_TRY(unsigned length, parse_length(text.substr(slash + 1), network.family()));
    return make(network, length);
}

bool ip_prefix::contains(const ip_address& address) const noexcept {
    return address.family() == family() && address.masked(_length) == _network;
}

std::string ip_prefix::to_string() const {
    return _network.to_string() + "/" + std::to_string(_length);
}

result<address_range> address_range::make(ip_address start, ip_address end) noexcept {
    if (start.family() != end.family()) return errc::family_mismatch;
    if (end < start) return errc::invalid_range;
    return address_range(start, end);
}

address_range address_range::from_prefix(const ip_prefix& prefix) noexcept {
    return address_range(prefix.network(), prefix.last());
}

address_range address_range::everything(ip_family family) noexcept {
    return address_range(ip_address::lowest(family), ip_address::highest(family));
}

bool address_range::contains(const ip_address& address) const noexcept {
    return address.family() == family() && _start <= address && address <= _end;
}

bool address_range::contains(const address_range& other) const noexcept {
    return contains(other._start) && contains(other._end);
}

std::optional<address_range> address_range::intersect(const address_range& other) const noexcept {
    if (other.family() != family()) return std::nullopt;
    const ip_address start = std::max(_start, other._start);
    const ip_address end = std::min(_end, other._end);
    if (end < start) return std::nullopt;
    return address_range(start, end);
}

std::optional<ip_prefix> address_range::as_prefix() const noexcept {
    for (unsigned length = 0; length <= max_prefix_length(family()); ++length) {
        if (_start.masked(length) == _start && _start.filled(length) == _end) {
            return ip_prefix::make(_start, length).value();
        }
    }
    return std::nullopt;
}

std::string address_range::to_string() const {
    if (auto prefix = as_prefix()) return prefix->to_string();
    return _start.to_string() + "-" + _end.to_string();
}

}  // namespace ravelin::common
