#include "dataplane/io/classify.hpp"

#include <algorithm>
#include <cstring>

namespace ravelin::dp::io {
namespace {

constexpr std::uint8_t proto_hop_by_hop = 0;
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;
constexpr std::uint8_t proto_routing = 43;
constexpr std::uint8_t proto_fragment = 44;
constexpr std::uint8_t proto_esp = 50;
constexpr std::uint8_t proto_icmpv6 = 58;
constexpr std::uint8_t proto_dest_opts = 60;
constexpr std::uint8_t proto_sctp = 132;
constexpr unsigned max_extension_headers = 8;

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) noexcept {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

classified with(frame_class what) noexcept {
    classified out;
    out.what = what;
    return out;
}

classified classify_arp(std::span<const std::uint8_t> frame, const port_identity& port) noexcept {
    classified out;
    // RFC 826 for Ethernet/IPv4: htype 1, ptype 0x0800, hlen 6, plen 4.
    if (frame.size() < 14 + 28) return out;
    const std::uint8_t* arp = frame.data() + 14;
    if (be16(arp) != 1 || be16(arp + 2) != ether_ipv4 || arp[4] != 6 || arp[5] != 4) return out;
    std::copy_n(arp + 8, 6, out.sender_mac.begin());
    out.sender = lookup::widen_v4(arp + 14);
    out.sender_family = out.sender.is_zero() ? 0 : 4;
    const std::uint32_t target = be32(arp + 24);
    out.what = port.address != 0 && target == port.address ? frame_class::exception : frame_class::ignored;
    return out;
}

// The upper-layer header of either family: its ports (RFC 4301 §4.4.1.1), and
// for a packet to the port's own address, whether it is ESP, ESP-in-UDP
// (RFC 3948 §2.2) or something for the kernel. `l4` is frame-relative.
void classify_upper(std::span<const std::uint8_t> frame, std::size_t l4, bool first_fragment, bool to_us,
                    classified& out) noexcept {
    const std::uint8_t proto = out.flow.protocol;
    const std::size_t l4_len = frame.size() - l4;
    const bool port_protocol = proto == proto_tcp || proto == proto_udp || proto == proto_sctp;
    if (port_protocol) {
        out.flow.opaque_ports = !first_fragment || l4_len < 4;
        if (!out.flow.opaque_ports) {
            out.flow.src_port = be16(frame.data() + l4);
            out.flow.dst_port = be16(frame.data() + l4 + 2);
        }
    }
    if (!to_us) return;
    out.what = frame_class::exception;
    if (proto == proto_esp && first_fragment) {
        // SPI and sequence number at least (RFC 4303 §2); shorter is no ESP at all.
        if (l4_len < 8) {
            out.what = frame_class::malformed;
            return;
        }
        out.what = frame_class::inbound_esp;
        out.esp_offset = static_cast<std::uint16_t>(l4);
    } else if (proto == proto_udp && !out.flow.opaque_ports && out.flow.dst_port == 4500 && l4_len >= 8 + 8) {
        // At least SPI and sequence number behind the UDP header; a zero SPI is the non-ESP marker (IKE).
        if (be32(frame.data() + l4 + 8) != 0) {
            out.what = frame_class::inbound_esp_udp;
            out.esp_offset = static_cast<std::uint16_t>(l4 + 8);
        }
    }
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
    const bool to_us = port.address != 0 && be32(ip + 16) == port.address;
    out.what = frame_class::forward;
    if (!to_us && ip[8] <= 1) out.what = frame_class::ttl_expired;
    classify_upper(frame.first(14 + total_len), 14 + header_len, (be16(ip + 6) & 0x1fff) == 0, to_us, out);
    return out;
}

// RFC 8200 §4: walks hop-by-hop, routing, destination options and fragment
// headers (at most max_extension_headers) to the upper-layer protocol. Sets
// `l4` and `first_fragment`; false if a header runs past the packet or the
// chain is too long.
bool ipv6_upper_layer(std::span<const std::uint8_t> packet, std::uint8_t& protocol, std::size_t& l4,
                      bool& first_fragment) noexcept {
    protocol = packet[6];
    l4 = 40;
    first_fragment = true;
    for (unsigned n = 0; n < max_extension_headers; ++n) {
        if (protocol != proto_hop_by_hop && protocol != proto_routing && protocol != proto_dest_opts &&
            protocol != proto_fragment) {
            return true;
        }
        if (l4 + 8 > packet.size()) return false;
        const std::uint8_t* ext = packet.data() + l4;
        if (protocol == proto_fragment) {
            // RFC 8200 §4.5: a non-first fragment's upper-layer header is elsewhere.
            first_fragment = (be16(ext + 2) & 0xfff8) == 0;
            protocol = ext[0];
            l4 += 8;
            if (!first_fragment) return true;
            continue;
        }
        protocol = ext[0];
        l4 += (std::size_t{ext[1]} + 1) * 8;
        if (l4 > packet.size()) return false;
    }
    return false;
}

// RFC 4861 §4.3-4.4 (and §4.2 for RA): the sender of an NS or RA and the
// target of an NA, with the link-layer address option that names its MAC.
// Only with hop limit 255 (§7.1.1: the message was not forwarded).
void learn_from_nd(std::span<const std::uint8_t> icmp, const std::uint8_t* ip, classified& out) noexcept {
    if (icmp.size() < 8 || ip[7] != 255) return;
    const std::uint8_t type = icmp[0];
    std::size_t options = 0;
    std::uint8_t wanted_option = 1;  // source link-layer address
    const std::uint8_t* address = ip + 8;
    if (type == 134) {
        options = 16;
    } else if (type == 135 || type == 136) {
        options = 24;
        if (type == 136) wanted_option = 2, address = icmp.data() + 8;  // target link-layer address
    } else {
        return;
    }
    if (icmp.size() < options) return;
    for (std::size_t at = options; at + 8 <= icmp.size();) {
        const std::size_t length = std::size_t{icmp[at + 1]} * 8;
        if (length == 0) return;  // §4.6: invalid, discard
        if (icmp[at] == wanted_option) {
            out.sender = lookup::widen_v6(address);
            if (out.sender.is_zero()) return;  // DAD probe from the unspecified address
            out.sender_family = 6;
            std::copy_n(icmp.data() + at + 2, 6, out.sender_mac.begin());
            return;
        }
        at += length;
    }
}

classified classify_ipv6(std::span<const std::uint8_t> frame, const port_identity& port, bool unicast) noexcept {
    classified out;
    if (frame.size() < 14 + 40) return out;
    const std::uint8_t* ip = frame.data() + 14;
    const std::size_t total_len = 40u + be16(ip + 4);
    if ((ip[0] >> 4) != 6 || 14 + total_len > frame.size()) return out;
    const auto packet = frame.subspan(14, total_len);
    std::size_t l4 = 0;
    bool first_fragment = true;
    if (!ipv6_upper_layer(packet, out.flow.protocol, l4, first_fragment)) return out;
    out.flow.family = 6;
    out.flow.src = lookup::widen_v6(ip + 8);
    out.flow.dst = lookup::widen_v6(ip + 24);
    const bool multicast = ip[24] == 0xff;
    const bool link_local = ip[24] == 0xfe && (ip[25] & 0xc0) == 0x80;  // fe80::/10, never forwarded (RFC 4291 §2.5.6)
    if (out.flow.protocol == proto_icmpv6 && first_fragment) learn_from_nd(packet.subspan(l4), ip, out);
    if (multicast) {
        out.what = out.flow.protocol == proto_icmpv6 ? frame_class::exception : frame_class::ignored;
        return out;
    }
    if (!unicast) return with(frame_class::ignored);
    const bool to_us = link_local || (!port.address6.is_zero() && out.flow.dst == port.address6);
    out.what = frame_class::forward;
    if (!to_us && ip[7] <= 1) out.what = frame_class::ttl_expired;
    classify_upper(frame.first(14 + total_len), 14 + l4, first_fragment, to_us, out);
    return out;
}

}  // namespace

classified classify(std::span<const std::uint8_t> frame, const port_identity& port) noexcept {
    if (frame.size() < 14) return {};
    const std::uint8_t* eth = frame.data();
    // Two loads and compares: std::equal over six bytes was a memcmp call per packet.
    std::uint32_t a4, b4;
    std::uint16_t a2, b2;
    std::memcpy(&a4, eth, 4), std::memcpy(&a2, eth + 4, 2);
    std::memcpy(&b4, port.mac.data(), 4), std::memcpy(&b2, port.mac.data() + 4, 2);
    const bool to_us = a4 == b4 && a2 == b2;
    const std::uint16_t type = be16(eth + 12);
    if (type == ether_arp) return classify_arp(frame, port);
    // RFC 2464 §7: IPv6 multicast goes to 33:33 and the group's low 32 bits.
    if (type == ether_ipv6 && (to_us || (eth[0] == 0x33 && eth[1] == 0x33))) return classify_ipv6(frame, port, to_us);
    // Unicast to another MAC, or multicast other than ARP and IPv6: not ours.
    if (to_us && type == ether_ipv4) return classify_ipv4(frame, port);
    return with(frame_class::ignored);
}

}  // namespace ravelin::dp::io
