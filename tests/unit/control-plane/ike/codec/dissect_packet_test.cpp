// ravelin-dissect's frame decoding: link layers, IPv4/IPv6, what is refused.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include "control-plane/dissect/packet.hpp"
#include "test_support.hpp"

namespace ravelin::cp::dissect {
namespace {

using ike::test::hex;

// IPv4 10.0.0.1 -> 10.0.0.2, UDP 500 -> 500, payload "abcd".
const auto ipv4_udp = hex("45000020 0000 0000 4011 0000 0a000001 0a000002  01f4 01f4 000c 0000 61626364");

std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

TEST(dissect_packet, ethernet_with_vlan_tag) {
    const auto frame = concat(hex("020000000002 020000000001 8100 0063 0800"), ipv4_udp);
    auto p = decode_frame(DLT_EN10MB, frame);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->source.to_string(), "10.0.0.1");
    EXPECT_EQ(p->destination_port, 500);
    EXPECT_EQ(std::vector<std::uint8_t>(p->payload.begin(), p->payload.end()), hex("61626364"));
}

TEST(dissect_packet, linux_cooked_v1_and_v2_and_raw) {
    EXPECT_TRUE(decode_frame(DLT_LINUX_SLL, concat(hex("0000 0001 0006 020000000001 0000 0800"), ipv4_udp)));
    EXPECT_TRUE(decode_frame(DLT_LINUX_SLL2, concat(hex("0800 0000 00000002 0001 00 06 020000000001 0000"), ipv4_udp)));
    EXPECT_TRUE(decode_frame(DLT_RAW, ipv4_udp));
}

TEST(dissect_packet, ipv6_skips_extension_headers) {
    // IPv6, next header 0 (hop-by-hop, 8 octets) then UDP 4500 -> 4500 with "ff".
    const auto frame = hex(
        "60000000 0011 00 40 fd990000000000000000000000000001 fd990000000000000000000000000002"
        "11 00 0000 00000000  1194 1194 0009 0000 ff");
    auto p = decode_frame(DLT_RAW, frame);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->protocol, ip_protocol_udp);
    EXPECT_EQ(p->source.to_string(), "fd99::1");
    EXPECT_EQ(p->source_port, 4500);
    EXPECT_EQ(p->payload.size(), 1u);
}

TEST(dissect_packet, refuses_fragments_truncation_and_lies) {
    auto fragment = ipv4_udp;
    fragment[6] = 0x20;  // More Fragments
    EXPECT_FALSE(decode_frame(DLT_RAW, fragment));
    EXPECT_FALSE(decode_frame(DLT_RAW, std::span(ipv4_udp).first(30)));  // cut inside UDP
    auto long_udp = ipv4_udp;
    long_udp[25] = 0x40;  // UDP Length beyond the packet
    EXPECT_FALSE(decode_frame(DLT_RAW, long_udp));
    EXPECT_FALSE(decode_frame(DLT_EN10MB, hex("0200")));
    EXPECT_FALSE(decode_frame(12345, ipv4_udp));  // unknown link type
}

}  // namespace
}  // namespace ravelin::cp::dissect
