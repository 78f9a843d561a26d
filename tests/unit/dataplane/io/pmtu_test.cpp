// Path MTU on the protect path (dataplane/io/pmtu): the effective MTU against
// the real ESP engine's output sizes, the verdicts at the boundary, the ICMP
// errors' bytes (RFC 792/1191, RFC 4443 §3.2), RFC 791 fragments, the rate limit.
#include "dataplane/io/pmtu.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../ipsec/esp_fixture.hpp"
#include "../ipsec/sa_builder.hpp"

namespace ravelin::dp::test {
namespace {

namespace pmtu = io::pmtu;
using ipsec::pkt::load16;
using ipsec::pkt::load32;
using ipsec::pkt::store16;

// RFC 1071 sum of big-endian words plus `initial`, folded: 0xffff over a valid checksum.
unsigned folded_sum(const std::uint8_t* p, std::size_t len, std::uint32_t initial = 0) {
    std::uint32_t sum = initial;
    for (std::size_t i = 0; i < len; i += 2) sum += i + 1 < len ? load16(p + i) : p[i] << 8u;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

bytes with_ethernet(const bytes& ip) {
    bytes frame(14, 0xee);
    frame.insert(frame.end(), ip.begin(), ip.end());
    return frame;
}

bytes ipv4_packet(std::size_t total, bool df) {
    bytes p = make_udp_packet(false, total - 28);
    if (df) p[6] |= 0x40;
    ipsec::pkt::ipv4_set_checksum(p.data());
    return p;
}

// As the worker builds it; `packet_v6`: the family of a transport-mode packet.
pmtu::sa_overhead overhead_of(const ipsec::sa_runtime& rt, bool packet_v6 = false) {
    const bool transport = rt.outer_len < 20;
    return {rt.outer_len, rt.iv_len, rt.icv_len, rt.pad_align, (rt.flags & ipsec::flag_ah) != 0,
            transport ? packet_v6 : (rt.flags & ipsec::flag_outer_v6) != 0};
}

class pmtu_test : public esp_fixture {
protected:
    // The limit is exact for one SA: `mtu` bytes leave within the port MTU, one more do not.
    void expect_exact(ipsec::sa_index sa, int port_mtu, bool packet_v6, const std::string& what) {
        const ipsec::sa_runtime& rt = table->runtime(sa);
        const auto header = static_cast<std::uint16_t>(rt.outer_len >= 20 ? 0 : packet_v6 ? 40 : 20);
        const std::uint16_t mtu = pmtu::tunnel_mtu(static_cast<std::uint16_t>(port_mtu), overhead_of(rt, packet_v6), header);
        ASSERT_GT(mtu, 1000) << what;
        const std::size_t udp = packet_v6 ? 48 : 28;
        EXPECT_LE(run_one(sa, make_udp_packet(packet_v6, mtu - udp)).size(), static_cast<std::size_t>(port_mtu)) << what;
        EXPECT_GT(run_one(sa, make_udp_packet(packet_v6, mtu + 1 - udp)).size(), static_cast<std::size_t>(port_mtu)) << what;
    }
};

// The effective MTU is exact: a packet of that size leaves as an ESP packet of
// at most the port MTU, one byte more would not, for every transform and outer header.
TEST_F(pmtu_test, tunnel_mtu_is_the_largest_packet_the_engine_keeps_within_the_port_mtu) {
    std::uint32_t spi = 0x2000;
    for (const transform& t : transforms) {
        for (const bool outer_v6 : {false, true}) {
            for (const bool encap : {false, true}) {
                sa_params p{t, ipsec::ipsec_mode::tunnel, outer_v6, false, encap, spi++, 1};
                const auto sa = add(make_sa(p, ipsec::direction::outbound));
                for (const int port_mtu : {1280, 1400, 1500, 1800}) {
                    const std::uint16_t mtu = pmtu::tunnel_mtu(static_cast<std::uint16_t>(port_mtu), overhead_of(table->runtime(sa)));
                    ASSERT_GT(mtu, 1000) << t.name;
                    const bytes fits = run_one(sa, make_udp_packet(false, mtu - 28));
                    EXPECT_LE(fits.size(), static_cast<std::size_t>(port_mtu)) << t.name << " v6 " << outer_v6 << " udp " << encap;
                    const bytes over = run_one(sa, make_udp_packet(false, mtu + 1 - 28));
                    EXPECT_GT(over.size(), static_cast<std::size_t>(port_mtu)) << t.name << " v6 " << outer_v6 << " udp " << encap;
                }
            }
        }
    }
    // AES-GCM over IPv6 + UDP at 1500: 1500 - 48 - 8 - 8 - 16 = 1420, less the 2 trailer bytes.
    EXPECT_EQ(pmtu::tunnel_mtu(1500, {48, 8, 16, 4}), 1418);
    EXPECT_EQ(pmtu::tunnel_mtu(60, {48, 8, 16, 4}), 0);
}

// Transport mode pads only past the packet's own header (RFC 4303 §2.4); with a
// 16-byte block the tunnel sum would be up to 4 (IPv4) or 8 (IPv6) bytes too large.
TEST_F(pmtu_test, esp_transport_mtu_is_exact) {
    std::uint32_t spi = 0x3000;
    for (const transform& t : transforms) {
        for (const bool v6 : {false, true}) {
            const auto sa = add(make_sa({t, ipsec::ipsec_mode::transport, v6, false, false, spi++, 1}, ipsec::direction::outbound));
            for (const int port_mtu : {1280, 1492, 1500, 1503}) {
                expect_exact(sa, port_mtu, v6, std::string(t.name) + (v6 ? " v6 " : " v4 ") + std::to_string(port_mtu));
            }
        }
    }
}

// AH: 12 bytes + ICV padded to 32 bits over IPv4, 64 over IPv6 (RFC 4302 §2.2),
// nothing after the payload; tunnel and transport, every integrity algorithm.
TEST_F(pmtu_test, ah_mtu_is_exact) {
    const ipsec::integ_alg integs[] = {ipsec::integ_alg::hmac_sha1_96, ipsec::integ_alg::hmac_sha256_128,
                                       ipsec::integ_alg::hmac_sha384_192, ipsec::integ_alg::hmac_sha512_256};
    const std::size_t key_len[] = {20, 32, 48, 64};
    std::uint32_t spi = 0x4000;
    for (int k = 0; k < 4; ++k) {
        for (const auto mode : {ipsec::ipsec_mode::tunnel, ipsec::ipsec_mode::transport}) {
            for (const bool v6 : {false, true}) {
                ipsec::sa_config c;
                c.proto = ipsec::ipsec_proto::ah;
                c.spi = ipsec::spi{++spi};
                c.mode = mode;
                c.integ = integs[k];
                c.integ_key = secret(key_len[k], 9);
                c.tunnel_src = addr(v6 ? "2001:db8:ff::1" : "192.0.2.1");
                c.tunnel_dst = addr(v6 ? "2001:db8:ff::2" : "192.0.2.2");
                const auto sa = add(std::move(c));
                for (const int port_mtu : {1280, 1499, 1500}) {
                    expect_exact(sa, port_mtu, v6,
                                 "AH integ " + std::to_string(k) + (v6 ? " v6 " : " v4 ") + std::to_string(port_mtu));
                }
            }
        }
    }
}

TEST(pmtu, verdict_at_the_boundary) {
    for (const bool df : {false, true}) {
        EXPECT_EQ(pmtu::judge(ipv4_packet(1438, df).data(), 1438, 1438), pmtu::verdict::fits);
        EXPECT_EQ(pmtu::judge(ipv4_packet(1439, df).data(), 1439, 1438),
                  df ? pmtu::verdict::too_big : pmtu::verdict::fragment);
    }
    const bytes v6 = make_udp_packet(true, 1418 - 48);
    EXPECT_EQ(pmtu::judge(v6.data(), v6.size(), 1418), pmtu::verdict::fits);
    EXPECT_EQ(pmtu::judge(v6.data(), v6.size(), 1417), pmtu::verdict::too_big);  // IPv6 routers never fragment
}

TEST(pmtu, no_icmp_error_about_errors_fragments_or_non_host_sources) {
    bytes echo = make_udp_packet(false, 100);
    echo[9] = 1, echo[20] = 8;  // echo request
    EXPECT_TRUE(pmtu::may_report(echo.data(), echo.size()));
    bytes error = echo;
    error[20] = 3;  // destination unreachable
    EXPECT_FALSE(pmtu::may_report(error.data(), error.size()));
    bytes later = make_udp_packet(false, 100);
    store16(&later[6], 0x2000 | 185);  // offset 1480
    EXPECT_FALSE(pmtu::may_report(later.data(), later.size()));
    bytes multicast_source = make_udp_packet(false, 100);
    multicast_source[12] = 224;
    EXPECT_FALSE(pmtu::may_report(multicast_source.data(), multicast_source.size()));

    bytes echo6 = make_udp_packet(true, 100);
    echo6[6] = 58, echo6[40] = 128;
    EXPECT_TRUE(pmtu::may_report(echo6.data(), echo6.size()));
    bytes error6 = echo6;
    error6[40] = 2;  // packet too big about packet too big
    EXPECT_FALSE(pmtu::may_report(error6.data(), error6.size()));
}

class pmtu_mbuf : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(init_eal());
        pool = test_pool();
        ASSERT_NE(pool, nullptr);
    }
    rte_mempool* pool = nullptr;
};

// RFC 792 / RFC 1191 §4: type 3 code 4, next-hop MTU in the second word's low
// half, the IP header and as much of the packet as 576 bytes hold.
TEST_F(pmtu_mbuf, icmp_fragmentation_needed) {
    const bytes packet = ipv4_packet(1500, true);
    const lookup::wide_address gateway = lookup::widen_v4(std::array<std::uint8_t, 4>{10, 1, 0, 254}.data());
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    ASSERT_TRUE(pmtu::build_too_big(m, packet.data(), packet.size(), 1438, gateway));
    const bytes frame = from_mbuf(m);
    rte_pktmbuf_free(m);
    ASSERT_EQ(frame.size(), 14u + 576);
    EXPECT_EQ(load16(frame.data() + 12), 0x0800) << "EtherType";
    const std::uint8_t* ip = frame.data() + 14;
    EXPECT_EQ(ip[0], 0x45);
    EXPECT_EQ(load16(ip + 2), 576);
    EXPECT_EQ(ip[9], 1);
    EXPECT_GT(ip[8], 1);
    EXPECT_EQ(folded_sum(ip, 20), 0xffffu) << "IPv4 header checksum";
    EXPECT_EQ(load32(ip + 12), 0x0a0100feu);
    EXPECT_EQ(0, std::memcmp(ip + 16, packet.data() + 12, 4)) << "to the packet's source";
    const std::uint8_t* icmp = ip + 20;
    EXPECT_EQ(icmp[0], 3);
    EXPECT_EQ(icmp[1], 4);
    EXPECT_EQ(load16(icmp + 4), 0) << "unused";
    EXPECT_EQ(load16(icmp + 6), 1438) << "next-hop MTU";
    EXPECT_EQ(folded_sum(icmp, 556), 0xffffu) << "ICMP checksum";
    EXPECT_EQ(0, std::memcmp(icmp + 8, packet.data(), 548)) << "the packet's header and first bytes";

    // A short packet is quoted whole.
    const bytes small = ipv4_packet(100, true);
    m = rte_pktmbuf_alloc(pool);
    ASSERT_TRUE(pmtu::build_too_big(m, small.data(), small.size(), 68, gateway));
    EXPECT_EQ(rte_pktmbuf_pkt_len(m), 14u + 28 + 100);
    rte_pktmbuf_free(m);
}

// RFC 4443 §3.2: type 2 code 0, a 32-bit MTU, as much of the packet as keeps
// the error within 1280 bytes; the checksum over the pseudo-header.
TEST_F(pmtu_mbuf, icmpv6_packet_too_big) {
    const bytes packet = make_udp_packet(true, 1452);
    std::array<std::uint8_t, 16> gw{0xfd, 0, 0, 2};
    gw[15] = 0xfe;
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    ASSERT_TRUE(pmtu::build_too_big(m, packet.data(), packet.size(), 1418, lookup::widen_v6(gw.data())));
    const bytes frame = from_mbuf(m);
    rte_pktmbuf_free(m);
    ASSERT_EQ(frame.size(), 14u + 1280);
    EXPECT_EQ(load16(frame.data() + 12), 0x86dd) << "EtherType";
    const std::uint8_t* ip = frame.data() + 14;
    EXPECT_EQ(ip[0] >> 4, 6);
    EXPECT_EQ(load16(ip + 4), 1240);
    EXPECT_EQ(ip[6], 58);
    EXPECT_EQ(0, std::memcmp(ip + 8, gw.data(), 16));
    EXPECT_EQ(0, std::memcmp(ip + 24, packet.data() + 8, 16)) << "to the packet's source";
    const std::uint8_t* icmp = ip + 40;
    EXPECT_EQ(icmp[0], 2);
    EXPECT_EQ(icmp[1], 0);
    EXPECT_EQ(load32(icmp + 4), 1418u);
    std::uint32_t pseudo = 1240 + 58;
    for (int i = 8; i < 40; i += 2) pseudo += load16(ip + i);
    EXPECT_EQ(folded_sum(icmp, 1240, pseudo), 0xffffu) << "ICMPv6 checksum";
    EXPECT_EQ(0, std::memcmp(icmp + 8, packet.data(), 1232));
}

// RFC 791: fragments within the MTU, data in multiples of 8 but the last, MF
// on all but the last, offsets adding up, copied options only after the first.
TEST_F(pmtu_mbuf, fragments_reassemble_to_the_packet) {
    bytes packet = make_udp_packet(false, 2000 - 28 - 12);  // test mbufs hold 2048 bytes
    // Two options: security-like type 0x82 (copied), record route type 7 (not copied), then EOL.
    const bytes options = {0x82, 4, 0xaa, 0xbb, 7, 7, 4, 0, 0, 0, 0, 0};
    packet.insert(packet.begin() + 20, options.begin(), options.end());
    packet[0] = 0x48;
    store16(&packet[2], static_cast<std::uint16_t>(packet.size()));
    ipsec::pkt::ipv4_set_checksum(packet.data());
    const bytes frame = with_ethernet(packet);
    rte_mbuf* m = to_mbuf(pool, frame);
    ASSERT_NE(m, nullptr);
    const unsigned before = rte_mempool_avail_count(pool);
    std::array<rte_mbuf*, 8> out{};
    const std::size_t n = pmtu::fragment_ipv4(m, 700, pool, out);
    ASSERT_EQ(n, 3u);
    bytes data;
    for (std::size_t i = 0; i < n; ++i) {
        const bytes f = from_mbuf(out[i]);
        rte_pktmbuf_free(out[i]);
        EXPECT_EQ(0, std::memcmp(f.data(), frame.data(), 14)) << "Ethernet header kept";
        const std::uint8_t* ip = f.data() + 14;
        const std::size_t hl = std::size_t{ip[0] & 0x0fu} * 4;
        EXPECT_EQ(hl, i == 0 ? 32u : 24u) << "fragment " << i;
        if (i > 0) {
            EXPECT_EQ(0, std::memcmp(ip + 20, options.data(), 4)) << "the copied option only";
        }
        EXPECT_LE(f.size() - 14, 700u);
        EXPECT_EQ(load16(ip + 2), f.size() - 14);
        EXPECT_EQ(folded_sum(ip, hl), 0xffffu);
        const std::uint16_t flags = load16(ip + 6);
        EXPECT_EQ((flags & 0x2000) != 0, i + 1 < n) << "MF";
        EXPECT_EQ((flags & 0x1fffu) * 8u, data.size()) << "offset";
        if (i + 1 < n) {
            EXPECT_EQ((f.size() - 14 - hl) % 8, 0u);
        }
        data.insert(data.end(), ip + hl, f.data() + f.size());
    }
    EXPECT_EQ(data, bytes(packet.begin() + 32, packet.end()));

    // Too many fragments for `out`: none, nothing leaked, the packet untouched.
    EXPECT_EQ(pmtu::fragment_ipv4(m, 600, pool, std::span<rte_mbuf*>(out.data(), 2)), 0u);
    EXPECT_EQ(pmtu::fragment_ipv4(m, 20 + 7, pool, out), 0u) << "no room for 8 data bytes";
    EXPECT_EQ(rte_mempool_avail_count(pool), before);
    EXPECT_EQ(from_mbuf(m), frame);
    rte_pktmbuf_free(m);
}

TEST_F(pmtu_mbuf, a_fragment_split_again_keeps_its_offset_and_more_fragments) {
    bytes packet = make_udp_packet(false, 2000);
    store16(&packet[6], 0x2000 | 100);  // offset 800, more to come
    ipsec::pkt::ipv4_set_checksum(packet.data());
    rte_mbuf* m = to_mbuf(pool, with_ethernet(packet));
    ASSERT_NE(m, nullptr);
    std::array<rte_mbuf*, 4> out{};
    const std::size_t n = pmtu::fragment_ipv4(m, 1438, pool, out);
    rte_pktmbuf_free(m);
    ASSERT_EQ(n, 2u);
    EXPECT_EQ(load16(rte_pktmbuf_mtod(out[0], std::uint8_t*) + 14 + 6), 0x2000 | 100);
    EXPECT_EQ(load16(rte_pktmbuf_mtod(out[1], std::uint8_t*) + 14 + 6), 0x2000 | (100 + 1416 / 8));
    for (std::size_t i = 0; i < n; ++i) rte_pktmbuf_free(out[i]);
}

TEST(pmtu, rate_limiter_allows_a_burst_then_one_per_interval) {
    pmtu::rate_limiter limit(1000, 3);
    std::uint64_t now = 5'000'000;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.allow(now));
    EXPECT_FALSE(limit.allow(now));
    EXPECT_FALSE(limit.allow(now + 999));
    EXPECT_TRUE(limit.allow(now + 1000));
    EXPECT_FALSE(limit.allow(now + 1500));
    now += 1'000'000;  // long idle: back to the burst, not more
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.allow(now));
    EXPECT_FALSE(limit.allow(now));
}

}  // namespace
}  // namespace ravelin::dp::test
