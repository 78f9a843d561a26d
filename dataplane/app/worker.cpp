#include "dataplane/app/worker.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "dataplane/io/pmtu.hpp"
#include "dataplane/io/poll_pacer.hpp"

#ifdef RAVELIN_HAVE_ESP
#include "dataplane/ipsec/engine.hpp"
#endif

namespace ravelin::dp::app {
namespace {

namespace shm = common::shm;
constexpr std::uint16_t burst = 32;
constexpr std::uint8_t iana_protocol_esp = 3;  // IKEv2 Security Protocol Identifier
constexpr unsigned idle_rounds_before_sleep = 1024;
// A quiet exception TAP is polled every 100 us: IKE, ARP and ping wait that much
// longer at most, and the worker makes one readv per TAP per 100 us, not per round.
constexpr std::uint64_t tap_polls_per_second = 10000;
// Most an SA adds to a packet: IPv6 + UDP, ESP header, a 16-byte IV, 15 bytes
// of padding and 2 of trailer, a 32-byte ICV. Shorter frames skip the MTU check.
constexpr std::uint32_t max_esp_overhead = 48 + 8 + 16 + 17 + 32;

// Per-destination TX staging, flushed once per poll round.
struct tx_buffer {
    std::array<rte_mbuf*, burst * 2> pkts;
    std::uint16_t count = 0;
};

class worker {
public:
    explicit worker(const worker_context& ctx)
        : _ctx(ctx), _events(*ctx.events), _icmp_limit(rte_get_tsc_hz() / icmp_per_second, icmp_burst),
          _tap_pacer(rte_get_tsc_hz() / tap_polls_per_second) {
        std::uint32_t mtu = UINT16_MAX;
        for (const port_runtime& p : ctx.ports) mtu = std::min<std::uint32_t>(mtu, p.mtu);
        _pmtu_fast_limit = 14 + mtu - max_esp_overhead;
    }
    void run();

private:
    void count(shm::lcore_counter c, std::uint64_t n = 1) noexcept {
        auto& v = _ctx.counters->value[static_cast<std::size_t>(c)];
        v.store(v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void drop(rte_mbuf* m, shm::lcore_counter c) noexcept {
        rte_pktmbuf_free(m);
        count(c);
    }
    void stage(tx_buffer& tx, std::uint16_t port_id, rte_mbuf* m) noexcept {
        if (tx.count == tx.pkts.size()) flush(tx, port_id);
        tx.pkts[tx.count++] = m;
    }
    void to_port(std::size_t index, rte_mbuf* m) noexcept { stage(_to_port[index], _ctx.ports[index].port_id, m); }
    void to_tap(std::size_t index, rte_mbuf* m) noexcept { stage(_to_tap[index], _ctx.ports[index].tap_id, m); }
    void flush(tx_buffer& tx, std::uint16_t port_id) noexcept;
    unsigned poll_port(std::size_t index) noexcept;
    unsigned poll_taps() noexcept;
    unsigned poll_tap(std::size_t index) noexcept;
    void handle(std::size_t in, rte_mbuf* m) noexcept;
    void forward_burst() noexcept;
    void forward(rte_mbuf* m, const lookup::flow& flow, const lookup::spd_entry* hit) noexcept;
    void route(rte_mbuf* m, std::uint8_t family, lookup::wide_address dst, bool decrement_ttl) noexcept;
    std::size_t egress(std::uint8_t family, const lookup::wide_address& dst, lookup::wide_address& next_hop) const noexcept;
    void learn(const port_runtime& port, const io::classified& c) noexcept;
    void inbound(std::size_t in, rte_mbuf* m, std::uint32_t sa) noexcept;
    void outbound(rte_mbuf* m, std::uint32_t sa) noexcept;
    void run_engine() noexcept;
    unsigned poll_handoff() noexcept;
#ifdef RAVELIN_HAVE_ESP
    void after_inbound(std::size_t in, rte_mbuf* m, std::uint32_t sa) noexcept;
    void after_outbound(rte_mbuf* m) noexcept;
    bool fits_tunnel(rte_mbuf* m, std::uint32_t sa) noexcept;
    void too_big(rte_mbuf* m, const std::uint8_t* ip, std::size_t len, std::uint16_t mtu) noexcept;
#endif
    void request_neighbour(std::size_t port, std::uint8_t family, const lookup::wide_address& address) noexcept;
    void acquire(const lookup::spd_entry& policy, const lookup::flow& flow) noexcept;
#ifdef RAVELIN_HAVE_ESP
    void forward_engine_events() noexcept;
#endif

    worker_context _ctx;
    std::array<tx_buffer, max_ports> _to_port{};
    std::array<tx_buffer, max_ports> _to_tap{};
    common::shm::ring_producer<lcore_event, 256> _events;
    // Packets of one RX burst waiting for the ESP engine, in arrival order; runs
    // of the same SA go through the engine as one burst (VPP's SA cache across
    // consecutive packets, DPDK's per-SA burst API).
    struct crypto_job {
        rte_mbuf* m;
        std::uint32_t sa;
        std::uint8_t in_port;
        bool inbound;
    };
    void queue_job(rte_mbuf* m, std::uint32_t sa, std::uint8_t in_port, bool inbound) noexcept;
    std::array<crypto_job, burst> _jobs{};
    std::uint16_t _job_count = 0;
    // Packets of one RX burst to forward, for one SPD classifier call per burst.
    std::array<rte_mbuf*, burst> _forward_mbufs{};
    std::array<lookup::flow, burst> _forward_flows{};
    std::uint16_t _forward_count = 0;
    // Each port and family's next-hop Ethernet header, as this worker last resolved it.
    std::array<std::array<io::next_hop_cache, 2>, max_ports> _next_hops{};
    // Direct-mapped by reqid: when an acquire was last raised (rate limit).
    std::array<std::pair<std::uint32_t, std::uint64_t>, 64> _last_acquire{};
    // Path MTU (pmtu.hpp): ICMP errors as Linux's defaults allow (icmp_msgs_per_sec
    // 1000, burst 50), and the frame length up to which no packet can be too big.
    static constexpr std::uint64_t icmp_per_second = 1000;
    static constexpr std::uint32_t icmp_burst = 50;
    io::pmtu::rate_limiter _icmp_limit;
    std::uint32_t _pmtu_fast_limit = 0;
    io::poll_pacer _tap_pacer;
};

std::uint32_t be32(const std::uint8_t* p) noexcept {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
void put_be32(std::uint8_t* p, std::uint32_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v >> 24), p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8), p[3] = static_cast<std::uint8_t>(v);
}
void put_be64(std::uint8_t* p, std::uint64_t v) noexcept {
    put_be32(p, static_cast<std::uint32_t>(v >> 32));
    put_be32(p + 4, static_cast<std::uint32_t>(v));
}

shm::address_record record_of(std::uint8_t family, const lookup::wide_address& a) noexcept {
    shm::address_record r;
    r.family = family;
    if (family == 4) {
        put_be32(r.bytes.data(), static_cast<std::uint32_t>(a.lo));
    } else {
        put_be64(r.bytes.data(), a.hi);
        put_be64(r.bytes.data() + 8, a.lo);
    }
    return r;
}

// Field by field: classify() has just written the flow with 8-, 2- and 1-byte
// stores, and a struct copy's 16-byte loads across them would wait for the
// store buffer (a store-forwarding stall) on every packet.
void copy_flow(const lookup::flow& from, lookup::flow& to) noexcept {
    to.family = from.family;
    to.src.hi = from.src.hi, to.src.lo = from.src.lo;
    to.dst.hi = from.dst.hi, to.dst.lo = from.dst.lo;
    to.protocol = from.protocol;
    to.src_port = from.src_port, to.dst_port = from.dst_port;
    to.opaque_ports = from.opaque_ports;
}

bool is_link_local_v6(const lookup::wide_address& a) noexcept { return (a.hi >> 54) == 0x3fa; }  // fe80::/10

// The outer or inner IP header at `ip`: its family and destination.
std::uint8_t ip_family(const std::uint8_t* ip) noexcept { return (ip[0] >> 4) == 6 ? 6 : 4; }
lookup::wide_address ip_destination(const std::uint8_t* ip) noexcept {
    return ip_family(ip) == 6 ? lookup::widen_v6(ip + 24) : lookup::widen_v4(ip + 16);
}
void set_ether_type(std::uint8_t* eth, std::uint8_t family) noexcept {
    const std::uint16_t type = family == 6 ? io::ether_ipv6 : io::ether_ipv4;
    eth[12] = static_cast<std::uint8_t>(type >> 8), eth[13] = static_cast<std::uint8_t>(type);
}

void worker::flush(tx_buffer& tx, std::uint16_t port_id) noexcept {
    if (tx.count == 0) return;
    const std::uint16_t sent = rte_eth_tx_burst(port_id, _ctx.queue, tx.pkts.data(), tx.count);
    for (std::uint16_t i = sent; i < tx.count; ++i) rte_pktmbuf_free(tx.pkts[i]);
    count(shm::lcore_counter::tx_packets, sent);
    if (sent < tx.count) count(shm::lcore_counter::tx_dropped, tx.count - sent);
    tx.count = 0;
}

void worker::run() {
    rte_rcu_qsbr_thread_online(_ctx.qsbr, _ctx.thread_id);
    unsigned idle_rounds = 0;
    while (!_ctx.stop->load(std::memory_order_relaxed)) {
        unsigned work = 0;
        for (std::size_t p = 0; p < _ctx.ports.size(); ++p) work += poll_port(p);
        work += poll_taps();
        work += poll_handoff();
        for (std::size_t p = 0; p < _ctx.ports.size(); ++p) {
            flush(_to_port[p], _ctx.ports[p].port_id);
            flush(_to_tap[p], _ctx.ports[p].tap_id);
        }
        // Nothing of the SAD or SPD is held across this point.
        rte_rcu_qsbr_quiescent(_ctx.qsbr, _ctx.thread_id);
        idle_rounds = work != 0 ? 0 : idle_rounds + 1;  // handed-off packets are work too
        if (_ctx.idle_sleep_us != 0 && idle_rounds >= idle_rounds_before_sleep) rte_delay_us_sleep(_ctx.idle_sleep_us);
    }
    rte_rcu_qsbr_thread_offline(_ctx.qsbr, _ctx.thread_id);
}

unsigned worker::poll_port(std::size_t index) noexcept {
    std::array<rte_mbuf*, burst> pkts;
    const std::uint16_t n = rte_eth_rx_burst(_ctx.ports[index].port_id, _ctx.queue, pkts.data(), burst);
    count(shm::lcore_counter::port_polls);
    if (n == 0) return 0;
    count(shm::lcore_counter::busy_port_polls);
    count(shm::lcore_counter::rx_packets, n);
    // Headers a few packets ahead on their way to L1 while classify() reads the current one.
    constexpr std::uint16_t ahead = 4;
    for (std::uint16_t i = 0; i < n && i < ahead; ++i) rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void*));
    for (std::uint16_t i = 0; i < n; ++i) {
        if (i + ahead < n) rte_prefetch0(rte_pktmbuf_mtod(pkts[i + ahead], void*));
        handle(index, pkts[i]);
    }
    forward_burst();
    run_engine();
    return n;
}

unsigned worker::poll_taps() noexcept {
    const std::uint64_t now = rte_get_tsc_cycles();
    if (!_tap_pacer.due(now)) return 0;
    unsigned found = 0;
    for (std::size_t p = 0; p < _ctx.ports.size(); ++p) found += poll_tap(p);
    _tap_pacer.polled(now, found);
    return found;
}

unsigned worker::poll_tap(std::size_t index) noexcept {
    std::array<rte_mbuf*, burst> pkts;
    const std::uint16_t n = rte_eth_rx_burst(_ctx.ports[index].tap_id, _ctx.queue, pkts.data(), burst);
    count(shm::lcore_counter::exception_from_tap, n);
    for (std::uint16_t i = 0; i < n; ++i) to_port(index, pkts[i]);
    return n;
}

void worker::handle(std::size_t in, rte_mbuf* m) noexcept {
    const port_runtime& port = _ctx.ports[in];
    if (m->nb_segs != 1) return drop(m, shm::lcore_counter::drop_bad_header);
    const std::span<const std::uint8_t> frame(rte_pktmbuf_mtod(m, const std::uint8_t*), m->data_len);
    const io::classified c = io::classify(frame, port.identity);
    if (c.sender_family != 0) learn(port, c);
    switch (c.what) {
        case io::frame_class::exception:
            count(shm::lcore_counter::exception_to_tap);
            return to_tap(in, m);
        case io::frame_class::inbound_esp:
        case io::frame_class::inbound_esp_udp: {
            if (frame.size() < c.esp_offset + 8u) return drop(m, shm::lcore_counter::drop_bad_header);
            const std::uint32_t spi = be32(frame.data() + c.esp_offset);
            const std::uint32_t sa = _ctx.sad->find(spi, iana_protocol_esp);
            if (sa == lookup::no_sa) return drop(m, shm::lcore_counter::drop_no_sa);
            return inbound(in, m, sa);
        }
        case io::frame_class::forward:
            _forward_mbufs[_forward_count] = m;
            copy_flow(c.flow, _forward_flows[_forward_count++]);
            return;
        case io::frame_class::ignored: return drop(m, shm::lcore_counter::ignored);
        case io::frame_class::ttl_expired: return drop(m, shm::lcore_counter::drop_ttl);
        case io::frame_class::malformed: break;
    }
    drop(m, shm::lcore_counter::drop_bad_header);
}

// The burst's plaintext packets through the SPD in one classifier call.
void worker::forward_burst() noexcept {
    if (_forward_count == 0) return;
    std::array<const lookup::spd_entry*, burst> hits;
    _ctx.spd->current()->match_outbound_burst(std::span<const lookup::flow>(_forward_flows.data(), _forward_count), hits);
    for (std::uint16_t i = 0; i < _forward_count; ++i) forward(_forward_mbufs[i], _forward_flows[i], hits[i]);
    _forward_count = 0;
}

void worker::forward(rte_mbuf* m, const lookup::flow& flow, const lookup::spd_entry* hit) noexcept {
    using shm::action_code;
    // RFC 4301 §5.1: SPD-O first; a plaintext packet matching an inbound
    // protect policy should have arrived protected; no match at all: discard.
    if (hit == nullptr) {
        hit = _ctx.spd->current()->match_inbound(flow);
        if (hit == nullptr) return drop(m, shm::lcore_counter::drop_no_policy);
        if (hit->action != action_code::bypass) return drop(m, shm::lcore_counter::drop_inner_policy);
    }
    switch (hit->action) {
        case action_code::bypass:
            count(shm::lcore_counter::bypass_packets);
            return route(m, flow.family, flow.dst, true);
        case action_code::discard: return drop(m, shm::lcore_counter::drop_discard_policy);
        case action_code::protect:
        case action_code::trap:
            // RFC 4301 §4.4.1: traffic for a trap policy without an SA asks ravelin-ike for one.
            if (hit->sa == lookup::no_sa || hit->action == action_code::trap) {
                if (hit->action == action_code::trap) acquire(*hit, flow);
                return drop(m, shm::lcore_counter::drop_no_sa);
            }
            return outbound(m, hit->sa);
    }
    drop(m, shm::lcore_counter::drop_no_policy);
}

void worker::inbound(std::size_t in, rte_mbuf* m, std::uint32_t sa) noexcept {
    queue_job(m, sa, static_cast<std::uint8_t>(in), true);
}

void worker::outbound(rte_mbuf* m, std::uint32_t sa) noexcept {
#ifdef RAVELIN_HAVE_ESP
    // RFC 4301 §8: no frame leaves larger than its port's MTU once protected.
    if (rte_pktmbuf_pkt_len(m) > _pmtu_fast_limit && !fits_tunnel(m, sa)) return;
#endif
    queue_job(m, sa, 0, false);
}

#ifdef RAVELIN_HAVE_ESP
// The packet against the SA's effective MTU on the port its ESP packet leaves
// by (pmtu.hpp). False when `m` was consumed: IPv4 without DF split into
// fragments queued in its place, anything else dropped with an ICMP error.
bool worker::fits_tunnel(rte_mbuf* m, std::uint32_t sa) noexcept {
    if (_ctx.engine == nullptr) return true;
    const ipsec::sa_runtime& rt = _ctx.engine->table().runtime(ipsec::sa_index{sa});  // fixed at install
    const std::uint8_t* ip = rte_pktmbuf_mtod(m, const std::uint8_t*) + 14;
    const std::uint8_t* outer = rt.outer_len >= 20 ? rt.outer.data() : ip;  // transport: the packet's own header
    lookup::wide_address next_hop;
    const std::size_t out = egress(ip_family(outer), ip_destination(outer), next_hop);
    if (out == _ctx.ports.size()) return true;  // no route: after_outbound's route() counts it
    const bool transport = rt.outer_len < 20;
    const bool v6 = transport ? ip_family(ip) == 6 : (rt.flags & ipsec::flag_outer_v6) != 0;
    const io::pmtu::sa_overhead overhead{rt.outer_len, rt.iv_len, rt.icv_len, rt.pad_align,
                                         (rt.flags & ipsec::flag_ah) != 0, v6};
    // Transport: ESP pads past the packet's own header (IPv6: its 40 fixed bytes).
    const auto header_len = static_cast<std::uint16_t>(!transport ? 0 : v6 ? 40 : (ip[0] & 0x0f) * 4);
    const std::uint16_t mtu = io::pmtu::tunnel_mtu(_ctx.ports[out].mtu, overhead, header_len);
    const std::size_t len = rte_pktmbuf_pkt_len(m) - 14;
    switch (io::pmtu::judge(ip, len, mtu)) {
        case io::pmtu::verdict::fits: return true;
        case io::pmtu::verdict::too_big: too_big(m, ip, len, mtu); return false;
        case io::pmtu::verdict::fragment: break;
    }
    std::array<rte_mbuf*, 8> pieces;
    const std::size_t n = io::pmtu::fragment_ipv4(m, mtu, _ctx.pool, pieces);
    rte_pktmbuf_free(m);
    if (n == 0) {
        count(shm::lcore_counter::drop_fragment);
        return false;
    }
    count(shm::lcore_counter::prefragmented);
    if (_job_count + n > _jobs.size()) run_engine();
    for (std::size_t i = 0; i < n; ++i) queue_job(pieces[i], sa, 0, false);
    return false;
}

// Drops `m`; its source hears of the tunnel's MTU from the address of the port
// facing it, unless the packet may not be answered or the rate limit says no.
void worker::too_big(rte_mbuf* m, const std::uint8_t* ip, std::size_t len, std::uint16_t mtu) noexcept {
    count(shm::lcore_counter::drop_too_big);
    const std::uint8_t family = ip_family(ip);
    const lookup::wide_address source = family == 6 ? lookup::widen_v6(ip + 8) : lookup::widen_v4(ip + 12);
    lookup::wide_address next_hop;
    const std::size_t back = egress(family, source, next_hop);
    const bool answer = back < _ctx.ports.size() && !_ctx.ports[back].family[family_index(family)].address.is_zero() &&
                        io::pmtu::may_report(ip, len) && _icmp_limit.allow(rte_get_tsc_cycles());
    rte_mbuf* icmp = answer ? rte_pktmbuf_alloc(_ctx.pool) : nullptr;
    if (icmp != nullptr &&
        io::pmtu::build_too_big(icmp, ip, len, mtu, _ctx.ports[back].family[family_index(family)].address)) {
        count(shm::lcore_counter::icmp_too_big);
        route(icmp, family, source, false);
    } else if (icmp != nullptr) {
        rte_pktmbuf_free(icmp);
    }
    rte_pktmbuf_free(m);
}
#endif

// The SA's owner runs the engine on it (one writer per SA); the job rides in
// the mbuf's flow-director words (the RSS hash is not used past this point).
// The job's fields go to the record one by one: a crypto_job built on the
// stack from narrow stores and copied as one 16-byte load stalled on store
// forwarding (~4 % of the worker's samples).
void worker::queue_job(rte_mbuf* m, std::uint32_t sa, std::uint8_t in_port, bool inbound) noexcept {
    const std::size_t workers = _ctx.handoff.size();
    const std::size_t owner = workers <= 1 ? _ctx.thread_id : sa % workers;
    if (owner == _ctx.thread_id) {
        // A burst's pre-fragmented packets (fits_tunnel) can outnumber the burst.
        if (_job_count == _jobs.size()) run_engine();
        crypto_job& job = _jobs[_job_count++];
        job.m = m, job.sa = sa, job.in_port = in_port, job.inbound = inbound;
        return;
    }
    m->hash.fdir.lo = sa;
    m->hash.fdir.hi = std::uint32_t{in_port} | (inbound ? 0x100u : 0u);
    if (rte_ring_mp_enqueue(_ctx.handoff[owner], m) != 0) return drop(m, shm::lcore_counter::drop_handoff);
    count(shm::lcore_counter::handoffs);
}

// Packets other workers passed to this one, for the SAs it owns.
unsigned worker::poll_handoff() noexcept {
    if (_ctx.handoff.size() <= 1) return 0;
    std::array<rte_mbuf*, burst> pkts;
    const unsigned n = rte_ring_sc_dequeue_burst(_ctx.handoff[_ctx.thread_id], reinterpret_cast<void**>(pkts.data()),
                                                 burst, nullptr);
    for (unsigned i = 0; i < n; ++i) {
        rte_mbuf* m = pkts[i];
        const std::uint32_t tag = m->hash.fdir.hi;
        _jobs[_job_count++] = {m, m->hash.fdir.lo, static_cast<std::uint8_t>(tag & 0xff), (tag & 0x100u) != 0};
    }
    if (n != 0) run_engine();
    return n;
}

// The burst's ESP work, one engine call per run of packets of the same SA. The
// mbufs start at the IP header going in and coming out.
void worker::run_engine() noexcept {
#ifdef RAVELIN_HAVE_ESP
    std::array<rte_mbuf*, burst> run;
    std::array<ipsec::drop_reason, burst> reasons;
    for (std::uint16_t first = 0, last = 0; first < _job_count; first = last) {
        const std::uint32_t sa = _jobs[first].sa;
        std::uint16_t k = 0;
        for (last = first; last < _job_count && _jobs[last].sa == sa; ++last) {
            rte_pktmbuf_adj(_jobs[last].m, 14);
            run[k++] = _jobs[last].m;
        }
        const std::uint16_t good =
            _ctx.engine == nullptr ? 0 : _ctx.engine->process(ipsec::sa_index{sa}, std::span<rte_mbuf*>(run.data(), k), reasons);
        // The engine moved the good packets to the front; the job records still say where each came from.
        const crypto_job& job = _jobs[first];
        for (std::uint16_t j = 0; j < good; ++j) {
            if (job.inbound) {
                after_inbound(job.in_port, run[j], sa);
            } else {
                after_outbound(run[j]);
            }
        }
        static_assert(ipsec::drop_reason_count == shm::ipsec_drop_reasons, "one lcore counter per ESP drop reason");
        for (std::uint16_t j = good; j < k; ++j) {
            count(shm::ipsec_drop_counter(static_cast<std::uint8_t>(reasons[j])));
            drop(run[j], shm::lcore_counter::drop_ipsec);
        }
    }
    if (_ctx.engine != nullptr && !_ctx.engine->events().empty()) forward_engine_events();
#else
    for (std::uint16_t j = 0; j < _job_count; ++j) drop(_jobs[j].m, shm::lcore_counter::drop_ipsec);
#endif
    _job_count = 0;
}

#ifdef RAVELIN_HAVE_ESP
void worker::after_inbound(std::size_t in, rte_mbuf* m, std::uint32_t sa) noexcept {
    // The inner packet, behind an Ethernet header addressed to us, is classified
    // like a received frame, then checked against the SA's policy (RFC 4301 §5.2).
    auto* eth = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_prepend(m, 14));
    if (eth == nullptr || m->data_len < 14 + 20) return drop(m, shm::lcore_counter::drop_ipsec);
    const port_runtime& port = _ctx.ports[in];
    std::copy(port.identity.mac.begin(), port.identity.mac.end(), eth);
    set_ether_type(eth, ip_family(eth + 14));
    const std::span<const std::uint8_t> frame(eth, m->data_len);
    const io::classified c = io::classify(frame, port.identity);
    if (c.what != io::frame_class::forward) return drop(m, shm::lcore_counter::drop_inner_policy);
    const lookup::spd_entry* hit = _ctx.spd->current()->match_inbound(c.flow);
    if (hit == nullptr || hit->action != shm::action_code::protect || hit->reqid != _ctx.sa_reqid[sa]) {
        return drop(m, shm::lcore_counter::drop_inner_policy);
    }
    count(shm::lcore_counter::inbound_packets);
    route(m, c.flow.family, c.flow.dst, true);
}

// The engine built the outer header (IPv4 or IPv6, RFC 4303 §3.1.2).
void worker::after_outbound(rte_mbuf* m) noexcept {
    auto* eth = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_prepend(m, 14));
    if (eth == nullptr || m->data_len < 14 + 40) return drop(m, shm::lcore_counter::drop_bad_header);
    const std::uint8_t family = ip_family(eth + 14);
    count(shm::lcore_counter::outbound_packets);  // route() writes the whole Ethernet header
    route(m, family, ip_destination(eth + 14), false);
}
#endif

void worker::learn(const port_runtime& port, const io::classified& c) noexcept {
    const port_family& family = port.family[family_index(c.sender_family)];
    if (family.on_link(c.sender) || (c.sender_family == 6 && is_link_local_v6(c.sender))) {
        family.neighbours->learn(c.sender, c.sender_mac);
    }
}

// Connected prefixes first, then the first port with a gateway of the family;
// ports.size() if none.
std::size_t worker::egress(std::uint8_t family, const lookup::wide_address& dst,
                           lookup::wide_address& next_hop) const noexcept {
    const std::size_t f = family_index(family);
    next_hop = dst;
    for (std::size_t p = 0; p < _ctx.ports.size(); ++p) {
        if (_ctx.ports[p].family[f].on_link(dst)) return p;
    }
    for (std::size_t p = 0; p < _ctx.ports.size(); ++p) {
        if (!_ctx.ports[p].family[f].gateway.is_zero()) {
            next_hop = _ctx.ports[p].family[f].gateway;
            return p;
        }
    }
    return _ctx.ports.size();
}

// `dst` by value, in two registers: built just before from bytewise loads, a
// reference made the compiler store it and read it back as one 16-byte load,
// which waits for the store buffer (a store-forwarding stall, ~3 % of samples).
void worker::route(rte_mbuf* m, std::uint8_t family, lookup::wide_address dst, bool decrement_ttl) noexcept {
    const std::size_t f = family_index(family);
    lookup::wide_address next_hop;
    const std::size_t out = egress(family, dst, next_hop);
    if (out == _ctx.ports.size()) return drop(m, shm::lcore_counter::drop_no_policy);
    const port_runtime& port = _ctx.ports[out];
    const io::next_hop_cache::header* header = _next_hops[out][f].find(
        *port.family[f].neighbours, next_hop, port.identity.mac, family == 6 ? io::ether_ipv6 : io::ether_ipv4);
    if (header == nullptr) {
        request_neighbour(out, family, next_hop);
        return drop(m, shm::lcore_counter::drop_no_neighbour);
    }
    auto* eth = rte_pktmbuf_mtod(m, std::uint8_t*);
    std::memcpy(eth, header->data(), header->size());  // destination, source, EtherType
    std::uint8_t* ip = eth + 14;
    if (decrement_ttl && family == 6) {
        --ip[7];  // RFC 8200 §3 hop limit; classify() saw it above 1, and IPv6 has no header checksum
    } else if (decrement_ttl) {
        // TTL - 1 with the checksum adjusted incrementally (RFC 1624 §3; TTL is the high byte of its word).
        --ip[8];
        std::uint32_t sum = (std::uint32_t{ip[10]} << 8 | ip[11]) + 0x0100;
        sum = (sum & 0xffff) + (sum >> 16);
        ip[10] = static_cast<std::uint8_t>(sum >> 8), ip[11] = static_cast<std::uint8_t>(sum);
    }
    to_port(out, m);
}

void worker::acquire(const lookup::spd_entry& policy, const lookup::flow& flow) noexcept {
    auto& last = _last_acquire[policy.reqid % _last_acquire.size()];
    const std::uint64_t now = rte_get_tsc_cycles();
    if (last.first == policy.reqid && last.second != 0 && now - last.second < _ctx.acquire_interval) return;
    lcore_event event;
    event.kind = shm::event_kind::acquire;
    event.reqid = policy.reqid;
    event.ip_protocol = flow.protocol;
    event.src_port = flow.src_port;
    event.dst_port = flow.dst_port;
    event.src = record_of(flow.family, flow.src);
    event.dst = record_of(flow.family, flow.dst);
    if (_events.try_push(event)) {
        last = {policy.reqid, now};
        count(shm::lcore_counter::acquires);
    }
}

#ifdef RAVELIN_HAVE_ESP
// Lifetime and sequence events the engine collected while processing.
void worker::forward_engine_events() noexcept {
    for (const auto& e : _ctx.engine->events()) {
        lcore_event event;
        event.sa = e.sa.value;
        switch (e.kind) {
            case ipsec::sa_event_kind::soft_lifetime: event.kind = shm::event_kind::soft_expiry; break;
            case ipsec::sa_event_kind::hard_lifetime: event.kind = shm::event_kind::hard_expiry; break;
            case ipsec::sa_event_kind::seq_overflow: event.kind = shm::event_kind::seq_overflow; break;
        }
        count(shm::lifetime_counter(event.kind));
        (void)_events.try_push(event);  // a full ring loses the event; the engine raises each once
    }
    _ctx.engine->clear_events();
}
#endif

// ARP (RFC 826) or Neighbour Solicitation (RFC 4861 §7.2.2) from the port,
// at most once per arp_interval per address; the reply is learnt in handle().
void worker::request_neighbour(std::size_t index, std::uint8_t family, const lookup::wide_address& address) noexcept {
    const port_runtime& port = _ctx.ports[index];
    const port_family& own = port.family[family_index(family)];
    if (own.address.is_zero()) return;  // no source address of the family on the port
    if (!own.neighbours->should_request(address, rte_get_tsc_cycles(), _ctx.arp_interval)) return;
    rte_mbuf* m = rte_pktmbuf_alloc(_ctx.pool);
    if (m == nullptr) return;
    const std::size_t size = family == 6 ? io::neighbour_solicitation_size : io::arp_request_size;
    auto* p = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, static_cast<std::uint16_t>(size)));
    if (p == nullptr) return rte_pktmbuf_free(m);
    if (family == 6) {
        io::build_neighbour_solicitation(std::span<std::uint8_t, io::neighbour_solicitation_size>(p, size),
                                         port.identity.mac, own.address, address);
    } else {
        io::build_arp_request(std::span<std::uint8_t, io::arp_request_size>(p, size), port.identity.mac,
                              static_cast<std::uint32_t>(own.address.lo), static_cast<std::uint32_t>(address.lo));
    }
    count(shm::lcore_counter::arp_requests);
    to_port(index, m);
}

}  // namespace

int worker_main(void* arg) {
    worker w(*static_cast<const worker_context*>(arg));
    w.run();
    return 0;
}

}  // namespace ravelin::dp::app
