#include "common/ip_address.hpp"

#include <array>

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace ravelin::common {
namespace {

TEST(ip_address, parses_and_formats_ipv4) {
    auto address = ip_address::parse("10.99.0.2");
    ASSERT_TRUE(address.has_value());
    EXPECT_TRUE(address->is_v4());
    EXPECT_EQ(address->size(), 4u);
    EXPECT_EQ(address->to_string(), "10.99.0.2");
    const std::array<std::uint8_t, 4> expected = {10, 99, 0, 2};
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), address->bytes().begin()));
}

TEST(ip_address, parses_and_formats_ipv6_canonically) {
    auto address = ip_address::parse("2001:0db8:0000:0000:0000:0000:0000:0001");
    ASSERT_TRUE(address.has_value());
    EXPECT_EQ(address->family(), ip_family::v6);
    EXPECT_EQ(address->to_string(), "2001:db8::1");
}

TEST(ip_address, rejects_what_is_not_an_address) {
    for (const char* text : {"", "10.0.0", "10.0.0.256", "1.2.3.4/24", "::g", "host.example"}) {
        EXPECT_EQ(ip_address::parse(text).error(), errc::invalid_address) << text;
    }
}

TEST(ip_address, from_bytes_accepts_only_4_or_16) {
    const std::array<std::uint8_t, 17> bytes{};
    EXPECT_TRUE(ip_address::from_bytes(std::span(bytes).first(4))->is_v4());
    EXPECT_FALSE(ip_address::from_bytes(std::span(bytes).first(16))->is_v4());
    EXPECT_EQ(ip_address::from_bytes(std::span(bytes).first(3)).error(), errc::invalid_address);
    EXPECT_EQ(ip_address::from_bytes(std::span(bytes).first(15)).error(), errc::invalid_address);
    EXPECT_EQ(ip_address::from_bytes(bytes).error(), errc::invalid_address);
    EXPECT_EQ(ip_address::from_bytes({}).error(), errc::invalid_address);
}

TEST(ip_address, masks_and_fills_host_bits) {
    const auto address = *ip_address::parse("10.1.2.3");
    EXPECT_EQ(address.masked(24).to_string(), "10.1.2.0");
    EXPECT_EQ(address.filled(24).to_string(), "10.1.2.255");
    EXPECT_EQ(address.masked(0).to_string(), "0.0.0.0");
    EXPECT_EQ(address.masked(32), address);
    EXPECT_EQ(address.masked(15).to_string(), "10.0.0.0");
    EXPECT_EQ(ip_address::parse("2001:db8::1")->masked(32).to_string(), "2001:db8::");
}

TEST(ip_address, orders_numerically_with_ipv4_first) {
    EXPECT_LT(*ip_address::parse("10.0.0.9"), *ip_address::parse("10.0.0.10"));
    EXPECT_LT(*ip_address::parse("255.255.255.255"), *ip_address::parse("::"));
    EXPECT_EQ(ip_address::highest(ip_family::v4).to_string(), "255.255.255.255");
    EXPECT_EQ(ip_address::highest(ip_family::v6).to_string(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    EXPECT_EQ(ip_address::lowest(ip_family::v6).to_string(), "::");
}

}  // namespace
}  // namespace ravelin::common
