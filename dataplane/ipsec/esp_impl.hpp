#pragma once
// Pieces shared by the ESP inbound and outbound burst functions. Internal to
// ravelin_dp_ipsec; includes DPDK.

#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include <algorithm>
#include <cstring>

#include "dataplane/ipsec/engine.hpp"
#include "dataplane/ipsec/esp.hpp"
#include "dataplane/ipsec/packet.hpp"

namespace ravelin::dp::ipsec::detail {

inline constexpr std::size_t esp_header_len = 8;  // SPI | sequence number (RFC 4303 §2)

inline std::uint8_t* data(rte_mbuf* m) noexcept { return rte_pktmbuf_mtod(m, std::uint8_t*); }
inline bool esn(const sa_runtime& rt) noexcept { return (rt.flags & flag_esn) != 0; }

// Prefetch ahead in the prepare loop: the mbuf header two packets ahead and the
// packet data one ahead (its mbuf header was prefetched the round before).
inline void prefetch_ahead(std::span<rte_mbuf*> pkts, std::size_t i) noexcept {
    if (i + 2 < pkts.size()) rte_prefetch0(pkts[i + 2]);
    if (i + 1 < pkts.size()) rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void*));
}

// DSCP and ECN of an IPv4 or IPv6 packet.
inline std::uint8_t inner_tos(const std::uint8_t* ip) noexcept {
    return (ip[0] >> 4) == 4 ? ip[1] : static_cast<std::uint8_t>(pkt::load16(ip) >> 4);
}

// Tunnel mode outer header from the SA template. RFC 4301 §5.1.2.1 and RFC 6040
// normal mode: DSCP and ECN are copied outwards.
template <bool OuterV6>
void write_outer(sa_runtime& rt, std::uint8_t* start, std::uint8_t tos, std::uint16_t total) noexcept {
    // Constant sizes: a memcpy of rt.outer_len bytes was a libc call per packet.
    constexpr std::size_t ip_len = OuterV6 ? 40 : 20;
    std::memcpy(start, rt.outer.data(), ip_len);
    if (rt.outer_len > ip_len) std::memcpy(start + ip_len, rt.outer.data() + ip_len, 8);  // UDP (RFC 3948)
    if constexpr (OuterV6) {
        start[0] = static_cast<std::uint8_t>(0x60 | tos >> 4);
        start[1] = static_cast<std::uint8_t>(tos << 4);
        pkt::store16(start + 4, static_cast<std::uint16_t>(total - 40));
    } else {
        const std::uint16_t id = rt.ipv4_id++;
        start[1] = tos;
        pkt::store16(start + 2, total);
        pkt::store16(start + 4, id);
        // From the template's precomputed sum: reading back the bytes just
        // written would stall on store forwarding.
        std::uint32_t sum = rt.outer_sum + tos + total + id;
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        pkt::store16(start + 10, static_cast<std::uint16_t>(~sum));
    }
}

// Tunnel mode: the payload must be the IP packet the next header names; TFC
// padding (RFC 4303 §2.7) is whatever follows the inner packet's own length.
inline drop_reason inner_length(const std::uint8_t* inner, std::size_t payload, std::uint8_t nh, std::size_t& len) noexcept {
    if (nh == pkt::proto_ipv4 && payload >= 20 && (inner[0] >> 4) == 4) {
        len = pkt::load16(inner + 2);
        return len >= 20 && len <= payload ? drop_reason::none : drop_reason::bad_header;
    }
    if (nh == pkt::proto_ipv6 && payload >= 40 && (inner[0] >> 4) == 6) {
        len = 40 + std::size_t{pkt::load16(inner + 4)};
        return len <= payload ? drop_reason::none : drop_reason::bad_header;
    }
    return drop_reason::bad_next_header;
}

// RFC 6040 §4.2 (normal mode): congestion marked on the outer header reaches
// the inner one; a CE mark over a Not-ECT inner packet cannot and drops it.
inline drop_reason ecn_decapsulate(const std::uint8_t* outer, std::uint8_t* inner) noexcept {
    constexpr unsigned ect1 = 1, ect0 = 2, ce = 3;
    const unsigned out_ecn = ((outer[0] >> 4) == 4 ? outer[1] : pkt::load16(outer) >> 4) & 3u;
    const bool v4 = (inner[0] >> 4) == 4;
    const unsigned in_ecn = (v4 ? inner[1] : pkt::load16(inner) >> 4) & 3u;
    unsigned result = in_ecn;
    if (out_ecn == ce) {
        if (in_ecn == 0) return drop_reason::ecn_not_ect;
        result = ce;
    } else if (out_ecn == ect1 && in_ecn == ect0) {
        result = ect1;
    }
    if (result == in_ecn) return drop_reason::none;
    if (v4) {
        inner[1] = static_cast<std::uint8_t>((inner[1] & ~3u) | result);
        pkt::ipv4_set_checksum(inner);
    } else {
        inner[1] = static_cast<std::uint8_t>((inner[1] & ~0x30u) | result << 4);
    }
    return drop_reason::none;
}

// Moves the dropped packets behind the good ones, keeping both orders.
inline std::uint16_t compact(std::span<rte_mbuf*> pkts, std::span<drop_reason> reasons) noexcept {
    rte_mbuf* bad[max_burst];
    drop_reason why[max_burst];
    std::size_t good = 0;
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] == drop_reason::none) {
            pkts[good] = pkts[i];
            reasons[good++] = drop_reason::none;
        } else {
            bad[dropped] = pkts[i];
            why[dropped++] = reasons[i];
        }
    }
    std::copy_n(bad, dropped, pkts.begin() + static_cast<std::ptrdiff_t>(good));
    std::copy_n(why, dropped, reasons.begin() + static_cast<std::ptrdiff_t>(good));
    return static_cast<std::uint16_t>(good);
}

// Would one more packet exceed the hard lifetime? `pending` counts packets and
// bytes already admitted in this burst.
inline bool hard_limit_reached(const sa_runtime& rt, std::uint64_t pending_packets, std::uint64_t pending_bytes) noexcept {
    return (rt.flags & flag_hard_fired) != 0 ||
           (rt.hard.packets != 0 && rt.packets + pending_packets >= rt.hard.packets) ||
           (rt.hard.bytes != 0 && rt.bytes + pending_bytes >= rt.hard.bytes);
}

// Adds a burst's good packets to the SA counters and raises lifetime events once.
inline void account(esp_engine& engine, sa_runtime& rt, sa_index index, std::uint64_t packets, std::uint64_t bytes) noexcept {
    rt.packets += packets;
    rt.bytes += bytes;
    const auto reached = [&rt](const lifetime& l) {
        return (l.packets != 0 && rt.packets >= l.packets) || (l.bytes != 0 && rt.bytes >= l.bytes);
    };
    if ((rt.flags & flag_soft_fired) == 0 && reached(rt.soft)) {
        rt.flags |= flag_soft_fired;
        engine.raise(index, sa_event_kind::soft_lifetime);
    }
    if ((rt.flags & flag_hard_fired) == 0 && reached(rt.hard)) {
        rt.flags |= flag_hard_fired;
        engine.raise(index, sa_event_kind::hard_lifetime);
    }
}

inline void job_common(IMB_JOB* job, const sa_runtime& rt, bool encrypt) noexcept {
    job->cipher_mode = static_cast<IMB_CIPHER_MODE>(rt.imb_cipher);
    job->hash_alg = static_cast<IMB_HASH_ALG>(rt.imb_hash);
    job->cipher_direction = encrypt ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
    job->chain_order = encrypt ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
    job->enc_keys = rt.enc_keys;
    job->dec_keys = rt.dec_keys;
    job->key_len_in_bytes = rt.key_len;
}

inline void job_aad(IMB_JOB* job, const sa_runtime& rt, const std::uint8_t* aad, std::uint64_t len) noexcept {
    if (rt.imb_cipher == IMB_CIPHER_CHACHA20_POLY1305) {
        job->u.CHACHA20_POLY1305.aad = aad;
        job->u.CHACHA20_POLY1305.aad_len_in_bytes = len;
    } else {
        job->u.GCM.aad = aad;
        job->u.GCM.aad_len_in_bytes = len;
    }
}

// RFC 4106 §4 / RFC 7634 §2: nonce = salt | IV; AAD (RFC 4106 §5) = SPI | [seq_hi |] seq_lo.
inline const std::uint8_t* aead_nonce_and_aad(packet_scratch& s, const sa_runtime& rt, const std::uint8_t* esp,
                                              std::uint64_t& aad_len) noexcept {
    std::memcpy(s.nonce, rt.salt.data(), 4);
    std::memcpy(s.nonce + 4, esp + esp_header_len, 8);
    if (!esn(rt)) {
        aad_len = 8;
        return esp;
    }
    std::memcpy(s.aad, esp, 4);
    pkt::store32(s.aad + 4, static_cast<std::uint32_t>(s.seq >> 32));
    std::memcpy(s.aad + 8, esp + 4, 4);
    aad_len = 12;
    return s.aad;
}

// RFC 4543 §3.3 with ESN: AAD = SPI | seq_hi | seq_lo | IV | ... . The 4 bytes
// in front of the ESP header and the SPI are borrowed to lay it out
// contiguously, and restored by gmac_restore() once the job completed.
inline const std::uint8_t* gmac_borrow(packet_scratch& s, const sa_runtime& rt, std::uint8_t* esp) noexcept {
    if (!esn(rt)) return esp;
    std::memcpy(s.saved + 24, esp - 4, 8);
    std::memmove(esp - 4, esp, 4);
    pkt::store32(esp, static_cast<std::uint32_t>(s.seq >> 32));
    return esp - 4;
}
inline void gmac_restore(const packet_scratch& s, const sa_runtime& rt, std::uint8_t* esp) noexcept {
    if (esn(rt)) std::memcpy(esp - 4, s.saved + 24, 8);
}

// RFC 4543 GMAC job, the same in both directions: nothing is encrypted, the whole
// SPI..payload span is AAD and the tag sits at `icv`.
inline void fill_gmac_job(IMB_JOB* job, packet_scratch& s, const sa_runtime& rt, std::uint8_t* esp,
                          std::uint8_t* icv) noexcept {
    std::uint64_t unused = 0;
    (void)aead_nonce_and_aad(s, rt, esp, unused);
    const std::uint8_t* aad = gmac_borrow(s, rt, esp);
    job->src = job->dst = icv;
    job->cipher_start_src_offset_in_bytes = job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_cipher_in_bytes = job->msg_len_to_hash_in_bytes = 0;
    job->iv = s.nonce;
    job->iv_len_in_bytes = 12;
    job_aad(job, rt, aad, static_cast<std::uint64_t>(icv - aad));
}

// A replay verdict as the drop it causes (RFC 4303 §3.4.3, RFC 4302 §3.4.3).
inline drop_reason replay_drop(replay_verdict verdict) noexcept {
    switch (verdict) {
        case replay_verdict::replayed: return drop_reason::replayed;
        case replay_verdict::too_old: return drop_reason::too_old;
        case replay_verdict::fresh: break;
    }
    return drop_reason::none;
}

// ICV comparison without early exit (the ICV lengths of ESP are multiples of
// 4): inlined where common::constant_time_equal would be a call per packet.
inline bool icv_equal(const std::uint8_t* a, const std::uint8_t* b, std::size_t len) noexcept {
    std::uint32_t diff = 0;
    for (std::size_t i = 0; i < len; i += 4) {
        std::uint32_t x, y;
        std::memcpy(&x, a + i, 4);
        std::memcpy(&y, b + i, 4);
        diff |= x ^ y;
    }
    return diff == 0;
}

// Collects finished jobs; a job IPsec-MB refused marks its packet.
inline void reap(IMB_JOB* job, IMB_MGR* mgr, std::span<drop_reason> reasons) noexcept {
    while (job != nullptr) {
        if (job->status != IMB_STATUS_COMPLETED) {
            reasons[reinterpret_cast<std::uintptr_t>(job->user_data)] = drop_reason::crypto_error;
        }
        job = IMB_GET_COMPLETED_JOB(mgr);
    }
}
inline void flush(IMB_MGR* mgr, std::span<drop_reason> reasons) noexcept {
    while (IMB_JOB* job = IMB_FLUSH_JOB(mgr)) reap(job, mgr, reasons);
}

}  // namespace ravelin::dp::ipsec::detail
