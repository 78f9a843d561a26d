#include "control-plane/config/values.hpp"

#include <gtest/gtest.h>

namespace ravelin::cp::config {
namespace {

TEST(parse_duration, swanctl_units) {
    EXPECT_EQ(parse_duration("30s"), seconds(30));
    EXPECT_EQ(parse_duration("10m"), seconds(600));
    EXPECT_EQ(parse_duration("4h"), seconds(14400));
    EXPECT_EQ(parse_duration("1d"), seconds(86400));
    EXPECT_EQ(parse_duration("45"), seconds(45));
    EXPECT_EQ(parse_duration(" 5m "), seconds(300));
    for (const char* bad : {"", "s", "5x", "-5s", "5 s", "1.5h", "99999999999d"}) {
        EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
    }
}

TEST(split_list, swanctl_comma_lists) {
    EXPECT_EQ(split_list("a, b,c"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(split_list(" a ,, "), (std::vector<std::string>{"a"}));
    EXPECT_TRUE(split_list("").empty());
}

TEST(parse_traffic_selector, prefixes_ranges_dynamic_and_ports) {
    auto prefix = parse_traffic_selector("10.1.0.0/24");
    ASSERT_TRUE(prefix.selector) << prefix.error;
    EXPECT_EQ(std::get<common::address_range>(prefix.selector->addresses).to_string(), "10.1.0.0/24");
    EXPECT_EQ(prefix.selector->protocol, 0);
    EXPECT_EQ(prefix.selector->port_to, 65535);

    auto range = parse_traffic_selector("10.1.0.1-10.1.0.9");
    ASSERT_TRUE(range.selector) << range.error;
    EXPECT_EQ(std::get<common::address_range>(range.selector->addresses).to_string(), "10.1.0.1-10.1.0.9");

    auto dynamic = parse_traffic_selector("dynamic[udp/500]");
    ASSERT_TRUE(dynamic.selector) << dynamic.error;
    EXPECT_TRUE(std::holds_alternative<traffic_selector_spec::dynamic_address>(dynamic.selector->addresses));
    EXPECT_EQ(dynamic.selector->protocol, 17);
    EXPECT_EQ(dynamic.selector->port_from, 500);
    EXPECT_EQ(dynamic.selector->port_to, 500);

    auto ports = parse_traffic_selector("::/0[tcp/1024-2048]");
    ASSERT_TRUE(ports.selector) << ports.error;
    EXPECT_EQ(ports.selector->protocol, 6);
    EXPECT_EQ(ports.selector->port_from, 1024);
    EXPECT_EQ(ports.selector->port_to, 2048);
}

TEST(parse_traffic_selector, errors_name_the_problem) {
    EXPECT_NE(parse_traffic_selector("10.1.0.1/24").error.find("ADDRESS/LENGTH"), std::string::npos);
    EXPECT_NE(parse_traffic_selector("10.1.0.9-10.1.0.1").error.find("after its end"), std::string::npos);
    EXPECT_NE(parse_traffic_selector("10.1.0.1-::1").error.find("families"), std::string::npos);
    EXPECT_NE(parse_traffic_selector("10.0.0.0/8[gre/1]").error.find("unknown protocol"), std::string::npos);
    EXPECT_NE(parse_traffic_selector("10.0.0.0/8[tcp/9-1]").error.find("port"), std::string::npos);
    EXPECT_NE(parse_traffic_selector("10.0.0.0/8[tcp/80").error.find("[proto/port]"), std::string::npos);
}

TEST(parse_interface_address, keeps_host_bits) {
    auto address = parse_interface_address("10.99.0.2/24");
    ASSERT_TRUE(address);
    EXPECT_EQ(address->address.to_string(), "10.99.0.2");
    EXPECT_EQ(address->prefix_length, 24u);
    EXPECT_FALSE(parse_interface_address("10.99.0.2"));
    EXPECT_FALSE(parse_interface_address("10.99.0.2/33"));
}

TEST(parse_psk, string_and_hex) {
    auto plain = parse_psk("secret");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->size(), 6u);
    auto hex = parse_psk("0x00fF10");
    ASSERT_TRUE(hex);
    ASSERT_EQ(hex->size(), 3u);
    EXPECT_EQ(hex->expose()[1], 0xff);
    EXPECT_FALSE(parse_psk("0xabc"));
    EXPECT_FALSE(parse_psk("0xzz"));
    EXPECT_FALSE(parse_psk(""));
}

}  // namespace
}  // namespace ravelin::cp::config
