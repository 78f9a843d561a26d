// SPD lookup cost per packet: the rte_acl classifier ravelin-dp uses against
// the linear first-match reference (tests/unit/dataplane/lookup/spd_linear.hpp),
// in the same run, on the same policies and packets.
//
// Policies: N outbound protect policies, each a distinct pair of subnets
// (IPv4 /24 -> /24, IPv6 /64 -> /64), a third of them with a port range,
// random priorities, and a final catch-all bypass at the lowest priority, the
// shape of a hub gateway with N tunnels. Packets: 4096 flows, each aimed at a
// random policy's subnets (so the linear scan stops on average half-way) plus
// one in eight that only the catch-all matches (a full scan). Reported: ns per
// lookup (CPU time / packets), one at a time and in bursts of 32 (what the
// workers do for forwarded packets); the ratio table divides linear by acl.
// "build" is the cost of a policy change on the main lcore (sort + compile).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <span>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "dataplane/lookup/spd.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"
#include "tests/unit/dataplane/lookup/spd_linear.hpp"

namespace {

using namespace ravelin::dp::lookup;

wide_address subnet(std::uint8_t family, std::uint32_t i, bool remote) {
    if (family == 4) return {0, (remote ? 0x64000000u : 0x0a000000u) | (i << 8)};  // 10.x.y.0/24, 100.x.y.0/24
    return {(remote ? 0xfd02000000000000ull : 0xfd01000000000000ull) | i, 0};      // fd01:0:0:i::/64
}

compiled_selector selector(std::uint8_t family, std::uint32_t i, bool remote) {
    compiled_selector s;
    s.family = family;
    s.low = subnet(family, i, remote);
    s.high = family == 4 ? wide_address{0, s.low.lo | 0xff} : wide_address{s.low.hi, ~std::uint64_t{0}};
    return s;
}

struct fixture {
    spd_snapshot snapshot;
    std::vector<flow> flows;
};

fixture& make(std::uint8_t family, std::uint32_t policies) {
    static std::map<std::pair<int, std::uint32_t>, fixture> cache;
    auto [it, fresh] = cache.try_emplace({family, policies});
    fixture& fx = it->second;
    if (!fresh) return fx;
    std::mt19937 rng(policies * 7 + family);
    for (std::uint32_t i = 0; i < policies; ++i) {
        spd_entry e;
        e.local = selector(family, i, false);
        e.remote = selector(family, i, true);
        if (i % 3 == 0) e.remote.protocol = e.local.protocol = 6, e.remote.port_low = 443, e.remote.port_high = 443;
        e.priority = static_cast<std::uint32_t>(100 + rng() % 1000);
        e.reqid = i + 1;
        e.action = ravelin::common::shm::action_code::protect;
        fx.snapshot.outbound.push_back(e);
    }
    spd_entry any;
    any.local.family = any.remote.family = family;
    any.local.high = any.remote.high = family == 4 ? wide_address{0, 0xffffffffu} : wide_address{~0ull, ~0ull};
    any.priority = 1u << 30;
    any.action = ravelin::common::shm::action_code::bypass;
    fx.snapshot.outbound.push_back(any);
    if (!fx.snapshot.build()) std::abort();
    for (int k = 0; k < 4096; ++k) {
        const std::uint32_t i = static_cast<std::uint32_t>(rng() % policies);
        flow f;
        f.family = family;
        f.src = subnet(family, i, false), f.dst = subnet(family, k % 8 == 0 ? i + policies : i, true);
        f.src.lo |= 5, f.dst.lo |= 9;
        f.protocol = 6, f.src_port = static_cast<std::uint16_t>(40000 + k), f.dst_port = 443;
        fx.flows.push_back(f);
    }
    return fx;
}

template <bool acl>
void spd_lookup(benchmark::State& state) {
    const auto family = static_cast<std::uint8_t>(state.range(0));
    fixture& fx = make(family, static_cast<std::uint32_t>(state.range(1)));
    std::size_t i = 0;
    for (auto _ : state) {
        const flow& f = fx.flows[i++ & 4095];
        const spd_entry* hit = acl ? fx.snapshot.match_outbound(f) : ravelin::dp::lookup::test::linear_match(
                                                                         fx.snapshot.outbound, f, true);
        benchmark::DoNotOptimize(hit);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void args(benchmark::internal::Benchmark* b) {
    for (int family : {4, 6}) {
        for (int n : {1, 1000, 10000}) b->Args({family, n});
    }
    b->ArgNames({"family", "policies"});
}

// Bursts of 32 flows through one classifier call, as ravelin-dp's workers do.
void spd_lookup_burst(benchmark::State& state) {
    const auto family = static_cast<std::uint8_t>(state.range(0));
    fixture& fx = make(family, static_cast<std::uint32_t>(state.range(1)));
    std::array<const spd_entry*, 32> hits;
    std::size_t i = 0;
    for (auto _ : state) {
        fx.snapshot.match_outbound_burst(std::span<const flow>(fx.flows.data() + (i & 4095), 32), hits);
        benchmark::DoNotOptimize(hits.data());
        i += 32;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 32));
    state.counters["ns_per_lookup"] = benchmark::Counter(static_cast<double>(state.iterations() * 32),
                                                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// What a policy change costs the main lcore: sorting and compiling the snapshot.
void spd_build(benchmark::State& state) {
    const auto family = static_cast<std::uint8_t>(state.range(0));
    const fixture& fx = make(family, static_cast<std::uint32_t>(state.range(1)));
    for (auto _ : state) {
        spd_snapshot copy;
        copy.outbound = fx.snapshot.outbound;
        if (!copy.build()) state.SkipWithError("rte_acl build failed");
    }
}

BENCHMARK(spd_lookup_burst)->Name("acl_burst32")->Apply(args);
BENCHMARK(spd_build)->Name("build")->Apply(args)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(spd_lookup<true>)->Name("acl")->Apply(args);
BENCHMARK(spd_lookup<false>)->Name("linear")->Apply(args);

// The ns/lookup of every run, and the ratio table once all have run.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            const bool burst = run.benchmark_name().rfind("acl_burst32", 0) == 0;
            _ns[run.benchmark_name()] = run.GetAdjustedCPUTime() / (burst ? 32 : 1);  // ns per lookup
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nns per lookup (CPU time); ratio = linear / acl\n");
        std::printf("%-8s %-9s %10s %14s %10s %12s %14s\n", "family", "policies", "acl ns", "acl burst ns", "linear ns",
                    "ratio", "ratio (burst)");
        for (int family : {4, 6}) {
            for (int n : {1, 1000, 10000}) {
                const std::string suffix = "/family:" + std::to_string(family) + "/policies:" + std::to_string(n);
                const double a = _ns["acl" + suffix], b = _ns["acl_burst32" + suffix], l = _ns["linear" + suffix];
                if (a > 0 && b > 0 && l > 0) {
                    std::printf("IPv%-5d %-9d %10.1f %14.1f %10.1f %11.1fx %13.1fx\n", family, n, a, b, l, l / a, l / b);
                }
            }
        }
    }

private:
    std::map<std::string, double> _ns;
};

}  // namespace

int main(int argc, char** argv) {
    if (!ravelin::dp::test::init_eal()) return 1;
    benchmark::Initialize(&argc, argv);
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
