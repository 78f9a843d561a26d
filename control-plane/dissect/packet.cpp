#include "control-plane/dissect/packet.hpp"

#include <pcap/dlt.h>

#include <array>

namespace ravelin::cp::dissect {
namespace {

using common::byte_reader;
using common::bytes_view;

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
constexpr std::uint16_t ethertype_vlan = 0x8100;
constexpr std::uint16_t ethertype_qinq = 0x88a8;

struct network_packet {
    std::uint16_t ethertype = 0;  // 0: tell by the IP version nibble
    bytes_view bytes;
};

std::optional<network_packet> strip_link(int link_type, bytes_view frame) {
    byte_reader reader(frame);
    switch (link_type) {
    case DLT_EN10MB: {
        if (!reader.skip(12)) return std::nullopt;
        auto type = reader.read_u16();
        while (type && (*type == ethertype_vlan || *type == ethertype_qinq)) {
            if (!reader.skip(2)) return std::nullopt;
            type = reader.read_u16();
        }
        if (!type) return std::nullopt;
        return network_packet{*type, reader.rest()};
    }
    case DLT_LINUX_SLL: {  // 16 octets, protocol last
        if (!reader.skip(14)) return std::nullopt;
        auto type = reader.read_u16();
        if (!type) return std::nullopt;
        return network_packet{*type, reader.rest()};
    }
    case DLT_LINUX_SLL2: {  // 20 octets, protocol first
        auto type = reader.read_u16();
        if (!type || !reader.skip(18)) return std::nullopt;
        return network_packet{*type, reader.rest()};
    }
    case DLT_NULL:
    case DLT_LOOP:  // 4-octet address family in host or network order
        if (!reader.skip(4)) return std::nullopt;
        return network_packet{0, reader.rest()};
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
        return network_packet{0, frame};
    default:
        return std::nullopt;
    }
}

std::optional<transport_packet> decode_ipv4(bytes_view bytes) {
    byte_reader reader(bytes);
    auto version_ihl = reader.read_u8();
    if (!version_ihl || (*version_ihl >> 4) != 4) return std::nullopt;
    const std::size_t header_length = static_cast<std::size_t>(*version_ihl & 0x0f) * 4;
    if (header_length < 20 || bytes.size() < header_length) return std::nullopt;
    byte_reader header(bytes.first(header_length));
    (void)header.skip(2);
    const std::uint16_t total_length = header.read_u16().value();
    (void)header.skip(2);
    const std::uint16_t fragment = header.read_u16().value();
    (void)header.skip(1);
    transport_packet out;
    out.protocol = header.read_u8().value();
    (void)header.skip(2);
    std::array<std::uint8_t, 4> source{}, destination{};
    for (auto& b : source) b = header.read_u8().value();
    for (auto& b : destination) b = header.read_u8().value();
    // Fragments (MF set or a non-zero offset) are not reassembled.
    if ((fragment & 0x3fff) != 0) return std::nullopt;
    if (total_length < header_length || total_length > bytes.size()) return std::nullopt;
    out.source = common::ip_address::v4(source);
    out.destination = common::ip_address::v4(destination);
    out.payload = bytes.subspan(header_length, total_length - header_length);
    return out;
}

std::optional<transport_packet> decode_ipv6(bytes_view bytes) {
    byte_reader reader(bytes);
    auto first = reader.read_u8();
    if (!first || (*first >> 4) != 6 || !reader.skip(3)) return std::nullopt;
    auto payload_length = reader.read_u16();
    auto next = reader.read_u8();
    if (!payload_length || !next || !reader.skip(1)) return std::nullopt;
    auto source = reader.read_bytes(16);
    auto destination = reader.read_bytes(16);
    if (!source || !destination) return std::nullopt;
    auto body = reader.read_sub_reader(*payload_length);
    if (!body) return std::nullopt;
    std::uint8_t header = *next;
    // RFC 8200 §4: walk hop-by-hop, routing and destination options; stop at a
    // fragment header (no reassembly) or at the transport.
    while (header == 0 || header == 43 || header == 60) {
        auto following = body->read_u8();
        auto length = body->read_u8();
        if (!following || !length || !body->skip(6 + static_cast<std::size_t>(*length) * 8)) return std::nullopt;
        header = *following;
    }
    transport_packet out;
    out.protocol = header;
    out.source = common::ip_address::from_bytes(*source).value();
    out.destination = common::ip_address::from_bytes(*destination).value();
    out.payload = body->rest();
    return out;
}

std::optional<transport_packet> decode_transport(std::optional<transport_packet> ip) {
    if (!ip) return std::nullopt;
    if (ip->protocol == ip_protocol_esp) return ip;
    if (ip->protocol != ip_protocol_udp) return std::nullopt;
    byte_reader udp(ip->payload);
    auto source_port = udp.read_u16();
    auto destination_port = udp.read_u16();
    auto length = udp.read_u16();
    if (!source_port || !destination_port || !length || !udp.skip(2)) return std::nullopt;
    if (*length < 8 || *length > ip->payload.size()) return std::nullopt;
    ip->source_port = *source_port;
    ip->destination_port = *destination_port;
    ip->payload = ip->payload.subspan(8, *length - 8u);
    return ip;
}

}  // namespace

std::optional<transport_packet> decode_frame(int link_type, bytes_view frame) {
    auto network = strip_link(link_type, frame);
    if (!network || network->bytes.empty()) return std::nullopt;
    std::uint16_t ethertype = network->ethertype;
    if (ethertype == 0) ethertype = (network->bytes[0] >> 4) == 6 ? ethertype_ipv6 : ethertype_ipv4;
    if (ethertype == ethertype_ipv4) return decode_transport(decode_ipv4(network->bytes));
    if (ethertype == ethertype_ipv6) return decode_transport(decode_ipv6(network->bytes));
    return std::nullopt;
}

}  // namespace ravelin::cp::dissect
