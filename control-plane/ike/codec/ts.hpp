#pragma once
// RFC 7296 §3.13 Traffic Selector payloads (TSi, TSr).
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of TSs |                 RESERVED                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                       <Traffic Selectors>                     ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 7296 §3.13.1 Traffic Selector.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   TS Type     |IP Protocol ID*|       Selector Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Start Port*         |           End Port*           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                         Starting Address*                     ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                         Ending Address*                       ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// (* for TS_IPV4_ADDR_RANGE and TS_IPV6_ADDR_RANGE; other types keep the octets
// after Selector Length opaque.)

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

// IANA "IKEv2 Traffic Selector Types".
enum class ts_type : std::uint8_t {
    ipv4_addr_range = 7,
    ipv6_addr_range = 8,
    fc_addr_range = 9,  // RFC 4595, kept opaque
};

struct traffic_selector {
    ts_type type = ts_type::ipv4_addr_range;
    std::uint8_t ip_protocol = 0;  // 0: any
    std::uint16_t start_port = 0;
    std::uint16_t end_port = 0xffff;
    std::vector<std::uint8_t> start_address;  // 4 or 16 octets
    std::vector<std::uint8_t> end_address;
    std::vector<std::uint8_t> opaque;         // body of selectors of other types
    friend bool operator==(const traffic_selector&, const traffic_selector&) = default;
};

struct ts_payload {
    std::vector<traffic_selector> selectors;
    friend bool operator==(const ts_payload&, const ts_payload&) = default;
};

// Selector Length of the two address-range types (§3.13.1).
inline constexpr std::size_t ts_ipv4_length = 16;
inline constexpr std::size_t ts_ipv6_length = 40;

common::result<ts_payload> parse_ts(common::byte_reader body);
common::result<void> write_ts(const ts_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
