#include "dataplane/io/classify.hpp"

#include <algorithm>

namespace ravelin::dp::io {
namespace {

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) noexcept {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

classified classify_arp(std::span<const std::uint8_t> frame, const port_identity& port) noexcept {
    classified out;
    // RFC 826 for Ethernet/IPv4: htype 1, ptype 0x0800, hlen 6, plen 4.
    if (frame.size() < 14 + 28) return out;
    const std::uint8_t* arp = frame.data() + 14;
    if (be16(arp) != 1 || be16(arp + 2) != ether_ipv4 || arp[4] != 6 || arp[5] != 4) return out;
    std::copy_n(arp + 8, 6, out.arp_sender_mac.begin());
    out.arp_sender = be32(arp + 14);
    const std::uint32_t target = be32(arp + 24);
    out.what = target == port.address ? frame_class::exception : frame_class::ignored;
    return out;
}

classified classify_ipv4(std::span<const std::uint8_t> frame, const port_identity& port) noexcept {
    classified out;
    if (frame.size() < 14 + 20) return out;
    const std::uint8_t* ip = frame.data() + 14;
    const unsigned header_len = (ip[0] & 0x0f) * 4u;
    const unsigned total_len = be16(ip + 2);
    if ((ip[0] >> 4) != 4 || header_len < 20 || total_len < header_len || 14 + total_len > frame.size()) return out;
    out.flow.family = 4;
    out.flow.src = lookup::widen_v4(ip + 12);
    out.flow.dst = lookup::widen_v4(ip + 16);
    out.flow.protocol = ip[9];
    const bool first_fragment = (be16(ip + 6) & 0x1fff) == 0;
    const std::uint8_t* l4 = ip + header_len;
    const unsigned l4_len = total_len - header_len;
    const bool has_ports = (ip[9] == 6 || ip[9] == 17) && first_fragment && l4_len >= 4;
    if (has_ports) {
        out.flow.src_port = be16(l4);
        out.flow.dst_port = be16(l4 + 2);
    }

    if (be32(ip + 16) != port.address) {
        if (ip[8] <= 1) {
            out.what = frame_class::ttl_expired;
            return out;
        }
        out.what = frame_class::forward;
        return out;
    }
    out.what = frame_class::exception;
    if (ip[9] == 50 && first_fragment) {
        // SPI and sequence number at least (RFC 4303 §2); shorter is no ESP at all.
        if (l4_len < 8) {
            out.what = frame_class::malformed;
            return out;
        }
        out.what = frame_class::inbound_esp;
        out.esp_offset = static_cast<std::uint16_t>(14 + header_len);
    } else if (ip[9] == 17 && has_ports && out.flow.dst_port == 4500 && l4_len >= 8 + 8) {
        // At least SPI and sequence number behind the UDP header; a zero SPI is the non-ESP marker (IKE).
        if (be32(l4 + 8) != 0) {
            out.what = frame_class::inbound_esp_udp;
            out.esp_offset = static_cast<std::uint16_t>(14 + header_len + 8);
        }
    }
    return out;
}

}  // namespace

classified classify(std::span<const std::uint8_t> frame, const port_identity& port) noexcept {
    if (frame.size() < 14) return {};
    const std::uint8_t* eth = frame.data();
    const bool to_us = std::equal(port.mac.begin(), port.mac.end(), eth);
    const std::uint16_t type = be16(eth + 12);
    if (type == ether_arp) return classify_arp(frame, port);
    if (type == ether_ipv6) {
        classified out;
        out.what = frame_class::exception;
        return out;
    }
    // Unicast to another MAC, or multicast other than ARP and IPv6: not ours.
    if (to_us && type == ether_ipv4) return classify_ipv4(frame, port);
    classified out;
    out.what = frame_class::ignored;
    return out;
}

}  // namespace ravelin::dp::io
