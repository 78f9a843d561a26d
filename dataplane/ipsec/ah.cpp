// AH (RFC 4302): integrity for the IP header's immutable fields and the whole
// payload. The ICV covers the IP headers with their mutable fields zeroed
// (§3.3.3.1); those fields are zeroed in place while the HMAC job runs, from a
// copy that puts them back, so the packet is hashed where it lies.
#include "dataplane/ipsec/esp_impl.hpp"

namespace ravelin::dp::ipsec {
namespace {

using namespace detail;

constexpr std::uint8_t proto_ah = 51;
constexpr std::size_t ah_fixed = ah_fixed_length;
constexpr std::size_t max_prefix = sizeof(packet_scratch::hdr);

std::size_t ah_length(const sa_runtime& rt, bool v6) noexcept { return ah_header_length(rt.icv_len, v6); }

// RFC 4302 Appendix A.1: IPv4 options that keep their value in transit, by
// option number (the low 5 bits of the type octet: Router Alert is 148 = 20).
bool immutable_ipv4_option(std::uint8_t type) noexcept {
    const unsigned number = type & 0x1fu;
    return number == 0 || number == 1 || number == 2 || number == 5 || number == 6 || number == 20 || number == 21;
}

bool walk_ipv4_options(std::uint8_t* ip, std::size_t ihl, bool zero) noexcept {
    for (std::size_t i = 20; i < ihl;) {
        const std::uint8_t type = ip[i];
        if (type == 0) break;  // end of option list
        if (type == 1) {
            ++i;
            continue;
        }
        if (i + 1 >= ihl || ip[i + 1] < 2 || i + ip[i + 1] > ihl) return false;
        const std::size_t len = ip[i + 1];
        if (zero && !immutable_ipv4_option(type)) std::memset(ip + i, 0, len);
        i += len;
    }
    return true;
}

// RFC 4302 Appendix A.2 / RFC 8200 §4.2: option data whose type has the
// "may change en route" bit (0x20) is zeroed.
bool walk_ipv6_options(std::uint8_t* ext, std::size_t len, bool zero) noexcept {
    for (std::size_t i = 2; i < len;) {
        if (ext[i] == 0) {  // Pad1
            ++i;
            continue;
        }
        if (i + 1 >= len || i + 2 + ext[i + 1] > len) return false;
        const std::size_t data = ext[i + 1];
        if (zero && (ext[i] & 0x20)) std::memset(ext + i + 2, 0, data);
        i += 2 + data;
    }
    return true;
}

// Validates (zero == false) or zeroes the mutable fields of the headers in
// front of AH (RFC 4302 §3.3.3.1). Routing headers are refused: their
// in-transit rewriting would have to be replayed in advance.
bool walk_mutable(std::uint8_t* ip, std::size_t prefix, bool zero) noexcept {
    if ((ip[0] >> 4) == 4) {
        if (zero) {
            ip[1] = 0;                              // TOS
            ip[6] = ip[7] = 0;                      // flags, fragment offset
            ip[8] = 0;                              // TTL
            ip[10] = ip[11] = 0;                    // header checksum
        }
        return walk_ipv4_options(ip, prefix, zero);
    }
    if (zero) {
        ip[0] = 0x60;                               // traffic class and flow label
        ip[1] = ip[2] = ip[3] = 0;
        ip[7] = 0;                                  // hop limit
    }
    std::uint8_t nh = ip[6];
    for (std::size_t off = 40; off < prefix;) {
        if (nh != pkt::proto_hop_by_hop && nh != pkt::proto_dest_opts) return false;
        const std::size_t len = (std::size_t{ip[off + 1]} + 1) * 8;
        if (!walk_ipv6_options(ip + off, len, zero)) return false;
        nh = ip[off];
        off += len;
    }
    return true;
}

struct ah_plan {
    std::uint16_t prefix;
    std::uint16_t nh_off;
    std::uint16_t ah_len;
    std::uint8_t next_header;
};

template <ipsec_mode M, bool OuterV6>
drop_reason prepare_out(const sa_runtime& rt, rte_mbuf* m, ah_plan& p) noexcept {
    if (m->nb_segs != 1) return drop_reason::unsupported;
    std::uint8_t* ip = data(m);
    const std::size_t len = rte_pktmbuf_pkt_len(m);
    if (len < 20) return drop_reason::bad_header;
    const bool v4 = (ip[0] >> 4) == 4;
    if (v4 ? (pkt::load16(ip + 2) != len || (ip[0] & 15) < 5 || std::size_t{ip[0] & 15u} * 4 > len)
           : ((ip[0] >> 4) != 6 || len < 40 || pkt::load16(ip + 4) + 40u != len)) {
        return drop_reason::bad_header;
    }
    if constexpr (M == ipsec_mode::tunnel) {
        p = ah_plan{rt.outer_len, static_cast<std::uint16_t>(OuterV6 ? 6 : 9),
                    static_cast<std::uint16_t>(ah_length(rt, OuterV6)), v4 ? pkt::proto_ipv4 : pkt::proto_ipv6};
    } else {
        std::size_t prefix = std::size_t{ip[0] & 15u} * 4;
        std::size_t nh_off = 9;
        if (v4 && (pkt::load16(ip + 6) & 0x3fff) != 0) return drop_reason::bad_header;  // whole datagrams only
        if (!v4 && !pkt::ipv6_split(ip, len, prefix, nh_off)) return drop_reason::bad_header;
        if (prefix > max_prefix || !walk_mutable(ip, prefix, false)) return drop_reason::bad_header;
        p = ah_plan{static_cast<std::uint16_t>(prefix), static_cast<std::uint16_t>(nh_off),
                    static_cast<std::uint16_t>(ah_length(rt, !v4)), ip[nh_off]};
    }
    const std::size_t add = (M == ipsec_mode::tunnel ? rt.outer_len : 0) + p.ah_len;
    if (rte_pktmbuf_headroom(m) < add || rte_pktmbuf_tailroom(m) < 4 || len + add > UINT16_MAX) {
        return drop_reason::no_room;
    }
    return drop_reason::none;
}

// Inserts AH and writes every header field; returns the packet start.
template <ipsec_mode M, bool OuterV6>
std::uint8_t* insert_ah(sa_runtime& rt, rte_mbuf* m, const ah_plan& p, std::uint64_t seq) noexcept {
    const std::uint8_t* old_start = data(m);
    const std::uint8_t tos = inner_tos(old_start);
    const auto add = static_cast<std::uint16_t>((M == ipsec_mode::tunnel ? rt.outer_len : 0) + p.ah_len);
    std::uint8_t* start = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_prepend(m, add));
    const auto total = static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m));
    if constexpr (M == ipsec_mode::tunnel) {
        write_outer<OuterV6>(rt, start, tos, total);
    } else {
        std::memmove(start, old_start, p.prefix);
        start[p.nh_off] = proto_ah;
        if ((start[0] >> 4) == 4) {
            pkt::store16(start + 2, total);
            pkt::ipv4_set_checksum(start);
        } else {
            pkt::store16(start + 4, static_cast<std::uint16_t>(total - 40));
        }
    }
    std::uint8_t* ah = start + p.prefix;
    ah[0] = p.next_header;
    ah[1] = static_cast<std::uint8_t>(p.ah_len / 4 - 2);  // RFC 4302 §2.2
    ah[2] = ah[3] = 0;
    std::memcpy(ah + 4, &rt.spi_be, 4);
    pkt::store32(ah + 8, static_cast<std::uint32_t>(seq));
    std::memset(ah + ah_fixed, 0, p.ah_len - ah_fixed);
    return start;
}

// Zeroes what the ICV must not cover and submits the HMAC over the packet,
// followed with ESN by the high 32 bits of the sequence number (RFC 4302 §2.5.1,
// §3.3.3.2.2: included in the ICV, never sent); the tailroom holds them.
void submit_hash(IMB_MGR* mgr, const sa_runtime& rt, packet_scratch& s, std::uint8_t* start, std::size_t len,
                 std::size_t index) noexcept {
    std::memcpy(s.hdr, start, s.prefix);
    walk_mutable(start, s.prefix, true);
    if (esn(rt)) pkt::store32(start + len, static_cast<std::uint32_t>(s.seq >> 32));
    IMB_JOB* job = IMB_GET_NEXT_JOB(mgr);
    job_common(job, rt, true);
    job->chain_order = IMB_ORDER_HASH_CIPHER;
    job->src = start;
    job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_hash_in_bytes = len + (esn(rt) ? 4 : 0);
    job->msg_len_to_cipher_in_bytes = 0;
    job->cipher_start_src_offset_in_bytes = 0;
    job->u.HMAC._hashed_auth_key_xor_ipad = rt.ipad;
    job->u.HMAC._hashed_auth_key_xor_opad = rt.opad;
    job->auth_tag_output = s.icv;
    job->auth_tag_output_len_in_bytes = rt.icv_len;
    job->user_data = reinterpret_cast<void*>(index);
}

// Inbound: outer header checks; finds AH, trims link padding.
drop_reason locate_ah(const sa_runtime& rt, rte_mbuf* m, packet_scratch& s) noexcept {
    std::uint8_t* ip = data(m);
    const std::size_t len = rte_pktmbuf_pkt_len(m);
    std::size_t total = 0, offset = 0, nh_off = 9;
    if (len < 20) return drop_reason::truncated;
    if ((ip[0] >> 4) == 4) {
        offset = std::size_t{ip[0] & 0x0fu} * 4;
        total = pkt::load16(ip + 2);
        if (offset < 20 || total < offset || total > len) return drop_reason::truncated;
        if ((pkt::load16(ip + 6) & 0x3fff) != 0 || ip[9] != proto_ah) return drop_reason::bad_header;
    } else if ((ip[0] >> 4) == 6) {
        total = 40 + std::size_t{pkt::load16(ip + 4)};
        if (len < 40 || total > len) return drop_reason::truncated;
        if (!pkt::ipv6_find(ip, total, proto_ah, offset, nh_off)) return drop_reason::bad_header;
    } else {
        return drop_reason::bad_header;
    }
    rte_pktmbuf_trim(m, static_cast<std::uint16_t>(len - total));
    if (offset + ah_fixed > total) return drop_reason::truncated;
    const std::size_t ah_len = (std::size_t{ip[offset + 1]} + 2) * 4;
    if (ah_len != ah_length(rt, (ip[0] >> 4) == 6)) return drop_reason::bad_header;
    if (offset + ah_len > total) return drop_reason::truncated;
    if (offset > max_prefix || !walk_mutable(ip, offset, false)) return drop_reason::bad_header;
    s.prefix = static_cast<std::uint16_t>(offset);
    s.nh_off = static_cast<std::uint16_t>(nh_off);
    s.ah_len = static_cast<std::uint16_t>(ah_len);
    return drop_reason::none;
}

drop_reason prepare_in(const sa_runtime& rt, rte_mbuf* m, packet_scratch& s) noexcept {
    if (m->nb_segs != 1) return drop_reason::unsupported;
    if (const drop_reason r = locate_ah(rt, m, s); r != drop_reason::none) return r;
    const std::uint8_t* ah = data(m) + s.prefix;
    if (std::memcmp(ah + 4, &rt.spi_be, 4) != 0) return drop_reason::bad_spi;
    if (esn(rt) && rte_pktmbuf_tailroom(m) < 4) return drop_reason::no_room;
    const replay_result r = replay_check(rt.replay, pkt::load32(ah + 8), esn(rt));
    s.seq = r.seq;
    return replay_drop(r.verdict);
}

template <ipsec_mode M>
drop_reason complete_in(sa_runtime& rt, rte_mbuf* m, packet_scratch& s, std::size_t& delivered) noexcept {
    std::uint8_t* start = data(m);
    std::memcpy(start, s.hdr, s.prefix);
    std::uint8_t* ah = start + s.prefix;
    if (!icv_equal(s.icv, s.saved, rt.icv_len)) return drop_reason::icv_mismatch;
    const std::uint8_t nh = ah[0];
    std::size_t inner_len = rte_pktmbuf_pkt_len(m) - s.prefix - s.ah_len;
    if constexpr (M == ipsec_mode::tunnel) {
        if (const drop_reason r = inner_length(ah + s.ah_len, inner_len, nh, inner_len); r != drop_reason::none) return r;
        if (const drop_reason r = ecn_decapsulate(start, ah + s.ah_len); r != drop_reason::none) return r;
    }
    const replay_verdict v = replay_accept(rt.replay, s.seq);
    if (v != replay_verdict::fresh) return replay_drop(v);
    if constexpr (M == ipsec_mode::tunnel) {
        rte_pktmbuf_adj(m, static_cast<std::uint16_t>(s.prefix + s.ah_len));
        rte_pktmbuf_trim(m, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m) - inner_len));
    } else {
        std::memmove(start + s.ah_len, start, s.prefix);
        std::uint8_t* ip = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_adj(m, s.ah_len));
        ip[s.nh_off] = nh;
        const auto total = static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m));
        if ((ip[0] >> 4) == 4) {
            pkt::store16(ip + 2, total);
            pkt::ipv4_set_checksum(ip);
        } else {
            pkt::store16(ip + 4, static_cast<std::uint16_t>(total - 40));
        }
    }
    delivered = M == ipsec_mode::tunnel ? inner_len : rte_pktmbuf_pkt_len(m);  // the IP packet, as outbound counts it
    return drop_reason::none;
}

}  // namespace

// Per-packet loops, as for ESP: prepare, submit, complete in one function.
template <ipsec_mode M, bool OuterV6>
std::uint16_t ah_outbound(esp_engine& engine, sa_runtime& rt, sa_index index, std::span<rte_mbuf*> pkts,
                          std::span<drop_reason> reasons) {
    ah_plan plans[max_burst];
    std::uint32_t admitted = 0;
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        reasons[i] = prepare_out<M, OuterV6>(rt, pkts[i], plans[i]);
        if (reasons[i] == drop_reason::none && hard_limit_reached(rt, admitted, bytes)) reasons[i] = drop_reason::lifetime_expired;
        if (reasons[i] != drop_reason::none) continue;
        ++admitted;
        bytes += rte_pktmbuf_pkt_len(pkts[i]);
    }
    const seq_reservation r = reserve_seq(rt.seq, admitted, esn(rt));
    if (r.granted < admitted && (rt.flags & flag_overflow_fired) == 0) {
        rt.flags |= flag_overflow_fired;
        engine.raise(index, sa_event_kind::seq_overflow);
    }
    IMB_MGR* mgr = engine.mgr();
    packet_scratch* scratch = engine.scratch();
    std::uint64_t next = r.first;
    std::uint32_t used = 0;
    std::uint64_t in_bytes[max_burst];
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        if (used == r.granted) {
            reasons[i] = drop_reason::seq_overflow;
            continue;
        }
        ++used;
        packet_scratch& s = scratch[i];
        s.seq = next++;
        s.prefix = plans[i].prefix;
        s.ah_len = plans[i].ah_len;
        in_bytes[i] = rte_pktmbuf_pkt_len(pkts[i]);
        std::uint8_t* start = insert_ah<M, OuterV6>(rt, pkts[i], plans[i], s.seq);
        submit_hash(mgr, rt, s, start, rte_pktmbuf_pkt_len(pkts[i]), i);
        reap(IMB_SUBMIT_JOB(mgr), mgr, reasons);
    }
    flush(mgr, reasons);
    std::uint64_t good = 0;
    bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        packet_scratch& s = scratch[i];
        std::uint8_t* start = data(pkts[i]);
        std::memcpy(start, s.hdr, s.prefix);
        std::memcpy(start + s.prefix + ah_fixed, s.icv, rt.icv_len);
        ++good;
        bytes += in_bytes[i];
    }
    account(engine, rt, index, good, bytes);
    return compact(pkts, reasons);
}

template <ipsec_mode M>
std::uint16_t ah_inbound(esp_engine& engine, sa_runtime& rt, sa_index index, std::span<rte_mbuf*> pkts,
                         std::span<drop_reason> reasons) {
    IMB_MGR* mgr = engine.mgr();
    packet_scratch* scratch = engine.scratch();
    std::uint64_t admitted = 0;
    std::uint64_t admitted_bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        packet_scratch& s = scratch[i];
        reasons[i] = prepare_in(rt, pkts[i], s);
        if (reasons[i] == drop_reason::none && hard_limit_reached(rt, admitted, admitted_bytes)) {
            reasons[i] = drop_reason::lifetime_expired;
        }
        if (reasons[i] != drop_reason::none) continue;
        ++admitted;
        admitted_bytes += rte_pktmbuf_pkt_len(pkts[i]);
        std::uint8_t* start = data(pkts[i]);
        std::uint8_t* icv = start + s.prefix + ah_fixed;
        std::memcpy(s.saved, icv, rt.icv_len);
        std::memset(icv, 0, s.ah_len - ah_fixed);  // ICV and its padding (RFC 4302 §3.3.3.1)
        submit_hash(mgr, rt, s, start, rte_pktmbuf_pkt_len(pkts[i]), i);
        reap(IMB_SUBMIT_JOB(mgr), mgr, reasons);
    }
    flush(mgr, reasons);
    std::uint64_t good = 0;
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (reasons[i] != drop_reason::none) continue;
        std::size_t delivered = 0;
        reasons[i] = complete_in<M>(rt, pkts[i], scratch[i], delivered);
        if (reasons[i] != drop_reason::none) continue;
        ++good;
        bytes += delivered;
    }
    account(engine, rt, index, good, bytes);
    return compact(pkts, reasons);
}

template std::uint16_t ah_outbound<ipsec_mode::tunnel, false>(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>,
                                                             std::span<drop_reason>);
template std::uint16_t ah_outbound<ipsec_mode::tunnel, true>(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>,
                                                            std::span<drop_reason>);
template std::uint16_t ah_outbound<ipsec_mode::transport, false>(esp_engine&, sa_runtime&, sa_index,
                                                                std::span<rte_mbuf*>, std::span<drop_reason>);
template std::uint16_t ah_inbound<ipsec_mode::tunnel>(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>,
                                                     std::span<drop_reason>);
template std::uint16_t ah_inbound<ipsec_mode::transport>(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>,
                                                        std::span<drop_reason>);

}  // namespace ravelin::dp::ipsec
