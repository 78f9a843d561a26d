#include "control-plane/config/values.hpp"

#include <charconv>
#include <limits>

namespace ravelin::cp::config {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::uint8_t> parse_protocol(std::string_view text) {
    if (text == "tcp") return 6;
    if (text == "udp") return 17;
    if (text == "icmp") return 1;
    if (text == "ipv6-icmp" || text == "icmp6") return 58;
    if (text == "sctp") return 132;
    auto number = parse_unsigned(text);
    if (!number || *number > 255) return std::nullopt;
    return static_cast<std::uint8_t>(*number);
}

bool parse_ports(std::string_view text, traffic_selector_spec& out) {
    const auto dash = text.find('-');
    auto from = parse_unsigned(text.substr(0, dash));
    auto to = dash == std::string_view::npos ? from : parse_unsigned(text.substr(dash + 1));
    if (!from || !to || *from > 65535 || *to > 65535 || *from > *to) return false;
    out.port_from = static_cast<std::uint16_t>(*from);
    out.port_to = static_cast<std::uint16_t>(*to);
    return true;
}

// "[tcp/443]", "[udp]", "[17/1000-2000]", "[/53]"
std::string parse_protocol_port(std::string_view text, traffic_selector_spec& out) {
    if (text.size() < 2 || text.back() != ']') return "a protocol/port suffix is written [proto/port]";
    text = text.substr(1, text.size() - 2);
    const auto slash = text.find('/');
    const auto protocol = text.substr(0, slash);
    if (!protocol.empty()) {
        auto number = parse_protocol(protocol);
        if (!number) return "unknown protocol '" + std::string(protocol) + "'";
        out.protocol = *number;
    }
    if (slash != std::string_view::npos && !parse_ports(text.substr(slash + 1), out)) {
        return "bad port or port range '" + std::string(text.substr(slash + 1)) + "'";
    }
    return {};
}

std::string parse_ts_addresses(std::string_view text, traffic_selector_spec& out) {
    if (text == "dynamic") {
        out.addresses = traffic_selector_spec::dynamic_address{};
        return {};
    }
    const auto dash = text.find('-');
    if (dash != std::string_view::npos) {
        auto start = common::ip_address::parse(trim(text.substr(0, dash)));
        auto end = common::ip_address::parse(trim(text.substr(dash + 1)));
        if (!start || !end) return "'" + std::string(text) + "' is not an address range";
        auto range = common::address_range::make(*start, *end);
        if (!range) return "'" + std::string(text) + "': " + range.error().message();
        out.addresses = *range;
        return {};
    }
    auto prefix = common::ip_prefix::parse(text);
    if (!prefix) return "'" + std::string(text) + "': " + prefix.error().message();
    out.addresses = common::address_range::from_prefix(*prefix);
    return {};
}

std::optional<std::uint8_t> hex_digit(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<seconds> parse_duration(std::string_view text) {
    text = trim(text);
    std::uint64_t unit = 1;
    if (!text.empty() && (text.back() < '0' || text.back() > '9')) {
        switch (text.back()) {
            case 's': unit = 1; break;
            case 'm': unit = 60; break;
            case 'h': unit = 3600; break;
            case 'd': unit = 86400; break;
            default: return std::nullopt;
        }
        text.remove_suffix(1);
    }
    auto value = parse_unsigned(text);
    // Bounded far below overflow: nobody rekeys once a century.
    if (!value || *value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    return seconds(static_cast<std::int64_t>(*value * unit));
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trim(text.substr(0, comma));
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

ts_parse_outcome parse_traffic_selector(std::string_view text) {
    text = trim(text);
    traffic_selector_spec selector;
    const auto bracket = text.find('[');
    std::string error = parse_ts_addresses(trim(text.substr(0, bracket)), selector);
    if (error.empty() && bracket != std::string_view::npos) error = parse_protocol_port(text.substr(bracket), selector);
    if (!error.empty()) return {std::nullopt, error};
    return {selector, {}};
}

std::optional<interface_address> parse_interface_address(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto address = common::ip_address::parse(text.substr(0, slash));
    auto length = parse_unsigned(text.substr(slash + 1));
    if (!address || !length || *length > common::max_prefix_length(address->family())) return std::nullopt;
    return interface_address{*address, static_cast<unsigned>(*length)};
}

std::optional<common::secret_bytes> parse_psk(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        const auto hex = text.substr(2);
        if (hex.size() % 2 != 0) return std::nullopt;
        common::secret_bytes key(hex.size() / 2);
        for (std::size_t i = 0; i < key.size(); ++i) {
            auto high = hex_digit(hex[2 * i]);
            auto low = hex_digit(hex[2 * i + 1]);
            if (!high || !low) return std::nullopt;
            key.expose_mutable()[i] = static_cast<std::uint8_t>(*high << 4 | *low);
        }
        return key;
    }
    if (text.empty()) return std::nullopt;
    return common::secret_bytes(
        std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace ravelin::cp::config
