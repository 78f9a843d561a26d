#pragma once
// UDP port 4500 carries three things (RFC 3948 §2, RFC 7296 §2.23): IKE messages
// behind a four-octet zero non-ESP marker, UDP-encapsulated ESP (whose SPI is never
// zero), and one-octet 0xFF NAT-keepalives. classify_udp4500() tells them apart
// before anything else reads the datagram.
//
// Non-ESP marker (RFC 3948 §2.2):
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Non-ESP Marker (0)                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                    IKE header [RFC 7296]                      ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>

#include "common/byte_reader.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

enum class udp4500_kind {
    ike,            // payload: the IKE message after the marker
    esp,            // payload: the whole datagram, starting at the ESP SPI
    nat_keepalive,  // RFC 3948 §2.3: a single 0xFF octet; ignore
    invalid,        // too short to be any of them: drop
};

struct udp4500_datagram {
    udp4500_kind kind = udp4500_kind::invalid;
    common::bytes_view payload;
};

inline constexpr std::size_t non_esp_marker_size = 4;
inline constexpr std::uint8_t nat_keepalive_octet = 0xff;
inline constexpr std::size_t esp_header_size = 8;  // SPI + Sequence Number (RFC 4303 §2)

udp4500_datagram classify_udp4500(common::bytes_view datagram) noexcept;

// RFC 4303 §2: the two fields of an ESP header that identify a packet.
struct esp_header {
    std::uint32_t spi = 0;
    std::uint32_t sequence = 0;
};

common::result<esp_header> read_esp_header(common::bytes_view packet) noexcept;

}  // namespace ravelin::cp::ike
