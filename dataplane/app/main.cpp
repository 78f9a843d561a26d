// ravelin-dp [EAL args] -- --config FILE [--segment /NAME] [--log SPEC] [--idle-sleep-us N] [--neighbour PORT,IPV4,MAC]...
// (--segment overrides the configuration's dataplane.segment; --idle-sleep-us
// lets idle workers sleep, for machines whose cores are shared)
//
// The DPDK primary process: ports and their exception TAPs from the
// configuration's dataplane section, one worker per lcore other than the main
// one, and the main lcore applying ring commands from ravelin-ike.

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "common/shm/segment.hpp"
#include "control-plane/config/loader.hpp"
#include "dataplane/app/ports.hpp"
#include "dataplane/app/worker.hpp"
#include "dataplane/ctl/applier.hpp"

#ifdef RAVELIN_HAVE_ESP
#include "dataplane/app/esp_backend.hpp"
#include "dataplane/crypto/mb_manager.hpp"
#include "dataplane/ipsec/engine.hpp"
#endif

namespace ravelin::dp::app {
namespace {

namespace shm = common::shm;

std::atomic<bool> stop_requested{false};

void on_signal(int) { stop_requested.store(true); }

#ifdef RAVELIN_HAVE_ESP
// The largest anti-replay window an inbound SA may ask for (bits). Every SA
// reserves this much bitmap (128 B), so it is kept to what IKE peers propose
// (strongSwan's replay_window default is 32; IKE configurations rarely exceed 1024).
constexpr std::uint32_t sa_replay_window_bits = 1024;
#endif

// A next hop given on the command line: where ARP/ND cannot run (net_null,
// net_pcap benchmark ports) or should not (static setups).
struct static_neighbour {
    std::string port;
    std::uint8_t family = 4;
    lookup::wide_address address;
    io::mac_address mac{};
};

static_neighbour parse_neighbour(const std::string& text) {
    // PORT,IP,MAC (the address IPv4 or IPv6)
    const auto first = text.find(',');
    const auto second = text.find(',', first == std::string::npos ? first : first + 1);
    if (first == std::string::npos || second == std::string::npos) throw std::runtime_error("--neighbour PORT,IP,MAC");
    static_neighbour n;
    n.port = text.substr(0, first);
    auto address = common::ip_address::parse(text.substr(first + 1, second - first - 1));
    if (!address) throw std::runtime_error("--neighbour: not an IP address: " + text);
    const auto b = address->bytes();
    n.family = address->is_v4() ? 4 : 6;
    n.address = address->is_v4() ? lookup::widen_v4(b.data()) : lookup::widen_v6(b.data());
    unsigned m[6];
    if (std::sscanf(text.c_str() + second + 1, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) {
        throw std::runtime_error("--neighbour: not a MAC address: " + text);
    }
    for (int i = 0; i < 6; ++i) n.mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(m[i]);
    return n;
}

struct options {
    std::vector<static_neighbour> neighbours;
    std::string config;
    std::string segment;  // empty: the configuration's dataplane.segment
    std::string log = "info";
    unsigned idle_sleep_us = 0;  // 0: workers busy-poll without pause
};

options parse_options(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--config" && has_value) {
            o.config = argv[++i];
        } else if (arg == "--segment" && has_value) {
            o.segment = argv[++i];
        } else if (arg == "--log" && has_value) {
            o.log = argv[++i];
        } else if (arg == "--idle-sleep-us" && has_value) {
            o.idle_sleep_us = static_cast<unsigned>(std::stoul(argv[++i]));
        } else if (arg == "--neighbour" && has_value) {
            o.neighbours.push_back(parse_neighbour(argv[++i]));
        } else {
            throw std::runtime_error("usage: ravelin-dp [EAL args] -- --config FILE [--segment /NAME] [--log SPEC] "
                                     "[--idle-sleep-us N] [--neighbour PORT,IPV4,MAC]...");
        }
    }
    if (o.config.empty()) throw std::runtime_error("--config FILE is required");
    return o;
}

// Built without the ESP engine: SAs are refused with a reason ravelin-ike sees.
class no_engine_backend final : public ctl::sa_backend {
public:
    ctl::install_result install(const shm::sa_record&) override {
        return {lookup::no_sa, shm::command_error::unsupported};
    }
    void remove(std::uint32_t) override {}
    ctl::sa_usage usage(std::uint32_t) const override { return {}; }
};

// SAs whose counters the main lcore copies into the segment between two polls
// of the command ring.
constexpr std::size_t counter_slice = 2048;

// A handed-off packet names its SA by index only. After a grace period no
// worker can still pick a deleted SA's index from the SAD or SPD, but one may
// sit in a handoff ring: wait until every ring's consumer has passed what was
// in it (bounded by one poll round of its worker, unlike waiting for the ring
// to be empty under traffic); the caller's second grace period then covers the
// owner finishing the packets it dequeued.
void drain_handoff(const std::vector<rte_ring*>& rings) {
    for (rte_ring* ring : rings) {
        const std::uint32_t produced = __atomic_load_n(&ring->prod.tail, __ATOMIC_ACQUIRE);
        while (static_cast<std::int32_t>(__atomic_load_n(&ring->cons.tail, __ATOMIC_ACQUIRE) - produced) < 0 &&
               !stop_requested.load()) {
            std::this_thread::yield();
        }
    }
}

cp::config::dataplane_config load_dataplane(const std::string& path) {
    auto loaded = cp::config::load_config_file(path);
    if (!loaded.config) {
        std::string message = path + ": configuration refused";
        for (const auto& issue : loaded.issues) message += "\n  " + issue.to_string();
        throw std::runtime_error(message);
    }
    if (!loaded.config->dataplane || loaded.config->dataplane->ports.empty()) {
        throw std::runtime_error(path + ": no dataplane.ports: nothing for ravelin-dp to do");
    }
    if (loaded.config->dataplane->ports.size() > max_ports) throw std::runtime_error("too many ports");
    return *loaded.config->dataplane;
}

// rte_eal_cleanup() when it goes out of scope, on every exit path.
struct eal_cleanup_on_exit {
    eal_cleanup_on_exit() = default;
    eal_cleanup_on_exit(const eal_cleanup_on_exit&) = delete;
    eal_cleanup_on_exit& operator=(const eal_cleanup_on_exit&) = delete;
    ~eal_cleanup_on_exit() { rte_eal_cleanup(); }
};

int run(int argc, char** argv) {
    const int consumed = rte_eal_init(argc, argv);
    if (consumed < 0) {
        std::fprintf(stderr,
                     "ravelin-dp: EAL initialisation failed: %s\n"
                     "  (no hugepages? run with --no-huge -m 256, or reserve some: echo 256 > /proc/sys/vm/nr_hugepages)\n",
                     rte_strerror(rte_errno));
        return 1;
    }
    // Declared before every object holding DPDK memory (SPD classifiers, SA
    // tables, rings), so the EAL is torn down after all of them are gone.
    const eal_cleanup_on_exit eal_cleanup;
    const options opts = parse_options(argc - consumed, argv + consumed);
    common::log::setup(opts.log);
    auto& log = common::log::get(common::log::subsystem::dp);

    const unsigned workers = rte_lcore_count() - 1;
    if (workers == 0) throw std::runtime_error("no worker lcore: give the EAL at least two (-l 0,1)");
    const auto config = load_dataplane(opts.config);

    rte_mempool* pool = rte_pktmbuf_pool_create("rv_pool", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
    if (pool == nullptr) throw std::runtime_error(std::string("mbuf pool: ") + rte_strerror(rte_errno));

    std::vector<std::unique_ptr<io::neighbour_table>> neighbours;
    std::vector<port_runtime> ports;
    for (std::size_t i = 0; i < config.ports.size(); ++i) {
        neighbours.push_back(std::make_unique<io::neighbour_table>());
        neighbours.push_back(std::make_unique<io::neighbour_table>());
        const std::array<io::neighbour_table*, 2> tables{neighbours[2 * i].get(), neighbours[2 * i + 1].get()};
        ports.push_back(open_port(config.ports[i], i, static_cast<std::uint16_t>(workers), pool, tables));
        const auto& mac = ports.back().identity.mac;
        log.info("port {} ({}) up as ethdev {}, MAC {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}, exception path {}",
                 config.ports[i].name, config.ports[i].device, ports.back().port_id, mac[0], mac[1], mac[2], mac[3],
                 mac[4], mac[5], tap_name(config.ports[i].name));
    }

    for (const auto& n : opts.neighbours) {
        std::size_t i = 0;
        while (i < config.ports.size() && config.ports[i].name != n.port) ++i;
        if (i == config.ports.size()) throw std::runtime_error("--neighbour: no port named " + n.port);
        neighbours[2 * i + family_index(n.family)]->learn(n.address, n.mac);
    }

    // Workers report a quiescent state after every poll round; the main lcore
    // frees or reuses SAD/SPD memory only after all of them did.
    const std::size_t qsbr_size = rte_rcu_qsbr_get_memsize(workers);
    auto* qsbr = static_cast<rte_rcu_qsbr*>(rte_zmalloc("rv_qsbr", qsbr_size, RTE_CACHE_LINE_SIZE));
    if (qsbr == nullptr || rte_rcu_qsbr_init(qsbr, workers) != 0) throw std::runtime_error("QSBR initialisation");
    // One handoff ring per worker: packets for the SAs it owns (worker.hpp).
    std::vector<rte_ring*> handoff;
    for (unsigned w = 0; w < workers; ++w) {
        const std::string name = "rv_handoff" + std::to_string(w);
        handoff.push_back(rte_ring_create(name.c_str(), 1024, static_cast<int>(rte_socket_id()), RING_F_SC_DEQ));
        if (handoff.back() == nullptr) throw std::runtime_error(name + ": " + rte_strerror(rte_errno));
    }
    const auto grace = [qsbr, &handoff] {
        rte_rcu_qsbr_synchronize(qsbr, RTE_QSBR_THRID_INVALID);
        drain_handoff(handoff);
        rte_rcu_qsbr_synchronize(qsbr, RTE_QSBR_THRID_INVALID);
    };

    const std::string& segment_name = opts.segment.empty() ? config.segment : opts.segment;
    auto segment = shm::segment::create(segment_name);
    if (!segment) throw std::runtime_error(segment_name + ": " + segment.error().message());
    log.info("segment {} generation {}", segment_name, segment->generation());
#ifdef RAVELIN_HAVE_ESP
    // One IPsec-MB manager per lcore; the main lcore's expands keys at install.
    auto make_manager = [] {
        auto mgr = crypto::mb_manager::create();
        if (!mgr) throw std::runtime_error("IPsec-MB: " + mgr.error().message());
        return std::make_unique<crypto::mb_manager>(std::move(mgr).value());
    };
    // dataplane.max_sas (docs/CONFIG.md): arrays are sized now, their pages committed as SAs arrive.
    const std::uint32_t max_sas = config.max_sas;
    auto main_manager = make_manager();
    ipsec::sa_table sa_table(ipsec::sa_table_limits{max_sas, sa_replay_window_bits});
    esp_backend backend(sa_table, *main_manager);
    std::vector<std::unique_ptr<crypto::mb_manager>> managers;
    std::vector<std::unique_ptr<ipsec::esp_engine>> engines;
    for (unsigned w = 0; w < workers; ++w) {
        managers.push_back(make_manager());
        engines.push_back(std::make_unique<ipsec::esp_engine>(*managers.back(), sa_table));
    }
    log.info("ESP engine: IPsec-MB {}", crypto::arch_name(main_manager->architecture()));
#else
    const std::uint32_t max_sas = config.max_sas;
    no_engine_backend backend;
    log.warn("built without the ESP engine: SAs will be refused");
#endif
    ctl::applier applier(*segment, backend, max_sas, grace);
    log.info("SA table: room for {} SAs", max_sas);

    std::vector<worker_context> contexts(workers);
    std::vector<std::unique_ptr<lcore_event_ring>> event_rings;
    std::vector<shm::ring_consumer<lcore_event, 256>> event_consumers;
    for (unsigned w = 0; w < workers; ++w) {
        event_rings.push_back(std::make_unique<lcore_event_ring>());
        event_consumers.emplace_back(*event_rings.back());
    }
    unsigned index = 0;
    unsigned lcore = 0;
    RTE_LCORE_FOREACH_WORKER(lcore) {
        worker_context& ctx = contexts[index];
        ctx.queue = static_cast<std::uint16_t>(index);
        ctx.thread_id = index;
        ctx.ports = ports;
        ctx.spd = &applier.spd();
        ctx.sad = &applier.inbound();
        ctx.qsbr = qsbr;
        ctx.counters = &segment->layout().lcore_counters[index];
        ctx.pool = pool;
        ctx.arp_interval = rte_get_tsc_hz();
        ctx.stop = &stop_requested;
        ctx.events = event_rings[index].get();
        ctx.handoff = handoff;
        ctx.acquire_interval = rte_get_tsc_hz() / 10;  // at most 10 acquires/s per reqid and worker
        ctx.idle_sleep_us = opts.idle_sleep_us;
#ifdef RAVELIN_HAVE_ESP
        ctx.engine = engines[index].get();
        ctx.sa_reqid = backend.reqids();
#endif
        rte_rcu_qsbr_thread_register(qsbr, index);
        rte_eal_remote_launch(worker_main, &ctx, lcore);
        ++index;
    }
    // The tunnel tests check this line before their IPv6 inner cases.
    log.info("packet path: IPv4, IPv6");
    log.info("{} worker(s) running", workers);

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    auto next_publish = std::chrono::steady_clock::now();
    while (!stop_requested.load()) {
        bool busy = applier.poll() > 0;
        for (auto& consumer : event_consumers) {
            lcore_event event;
            while (consumer.try_pop(event)) {
                busy = true;
                if (event.kind == shm::event_kind::acquire) {
                    applier.raise_acquire(event.reqid, event.src, event.dst, event.ip_protocol, event.src_port,
                                          event.dst_port);
                } else {
                    applier.raise(event.sa, event.kind);
                }
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_publish) {
            // A slice at a time, so a command waits for one slice (well under a
            // millisecond), not for a sweep (tens of ms at 100,000 SAs).
            busy = true;
            if (applier.publish_counters(counter_slice)) next_publish = now + std::chrono::milliseconds(100);
        }
        if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    log.info("stopping");
    rte_eal_mp_wait_lcore();
    for (const auto& port : ports) {
        rte_eth_dev_stop(port.port_id);
        rte_eth_dev_stop(port.tap_id);
        rte_eth_dev_close(port.tap_id);
        rte_eth_dev_close(port.port_id);
    }
    rte_free(qsbr);
    for (rte_ring* ring : handoff) rte_ring_free(ring);
    return 0;
}

}  // namespace
}  // namespace ravelin::dp::app

int main(int argc, char** argv) {
    try {
        return ravelin::dp::app::run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ravelin-dp: %s\n", e.what());
        return 1;
    }
}
