#pragma once
// Byte-level helpers for the packet path: big-endian loads and stores, the
// IPv4 header checksum and the IPv6 extension-header walk. Plain functions on
// raw pointers whose bounds the caller has already checked.

#include <cstdint>
#include <cstring>

namespace ravelin::dp::ipsec::pkt {

inline constexpr std::uint8_t proto_ipv4 = 4;
inline constexpr std::uint8_t proto_udp = 17;
inline constexpr std::uint8_t proto_ipv6 = 41;
inline constexpr std::uint8_t proto_esp = 50;
inline constexpr std::uint8_t proto_none = 59;  // RFC 4303 §2.6 dummy packet
inline constexpr std::uint8_t proto_hop_by_hop = 0;
inline constexpr std::uint8_t proto_routing = 43;
inline constexpr std::uint8_t proto_dest_opts = 60;

inline std::uint16_t load16(const std::uint8_t* p) noexcept {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
inline std::uint32_t load32(const std::uint8_t* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return __builtin_bswap32(v);
}
inline void store16(std::uint8_t* p, std::uint16_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
inline void store32(std::uint8_t* p, std::uint32_t v) noexcept {
    v = __builtin_bswap32(v);
    std::memcpy(p, &v, 4);
}
inline void store64(std::uint8_t* p, std::uint64_t v) noexcept {
    v = __builtin_bswap64(v);
    std::memcpy(p, &v, 8);
}

// RFC 1071 §2: the one's complement sum is independent of byte order and may
// be accumulated in wider words, so native 32-bit loads are summed, unfolded;
// an odd last byte is the high byte of a zero-padded word.
inline std::uint64_t native_sum(const std::uint8_t* p, std::size_t len) noexcept {
    std::uint64_t sum = 0;
    std::size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        std::uint32_t w;
        std::memcpy(&w, p + i, 4);
        sum += w;
    }
    if (i + 2 <= len) {
        std::uint16_t w;
        std::memcpy(&w, p + i, 2);
        sum += w;
        i += 2;
    }
    if (i < len) sum += p[i];  // little-endian: the byte lands in the word's first (high-order) position
    return sum;
}

// The folded, complemented sum in network order.
inline std::uint16_t fold_checksum(std::uint64_t sum) noexcept {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return __builtin_bswap16(static_cast<std::uint16_t>(~sum));
}

// RFC 791 header checksum over `len` bytes (even) with the checksum field zero.
inline std::uint16_t ipv4_checksum(const std::uint8_t* p, std::size_t len) noexcept {
    return fold_checksum(native_sum(p, len));
}

// RFC 8200 §8.1: over IPv6 the UDP checksum is mandatory (a receiver discards
// zero; Linux does unless the socket opts out, which IKE daemons' port-4500
// sockets do not). So RFC 3948 §2.1's zero checksum is for IPv4 only. `ip6`
// is the IPv6 header (its addresses are the pseudo-header's; no routing
// header is expected in front of ESP-in-UDP), `udp` the UDP header of
// `udp_len` bytes with everything behind it final.
inline void udp6_set_checksum(const std::uint8_t* ip6, std::uint8_t* udp, std::size_t udp_len) noexcept {
    udp[6] = udp[7] = 0;
    std::uint64_t sum = native_sum(ip6 + 8, 32) + native_sum(udp, udp_len);
    // Pseudo-header (§8.1): addresses, 32-bit upper-layer length (under 2^16 here), next header.
    sum += __builtin_bswap16(static_cast<std::uint16_t>(udp_len)) + __builtin_bswap16(std::uint16_t{proto_udp});
    const std::uint16_t checksum = fold_checksum(sum);
    store16(udp + 6, checksum == 0 ? 0xffff : checksum);  // RFC 768: a computed zero is sent as all ones
}

inline void ipv4_set_checksum(std::uint8_t* ip) noexcept {
    const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
    ip[10] = ip[11] = 0;
    store16(ip + 10, ipv4_checksum(ip, ihl));
}

// The IPv6 headers that precede ESP in transport mode (RFC 4303 §3.1.1):
// hop-by-hop, routing, and destination options before a routing header.
// Sets `prefix` to the bytes before the insertion point and `nh_offset` to the
// offset of the next-header byte that will name ESP. False if malformed.
inline bool ipv6_split(const std::uint8_t* ip, std::size_t len, std::size_t& prefix, std::size_t& nh_offset) noexcept {
    if (len < 40) return false;
    nh_offset = 6;
    prefix = 40;
    bool seen_routing = false;
    for (int guard = 0; guard < 8; ++guard) {
        const std::uint8_t nh = ip[nh_offset];
        if (nh != proto_hop_by_hop && nh != proto_routing && nh != proto_dest_opts) return true;
        if (nh == proto_dest_opts && seen_routing) return true;
        seen_routing = seen_routing || nh == proto_routing;
        if (prefix + 8 > len) return false;
        const std::size_t ext = (std::size_t{ip[prefix + 1]} + 1) * 8;
        if (prefix + ext > len) return false;
        nh_offset = prefix;
        prefix += ext;
    }
    return false;
}

// On receive: walks every extension header up to `target` (ESP or UDP).
inline bool ipv6_find(const std::uint8_t* ip, std::size_t len, std::uint8_t target, std::size_t& offset,
                      std::size_t& nh_offset) noexcept {
    if (len < 40) return false;
    nh_offset = 6;
    offset = 40;
    for (int guard = 0; guard < 8; ++guard) {
        const std::uint8_t nh = ip[nh_offset];
        if (nh == target) return true;
        if (nh != proto_hop_by_hop && nh != proto_routing && nh != proto_dest_opts) return false;
        if (offset + 8 > len) return false;
        const std::size_t ext = (std::size_t{ip[offset + 1]} + 1) * 8;
        if (offset + ext > len) return false;
        nh_offset = offset;
        offset += ext;
    }
    return false;
}

}  // namespace ravelin::dp::ipsec::pkt
