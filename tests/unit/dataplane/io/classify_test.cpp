#include <gtest/gtest.h>

#include <vector>

#include "dataplane/io/classify.hpp"

namespace ravelin::dp::io {
namespace {

const port_identity port{{0x02, 0, 0, 0, 0, 0x01}, 0x0a0100fe};  // 10.1.0.254

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
    EXPECT_EQ(c.arp_sender, 0x0a010001u);
    EXPECT_EQ(c.arp_sender_mac[0], 0x0c);
    const auto other = run(frame_builder::arp(0x0a010063, 0x0a010001));
    EXPECT_EQ(other.what, frame_class::ignored);
    EXPECT_EQ(other.arp_sender, 0x0a010001u);  // still worth learning
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
    // Later fragments carry no ports.
    const auto fragment = run(frame_builder::ipv4(0x0a020001, 17, frame_builder::udp(1234, 53, {1}), 64, 100));
    EXPECT_EQ(fragment.flow.dst_port, 0);
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
