#include <gtest/gtest.h>

#include <vector>

#include "dataplane/io/classify.hpp"

namespace ravelin::dp::io {
namespace {

// 10.1.0.254 and fd00:1::fe
const port_identity port{{0x02, 0, 0, 0, 0, 0x01}, 0x0a0100fe, {0xfd00000100000000ull, 0xfe}};
using address6 = std::array<std::uint8_t, 16>;
constexpr address6 gateway6 = {0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe};
constexpr address6 host_b6 = {0xfd, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
constexpr address6 host_a6 = {0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};

struct frame_builder {
    std::vector<std::uint8_t> bytes;

    static frame_builder ethernet(const mac_address& dst, std::uint16_t type) {
        frame_builder f;
        f.bytes.assign(dst.begin(), dst.end());
        for (int i = 0; i < 6; ++i) f.bytes.push_back(0x0c);
        f.bytes.push_back(static_cast<std::uint8_t>(type >> 8));
        f.bytes.push_back(static_cast<std::uint8_t>(type));
        return f;
    }
    // IPv4 header (no options) followed by `payload`.
    static frame_builder ipv4(std::uint32_t dst, std::uint8_t protocol, std::vector<std::uint8_t> payload,
                              std::uint8_t ttl = 64, std::uint16_t fragment = 0) {
        frame_builder f = ethernet(port.mac, ether_ipv4);
        const auto total = static_cast<std::uint16_t>(20 + payload.size());
        const std::uint8_t header[20] = {0x45, 0, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                         0, 0, static_cast<std::uint8_t>(fragment >> 8), static_cast<std::uint8_t>(fragment),
                                         ttl, protocol, 0, 0, 10, 2, 0, 1,
                                         static_cast<std::uint8_t>(dst >> 24), static_cast<std::uint8_t>(dst >> 16),
                                         static_cast<std::uint8_t>(dst >> 8), static_cast<std::uint8_t>(dst)};
        f.bytes.insert(f.bytes.end(), header, header + 20);
        f.bytes.insert(f.bytes.end(), payload.begin(), payload.end());
        return f;
    }
    static std::vector<std::uint8_t> udp(std::uint16_t sport, std::uint16_t dport, std::vector<std::uint8_t> data) {
        const auto len = static_cast<std::uint16_t>(8 + data.size());
        std::vector<std::uint8_t> u = {static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                       static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport),
                                       static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len), 0, 0};
        u.insert(u.end(), data.begin(), data.end());
        return u;
    }
    // IPv6 header from fd00:1::1 followed by `payload` (extension headers included) whose first header is `next`.
    static frame_builder ipv6(const address6& dst, std::uint8_t next, std::vector<std::uint8_t> payload,
                              std::uint8_t hop_limit = 64, const mac_address& mac = port.mac) {
        frame_builder f = ethernet(mac, ether_ipv6);
        const auto len = static_cast<std::uint16_t>(payload.size());
        const std::uint8_t fixed[8] = {0x60, 0, 0, 0, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len),
                                       next, hop_limit};
        f.bytes.insert(f.bytes.end(), fixed, fixed + 8);
        f.bytes.insert(f.bytes.end(), host_a6.begin(), host_a6.end());
        f.bytes.insert(f.bytes.end(), dst.begin(), dst.end());
        f.bytes.insert(f.bytes.end(), payload.begin(), payload.end());
        return f;
    }
    static std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    }
    static frame_builder arp(std::uint32_t target, std::uint32_t sender) {
        frame_builder f = ethernet({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, ether_arp);
        std::vector<std::uint8_t> a = {0, 1, 8, 0, 6, 4, 0, 1, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c};
        for (int s = 24; s >= 0; s -= 8) a.push_back(static_cast<std::uint8_t>(sender >> s));
        for (int i = 0; i < 6; ++i) a.push_back(0);
        for (int s = 24; s >= 0; s -= 8) a.push_back(static_cast<std::uint8_t>(target >> s));
        f.bytes.insert(f.bytes.end(), a.begin(), a.end());
        return f;
    }
};

classified run(const frame_builder& f) { return classify(f.bytes, port); }

TEST(classify, arp_for_the_gateway_goes_to_the_kernel_and_teaches_the_sender) {
    const auto c = run(frame_builder::arp(0x0a0100fe, 0x0a010001));
    EXPECT_EQ(c.what, frame_class::exception);
    EXPECT_EQ(c.sender_family, 4);
    EXPECT_EQ(c.sender.lo, 0x0a010001u);
    EXPECT_EQ(c.sender_mac[0], 0x0c);
    const auto other = run(frame_builder::arp(0x0a010063, 0x0a010001));
    EXPECT_EQ(other.what, frame_class::ignored);
    EXPECT_EQ(other.sender.lo, 0x0a010001u);  // still worth learning
}

TEST(classify, ping_and_ike_to_the_gateway_are_exceptions) {
    EXPECT_EQ(run(frame_builder::ipv4(0x0a0100fe, 1, std::vector<std::uint8_t>(8, 0))).what, frame_class::exception);
    EXPECT_EQ(run(frame_builder::ipv4(0x0a0100fe, 17, frame_builder::udp(500, 500, std::vector<std::uint8_t>(28, 1)))).what,
              frame_class::exception);
}

TEST(classify, udp_4500_is_told_apart_ike_esp_keepalive) {
    // RFC 3948 §2.2: non-ESP marker (four zero bytes) then IKE.
    std::vector<std::uint8_t> ike(32, 0x11);
    std::fill_n(ike.begin(), 4, std::uint8_t{0});
    EXPECT_EQ(run(frame_builder::ipv4(0x0a0100fe, 17, frame_builder::udp(4500, 4500, ike))).what, frame_class::exception);
    // RFC 3948 §2.3: a one-byte 0xFF keepalive.
    EXPECT_EQ(run(frame_builder::ipv4(0x0a0100fe, 17, frame_builder::udp(4500, 4500, {0xff}))).what, frame_class::exception);
    // ESP: a non-zero SPI.
    std::vector<std::uint8_t> esp = {0, 0, 0x12, 0x34, 0, 0, 0, 1, 9, 9, 9, 9};
    const auto c = run(frame_builder::ipv4(0x0a0100fe, 17, frame_builder::udp(4500, 4500, esp)));
    EXPECT_EQ(c.what, frame_class::inbound_esp_udp);
    EXPECT_EQ(c.esp_offset, 14 + 20 + 8);
}

TEST(classify, esp_to_the_gateway_is_inbound) {
    const auto c = run(frame_builder::ipv4(0x0a0100fe, 50, {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(c.what, frame_class::inbound_esp);
    EXPECT_EQ(c.esp_offset, 14 + 20);
    // Found by the fuzzer: ESP too short for its SPI and sequence number.
    EXPECT_EQ(run(frame_builder::ipv4(0x0a0100fe, 50, {0, 0, 1, 0})).what, frame_class::malformed);
}

TEST(classify, transit_traffic_is_forwarded_with_its_five_tuple) {
    const auto c = run(frame_builder::ipv4(0x0a020001, 17, frame_builder::udp(1234, 53, {1, 2, 3})));
    EXPECT_EQ(c.what, frame_class::forward);
    EXPECT_EQ(c.flow.dst.lo, 0x0a020001u);
    EXPECT_EQ(c.flow.src.lo, 0x0a020001u);  // the builder sends from 10.2.0.1
    EXPECT_EQ(c.flow.protocol, 17);
    EXPECT_EQ(c.flow.src_port, 1234);
    EXPECT_EQ(c.flow.dst_port, 53);
    EXPECT_FALSE(c.flow.opaque_ports);
    // Later fragments carry no ports: OPAQUE (RFC 4301 §4.4.1).
    const auto fragment = run(frame_builder::ipv4(0x0a020001, 17, frame_builder::udp(1234, 53, {1}), 64, 100));
    EXPECT_EQ(fragment.flow.dst_port, 0);
    EXPECT_TRUE(fragment.flow.opaque_ports);
}

// IPv6 (RFC 8200).

TEST(classify, ipv6_transit_is_forwarded_with_its_five_tuple_past_extension_headers) {
    const auto plain = run(frame_builder::ipv6(host_b6, 17, frame_builder::udp(1234, 53, {1, 2})));
    EXPECT_EQ(plain.what, frame_class::forward);
    EXPECT_EQ(plain.flow.family, 6);
    EXPECT_EQ(plain.flow.dst.hi, 0xfd00000200000000ull);
    EXPECT_EQ(plain.flow.dst.lo, 1u);
    EXPECT_EQ(plain.flow.src.lo, 1u);
    EXPECT_EQ(plain.flow.dst_port, 53);
    // Hop-by-hop (8 bytes) then destination options (16 bytes) then TCP.
    std::vector<std::uint8_t> ext = {60, 0, 1, 4, 0, 0, 0, 0, 6, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const auto tcp = run(frame_builder::ipv6(host_b6, 0, frame_builder::concat(ext, {0x04, 0xd2, 0x01, 0xbb, 0, 0, 0, 0})));
    EXPECT_EQ(tcp.what, frame_class::forward);
    EXPECT_EQ(tcp.flow.protocol, 6);
    EXPECT_EQ(tcp.flow.src_port, 1234);
    EXPECT_EQ(tcp.flow.dst_port, 443);
}

TEST(classify, ipv6_fragments_first_has_ports_later_ones_are_opaque) {
    // Fragment header: next 17, offset 0 with M set, then the UDP header.
    const std::vector<std::uint8_t> first = {17, 0, 0x00, 0x01, 0, 0, 0, 7};
    const auto a = run(frame_builder::ipv6(host_b6, 44, frame_builder::concat(first, frame_builder::udp(9, 500, {1}))));
    EXPECT_EQ(a.what, frame_class::forward);
    EXPECT_EQ(a.flow.protocol, 17);
    EXPECT_EQ(a.flow.dst_port, 500);
    EXPECT_FALSE(a.flow.opaque_ports);
    const std::vector<std::uint8_t> later = {17, 0, 0x00, 0xb8, 0, 0, 0, 7};  // offset 23 (x 8 bytes)
    const auto b = run(frame_builder::ipv6(host_b6, 44, frame_builder::concat(later, {1, 2, 3, 4, 5, 6, 7, 8})));
    EXPECT_EQ(b.what, frame_class::forward);
    EXPECT_EQ(b.flow.protocol, 17);
    EXPECT_EQ(b.flow.dst_port, 0);
    EXPECT_TRUE(b.flow.opaque_ports);
}

TEST(classify, ipv6_headers_are_bounds_checked) {
    // An extension header longer than the packet.
    EXPECT_EQ(run(frame_builder::ipv6(host_b6, 0, {17, 4, 0, 0, 0, 0, 0, 0})).what, frame_class::malformed);
    // Nine destination-options headers: past the bound on the chain.
    std::vector<std::uint8_t> chain;
    for (int i = 0; i < 9; ++i) chain.insert(chain.end(), {60, 0, 1, 4, 0, 0, 0, 0});
    EXPECT_EQ(run(frame_builder::ipv6(host_b6, 60, chain)).what, frame_class::malformed);
    // Payload length beyond the frame, and a truncated fixed header.
    auto f = frame_builder::ipv6(host_b6, 17, frame_builder::udp(1, 2, {}));
    f.bytes[14 + 5] = 200;
    EXPECT_EQ(run(f).what, frame_class::malformed);
    f.bytes.resize(14 + 30);
    EXPECT_EQ(run(f).what, frame_class::malformed);
}

TEST(classify, ipv6_hop_limit_expiry_is_reported_for_transit_only) {
    EXPECT_EQ(run(frame_builder::ipv6(host_b6, 17, frame_builder::udp(1, 2, {}), 1)).what, frame_class::ttl_expired);
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 58, {128, 0, 0, 0, 0, 1, 0, 1}, 1)).what, frame_class::exception);
}

TEST(classify, ipv6_to_the_gateway_esp_esp_in_udp_and_the_rest) {
    const auto esp = run(frame_builder::ipv6(gateway6, 50, {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(esp.what, frame_class::inbound_esp);
    EXPECT_EQ(esp.esp_offset, 14 + 40);
    std::vector<std::uint8_t> in_udp = {0, 0, 0x12, 0x34, 0, 0, 0, 1, 9, 9, 9, 9};
    const auto natt = run(frame_builder::ipv6(gateway6, 17, frame_builder::udp(4500, 4500, in_udp)));
    EXPECT_EQ(natt.what, frame_class::inbound_esp_udp);
    EXPECT_EQ(natt.esp_offset, 14 + 40 + 8);
    std::vector<std::uint8_t> ike(32, 0x11);
    std::fill_n(ike.begin(), 4, std::uint8_t{0});
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 17, frame_builder::udp(4500, 4500, ike))).what, frame_class::exception);
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 17, frame_builder::udp(500, 500, ike))).what, frame_class::exception);
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 58, {128, 0, 0, 0, 0, 1, 0, 1})).what, frame_class::exception);
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 50, {0, 0, 1, 0})).what, frame_class::malformed);
    // A link-local destination is never forwarded.
    address6 link_local{0xfe, 0x80};
    link_local[15] = 1;
    EXPECT_EQ(run(frame_builder::ipv6(link_local, 17, frame_builder::udp(1, 2, {}))).what, frame_class::exception);
}

// ICMPv6 ND message of `type` with `body` (after type, code, checksum).
std::vector<std::uint8_t> nd(std::uint8_t type, std::vector<std::uint8_t> body) {
    std::vector<std::uint8_t> m = {type, 0, 0, 0};
    m.insert(m.end(), body.begin(), body.end());
    return m;
}

TEST(classify, neighbour_solicitation_to_the_solicited_node_group_goes_to_the_kernel_and_teaches_the_sender) {
    // NS for fd00:1::fe from fd00:1::1 with its source link-layer address option.
    std::vector<std::uint8_t> body = {0, 0, 0, 0};
    body.insert(body.end(), gateway6.begin(), gateway6.end());
    body.insert(body.end(), {1, 1, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0d});
    const address6 group = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0xfe};
    const auto c = run(frame_builder::ipv6(group, 58, nd(135, body), 255, {0x33, 0x33, 0xff, 0, 0, 0xfe}));
    EXPECT_EQ(c.what, frame_class::exception);
    EXPECT_EQ(c.sender_family, 6);
    EXPECT_EQ(c.sender.lo, 1u);
    EXPECT_EQ(c.sender_mac[5], 0x0d);
    // Not learnt if a router forwarded it (hop limit below 255, RFC 4861 §7.1.1).
    EXPECT_EQ(run(frame_builder::ipv6(group, 58, nd(135, body), 254, {0x33, 0x33, 0xff, 0, 0, 0xfe})).sender_family, 0);
    // A zero-length option is invalid (§4.6): nothing learnt, no overrun.
    body[20 + 1] = 0;
    EXPECT_EQ(run(frame_builder::ipv6(group, 58, nd(135, body), 255, {0x33, 0x33, 0xff, 0, 0, 0xfe})).sender_family, 0);
    // Other multicast to 33:33 that is not ICMPv6: not ours.
    EXPECT_EQ(run(frame_builder::ipv6(group, 17, frame_builder::udp(1, 2, {}), 255, {0x33, 0x33, 0, 0, 0, 1})).what,
              frame_class::ignored);
}

TEST(classify, neighbour_advertisement_teaches_the_target) {
    std::vector<std::uint8_t> body = {0x60, 0, 0, 0};
    body.insert(body.end(), host_b6.begin(), host_b6.end());
    body.insert(body.end(), {2, 1, 0x0e, 0, 0, 0, 0, 0x02});
    const auto c = run(frame_builder::ipv6(gateway6, 58, nd(136, body), 255));
    EXPECT_EQ(c.what, frame_class::exception);
    EXPECT_EQ(c.sender_family, 6);
    EXPECT_EQ(c.sender.hi, 0xfd00000200000000ull);
    EXPECT_EQ(c.sender_mac[0], 0x0e);
    // Truncated inside the option: nothing learnt.
    body.resize(body.size() - 4);
    EXPECT_EQ(run(frame_builder::ipv6(gateway6, 58, nd(136, body), 255)).sender_family, 0);
}

TEST(classify, expiring_ttl_and_malformed_headers_are_dropped) {
    EXPECT_EQ(run(frame_builder::ipv4(0x0a020001, 1, std::vector<std::uint8_t>(8, 0), 1)).what, frame_class::ttl_expired);
    auto f = frame_builder::ipv4(0x0a020001, 1, std::vector<std::uint8_t>(8, 0));
    f.bytes[14 + 3] = 200;  // IP total length beyond the frame
    EXPECT_EQ(run(f).what, frame_class::malformed);
    f.bytes.resize(20);
    EXPECT_EQ(run(f).what, frame_class::malformed);
    EXPECT_EQ(classify({}, port).what, frame_class::malformed);
}

TEST(classify, frames_for_other_macs_are_ignored) {
    auto f = frame_builder::ipv4(0x0a020001, 1, std::vector<std::uint8_t>(8, 0));
    f.bytes[0] = 0x04;
    EXPECT_EQ(run(f).what, frame_class::ignored);
}

}  // namespace
}  // namespace ravelin::dp::io
