#pragma once
// From captured frames to the datagrams ravelin-dissect decodes: link layer
// (Ethernet with VLAN tags, Linux cooked SLL/SLL2, raw IP, BSD loopback), IPv4 or
// IPv6 (extension headers skipped), then UDP or ESP. Every read is bounds-checked:
// a capture is untrusted input too.

#include <cstdint>
#include <optional>
#include <string>

#include "common/byte_reader.hpp"
#include "common/ip_address.hpp"

namespace ravelin::cp::dissect {

struct transport_packet {
    common::ip_address source;
    common::ip_address destination;
    std::uint8_t protocol = 0;        // 17 UDP, 50 ESP
    std::uint16_t source_port = 0;    // UDP only
    std::uint16_t destination_port = 0;
    common::bytes_view payload;       // UDP payload, or the ESP packet
};

inline constexpr std::uint8_t ip_protocol_udp = 17;
inline constexpr std::uint8_t ip_protocol_esp = 50;

// `link_type` is pcap_datalink()'s DLT value. Returns nothing for frames that are
// not (unfragmented) UDP or ESP over IPv4/IPv6.
std::optional<transport_packet> decode_frame(int link_type, common::bytes_view frame);

}  // namespace ravelin::cp::dissect
