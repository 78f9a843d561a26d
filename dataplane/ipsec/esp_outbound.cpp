// ESP outbound (RFC 4303 §3.1, §3.3): encapsulate, pad, number and encrypt a
// burst of plaintext packets on one SA.
#include "dataplane/ipsec/esp_impl.hpp"
#include "dataplane/ipsec/ipcomp.hpp"

namespace ravelin::dp::ipsec {
namespace {

using namespace detail;

constexpr std::uint8_t zero_iv[16] = {};

// Where the plaintext sits and what must be added around it; computed by
// prepare, before any byte of the packet changes.
struct out_plan {
    std::uint16_t add_front;  // outer header (tunnel) | UDP | ESP header | IV
    std::uint16_t add_back;   // TFC | padding | pad length | next header | ICV
    std::uint16_t prefix;     // transport: IP header bytes that stay in front
    std::uint16_t nh_off;     // transport: offset of the protocol / next header byte
    std::uint16_t body;       // bytes protected as payload (inner packet or transport payload)
    std::uint16_t tfc;
    std::uint16_t in_len;     // the packet as handed in, for the byte counters
    std::uint8_t pad;
    std::uint8_t next_header;
    std::uint8_t tos;         // inner DSCP/ECN, read before IPComp may compress the inner header
};

// Inner header checks and transport-mode split point.
template <ipsec_mode M>
drop_reason plan_payload(const std::uint8_t* ip, std::size_t len, out_plan& p) noexcept {
    if (len < 20) return drop_reason::bad_header;
    const unsigned version = ip[0] >> 4;
    if (version == 4) {
        const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
        if (ihl < 20 || ihl > len || pkt::load16(ip + 2) != len) return drop_reason::bad_header;
        if constexpr (M == ipsec_mode::transport) {
            // RFC 4303 §3.1.1: transport mode applies to whole datagrams only.
            if ((pkt::load16(ip + 6) & 0x3fff) != 0) return drop_reason::bad_header;
            p.prefix = static_cast<std::uint16_t>(ihl);
            p.nh_off = 9;
            p.next_header = ip[9];
        } else {
            p.next_header = pkt::proto_ipv4;
        }
        return drop_reason::none;
    }
    if (version != 6 || len < 40 || pkt::load16(ip + 4) + 40u != len) return drop_reason::bad_header;
    if constexpr (M == ipsec_mode::transport) {
        std::size_t prefix = 0;
        std::size_t nh_off = 0;
        if (!pkt::ipv6_split(ip, len, prefix, nh_off)) return drop_reason::bad_header;
        p.prefix = static_cast<std::uint16_t>(prefix);
        p.nh_off = static_cast<std::uint16_t>(nh_off);
        p.next_header = ip[nh_off];
    } else {
        p.next_header = pkt::proto_ipv6;
    }
    return drop_reason::none;
}

template <ipsec_mode M>
drop_reason prepare(esp_engine& engine, const sa_runtime& rt, rte_mbuf* m, out_plan& p) noexcept {
    if (m->nb_segs != 1) return drop_reason::unsupported;
    p = out_plan{};
    const std::size_t len = rte_pktmbuf_pkt_len(m);
    if (const drop_reason r = plan_payload<M>(data(m), len, p); r != drop_reason::none) return r;
    // Next header 59 marks a dummy packet (RFC 4303 §2.6): the peer would
    // discard it, so a transport packet whose protocol is "no next header"
    // cannot be carried.
    if (p.next_header == pkt::proto_none) return drop_reason::bad_header;
    // Likewise an IPComp SA's peer inflates whatever says IPComp (RFC 3173 §3):
    // a transport payload that already is one would be taken for ours.
    if ((rt.flags & flag_ipcomp) && p.next_header == proto_ipcomp) return drop_reason::bad_header;
    p.in_len = static_cast<std::uint16_t>(len);
    p.tos = inner_tos(data(m));
    p.body = static_cast<std::uint16_t>(len - p.prefix);
    if (rt.flags & flag_ipcomp) {  // RFC 3173 §2.2: compress before encrypting, when smaller
        const std::size_t n = ipcomp_compress(engine, rt, data(m) + p.prefix, p.body, p.next_header);
        if (n != 0) {
            rte_pktmbuf_trim(m, static_cast<std::uint16_t>(p.body - n));
            p.body = static_cast<std::uint16_t>(n);
            p.next_header = proto_ipcomp;
        }
    }
    // RFC 4303 §2.7: TFC padding follows the payload, before the padding.
    if (M == ipsec_mode::tunnel && rt.tfc_pad_to > p.body) p.tfc = static_cast<std::uint16_t>(rt.tfc_pad_to - p.body);
    // RFC 4303 §2.4: payload | padding | pad length | next header ends on the alignment.
    const std::size_t unpadded = std::size_t{p.body} + p.tfc + 2;
    const std::size_t out_len = std::size_t{p.prefix} + p.body;
    // pad_align is 4 or 16: a mask, not a division (two divisions cost more than the rest of prepare).
    p.pad = static_cast<std::uint8_t>((0 - unpadded) & (rt.pad_align - 1u));
    p.add_front = static_cast<std::uint16_t>(rt.outer_len + esp_header_len + rt.iv_len);
    p.add_back = static_cast<std::uint16_t>(p.tfc + p.pad + 2 + rt.icv_len);
    if (rte_pktmbuf_headroom(m) < p.add_front || rte_pktmbuf_tailroom(m) < p.add_back ||
        out_len + p.add_front + p.add_back > UINT16_MAX) {
        return drop_reason::no_room;
    }
    return drop_reason::none;
}

// Grows the packet and writes every header and trailer byte; returns the ESP header.
template <ipsec_mode M, bool OuterV6>
std::uint8_t* encapsulate(sa_runtime& rt, rte_mbuf* m, const out_plan& p, std::uint64_t seq) noexcept {
    const std::uint8_t* old_start = data(m);
    const std::uint8_t tos = p.tos;
    std::uint8_t* start = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_prepend(m, p.add_front));
    std::uint8_t* tail = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, p.add_back));
    const auto total = static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m));
    const std::uint8_t proto = (rt.flags & flag_udp_encap) ? pkt::proto_udp : pkt::proto_esp;
    std::size_t esp_off = rt.outer_len;
    if constexpr (M == ipsec_mode::tunnel) {
        write_outer<OuterV6>(rt, start, tos, total);
    } else {
        std::memmove(start, old_start, p.prefix);
        esp_off = p.prefix + rt.outer_len;
        start[p.nh_off] = proto;
        if ((start[0] >> 4) == 4) {
            pkt::store16(start + 2, total);
            pkt::ipv4_set_checksum(start);
        } else {
            pkt::store16(start + 4, static_cast<std::uint16_t>(total - 40));
        }
    }
    if (rt.flags & flag_udp_encap) {  // RFC 3948 §2.1, checksum 0 (IPv6: filled in once encrypted)
        std::uint8_t* udp = start + esp_off - 8;
        std::memcpy(udp, rt.outer.data() + rt.outer_len - 8, 4);
        pkt::store16(udp + 4, static_cast<std::uint16_t>(total - (esp_off - 8)));
        udp[6] = udp[7] = 0;
    }
    std::uint8_t* esp = start + esp_off;
    std::memcpy(esp, &rt.spi_be, 4);
    pkt::store32(esp + 4, static_cast<std::uint32_t>(seq));
    // AEAD and GMAC: the IV is the 64-bit sequence number, unique per key (RFC 4106 §3.1).
    // CBC: the IV field holds a nonce block that CBC-encrypting in front of the payload
    // turns into E_K(nonce), an unpredictable IV (NIST SP 800-38A appendix C).
    pkt::store64(esp + 8, seq);
    if (rt.iv_len == 16) std::memset(esp + 16, 0, 8);
    if (p.tfc != 0) std::memset(tail, 0, p.tfc);
    for (std::uint8_t i = 0; i < p.pad; ++i) tail[p.tfc + i] = static_cast<std::uint8_t>(i + 1);
    tail[p.tfc + p.pad] = p.pad;
    tail[p.tfc + p.pad + 1] = p.next_header;
    return esp;
}

template <transform_kind K>
void fill_job(IMB_JOB* job, const sa_runtime& rt, packet_scratch& s, std::uint8_t* esp) noexcept {
    job_common(job, rt, true);
    std::uint8_t* text = esp + esp_header_len + rt.iv_len;
    std::uint8_t* icv = text + s.text_len;
    if constexpr (K == transform_kind::aead) {
        std::uint64_t aad_len = 0;
        const std::uint8_t* aad = aead_nonce_and_aad(s, rt, esp, aad_len);
        job->src = job->dst = text;
        job->cipher_start_src_offset_in_bytes = job->hash_start_src_offset_in_bytes = 0;
        job->msg_len_to_cipher_in_bytes = job->msg_len_to_hash_in_bytes = s.text_len;
        job->iv = s.nonce;
        job->iv_len_in_bytes = 12;
        job_aad(job, rt, aad, aad_len);
        job->auth_tag_output = icv;
        job->auth_tag_output_len_in_bytes = 16;
    } else if constexpr (K == transform_kind::gmac) {
        fill_gmac_job(job, s, rt, esp, icv);
        job->auth_tag_output = icv;
        job->auth_tag_output_len_in_bytes = 16;
    } else {
        const bool with_esn = esn(rt);
        if (with_esn) pkt::store32(icv, static_cast<std::uint32_t>(s.seq >> 32));  // RFC 4303 §2.2.1
        job->src = esp;
        job->dst = esp + esp_header_len;
        job->cipher_start_src_offset_in_bytes = esp_header_len;
        job->msg_len_to_cipher_in_bytes = std::uint64_t{rt.iv_len} + s.text_len;
        job->iv = zero_iv;
        job->iv_len_in_bytes = 16;
        job->hash_start_src_offset_in_bytes = 0;
        job->msg_len_to_hash_in_bytes = static_cast<std::uint64_t>(icv - esp) + (with_esn ? 4 : 0);
        job->u.HMAC._hashed_auth_key_xor_ipad = rt.ipad;
        job->u.HMAC._hashed_auth_key_xor_opad = rt.opad;
        job->auth_tag_output = with_esn ? s.icv : icv;
        job->auth_tag_output_len_in_bytes = rt.icv_len;
    }
}

template <transform_kind K>
void finish(const sa_runtime& rt, packet_scratch& s, std::uint8_t* esp) noexcept {
    if constexpr (K == transform_kind::gmac) gmac_restore(s, rt, esp);
    if constexpr (K == transform_kind::cipher_hmac) {
        if (esn(rt)) std::memcpy(esp + esp_header_len + rt.iv_len + s.text_len, s.icv, rt.icv_len);
    }
}

// ESP-in-UDP over IPv6 needs a real UDP checksum (pkt::udp6_set_checksum),
// over the ciphertext, so it is the last byte written.
inline void udp6_checksum(rte_mbuf* m, std::uint8_t* esp) noexcept {
    const std::uint8_t* ip = data(m);
    if ((ip[0] >> 4) != 6) return;
    std::uint8_t* udp = esp - 8;
    pkt::udp6_set_checksum(ip, udp, rte_pktmbuf_pkt_len(m) - static_cast<std::size_t>(udp - ip));
}

// Prepare pass: validates and plans every packet, admits up to the hard lifetime.
template <ipsec_mode M>
std::uint32_t prepare_all(esp_engine& engine, const sa_runtime& rt, std::span<rte_mbuf*> pkts,
                          std::span<drop_reason> reasons, out_plan* plans, std::uint64_t& bytes) noexcept {
    std::uint32_t admitted = 0;
    bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        prefetch_ahead(pkts, i);
        reasons[i] = prepare<M>(engine, rt, pkts[i], plans[i]);
        if (reasons[i] != drop_reason::none) continue;
        if (hard_limit_reached(rt, admitted, bytes)) {
            reasons[i] = drop_reason::lifetime_expired;
            continue;
        }
        ++admitted;
        bytes += plans[i].in_len;
    }
    return admitted;
}

}  // namespace

// Per-packet loop of the outbound fast path: kept in one function so that the
// three phases (prepare, crypto submission, completion) read top to bottom.
template <ipsec_mode M, bool OuterV6, transform_kind K>
std::uint16_t esp_outbound(esp_engine& engine, sa_runtime& rt, sa_index index, std::span<rte_mbuf*> pkts,
                           std::span<drop_reason> reasons) {
    out_plan plans[max_burst];
    std::uint8_t* esps[max_burst];
    std::uint64_t bytes = 0;
    const std::uint32_t admitted = prepare_all<M>(engine, rt, pkts, reasons, plans, bytes);

    // Sequence numbers are reserved once for the whole burst (RFC 4303 §3.3.3).
    const seq_reservation r = reserve_seq(rt.seq, admitted, esn(rt));
    if (r.granted < admitted && (rt.flags & flag_overflow_fired) == 0) {
        rt.flags |= flag_overflow_fired;
        engine.raise(index, sa_event_kind::seq_overflow);
    }
    IMB_MGR* mgr = engine.mgr();
    packet_scratch* scratch = engine.scratch();
    std::uint64_t next = r.first;
    std::uint32_t used = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        if (used == r.granted) {
            reasons[i] = drop_reason::seq_overflow;
            continue;
        }
        ++used;
        packet_scratch& s = scratch[i];
        s.seq = next++;
        s.text_len = static_cast<std::uint16_t>(plans[i].body + plans[i].tfc + plans[i].pad + 2);
        esps[i] = encapsulate<M, OuterV6>(rt, pkts[i], plans[i], s.seq);
        IMB_JOB* job = IMB_GET_NEXT_JOB(mgr);
        fill_job<K>(job, rt, s, esps[i]);
        job->user_data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(i));
        reap(IMB_SUBMIT_JOB(mgr), mgr, reasons);
    }
    flush(mgr, reasons);
    std::uint64_t good = 0;
    bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        finish<K>(rt, scratch[i], esps[i]);
        if (rt.flags & flag_udp_encap) udp6_checksum(pkts[i], esps[i]);
        ++good;
        bytes += plans[i].in_len;
    }
    account(engine, rt, index, good, bytes);
    return compact(pkts, reasons);
}

#define RAVELIN_ESP_OUT(M, V6, K)                                                                    \
    template std::uint16_t esp_outbound<ipsec_mode::M, V6, transform_kind::K>(                        \
        esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);
#define RAVELIN_ESP_OUT_KINDS(M, V6) \
    RAVELIN_ESP_OUT(M, V6, aead)     \
    RAVELIN_ESP_OUT(M, V6, cipher_hmac) \
    RAVELIN_ESP_OUT(M, V6, gmac)
RAVELIN_ESP_OUT_KINDS(tunnel, false)
RAVELIN_ESP_OUT_KINDS(tunnel, true)
RAVELIN_ESP_OUT_KINDS(transport, false)

}  // namespace ravelin::dp::ipsec
