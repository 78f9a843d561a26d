#pragma once
// Parsers for the value syntaxes of swanctl.conf that the configuration uses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.hpp"
#include "control-plane/config/model.hpp"

namespace ravelin::cp::config {

// "30s", "10m", "4h", "1d", or a bare number of seconds (swanctl's time values).
std::optional<seconds> parse_duration(std::string_view text);

std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// "a, b,c" -> {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> split_list(std::string_view text);

// "10.1.0.0/24", "10.1.0.1-10.1.0.9", "dynamic", "0.0.0.0/0[tcp/443]", "::/0[udp/1000-2000]".
// The error names what is wrong.
struct ts_parse_outcome {
    std::optional<traffic_selector_spec> selector;
    std::string error;
};
ts_parse_outcome parse_traffic_selector(std::string_view text);

// "10.99.0.2/24": an address with host bits and its on-link prefix length.
std::optional<interface_address> parse_interface_address(std::string_view text);

// swanctl's secret encodings: "0x" followed by hex digits, or the string itself.
std::optional<common::secret_bytes> parse_psk(std::string_view text);

}  // namespace ravelin::cp::config
