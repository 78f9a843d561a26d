#pragma once
// Packet and SA builders shared by the ESP tests and the cross-validation driver.

#include <rte_mbuf.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/secret.hpp"
#include "dataplane/ipsec/packet.hpp"
#include "dataplane/ipsec/sa.hpp"

namespace ravelin::dp::test {

using bytes = std::vector<std::uint8_t>;

inline bytes from_hex(std::string_view text) {
    bytes out;
    const auto nibble = [](char c) {
        return static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    };
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
    }
    return out;
}

// IPv4 or IPv6 datagram carrying UDP 1234 -> 5678 with `payload` bytes of a pattern.
inline bytes make_udp_packet(bool v6, std::size_t payload, std::uint8_t tos = 0, std::uint8_t seed = 0) {
    const std::size_t ip_len = v6 ? 40 : 20;
    bytes p(ip_len + 8 + payload);
    const auto total = static_cast<std::uint16_t>(p.size());
    if (v6) {
        p[0] = static_cast<std::uint8_t>(0x60 | tos >> 4);
        p[1] = static_cast<std::uint8_t>(tos << 4);
        ipsec::pkt::store16(&p[4], static_cast<std::uint16_t>(total - 40));
        p[6] = 17;
        p[7] = 64;
        p[8] = 0x20; p[9] = 0x01; p[10] = 0x0d; p[11] = 0xb8; p[23] = 1;
        p[24] = 0x20; p[25] = 0x01; p[26] = 0x0d; p[27] = 0xb8; p[39] = 2;
    } else {
        p[0] = 0x45;
        p[1] = tos;
        ipsec::pkt::store16(&p[2], total);
        p[8] = 64;
        p[9] = 17;
        p[12] = 10; p[13] = 1; p[15] = 1;
        p[16] = 10; p[17] = 2; p[19] = 2;
        ipsec::pkt::ipv4_set_checksum(p.data());
    }
    ipsec::pkt::store16(&p[ip_len], 1234);
    ipsec::pkt::store16(&p[ip_len + 2], 5678);
    ipsec::pkt::store16(&p[ip_len + 4], static_cast<std::uint16_t>(8 + payload));
    for (std::size_t i = 0; i < payload; ++i) p[ip_len + 8 + i] = static_cast<std::uint8_t>(seed + i * 7);
    return p;
}

inline rte_mbuf* to_mbuf(rte_mempool* pool, std::span<const std::uint8_t> b) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    if (m == nullptr) return nullptr;
    char* d = rte_pktmbuf_append(m, static_cast<std::uint16_t>(b.size()));
    if (d == nullptr) {
        rte_pktmbuf_free(m);
        return nullptr;
    }
    if (!b.empty()) std::memcpy(d, b.data(), b.size());
    return m;
}

inline bytes from_mbuf(const rte_mbuf* m) {
    const auto* d = rte_pktmbuf_mtod(m, const std::uint8_t*);
    return bytes(d, d + rte_pktmbuf_data_len(m));
}

inline common::secret_bytes secret(std::size_t n, std::uint8_t seed) {
    common::secret_bytes s(n);
    for (std::size_t i = 0; i < n; ++i) s.expose_mutable()[i] = static_cast<std::uint8_t>(seed + 3 * i);
    return s;
}

inline common::ip_address addr(std::string_view text) { return common::ip_address::parse(text).value(); }

}  // namespace ravelin::dp::test
