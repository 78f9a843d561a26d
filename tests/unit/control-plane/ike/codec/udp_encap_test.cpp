// RFC 3948 demultiplexing of UDP 4500: non-ESP marker, ESP, NAT-keepalive.
#include <gtest/gtest.h>

#include "control-plane/ike/codec/udp_encap.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::hex;

TEST(udp4500, non_esp_marker_means_ike_and_is_stripped) {
    const auto datagram = hex("00000000 0011223344556677");
    const auto c = classify_udp4500(datagram);
    EXPECT_EQ(c.kind, udp4500_kind::ike);
    EXPECT_EQ(std::vector<std::uint8_t>(c.payload.begin(), c.payload.end()), hex("0011223344556677"));
}

TEST(udp4500, non_zero_spi_means_esp) {
    const auto datagram = hex("c0010203 00000007 aabbcc");
    const auto c = classify_udp4500(datagram);
    EXPECT_EQ(c.kind, udp4500_kind::esp);
    EXPECT_EQ(c.payload.size(), datagram.size());
    auto esp = read_esp_header(c.payload);
    ASSERT_TRUE(esp);
    EXPECT_EQ(esp->spi, 0xc0010203u);
    EXPECT_EQ(esp->sequence, 7u);
}

TEST(udp4500, single_ff_is_a_nat_keepalive) {
    EXPECT_EQ(classify_udp4500(hex("ff")).kind, udp4500_kind::nat_keepalive);
    EXPECT_EQ(classify_udp4500(hex("fe")).kind, udp4500_kind::invalid);
}

TEST(udp4500, too_short_for_anything_is_invalid) {
    EXPECT_EQ(classify_udp4500({}).kind, udp4500_kind::invalid);
    EXPECT_EQ(classify_udp4500(hex("000000")).kind, udp4500_kind::invalid);
    EXPECT_EQ(classify_udp4500(hex("c0010203 000000")).kind, udp4500_kind::invalid);  // 7 octets
    EXPECT_EQ(classify_udp4500(hex("00000000")).kind, udp4500_kind::ike);  // empty IKE: the parser rejects it
}

}  // namespace
}  // namespace ravelin::cp::ike
