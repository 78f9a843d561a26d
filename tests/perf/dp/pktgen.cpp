// ravelin-pktgen: the traffic source of scripts/bench-dataplane.sh, on a core of
// its own so that the measured program's worker core does nothing but its own work.
//
// A DPDK secondary process attached to the program under test (ravelin-dp or
// ipsec-secgw, both primaries), which opened its lan port as `net_ring0`. It
// allocates mbufs from a pool of its own, writes the Ethernet, IPv4 and UDP
// headers from per-flow templates (payload bytes stay as they are, like a NIC
// receiving the same frame into a recycled buffer), and enqueues bursts straight
// into the ring behind that port (net_ring's RX and TX queue q share the ring
// "ETH_RXTX<q>_<name>": the benchmark makes sure the program never transmits on
// that port, and reports what it did transmit there). The program frees the mbufs
// when its wan port (`net_null`) takes them; that port's TX counter, read here,
// is the measured rate, the same counter for both programs.
//
//   ravelin-pktgen [EAL args] -- --ring NAME --lan PORT --wan PORT --size 64|imix|1400 --flows N
//                                [--warmup S] [--window S]
//   ravelin-pktgen [EAL args, two lcores] -- --sink --size ... --flows N [--window S]
//
// --sink runs as a primary with a ring of its own drained by a second lcore: the
// generator's own rate, to check it outruns the program under test.
//
// Flow i: UDP 172.(16 + i/65536 % 16).(i/256 % 256).(i % 256):1024 ->
// 100.(i/65536 % 256).(i/256 % 256).(i % 256):9, what `ravelin-dp-ctl policy-bulk`
// installs policies for. Packet k belongs to flow k % N, so consecutive packets
// of a burst belong to different flows (and SAs, when each flow has its own).
// Frame sizes include the 4-byte FCS; IMIX is 7:4:1 of 64/594/1518 B.

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_crypto.h>
#include <netinet/in.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr unsigned burst = 32;
constexpr unsigned pool_size = 16383;
constexpr unsigned pool_cache = 256;

// ipsec-secgw keeps this in every mbuf's private area (ipsec.h, struct
// ipsec_mbuf_metadata): the pool's priv_size must hold it.
struct secgw_mbuf_metadata {
    void* sa;
    rte_crypto_op cop;
    rte_crypto_sym_op sym_cop;
    std::uint8_t buf[32];
} __rte_cache_aligned;
constexpr std::uint16_t priv_size = RTE_ALIGN(sizeof(secgw_mbuf_metadata), RTE_MBUF_PRIV_ALIGN);

struct options {
    std::string ring;  // net_ring's ring behind the lan port's RX queue 0
    std::string lan = "net_ring0";
    std::string wan = "net_null1";
    std::string size = "64";
    unsigned flows = 1024;
    double warmup = 1;
    double window = 5;
    std::string dut_thread;  // /proc/PID/task/TID: the worker's CPU time over the window
    bool sink = false;
};

options parse_options(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--sink") {
            o.sink = true;
        } else if (arg == "--ring" && has_value) {
            o.ring = argv[++i];
        } else if (arg == "--lan" && has_value) {
            o.lan = argv[++i];
        } else if (arg == "--wan" && has_value) {
            o.wan = argv[++i];
        } else if (arg == "--size" && has_value) {
            o.size = argv[++i];
        } else if (arg == "--flows" && has_value) {
            o.flows = static_cast<unsigned>(std::stoul(argv[++i]));
        } else if (arg == "--warmup" && has_value) {
            o.warmup = std::stod(argv[++i]);
        } else if (arg == "--window" && has_value) {
            o.window = std::stod(argv[++i]);
        } else if (arg == "--dut-thread" && has_value) {
            o.dut_thread = argv[++i];
        } else {
            throw std::runtime_error("usage: ravelin-pktgen [EAL args] -- (--ring NAME | --sink) [--lan PORT] [--wan PORT] "
                                     "[--size 64|imix|1400] [--flows N] [--warmup S] [--window S] [--dut-thread PID/TID]");
        }
    }
    if (o.flows == 0) throw std::runtime_error("--flows must be at least 1");
    if (o.ring.empty() && !o.sink) throw std::runtime_error("--ring NAME or --sink");
    return o;
}

// Frame lengths without the FCS, the sequence repeating.
std::vector<std::uint16_t> frame_sizes(const std::string& size) {
    if (size == "imix") {
        std::vector<std::uint16_t> out(7, 60);
        out.insert(out.end(), 4, 590);
        out.push_back(1514);
        return out;
    }
    const unsigned with_fcs = static_cast<unsigned>(std::stoul(size));
    if (with_fcs < 64 || with_fcs > 1518) throw std::runtime_error("--size: 64 to 1518, or imix");
    return {static_cast<std::uint16_t>(with_fcs - 4)};
}

constexpr std::size_t header_size = 14 + 20 + 8;

// One flow's headers with the length fields zero, and the one's-complement sum of
// its IPv4 header so far (RFC 1071): adding the total length finishes the checksum.
struct flow_template {
    std::array<std::uint8_t, header_size> bytes;
    std::uint32_t ip_sum;
};

void put16(std::uint8_t* p, std::uint16_t v) { p[0] = static_cast<std::uint8_t>(v >> 8), p[1] = static_cast<std::uint8_t>(v); }

std::vector<flow_template> make_flows(unsigned count, const rte_ether_addr& dst_mac) {
    std::vector<flow_template> flows(count);
    for (unsigned i = 0; i < count; ++i) {
        auto& b = flows[i].bytes;
        std::memcpy(b.data(), dst_mac.addr_bytes, 6);
        const std::uint8_t src_mac[6] = {0x02, 0, 0, 0, 0, 0xaa};
        std::memcpy(b.data() + 6, src_mac, 6);
        put16(b.data() + 12, RTE_ETHER_TYPE_IPV4);
        std::uint8_t* ip = b.data() + 14;
        ip[0] = 0x45, ip[8] = 64, ip[9] = IPPROTO_UDP;
        const auto hi = static_cast<std::uint8_t>(i >> 16), mid = static_cast<std::uint8_t>(i >> 8),
                   lo = static_cast<std::uint8_t>(i);
        const std::uint8_t src[4] = {172, static_cast<std::uint8_t>(16 + (hi & 15)), mid, lo};
        const std::uint8_t dst[4] = {100, hi, mid, lo};
        std::memcpy(ip + 12, src, 4);
        std::memcpy(ip + 16, dst, 4);
        std::uint32_t sum = 0;
        for (unsigned w = 0; w < 20; w += 2) sum += std::uint32_t{ip[w]} << 8 | ip[w + 1];
        flows[i].ip_sum = sum;
        put16(ip + 20, 1024);  // UDP source port; checksum 0 (none, RFC 768)
        put16(ip + 22, 9);
    }
    return flows;
}

// The first byte a packet's headers go to in an mbuf of our pool (buf_addr
// without reading the mbuf: rte_pktmbuf_pool_create puts the buffer right
// after the mbuf and its private area).
std::uint8_t* data_of(rte_mbuf* m) {
    return reinterpret_cast<std::uint8_t*>(m) + sizeof(rte_mbuf) + priv_size + RTE_PKTMBUF_HEADROOM;
}

void write_headers(rte_mbuf* m, const flow_template& flow, std::uint16_t frame_len) {
    std::uint8_t* p = data_of(m);
    std::memcpy(p, flow.bytes.data(), header_size);
    const auto ip_len = static_cast<std::uint16_t>(frame_len - 14);
    put16(p + 14 + 2, ip_len);
    std::uint32_t sum = flow.ip_sum + ip_len;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    put16(p + 14 + 10, static_cast<std::uint16_t>(~sum));
    put16(p + 14 + 20 + 4, static_cast<std::uint16_t>(ip_len - 20));
    m->data_len = frame_len;
    m->pkt_len = frame_len;
}

struct port_counts {
    std::uint64_t wan_tx = 0;  // the program's output
    std::uint64_t lan_tx = 0;  // must stay 0: the ring is ours to produce into
};

struct generator {
    rte_ring* ring;
    rte_mempool* pool;
    std::vector<flow_template> flows;
    std::vector<std::uint16_t> sizes;
    std::uint16_t in_port;
    std::uint64_t sent = 0;
    std::uint64_t attempts = 0;
    std::uint64_t full = 0;   // enqueues that found the ring full: the consumer is the bottleneck
    std::uint64_t empty = 0;  // enqueues that found it empty: the consumer may have waited for us
    std::size_t next_flow = 0;
    std::size_t next_size = 0;
    std::array<rte_mbuf*, burst> pending{};
    unsigned pending_first = 0;
    unsigned pending_count = 0;
    std::array<rte_mbuf*, burst> ahead{};  // the next burst, its lines on their way to this core
    bool ahead_ready = false;

    // The consumer freed these mbufs on its core: fetching their two lines (the
    // mbuf's first, the headers') for writing a burst ahead overlaps the misses.
    bool get_ahead() {
        if (rte_mempool_get_bulk(pool, reinterpret_cast<void**>(ahead.data()), burst) != 0) return false;
        for (rte_mbuf* m : ahead) {
            __builtin_prefetch(m, 1, 3);
            __builtin_prefetch(data_of(m), 1, 3);
        }
        return ahead_ready = true;
    }

    // Freed mbufs come back with refcnt 1, nb_segs 1 and no next segment
    // (rte_mbuf_raw_alloc's contract): only fields of the first line are set.
    void fill() {
        if (!ahead_ready && !get_ahead()) return;
        pending = ahead;
        ahead_ready = false;
        for (rte_mbuf* m : pending) {
            m->data_off = RTE_PKTMBUF_HEADROOM;
            m->ol_flags = 0;
            m->packet_type = 0;
            m->vlan_tci = 0;
            m->port = in_port;
            write_headers(m, flows[next_flow], sizes[next_size]);
            if (++next_flow == flows.size()) next_flow = 0;
            if (++next_size == sizes.size()) next_size = 0;
        }
        pending_first = 0;
        pending_count = burst;
        get_ahead();
    }

    // One burst: a fresh one when the last is gone, then as many as fit.
    void step() {
        if (pending_count == 0) fill();
        if (pending_count == 0) return;
        if (rte_ring_count(ring) == 0) ++empty;
        const unsigned n = rte_ring_sp_enqueue_burst(ring, reinterpret_cast<void**>(pending.data() + pending_first),
                                                     pending_count, nullptr);
        ++attempts;
        if (n < pending_count) ++full;
        sent += n;
        pending_first += n;
        pending_count -= n;
    }
};

std::uint16_t port_id(const std::string& name) {
    std::uint16_t id = 0;
    if (rte_eth_dev_get_port_by_name(name.c_str(), &id) != 0) throw std::runtime_error("no ethdev named " + name);
    return id;
}

port_counts read_ports(std::uint16_t lan, std::uint16_t wan) {
    rte_eth_stats s{};
    port_counts c;
    if (rte_eth_stats_get(wan, &s) == 0) c.wan_tx = s.opackets;
    if (rte_eth_stats_get(lan, &s) == 0) c.lan_tx = s.opackets;
    return c;
}

// Nanoseconds the thread has run (the first field of schedstat): on a shared
// machine the worker may not have its core for the whole window.
double thread_cpu_ns(const std::string& thread) {
    if (thread.empty()) return 0;
    FILE* f = std::fopen(("/proc/" + thread + "/schedstat").c_str(), "r");
    if (f == nullptr) return 0;
    unsigned long long ns = 0;
    if (std::fscanf(f, "%llu", &ns) != 1) ns = 0;
    std::fclose(f);
    return static_cast<double>(ns);
}

// Runs the generator until `seconds` have passed.
void run_for(generator& gen, double seconds) {
    const std::uint64_t end = rte_get_tsc_cycles() + static_cast<std::uint64_t>(seconds * static_cast<double>(rte_get_tsc_hz()));
    while (rte_get_tsc_cycles() < end) {
        for (int i = 0; i < 64; ++i) gen.step();
    }
}

rte_mempool* make_pool() {
    rte_mempool* pool =
        rte_pktmbuf_pool_create("rvgen_pool", pool_size, pool_cache, priv_size, RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
    if (pool == nullptr) throw std::runtime_error(std::string("mbuf pool: ") + rte_strerror(rte_errno));
    rte_mbuf* probe = rte_pktmbuf_alloc(pool);
    const bool layout_as_assumed = probe != nullptr && rte_pktmbuf_mtod(probe, std::uint8_t*) == data_of(probe);
    rte_pktmbuf_free(probe);
    if (!layout_as_assumed) throw std::runtime_error("mbuf pool: data does not follow the private area");
    return pool;
}

int against_program(const options& o) {
    const std::uint16_t lan = port_id(o.lan);
    const std::uint16_t wan = port_id(o.wan);
    rte_ring* ring = rte_ring_lookup(o.ring.c_str());
    if (ring == nullptr) throw std::runtime_error("no ring named " + o.ring);
    rte_ether_addr mac{};
    if (rte_eth_macaddr_get(lan, &mac) != 0) throw std::runtime_error("MAC address of " + o.lan);
    generator gen{ring, make_pool(), make_flows(o.flows, mac), frame_sizes(o.size), lan};

    run_for(gen, o.warmup);
    const port_counts before = read_ports(lan, wan);
    const std::uint64_t sent_before = gen.sent, attempts_before = gen.attempts, full_before = gen.full,
                        empty_before = gen.empty;
    const double cpu0 = thread_cpu_ns(o.dut_thread);
    const std::uint64_t t0 = rte_get_tsc_cycles();
    run_for(gen, o.window);
    const std::uint64_t t1 = rte_get_tsc_cycles();
    const double cpu1 = thread_cpu_ns(o.dut_thread);
    const port_counts after = read_ports(lan, wan);
    const double seconds = static_cast<double>(t1 - t0) / static_cast<double>(rte_get_tsc_hz());
    const auto attempts = static_cast<double>(gen.attempts - attempts_before);
    const auto out = static_cast<double>(after.wan_tx - before.wan_tx);
    // Packets per second of the worker's own CPU time: what one core it had to itself would do.
    const double per_cpu = cpu1 > cpu0 ? out / ((cpu1 - cpu0) * 1e-9) : 0;
    const auto share = [attempts](std::uint64_t n) { return attempts == 0 ? 0.0 : 100.0 * static_cast<double>(n) / attempts; };
    std::printf("dut_pps=%.0f dut_pps_cpu=%.0f dut_cpu=%.0f%% gen_pps=%.0f ring_full=%.1f%% ring_empty=%.2f%% lan_tx=%llu\n",
                out / seconds, per_cpu, (cpu1 - cpu0) * 1e-7 / seconds,
                static_cast<double>(gen.sent - sent_before) / seconds, share(gen.full - full_before),
                share(gen.empty - empty_before),
                static_cast<unsigned long long>(after.lan_tx));
    return 0;
}

// --sink: a second lcore drains and frees, as cheaply as a consumer can.
std::atomic<bool> sink_stop{false};
std::uint64_t sink_drained = 0;

int sink_main(void* arg) {
    auto* ring = static_cast<rte_ring*>(arg);
    std::array<rte_mbuf*, burst> pkts;
    while (!sink_stop.load(std::memory_order_relaxed)) {
        const unsigned n = rte_ring_sc_dequeue_burst(ring, reinterpret_cast<void**>(pkts.data()), burst, nullptr);
        rte_pktmbuf_free_bulk(pkts.data(), n);
        sink_drained += n;
    }
    return 0;
}

int into_sink(const options& o) {
    const unsigned sink_lcore = rte_get_next_lcore(-1, 1, 0);
    if (sink_lcore >= RTE_MAX_LCORE) throw std::runtime_error("--sink needs two lcores (-l 0,1)");
    rte_ring* ring = rte_ring_create("rvgen_sink", 1024, static_cast<int>(rte_socket_id()), RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (ring == nullptr) throw std::runtime_error(std::string("ring: ") + rte_strerror(rte_errno));
    rte_ether_addr mac{{0x02, 0, 0, 0, 0, 0x01}};
    generator gen{ring, make_pool(), make_flows(o.flows, mac), frame_sizes(o.size), 0};
    rte_eal_remote_launch(sink_main, ring, sink_lcore);
    run_for(gen, o.warmup);
    const std::uint64_t sent_before = gen.sent;
    const double cpu0 = thread_cpu_ns("thread-self");
    const std::uint64_t t0 = rte_get_tsc_cycles();
    run_for(gen, o.window);
    const double cpu1 = thread_cpu_ns("thread-self");
    const double seconds = static_cast<double>(rte_get_tsc_cycles() - t0) / static_cast<double>(rte_get_tsc_hz());
    sink_stop.store(true);
    rte_eal_mp_wait_lcore();
    const auto sent = static_cast<double>(gen.sent - sent_before);
    std::printf("gen_pps=%.0f gen_pps_cpu=%.0f gen_cpu=%.0f%%\n", sent / seconds,
                cpu1 > cpu0 ? sent / ((cpu1 - cpu0) * 1e-9) : 0.0, (cpu1 - cpu0) * 1e-7 / seconds);
    return 0;
}

int run(int argc, char** argv) {
    const int consumed = rte_eal_init(argc, argv);
    if (consumed < 0) {
        std::fprintf(stderr, "ravelin-pktgen: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
        return 1;
    }
    int rc = 1;
    try {
        const options o = parse_options(argc - consumed, argv + consumed);
        rc = o.sink ? into_sink(o) : against_program(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ravelin-pktgen: %s\n", e.what());
    }
    rte_eal_cleanup();
    return rc;
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
