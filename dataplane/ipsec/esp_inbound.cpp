// ESP inbound (RFC 4303 §3.4): check, authenticate, decrypt and decapsulate a
// burst of packets received on one SA. The replay check runs before any
// crypto; the window moves only for packets whose ICV verified and whose
// trailer is well formed, so a forged or broken packet changes nothing but its
// drop counter.
#include "dataplane/ipsec/esp_impl.hpp"
#include "dataplane/ipsec/ipcomp.hpp"

namespace ravelin::dp::ipsec {
namespace {

using namespace detail;

// Outer IP header: trims link padding and finds the ESP header.
drop_reason locate_esp(const sa_runtime& rt, rte_mbuf* m, packet_scratch& s) noexcept {
    const std::uint8_t* ip = data(m);
    const std::size_t len = rte_pktmbuf_pkt_len(m);
    const std::uint8_t want = (rt.flags & flag_udp_encap) ? pkt::proto_udp : pkt::proto_esp;
    if (len < 20) return drop_reason::truncated;
    std::size_t total = 0;
    std::size_t offset = 0;
    std::size_t nh_off = 0;
    if ((ip[0] >> 4) == 4) {
        offset = std::size_t{ip[0] & 0x0fu} * 4;
        total = pkt::load16(ip + 2);
        if (offset < 20 || total < offset || total > len) return drop_reason::truncated;
        // Fragments are reassembled before IPsec (RFC 4303 §3.4.1).
        if ((pkt::load16(ip + 6) & 0x3fff) != 0 || ip[9] != want) return drop_reason::bad_header;
        nh_off = 9;
    } else if ((ip[0] >> 4) == 6) {
        if (len < 40) return drop_reason::truncated;
        total = 40 + std::size_t{pkt::load16(ip + 4)};
        if (total > len) return drop_reason::truncated;
        if (!pkt::ipv6_find(ip, total, want, offset, nh_off)) return drop_reason::bad_header;
    } else {
        return drop_reason::bad_header;
    }
    rte_pktmbuf_trim(m, static_cast<std::uint16_t>(len - total));
    s.prefix = static_cast<std::uint16_t>(offset);
    s.nh_off = static_cast<std::uint16_t>(nh_off);
    if (want == pkt::proto_udp) offset += 8;  // RFC 3948 §2.1
    if (offset + esp_header_len > total) return drop_reason::truncated;
    s.esp_off = static_cast<std::uint16_t>(offset);
    // RFC 3948 §2.2: a zero SPI is the non-ESP marker of IKE, never ESP.
    if (want == pkt::proto_udp && pkt::load32(ip + offset) == 0) return drop_reason::bad_header;
    return drop_reason::none;
}

drop_reason prepare(const sa_runtime& rt, rte_mbuf* m, packet_scratch& s) noexcept {
    if (m->nb_segs != 1) return drop_reason::unsupported;
    if (const drop_reason r = locate_esp(rt, m, s); r != drop_reason::none) return r;
    const std::uint8_t* esp = data(m) + s.esp_off;
    if (std::memcmp(esp, &rt.spi_be, 4) != 0) return drop_reason::bad_spi;
    const std::size_t esp_len = rte_pktmbuf_pkt_len(m) - s.esp_off;
    const std::size_t overhead = esp_header_len + rt.iv_len + rt.icv_len;
    if (esp_len < overhead + 2) return drop_reason::truncated;
    s.text_len = static_cast<std::uint16_t>(esp_len - overhead);
    if (s.text_len % rt.pad_align != 0 && rt.pad_align == 16) return drop_reason::bad_length;
    const replay_result r = replay_check(rt.replay, pkt::load32(esp + 4), esn(rt));
    s.seq = r.seq;
    return replay_drop(r.verdict);
}

template <transform_kind K>
void fill_job(IMB_JOB* job, const sa_runtime& rt, packet_scratch& s, std::uint8_t* esp) noexcept {
    job_common(job, rt, false);
    std::uint8_t* text = esp + esp_header_len + rt.iv_len;
    std::uint8_t* icv = text + s.text_len;
    job->auth_tag_output = s.icv;
    job->auth_tag_output_len_in_bytes = rt.icv_len;
    if constexpr (K == transform_kind::aead) {
        std::uint64_t aad_len = 0;
        const std::uint8_t* aad = aead_nonce_and_aad(s, rt, esp, aad_len);
        job->src = job->dst = text;
        job->cipher_start_src_offset_in_bytes = job->hash_start_src_offset_in_bytes = 0;
        job->msg_len_to_cipher_in_bytes = job->msg_len_to_hash_in_bytes = s.text_len;
        job->iv = s.nonce;
        job->iv_len_in_bytes = 12;
        job_aad(job, rt, aad, aad_len);
    } else if constexpr (K == transform_kind::gmac) {
        fill_gmac_job(job, s, rt, esp, icv);
    } else {
        const bool with_esn = esn(rt);
        if (with_esn) {  // RFC 4303 §2.2.1: seq_hi is hashed where the ICV travels
            std::memcpy(s.saved, icv, rt.icv_len);
            pkt::store32(icv, static_cast<std::uint32_t>(s.seq >> 32));
        }
        job->src = esp;
        job->dst = text;
        job->cipher_start_src_offset_in_bytes = esp_header_len + rt.iv_len;
        job->msg_len_to_cipher_in_bytes = s.text_len;
        job->iv = esp + esp_header_len;
        job->iv_len_in_bytes = 16;
        job->hash_start_src_offset_in_bytes = 0;
        job->msg_len_to_hash_in_bytes = static_cast<std::uint64_t>(icv - esp) + (with_esn ? 4 : 0);
        job->u.HMAC._hashed_auth_key_xor_ipad = rt.ipad;
        job->u.HMAC._hashed_auth_key_xor_opad = rt.opad;
    }
}

// RFC 4303 §2.4-2.6: padding must read 1, 2, 3, ...; returns the payload length or -1.
int check_trailer(const std::uint8_t* text, std::size_t text_len) noexcept {
    const std::size_t pad = text[text_len - 2];
    if (pad + 2 > text_len) return -1;
    const std::uint8_t* padding = text + text_len - 2 - pad;
    for (std::size_t i = 0; i < pad; ++i) {
        if (padding[i] != i + 1) return -1;
    }
    return static_cast<int>(text_len - 2 - pad);
}

template <ipsec_mode M>
void decapsulate(const sa_runtime& rt, rte_mbuf* m, const packet_scratch& s, std::uint8_t nh, std::size_t inner_len) noexcept {
    const auto strip = static_cast<std::uint16_t>(s.esp_off + esp_header_len + rt.iv_len);
    if constexpr (M == ipsec_mode::tunnel) {
        rte_pktmbuf_adj(m, strip);
        rte_pktmbuf_trim(m, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m) - inner_len));
    } else {
        std::uint8_t* old_start = data(m);
        const auto shift = static_cast<std::uint16_t>(strip - s.prefix);
        std::memmove(old_start + shift, old_start, s.prefix);
        std::uint8_t* ip = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_adj(m, shift));
        rte_pktmbuf_trim(m, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m) - s.prefix - inner_len));
        ip[s.nh_off] = nh;
        const auto total = static_cast<std::uint16_t>(s.prefix + inner_len);
        if ((ip[0] >> 4) == 4) {
            pkt::store16(ip + 2, total);
            pkt::ipv4_set_checksum(ip);
        } else {
            pkt::store16(ip + 4, static_cast<std::uint16_t>(total - 40));
        }
    }
}

// After crypto: ICV verdict, trailer, replay window update, decapsulation.
// RFC 3173 §3: the payload is an IPComp datagram; inflate it in place.
drop_reason inflate(esp_engine& engine, const sa_runtime& rt, rte_mbuf* m, std::uint8_t* text, std::uint8_t& nh,
                    std::size_t& inner_len) noexcept {
    const std::uint8_t* end = static_cast<const std::uint8_t*>(m->buf_addr) + m->buf_len;
    if (const drop_reason r = ipcomp_decompress(engine, rt, text, inner_len, static_cast<std::size_t>(end - text), nh,
                                                inner_len);
        r != drop_reason::none) {
        return r;
    }
    const auto len = static_cast<std::uint16_t>(text + inner_len - data(m));
    m->data_len = len;
    m->pkt_len = len;
    return drop_reason::none;
}

template <ipsec_mode M, transform_kind K>
drop_reason complete(esp_engine& engine, sa_runtime& rt, rte_mbuf* m, packet_scratch& s, std::size_t& delivered) noexcept {
    std::uint8_t* esp = data(m) + s.esp_off;
    std::uint8_t* text = esp + esp_header_len + rt.iv_len;
    const std::uint8_t* received = text + s.text_len;
    if constexpr (K == transform_kind::gmac) gmac_restore(s, rt, esp);
    if constexpr (K == transform_kind::cipher_hmac) {
        if (esn(rt)) received = s.saved;
    }
    if (!icv_equal(s.icv, received, rt.icv_len)) return drop_reason::icv_mismatch;
    const int payload = check_trailer(text, s.text_len);
    if (payload < 0) return drop_reason::bad_padding;
    std::uint8_t nh = text[s.text_len - 1];
    std::size_t inner_len = static_cast<std::size_t>(payload);
    if (nh == proto_ipcomp && (rt.flags & flag_ipcomp)) {
        if (const drop_reason r = inflate(engine, rt, m, text, nh, inner_len); r != drop_reason::none) return r;
    }
    if (nh != pkt::proto_none && M == ipsec_mode::tunnel) {
        if (const drop_reason r = inner_length(text, inner_len, nh, inner_len); r != drop_reason::none) return r;
        if (const drop_reason r = ecn_decapsulate(data(m), text); r != drop_reason::none) return r;
    }
    const replay_verdict v = replay_accept(rt.replay, s.seq);
    if (v != replay_verdict::fresh) return replay_drop(v);
    if (nh == pkt::proto_none) return drop_reason::dummy_packet;  // RFC 4303 §2.6: discard silently
    decapsulate<M>(rt, m, s, nh, inner_len);
    delivered = M == ipsec_mode::tunnel ? inner_len : s.prefix + inner_len;  // the IP packet, as outbound counts it
    return drop_reason::none;
}

}  // namespace

// Per-packet loop of the inbound fast path (prepare, submit, complete), kept in
// one function for the same reason as the outbound one.
template <ipsec_mode M, transform_kind K>
std::uint16_t esp_inbound(esp_engine& engine, sa_runtime& rt, sa_index index, std::span<rte_mbuf*> pkts,
                          std::span<drop_reason> reasons) {
    IMB_MGR* mgr = engine.mgr();
    packet_scratch* scratch = engine.scratch();
    std::uint64_t admitted = 0;
    std::uint64_t admitted_bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        packet_scratch& s = scratch[i];
        prefetch_ahead(pkts, i);
        reasons[i] = prepare(rt, pkts[i], s);
        if (reasons[i] != drop_reason::none) continue;
        if (hard_limit_reached(rt, admitted, admitted_bytes)) {
            reasons[i] = drop_reason::lifetime_expired;
            continue;
        }
        ++admitted;
        admitted_bytes += s.text_len;
        IMB_JOB* job = IMB_GET_NEXT_JOB(mgr);
        fill_job<K>(job, rt, s, data(pkts[i]) + s.esp_off);
        job->user_data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(i));
        reap(IMB_SUBMIT_JOB(mgr), mgr, reasons);
    }
    flush(mgr, reasons);
    std::uint64_t good = 0;
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        std::size_t delivered = 0;
        reasons[i] = complete<M, K>(engine, rt, pkts[i], scratch[i], delivered);
        if (reasons[i] != drop_reason::none) continue;
        ++good;
        bytes += delivered;
    }
    account(engine, rt, index, good, bytes);
    return compact(pkts, reasons);
}

#define RAVELIN_ESP_IN(M, K)                                                                         \
    template std::uint16_t esp_inbound<ipsec_mode::M, transform_kind::K>(                             \
        esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);
RAVELIN_ESP_IN(tunnel, aead)
RAVELIN_ESP_IN(tunnel, cipher_hmac)
RAVELIN_ESP_IN(tunnel, gmac)
RAVELIN_ESP_IN(transport, aead)
RAVELIN_ESP_IN(transport, cipher_hmac)
RAVELIN_ESP_IN(transport, gmac)

}  // namespace ravelin::dp::ipsec
