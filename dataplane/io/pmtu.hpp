#pragma once
// Path MTU on the protect path (RFC 4301 §8.1-8.2): a plaintext packet that
// would not fit the egress port once ESP-encapsulated is never sent as an
// oversized frame.
//
//   fits                       -> encrypted as it is
//   IPv4, DF clear             -> split into fragments before encryption
//                                 ("pre-fragmentation", RFC 4301 §8.1; each
//                                 fragment is its own ESP packet)
//   IPv4 with DF set, or IPv6  -> dropped; the inner source gets ICMP type 3
//                                 code 4 with the tunnel's MTU (RFC 792,
//                                 RFC 1191 §4) or ICMPv6 Packet Too Big
//                                 (RFC 4443 §3.2), rate-limited
//
// Pre-fragmentation rather than fragmenting the outer packet: each fragment
// is a whole ESP packet, so the peer gateway needs no reassembly before
// decrypting (ravelin-dp does none, and NATs and firewalls often drop
// fragments of UDP 4500); the end host reassembles, as it would behind any
// router. Linux's xfrm and strongSwan's kernel path fragment the outer packet
// instead; both are allowed by RFC 4301 §8.1.
//
// The effective MTU is what the SA leaves of the port's: the outer header
// (IPv4 or IPv6, + UDP for NAT traversal), the ESP header, the IV, padding
// to the SA's alignment with the 2 trailer bytes, and the ICV (RFC 4303
// §2); in transport mode the packet's own IP header stays outside the padded
// part. AH adds its 12 bytes and the ICV, padded to 32 bits over IPv4 and
// 64 over IPv6 (RFC 4302 §2.2, §3.3.3.2.1), and nothing after the payload.
// No DPDK threads or allocation beyond mbufs from the given pool; nothing
// throws.

#include <rte_mbuf.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::io::pmtu {

// What an SA adds around the inner packet.
struct sa_overhead {
    std::uint16_t outer_len = 0;  // outer IP (+ UDP) header bytes; transport mode: UDP only
    std::uint8_t iv_len = 0;
    std::uint8_t icv_len = 0;
    std::uint8_t pad_align = 4;   // power of two (RFC 4303 §2.4)
    bool ah = false;
    bool v6 = false;              // AH: the family of the header it follows (outer, or the packet's own)
};

// The largest inner packet (IP header included) whose ESP or AH packet is at
// most `port_mtu` bytes; 0 if none is. `header_len`: transport mode only, the
// packet's own IP header.
[[nodiscard]] std::uint16_t tunnel_mtu(std::uint16_t port_mtu, const sa_overhead& o, std::uint16_t header_len = 0) noexcept;

enum class verdict : std::uint8_t { fits, fragment, too_big };

// `ip`: a well-formed IPv4 or IPv6 packet within `len` bytes (classify() saw it).
[[nodiscard]] verdict judge(const std::uint8_t* ip, std::size_t len, std::uint16_t mtu) noexcept;

// Whether an ICMP error may be sent about this packet: never about an ICMP
// error, a non-first fragment, or a packet from an address that is not a
// host's (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7, RFC 4443 §2.4(e)).
[[nodiscard]] bool may_report(const std::uint8_t* ip, std::size_t len) noexcept;

// Bytes an ICMP error holds at most: RFC 1812 §4.3.2.3 (IPv4, 576) and
// RFC 4443 §2.4(c) (IPv6, the minimum MTU 1280).
inline constexpr std::size_t icmp4_max = 576;
inline constexpr std::size_t icmp6_max = 1280;

// Appends to the empty mbuf `out` an Ethernet header (its type set, the
// addresses left for the router to fill), then the ICMP error about packet `ip` (`len` bytes),
// from `source` (the gateway's address of the packet's family) to the
// packet's source: IPv4 type 3 code 4 with `mtu` as next-hop MTU, or ICMPv6
// type 2 code 0 with `mtu` as MTU, quoting as much of the packet as fits.
// False if `out` has no room.
[[nodiscard]] bool build_too_big(rte_mbuf* out, const std::uint8_t* ip, std::size_t len, std::uint16_t mtu,
                                 const lookup::wide_address& source) noexcept;

// Splits the IPv4 packet behind the 14-byte Ethernet header of `m` into
// fragments of at most `mtu` bytes (RFC 791 §3.2: offsets in 8-byte units,
// options without the copy flag only in the first fragment), each a new mbuf
// from `pool` with the same Ethernet header, written to `out`. Returns how
// many; 0 (nothing allocated) if `out` is too short, the pool is empty or
// `mtu` leaves no 8 data bytes. `m` is left as it was.
[[nodiscard]] std::size_t fragment_ipv4(const rte_mbuf* m, std::uint16_t mtu, rte_mempool* pool,
                                        std::span<rte_mbuf*> out) noexcept;

// Token bucket for the ICMP errors (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)):
// `burst` at once, then one per `cycles_per_token` (TSC cycles).
class rate_limiter {
public:
    rate_limiter(std::uint64_t cycles_per_token, std::uint32_t burst) noexcept
        : _cycles_per_token(cycles_per_token), _burst(burst), _tokens(burst) {}
    [[nodiscard]] bool allow(std::uint64_t now) noexcept;

private:
    std::uint64_t _cycles_per_token;
    std::uint32_t _burst;
    std::uint32_t _tokens;
    std::uint64_t _last = 0;
    bool _started = false;
};

}  // namespace ravelin::dp::io::pmtu
