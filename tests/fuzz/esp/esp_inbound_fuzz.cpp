// Fuzz target for ESP and AH inbound processing.
//   byte 0: SA configuration (ESP: transform x mode x ESN x UDP encapsulation;
//           then AH: HMAC x mode; then ESP with IPComp: tunnel, transport)
//   byte 1: bit 0 clear: bytes 2.. are a received packet for the inbound SA
//           bit 0 set:   bytes 2.. are a plaintext packet; whenever the outbound
//                        SA accepts it, the inbound SA must return it unchanged
// The replay window and sequence counter are reset for every input so that a
// run depends on its input only.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "dataplane/ipsec/engine.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"
#include "tests/unit/dataplane/ipsec/sa_builder.hpp"

namespace {

using namespace ravelin::dp;
using test::bytes;

constexpr int esp_configs = 9 * 2 * 2 * 2;
constexpr int ah_configs = 4 * 2;  // AH: 4 HMACs x tunnel/transport
constexpr int config_count = esp_configs + ah_configs + 2;  // then ESP AES-GCM + IPComp, tunnel/transport

struct fuzz_state {
    fuzz_state() {
        pool = test::test_pool();
        if (pool == nullptr) std::abort();
        auto m = crypto::mb_manager::create();
        if (!m) std::abort();
        mgr = std::make_unique<crypto::mb_manager>(std::move(m).value());
        table = std::make_unique<ipsec::sa_table>(ipsec::sa_table_limits{2 * config_count, 1024});
        engine = std::make_unique<ipsec::esp_engine>(*mgr, *table);
        for (int i = 0; i < config_count; ++i) {
            if (i >= esp_configs + ah_configs) {
                add_ipcomp(i - esp_configs - ah_configs);
                continue;
            }
            if (i >= esp_configs) {
                add_ah(i - esp_configs);
                continue;
            }
            test::sa_params p;
            p.t = test::transforms[i % 9];
            p.mode = (i / 9) % 2 ? ipsec::ipsec_mode::transport : ipsec::ipsec_mode::tunnel;
            p.esn = (i / 18) % 2 != 0;
            p.encap = (i / 36) % 2 != 0;
            out.push_back(table->add(test::make_sa(p, ipsec::direction::outbound), *mgr).value());
            in.push_back(table->add(test::make_sa(p, ipsec::direction::inbound), *mgr).value());
        }
    }

    void add_ah(int n) {
        const ipsec::integ_alg integs[] = {ipsec::integ_alg::hmac_sha1_96, ipsec::integ_alg::hmac_sha256_128,
                                           ipsec::integ_alg::hmac_sha384_192, ipsec::integ_alg::hmac_sha512_256};
        const std::size_t key_len[] = {20, 32, 48, 64};
        for (ipsec::direction d : {ipsec::direction::outbound, ipsec::direction::inbound}) {
            ipsec::sa_config c = test::make_sa({}, d);
            c.proto = ipsec::ipsec_proto::ah;
            c.mode = n / 4 ? ipsec::ipsec_mode::transport : ipsec::ipsec_mode::tunnel;
            c.cipher_key = {};
            c.integ = integs[n % 4];
            c.integ_key = test::secret(key_len[n % 4], 101);
            (d == ipsec::direction::outbound ? out : in).push_back(table->add(c, *mgr).value());
        }
    }

    void add_ipcomp(int n) {
        test::sa_params p;
        p.mode = n ? ipsec::ipsec_mode::transport : ipsec::ipsec_mode::tunnel;
        for (ipsec::direction d : {ipsec::direction::outbound, ipsec::direction::inbound}) {
            ipsec::sa_config c = test::make_sa(p, d);
            c.ipcomp = ipsec::ipcomp_config{};
            (d == ipsec::direction::outbound ? out : in).push_back(table->add(c, *mgr).value());
        }
    }

    void reset(int config) {
        ipsec::sa_runtime& rt = table->runtime(in[config]);
        std::memset(rt.replay.blocks, 0, (rt.replay.block_mask + 1) * sizeof(std::uint64_t));
        rt.replay.top = 0;
        table->runtime(out[config]).seq = 0;
    }

    // Returns the packets that came out; frees everything.
    std::vector<bytes> run(ipsec::sa_index sa, const bytes& packet) {
        rte_mbuf* m = test::to_mbuf(pool, packet);
        if (m == nullptr) std::abort();
        rte_mbuf* mbufs[1] = {m};
        ipsec::drop_reason reasons[1];
        const std::uint16_t ok = engine->process(sa, mbufs, reasons);
        std::vector<bytes> result;
        if (ok == 1) result.push_back(test::from_mbuf(m));
        if (ok == 0 && reasons[0] == ipsec::drop_reason::none) std::abort();
        rte_pktmbuf_free(m);
        return result;
    }

    rte_mempool* pool = nullptr;
    std::unique_ptr<crypto::mb_manager> mgr;
    std::unique_ptr<ipsec::sa_table> table;
    std::unique_ptr<ipsec::esp_engine> engine;
    std::vector<ipsec::sa_index> out;
    std::vector<ipsec::sa_index> in;
};

// Transport mode rewrites the IPv4 header checksum; a wrong one in the input does not survive.
bytes normalised(bytes packet, bool transport) {
    if (transport && packet.size() >= 20 && (packet[0] >> 4) == 4) ipsec::pkt::ipv4_set_checksum(packet.data());
    return packet;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz_state state;
    if (size < 2 || size > 1600) return 0;
    const int config = data[0] % config_count;
    const bytes packet(data + 2, data + size);
    state.reset(config);
    if ((data[1] & 1) == 0) {
        (void)state.run(state.in[config], packet);
        return 0;
    }
    const std::vector<bytes> sealed = state.run(state.out[config], packet);
    if (sealed.empty()) return 0;
    const std::vector<bytes> opened = state.run(state.in[config], sealed[0]);
    const bool transport = config < esp_configs                ? (config / 9) % 2 != 0
                           : config < esp_configs + ah_configs ? (config - esp_configs) / 4 != 0
                                                               : config == config_count - 1;
    if (opened.size() != 1 || opened[0] != normalised(packet, transport)) std::abort();  // the round trip broke
    return 0;
}
