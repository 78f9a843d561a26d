// Single-core ESP (tunnel mode, IPv4 in IPv4) against the raw IPsec-MB
// transform on the same inner sizes, in the same run, with the ratio: AES-GCM-128
// (the target), AES-GCM-256, ChaCha20-Poly1305, AES-256-CBC+HMAC-SHA-256.
// Bursts of 32 packets; inner sizes 64 B, 1400 B and IMIX (7:4:1 of 64/576/1500).
//
//   encrypt: ESP seals packets in place; between bursts only the mbuf metadata
//            and the 20-byte inner IPv4 header are restored ("reset_only" is
//            that cost, subtracted in the ratio table).
//   decrypt: every burst first copies the sealed packets back in (decryption is
//            in place); the raw baseline copies the same bytes, so both sides
//            carry the same copy cost. "copy_only" shows that cost.
// Cycles are TSC cycles (__rdtsc) per packet, counted around the ESP call or the
// raw job loop only. The ratio table at the end compares CPU time per packet
// (robust on a shared machine: time spent descheduled is not counted; for
// decrypt the copy is subtracted from both sides) and, alongside, TSC cycles
// (which do count preemption). With --benchmark_repetitions the table takes the
// minimum of the repetitions (noise on a shared machine only adds time).
#include <benchmark/benchmark.h>
#include <x86intrin.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dataplane/ipsec/engine.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"
#include "tests/unit/dataplane/ipsec/sa_builder.hpp"

namespace {

using namespace ravelin::dp;
using test::bytes;

constexpr std::size_t burst = 32;

std::vector<std::size_t> sizes_for(int profile) {
    if (profile == 0) return std::vector<std::size_t>(burst, 64);
    if (profile == 1) return std::vector<std::size_t>(burst, 1400);
    std::vector<std::size_t> imix;  // 7:4:1, repeated to fill the burst (8/12 x 32 ≈ 7:4:1)
    const std::size_t pattern[12] = {64, 576, 64, 64, 576, 64, 1500, 64, 576, 64, 576, 64};
    for (std::size_t i = 0; i < burst; ++i) imix.push_back(pattern[i % 12]);
    return imix;
}
const char* profile_name(int profile) { return profile == 0 ? "64B" : profile == 1 ? "1400B" : "IMIX"; }

// Transforms benchmarked (sa_builder.hpp indices): AES-GCM-128 (the target),
// AES-GCM-256, ChaCha20-Poly1305, AES-256-CBC + HMAC-SHA2-256-128.
constexpr int transform_ids[] = {0, 1, 6, 3};
const char* transform_name(int alg) { return test::transforms[transform_ids[alg]].name; }

struct bench_env {
    bench_env() {
        pool = test::test_pool();
        mgr = std::make_unique<crypto::mb_manager>(crypto::mb_manager::create().value());
        table = std::make_unique<ipsec::sa_table>(ipsec::sa_table_limits{8, 1024});
        engine = std::make_unique<ipsec::esp_engine>(*mgr, *table);
        for (int t : transform_ids) {
            test::sa_params p;
            p.t = test::transforms[t];
            out.push_back(table->add(test::make_sa(p, ipsec::direction::outbound), *mgr).value());
            in.push_back(table->add(test::make_sa(p, ipsec::direction::inbound), *mgr).value());
        }
    }
    rte_mempool* pool;
    std::unique_ptr<crypto::mb_manager> mgr;
    std::unique_ptr<ipsec::sa_table> table;
    std::unique_ptr<ipsec::esp_engine> engine;
    std::vector<ipsec::sa_index> out, in;
};

bench_env& env() {
    static bench_env e;
    return e;
}

struct packet_set {
    explicit packet_set(int profile) {
        for (std::size_t size : sizes_for(profile)) {
            plain.push_back(test::make_udp_packet(false, size - 28));
            mbufs.push_back(test::to_mbuf(env().pool, plain.back()));
            inner_bytes += size;
        }
    }
    ~packet_set() {
        for (rte_mbuf* m : mbufs) rte_pktmbuf_free(m);
    }
    void load(std::size_t i, const bytes& b) {
        rte_mbuf* m = mbufs[i];
        m->data_off = RTE_PKTMBUF_HEADROOM;
        m->data_len = static_cast<std::uint16_t>(b.size());
        m->pkt_len = static_cast<std::uint32_t>(b.size());
        std::memcpy(rte_pktmbuf_mtod(m, void*), b.data(), b.size());
    }
    void reset_plain_header(std::size_t i) {
        rte_mbuf* m = mbufs[i];
        m->data_off = RTE_PKTMBUF_HEADROOM;
        m->data_len = static_cast<std::uint16_t>(plain[i].size());
        m->pkt_len = static_cast<std::uint32_t>(plain[i].size());
        std::memcpy(rte_pktmbuf_mtod(m, void*), plain[i].data(), 20);
    }
    std::vector<bytes> plain;
    std::vector<bytes> sealed;
    std::vector<rte_mbuf*> mbufs;
    std::size_t inner_bytes = 0;
};

void finish(benchmark::State& state, std::uint64_t cycles, std::size_t bytes_per_burst) {
    const auto packets = static_cast<double>(state.iterations() * burst);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(burst));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_burst));
    state.counters["cycles_per_pkt"] = static_cast<double>(cycles) / packets;
    state.counters["Mpps"] = benchmark::Counter(packets / 1e6, benchmark::Counter::kIsRate);
    state.counters["Gbps"] = benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(bytes_per_burst) * 8 / 1e9,
                                                benchmark::Counter::kIsRate);
}

void esp_encrypt(benchmark::State& state) {
    packet_set set(static_cast<int>(state.range(0)));
    const ipsec::sa_index out = env().out[state.range(1)];
    ipsec::drop_reason reasons[burst];
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < burst; ++i) set.reset_plain_header(i);
        env().table->runtime(out).seq = 0;
        const std::uint64_t t0 = __rdtsc();
        const std::uint16_t ok = env().engine->process(out, set.mbufs, reasons);
        cycles += __rdtsc() - t0;
        if (ok != burst) state.SkipWithError("packets dropped");
    }
    finish(state, cycles, set.inner_bytes);
}

void esp_decrypt(benchmark::State& state) {
    packet_set set(static_cast<int>(state.range(0)));
    const ipsec::sa_index out = env().out[state.range(1)];
    const ipsec::sa_index in = env().in[state.range(1)];
    ipsec::drop_reason reasons[burst];
    for (std::size_t i = 0; i < burst; ++i) set.load(i, set.plain[i]);
    if (env().engine->process(out, set.mbufs, reasons) != burst) std::abort();
    for (rte_mbuf* m : set.mbufs) set.sealed.push_back(test::from_mbuf(m));
    ipsec::sa_runtime& rt = env().table->runtime(in);
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < burst; ++i) set.load(i, set.sealed[i]);
        std::memset(rt.replay.blocks, 0, (rt.replay.block_mask + 1) * 8);
        rt.replay.top = 0;
        const std::uint64_t t0 = __rdtsc();
        const std::uint16_t ok = env().engine->process(in, set.mbufs, reasons);
        cycles += __rdtsc() - t0;
        if (ok != burst) state.SkipWithError("packets dropped");
    }
    finish(state, cycles, set.inner_bytes);
}

// The raw transform through the same job API, one job per packet over the
// inner bytes, in place: AEADs with an 8-byte AAD, 12-byte IV and 16-byte tag;
// CBC+HMAC as encrypt-then-MAC over IV + data with a 16-byte truncated tag.
struct raw_keys {
    raw_keys() {
        IMB_MGR* mgr = env().mgr->raw();
        const bytes k(32, 0x42);
        (void)crypto::expand_gcm_key(mgr, std::span(k).first(16), gcm128);
        (void)crypto::expand_gcm_key(mgr, k, gcm256);
        (void)crypto::expand_aes_key(mgr, k, aes256);
        (void)crypto::precompute_hmac(mgr, crypto::hmac_hash::sha256, k, hmac);
    }
    alignas(64) gcm_key_data gcm128;
    alignas(64) gcm_key_data gcm256;
    crypto::aes_key_schedule aes256;
    crypto::hmac_key hmac;
    std::uint8_t chacha[32] = {};
};

void fill_raw(IMB_JOB* job, int alg, bool encrypt, std::uint8_t* buf, std::size_t size) {
    static raw_keys keys;
    static std::uint8_t iv[16] = {}, aad[8] = {};
    job->cipher_direction = encrypt ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
    job->chain_order = encrypt ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
    job->src = job->dst = buf;
    job->cipher_start_src_offset_in_bytes = job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_cipher_in_bytes = job->msg_len_to_hash_in_bytes = size;
    job->iv = iv;
    job->auth_tag_output = buf + size;
    job->auth_tag_output_len_in_bytes = 16;
    if (alg == 3) {
        job->cipher_mode = IMB_CIPHER_CBC;
        job->hash_alg = IMB_AUTH_HMAC_SHA_256;
        job->enc_keys = keys.aes256.enc;
        job->dec_keys = keys.aes256.dec;
        job->key_len_in_bytes = 32;
        job->iv_len_in_bytes = 16;
        job->msg_len_to_cipher_in_bytes = size & ~std::size_t{15};
        job->u.HMAC._hashed_auth_key_xor_ipad = keys.hmac.ipad;
        job->u.HMAC._hashed_auth_key_xor_opad = keys.hmac.opad;
        return;
    }
    job->iv_len_in_bytes = 12;
    if (alg == 2) {
        job->cipher_mode = IMB_CIPHER_CHACHA20_POLY1305;
        job->hash_alg = IMB_AUTH_CHACHA20_POLY1305;
        job->enc_keys = job->dec_keys = keys.chacha;
        job->key_len_in_bytes = 32;
        job->u.CHACHA20_POLY1305.aad = aad;
        job->u.CHACHA20_POLY1305.aad_len_in_bytes = 8;
        return;
    }
    job->cipher_mode = IMB_CIPHER_GCM;
    job->hash_alg = IMB_AUTH_AES_GMAC;
    job->enc_keys = job->dec_keys = alg == 0 ? &keys.gcm128 : &keys.gcm256;
    job->key_len_in_bytes = alg == 0 ? 16 : 32;
    job->u.GCM.aad = aad;
    job->u.GCM.aad_len_in_bytes = 8;
}

void raw_gcm(benchmark::State& state, bool encrypt) {
    const std::vector<std::size_t> sizes = sizes_for(static_cast<int>(state.range(0)));
    const int alg = static_cast<int>(state.range(1));
    IMB_MGR* mgr = env().mgr->raw();
    std::vector<bytes> bufs, pristine;
    std::size_t total = 0;
    for (std::size_t s : sizes) {
        bufs.emplace_back(s + 16, 0x5a);
        pristine.push_back(bufs.back());
        total += s;
    }
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        if (!encrypt) {
            for (std::size_t i = 0; i < burst; ++i) std::memcpy(bufs[i].data(), pristine[i].data(), bufs[i].size());
        }
        const std::uint64_t t0 = __rdtsc();
        for (std::size_t i = 0; i < burst; ++i) {
            IMB_JOB* job = IMB_GET_NEXT_JOB(mgr);
            fill_raw(job, alg, encrypt, bufs[i].data(), sizes[i]);
            IMB_JOB* done = IMB_SUBMIT_JOB(mgr);
            while (done != nullptr) done = IMB_GET_COMPLETED_JOB(mgr);
        }
        while (IMB_FLUSH_JOB(mgr) != nullptr) {
        }
        cycles += __rdtsc() - t0;
    }
    finish(state, cycles, total);
}

void raw_encrypt(benchmark::State& state) { raw_gcm(state, true); }
void raw_decrypt(benchmark::State& state) { raw_gcm(state, false); }

// What esp_encrypt does between bursts besides ESP: restoring metadata and inner header.
void reset_only(benchmark::State& state) {
    packet_set set(static_cast<int>(state.range(0)));
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        const std::uint64_t t0 = __rdtsc();
        for (std::size_t i = 0; i < burst; ++i) set.reset_plain_header(i);
        benchmark::ClobberMemory();
        cycles += __rdtsc() - t0;
    }
    finish(state, cycles, set.inner_bytes);
}

void copy_only(benchmark::State& state) {
    packet_set set(static_cast<int>(state.range(0)));
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        const std::uint64_t t0 = __rdtsc();
        for (std::size_t i = 0; i < burst; ++i) set.load(i, set.plain[i]);
        benchmark::ClobberMemory();
        cycles += __rdtsc() - t0;
    }
    finish(state, cycles, set.inner_bytes);
}

// Collects CPU ns per burst and TSC cycles per packet for the ratio table.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs) {
            cpu_ns[r.benchmark_name()] = r.GetAdjustedCPUTime();
            const auto c = r.counters.find("cycles_per_pkt");
            if (c != r.counters.end()) cycles[r.benchmark_name()] = c->second.value;
        }
        ConsoleReporter::ReportRuns(runs);
    }
    // With --benchmark_repetitions the minimum is used: on a shared machine noise only ever adds.
    double get(const std::map<std::string, double>& m, const std::string& name) const {
        auto it = m.find(name + "_min");
        if (it == m.end()) it = m.find(name);
        return it == m.end() ? 0.0 : it->second;
    }
    std::map<std::string, double> cpu_ns;
    std::map<std::string, double> cycles;
};

void print_ratios(const ratio_reporter& r) {
    std::printf("\nPer packet; CPU time (ESP encrypt minus reset_only, ESP and raw decrypt minus copy_only: the\n"
                "benchmark's own restoring work) and TSC cycles (around the ESP call / raw job loop only)\n");
    std::printf("%-17s %-6s %-8s %9s %9s %8s %9s | %9s %9s %8s\n", "transform", "size", "dir", "esp ns", "raw ns",
                "esp/raw", "% of raw", "esp cyc", "raw cyc", "esp/raw");
    for (int alg = 0; alg < 4; ++alg)
    for (int p = 0; p < 3; ++p) {
        const double copy = r.get(r.cpu_ns, "copy_only/profile:" + std::to_string(p));
        const double reset = r.get(r.cpu_ns, "reset_only/profile:" + std::to_string(p));
        const std::string suffix = "/profile:" + std::to_string(p) + "/alg:" + std::to_string(alg);
        for (const char* dir : {"encrypt", "decrypt"}) {
            const bool dec = std::string(dir) == "decrypt";
            const double esp = (r.get(r.cpu_ns, std::string("esp_") + dir + suffix) - (dec ? copy : reset)) / burst;
            const double raw = (r.get(r.cpu_ns, std::string("raw_") + dir + suffix) - (dec ? copy : 0)) / burst;
            const double esp_c = r.get(r.cycles, std::string("esp_") + dir + suffix);
            const double raw_c = r.get(r.cycles, std::string("raw_") + dir + suffix);
            if (esp <= 0 || raw <= 0) continue;
            std::printf("%-17s %-6s %-8s %9.1f %9.1f %8.2f %8.1f%% | %9.1f %9.1f %8.2f\n", transform_name(alg),
                        profile_name(p), dir, esp, raw, esp / raw, 100.0 * raw / esp, esp_c, raw_c,
                        raw_c > 0 ? esp_c / raw_c : 0.0);
        }
    }
}

}  // namespace

double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
#define RAVELIN_BENCH(fn) BENCHMARK(fn)->ComputeStatistics("min", min_of)
RAVELIN_BENCH(esp_encrypt)->ArgsProduct({{0, 1, 2}, {0, 1, 2, 3}})->ArgNames({"profile", "alg"});
RAVELIN_BENCH(raw_encrypt)->ArgsProduct({{0, 1, 2}, {0, 1, 2, 3}})->ArgNames({"profile", "alg"});
RAVELIN_BENCH(esp_decrypt)->ArgsProduct({{0, 1, 2}, {0, 1, 2, 3}})->ArgNames({"profile", "alg"});
RAVELIN_BENCH(raw_decrypt)->ArgsProduct({{0, 1, 2}, {0, 1, 2, 3}})->ArgNames({"profile", "alg"});
RAVELIN_BENCH(copy_only)->DenseRange(0, 2)->ArgName("profile");
RAVELIN_BENCH(reset_only)->DenseRange(0, 2)->ArgName("profile");

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    std::printf("IPsec-MB %s, arch %s, burst %zu; profile 0 = 64B, 1 = 1400B, 2 = IMIX; alg 0-3 = "
                "aes128gcm16, aes256gcm16, chacha20poly1305, aes256_sha256\n", IMB_VERSION_STR,
                std::string(crypto::arch_name(env().mgr->architecture())).c_str(), burst);
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    print_ratios(reporter);
    return 0;
}
