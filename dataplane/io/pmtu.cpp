#include "dataplane/io/pmtu.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "dataplane/ipsec/types.hpp"

namespace ravelin::dp::io::pmtu {
namespace {

constexpr std::size_t ether_len = 14;
constexpr std::uint8_t proto_icmp = 1;
constexpr std::uint8_t proto_icmpv6 = 58;
constexpr std::uint8_t ttl = 64;
constexpr std::size_t esp_header_len = 8;  // SPI, sequence number (RFC 4303 §2)
constexpr std::size_t esp_trailer_len = 2;  // pad length, next header

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
void put16(std::uint8_t* p, std::uint16_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) noexcept {
    put16(p, static_cast<std::uint16_t>(v >> 16));
    put16(p + 2, static_cast<std::uint16_t>(v));
}

// RFC 1071 one's complement sum of big-endian 16-bit words (an odd last byte padded with zero).
std::uint32_t sum16(const std::uint8_t* p, std::size_t len, std::uint32_t sum = 0) noexcept {
    for (std::size_t i = 0; i + 1 < len; i += 2) sum += be16(p + i);
    if (len % 2 != 0) sum += std::uint32_t{p[len - 1]} << 8;
    return sum;
}
std::uint16_t finish(std::uint32_t sum) noexcept {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

void put_address(std::uint8_t* p, const lookup::wide_address& a, bool v6) noexcept {
    if (!v6) return put32(p, static_cast<std::uint32_t>(a.lo));
    put32(p, static_cast<std::uint32_t>(a.hi >> 32)), put32(p + 4, static_cast<std::uint32_t>(a.hi));
    put32(p + 8, static_cast<std::uint32_t>(a.lo >> 32)), put32(p + 12, static_cast<std::uint32_t>(a.lo));
}

void ipv4_checksum(std::uint8_t* ip, std::size_t header_len) noexcept {
    ip[10] = ip[11] = 0;
    put16(ip + 10, finish(sum16(ip, header_len)));
}

// RFC 792 type 3 code 4 with RFC 1191 §4's next-hop MTU in the low half of the unused word.
void write_icmp4(std::uint8_t* ip, const std::uint8_t* about, std::size_t quote, std::uint16_t mtu,
                 const lookup::wide_address& source) noexcept {
    const std::size_t total = 20 + 8 + quote;
    std::memset(ip, 0, 28);
    ip[0] = 0x45;
    put16(ip + 2, static_cast<std::uint16_t>(total));
    ip[8] = ttl;
    ip[9] = proto_icmp;
    put_address(ip + 12, source, false);
    std::memcpy(ip + 16, about + 12, 4);  // to the packet's source
    ipv4_checksum(ip, 20);
    std::uint8_t* icmp = ip + 20;
    icmp[0] = 3, icmp[1] = 4;
    put16(icmp + 6, mtu);
    std::memcpy(icmp + 8, about, quote);
    put16(icmp + 2, finish(sum16(icmp, 8 + quote)));
}

// RFC 4443 §3.2: type 2 code 0, the 32-bit MTU, then the invoking packet; the
// checksum covers the pseudo-header (RFC 8200 §8.1).
void write_icmp6(std::uint8_t* ip, const std::uint8_t* about, std::size_t quote, std::uint16_t mtu,
                 const lookup::wide_address& source) noexcept {
    const std::size_t payload = 8 + quote;
    std::memset(ip, 0, 48);
    ip[0] = 0x60;
    put16(ip + 4, static_cast<std::uint16_t>(payload));
    ip[6] = proto_icmpv6;
    ip[7] = ttl;
    put_address(ip + 8, source, true);
    std::memcpy(ip + 24, about + 8, 16);  // to the packet's source
    std::uint8_t* icmp = ip + 40;
    icmp[0] = 2;
    put32(icmp + 4, mtu);
    std::memcpy(icmp + 8, about, quote);
    std::uint32_t sum = sum16(ip + 8, 32, static_cast<std::uint32_t>(payload) + proto_icmpv6);
    put16(icmp + 2, finish(sum16(icmp, payload, sum)));
}

// RFC 791 §3.1: options whose copied flag is set go into every fragment;
// EOL and NOP are single bytes. Returns the bytes written to `out`, padded
// with EOL to a multiple of 4.
std::size_t copied_options(const std::uint8_t* options, std::size_t len, std::uint8_t* out) noexcept {
    std::size_t n = 0;
    for (std::size_t at = 0; at < len;) {
        const std::uint8_t type = options[at];
        if (type == 0) break;  // end of option list
        if (type == 1) {
            ++at;
            continue;
        }
        if (at + 1 >= len || options[at + 1] < 2 || at + options[at + 1] > len) break;
        const std::size_t size = options[at + 1];
        if ((type & 0x80) != 0) std::memcpy(out + n, options + at, size), n += size;
        at += size;
    }
    while (n % 4 != 0) out[n++] = 0;
    return n;
}

}  // namespace

std::uint16_t tunnel_mtu(std::uint16_t port_mtu, const sa_overhead& o, std::uint16_t header_len) noexcept {
    long inner = 0;
    if (o.ah) {
        inner = long{port_mtu} - o.outer_len - static_cast<long>(ipsec::ah_header_length(o.icv_len, o.v6));
    } else {
        // RFC 4303 §2.4: payload + 2 trailer bytes are padded to pad_align.
        const long room = long{port_mtu} - o.outer_len - long{esp_header_len} - o.iv_len - o.icv_len - header_len;
        if (room <= 0) return 0;
        inner = (room & ~long{o.pad_align - 1}) - long{esp_trailer_len} + header_len;
    }
    return inner <= 0 ? 0 : static_cast<std::uint16_t>(std::min(inner, long{UINT16_MAX}));
}

verdict judge(const std::uint8_t* ip, std::size_t len, std::uint16_t mtu) noexcept {
    if ((ip[0] >> 4) == 6) return len >= 40 && 40u + be16(ip + 4) > mtu ? verdict::too_big : verdict::fits;
    if (len < 20 || be16(ip + 2) <= mtu) return verdict::fits;
    return (ip[6] & 0x40) != 0 ? verdict::too_big : verdict::fragment;  // DF
}

bool may_report(const std::uint8_t* ip, std::size_t len) noexcept {
    if ((ip[0] >> 4) == 6) {
        if (len < 40) return false;
        const bool unspecified = std::all_of(ip + 8, ip + 24, [](std::uint8_t b) { return b == 0; });
        if (ip[8] == 0xff || unspecified) return false;  // the source is no single host
        // RFC 4443 §2.4(e.1): not about an ICMPv6 error (types below 128).
        return !(ip[6] == proto_icmpv6 && len >= 41 && ip[40] < 128);
    }
    if (len < 20) return false;
    const std::size_t header_len = std::size_t{ip[0] & 0x0fu} * 4;
    const std::uint8_t src0 = ip[12];
    // RFC 1812 §4.3.2.7: not from 0/8, 127/8, multicast, class E or broadcast; not to multicast or broadcast.
    if (src0 == 0 || src0 == 127 || src0 >= 224 || ip[16] >= 224) return false;
    if ((be16(ip + 6) & 0x1fff) != 0) return false;  // non-first fragment
    if (ip[9] == proto_icmp && len > header_len) {
        // Errors: destination unreachable, source quench, redirect, time exceeded, parameter problem.
        const std::uint8_t type = ip[header_len];
        if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12) return false;
    }
    return true;
}

bool build_too_big(rte_mbuf* out, const std::uint8_t* ip, std::size_t len, std::uint16_t mtu,
                   const lookup::wide_address& source) noexcept {
    const bool v6 = (ip[0] >> 4) == 6;
    const std::size_t header = v6 ? 48 : 28;
    const std::size_t quote = std::min(len, (v6 ? icmp6_max : icmp4_max) - header);
    auto* frame = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(out, static_cast<std::uint16_t>(ether_len + header + quote)));
    if (frame == nullptr) return false;
    std::memset(frame, 0, ether_len);
    put16(frame + 12, v6 ? 0x86dd : 0x0800);  // EtherType; route() fills in the addresses
    if (v6) {
        write_icmp6(frame + ether_len, ip, quote, mtu, source);
    } else {
        write_icmp4(frame + ether_len, ip, quote, mtu, source);
    }
    return true;
}

std::size_t fragment_ipv4(const rte_mbuf* m, std::uint16_t mtu, rte_mempool* pool, std::span<rte_mbuf*> out) noexcept {
    const auto* frame = rte_pktmbuf_mtod(m, const std::uint8_t*);
    const std::uint8_t* ip = frame + ether_len;
    const std::size_t header_len = std::size_t{ip[0] & 0x0fu} * 4;
    const std::size_t total = be16(ip + 2);
    const std::uint16_t flags = be16(ip + 6);
    const std::size_t first_offset = std::size_t{flags & 0x1fffu} * 8;
    const bool more_after = (flags & 0x2000) != 0;  // the packet is itself a fragment, not the last
    std::array<std::uint8_t, 40> later_options{};
    const std::size_t later_header = 20 + copied_options(ip + 20, header_len - 20, later_options.data());
    std::size_t n = 0;
    for (std::size_t at = header_len; at < total; ++n) {
        const std::size_t this_header = n == 0 ? header_len : later_header;
        if (n == out.size() || mtu < this_header + 8) break;
        std::size_t chunk = std::min(total - at, (std::size_t{mtu} - this_header) & ~std::size_t{7});
        const bool last = at + chunk == total;
        rte_mbuf* f = rte_pktmbuf_alloc(pool);
        auto* p = f == nullptr ? nullptr
                               : reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(
                                     f, static_cast<std::uint16_t>(ether_len + this_header + chunk)));
        if (p == nullptr) {
            rte_pktmbuf_free(f);
            break;
        }
        out[n] = f;
        std::memcpy(p, frame, ether_len + 20);
        std::uint8_t* fip = p + ether_len;
        if (n == 0) {
            std::memcpy(fip + 20, ip + 20, header_len - 20);
        } else {
            std::memcpy(fip + 20, later_options.data(), later_header - 20);
        }
        std::memcpy(fip + this_header, ip + at, chunk);
        fip[0] = static_cast<std::uint8_t>(0x40 | this_header / 4);
        put16(fip + 2, static_cast<std::uint16_t>(this_header + chunk));
        const std::size_t offset = first_offset + (at - header_len);
        put16(fip + 6, static_cast<std::uint16_t>((!last || more_after ? 0x2000 : 0) | offset / 8));
        ipv4_checksum(fip, this_header);
        at += chunk;
        if (last) return n + 1;
    }
    for (std::size_t i = 0; i < n; ++i) rte_pktmbuf_free(out[i]);
    return 0;
}

bool rate_limiter::allow(std::uint64_t now) noexcept {
    if (!_started) {
        _started = true;
        _last = now;
    } else if (_cycles_per_token != 0 && now > _last) {
        const std::uint64_t earned = (now - _last) / _cycles_per_token;
        if (earned != 0) {
            _tokens = static_cast<std::uint32_t>(std::min<std::uint64_t>(_burst, _tokens + earned));
            _last += earned * _cycles_per_token;
        }
    }
    if (_tokens == 0) return false;
    --_tokens;
    return true;
}

}  // namespace ravelin::dp::io::pmtu
