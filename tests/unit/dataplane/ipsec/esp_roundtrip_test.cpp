// ESP outbound then inbound through the real engine, for every transform, mode,
// address-family combination, ESN and UDP encapsulation: the receiver gets the
// exact original packet back, and the wire format has the RFC 4303 shape.
// (Byte-exactness against an independent implementation is the scapy
// cross-validation's job; see esp_crossval.py.)
#include <tuple>

#include "esp_fixture.hpp"
#include "sa_builder.hpp"

namespace ravelin::dp::test {
namespace {

using ipsec::ipsec_mode;

// (transform, mode/family case, esn, encap)
using roundtrip_param = std::tuple<int, int, bool, bool>;

struct family_case {
    ipsec_mode mode;
    bool outer_v6;
    bool inner_v6;
    const char* name;
};
const family_case family_cases[] = {
    {ipsec_mode::tunnel, false, false, "tunnel_4in4"},  {ipsec_mode::tunnel, true, true, "tunnel_6in6"},
    {ipsec_mode::tunnel, true, false, "tunnel_4in6"},   {ipsec_mode::tunnel, false, true, "tunnel_6in4"},
    {ipsec_mode::transport, false, false, "transport_4"}, {ipsec_mode::transport, true, true, "transport_6"},
};

// The one's complement sum of the IPv6 pseudo-header and the UDP datagram at
// `udp` (RFC 8200 §8.1, RFC 768), big-endian words; a valid checksum makes it 0xffff.
unsigned udp6_verify(const bytes& w, std::size_t udp) {
    std::uint32_t sum = 0;
    for (std::size_t i = 8; i < 40; i += 2) sum += ipsec::pkt::load16(&w[i]);
    const std::size_t len = w.size() - udp;
    sum += static_cast<std::uint32_t>(len) + 17;
    for (std::size_t i = udp; i < w.size(); i += 2) sum += i + 1 < w.size() ? ipsec::pkt::load16(&w[i]) : w[i] << 8u;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

class esp_roundtrip : public esp_fixture, public ::testing::WithParamInterface<roundtrip_param> {};

TEST_P(esp_roundtrip, receiver_recovers_the_exact_packet) {
    const auto [ti, fi, esn, encap] = GetParam();
    const family_case& f = family_cases[fi];
    sa_params p{transforms[ti], f.mode, f.outer_v6, esn, encap};
    const auto out = add(make_sa(p, ipsec::direction::outbound));
    const auto in = add(make_sa(p, ipsec::direction::inbound));
    const std::size_t iv = transforms[ti].cipher == ipsec::cipher_alg::aes_cbc ? 16 : 8;
    const std::size_t align = iv == 16 ? 16 : 4;
    const std::size_t icv = table->runtime(out).icv_len;
    std::vector<bytes> plain;
    for (std::size_t size : {0, 1, 2, 3, 13, 100, 1400}) plain.push_back(make_udp_packet(f.inner_v6, size, 0xb8, static_cast<std::uint8_t>(size)));
    const burst_out sealed = run(out, plain);
    ASSERT_EQ(sealed.good.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const bytes& w = sealed.good[i];
        const std::size_t ip = f.outer_v6 ? 40 : 20;
        const std::size_t esp = ip + (encap ? 8 : 0);
        ASSERT_GT(w.size(), esp + 8 + iv + icv);
        EXPECT_EQ(w[0] >> 4, f.outer_v6 ? 6 : 4);
        EXPECT_EQ(f.outer_v6 ? w[6] : w[9], encap ? 17 : 50);
        EXPECT_EQ(ipsec::pkt::load32(&w[esp]), 0x1000u);
        EXPECT_EQ(ipsec::pkt::load32(&w[esp + 4]), i + 1);  // RFC 4303 §3.3.3: the first packet carries 1
        EXPECT_EQ((w.size() - esp - 8 - iv - icv) % align, 0u);
        if (!f.outer_v6) {
            EXPECT_EQ(ipsec::pkt::ipv4_checksum(w.data(), 20), 0) << "outer IPv4 checksum";
        } else if (encap) {
            EXPECT_NE(ipsec::pkt::load16(&w[ip + 6]), 0) << "RFC 8200 §8.1: no zero UDP checksum over IPv6";
            EXPECT_EQ(udp6_verify(w, ip), 0xffff) << "UDP checksum over the IPv6 pseudo-header";
        }
    }
    const burst_out opened = run(in, sealed.good);
    ASSERT_EQ(opened.good.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(opened.good[i], plain[i]) << "packet " << i;
    EXPECT_EQ(table->runtime(in).packets, plain.size());
    EXPECT_EQ(table->runtime(out).packets, plain.size());
    EXPECT_EQ(table->runtime(in).replay.top, plain.size());
}

std::string roundtrip_name(const ::testing::TestParamInfo<roundtrip_param>& info) {
    const auto [ti, fi, esn, encap] = info.param;
    return std::string(transforms[ti].name) + "_" + family_cases[fi].name + (esn ? "_esn" : "") + (encap ? "_udp" : "");
}

INSTANTIATE_TEST_SUITE_P(matrix, esp_roundtrip,
                         ::testing::Combine(::testing::Range(0, 9), ::testing::Range(0, 6), ::testing::Bool(),
                                            ::testing::Bool()),
                         roundtrip_name);

}  // namespace
}  // namespace ravelin::dp::test

namespace ravelin::dp::test {
namespace {

// AH (RFC 4302) both ways for every HMAC, mode/family and ESN setting; the
// scapy cross-validation checks the bytes, this checks the engine round trip
// and the header shape.
class ah_roundtrip : public esp_fixture {};

TEST_F(ah_roundtrip, receiver_recovers_the_exact_packet) {
    const ipsec::integ_alg integs[] = {ipsec::integ_alg::hmac_sha1_96, ipsec::integ_alg::hmac_sha256_128,
                                       ipsec::integ_alg::hmac_sha384_192, ipsec::integ_alg::hmac_sha512_256};
    const std::size_t key_len[] = {20, 32, 48, 64};
    std::uint32_t spi = 0x5000;
    for (int k = 0; k < 4; ++k) {
        for (const family_case& f : family_cases) {
            if (f.mode == ipsec_mode::tunnel && f.outer_v6 != f.inner_v6 && k > 0) continue;
            for (bool esn : {false, true}) {
                SCOPED_TRACE(testing::Message() << "integ " << k << " " << f.name << " esn " << esn);
                ipsec::sa_config out;
                out.proto = ipsec::ipsec_proto::ah;
                out.spi = ipsec::spi{++spi};
                out.mode = f.mode;
                out.integ = integs[k];
                out.integ_key = secret(key_len[k], 9);
                out.esn = esn;
                out.tunnel_src = addr(f.outer_v6 ? "2001:db8:ff::1" : "192.0.2.1");
                out.tunnel_dst = addr(f.outer_v6 ? "2001:db8:ff::2" : "192.0.2.2");
                ipsec::sa_config in = make_sa({}, ipsec::direction::inbound);
                in.proto = ipsec::ipsec_proto::ah;
                in.spi = out.spi;
                in.mode = f.mode;
                in.integ = integs[k];
                in.cipher_key = {};
                in.integ_key = secret(key_len[k], 9);
                in.esn = esn;
                const auto o = add(out);
                const auto i = add(in);
                const bytes plain = make_udp_packet(f.inner_v6, 33);
                const bytes wire = run_one(o, plain);
                const std::size_t ip = f.outer_v6 ? 40 : 20;
                ASSERT_GT(wire.size(), ip + 12);
                EXPECT_EQ(f.outer_v6 ? wire[6] : wire[9], 51);
                EXPECT_EQ((wire[ip + 1] + 2u) * 4 % (f.outer_v6 ? 8 : 4), 0u);  // RFC 4302 §2.2
                EXPECT_EQ(run_one(i, wire), plain);
                bytes forged = wire;
                forged.back() ^= 1;
                EXPECT_EQ(drop_one(i, forged), ipsec::drop_reason::replayed);  // same sequence number
                ASSERT_TRUE(table->remove(o));
                ASSERT_TRUE(table->remove(i));
            }
        }
    }
}

}  // namespace
}  // namespace ravelin::dp::test
