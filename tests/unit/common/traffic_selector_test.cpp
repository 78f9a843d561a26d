#include "common/traffic_selector.hpp"

#include <gtest/gtest.h>

namespace ravelin::common {
namespace {

traffic_selector ts(const char* prefix, std::uint8_t protocol = 0, std::uint16_t from = 0, std::uint16_t to = 65535) {
    return {address_range::from_prefix(*ip_prefix::parse(prefix)), protocol, {from, to}};
}

TEST(traffic_selector, narrows_addresses_protocol_and_ports) {
    const auto narrowed = ts("10.0.0.0/8").intersect(ts("10.1.0.0/24", 6, 80, 80));
    ASSERT_TRUE(narrowed);
    EXPECT_EQ(*narrowed, ts("10.1.0.0/24", 6, 80, 80));
    EXPECT_EQ(narrowed->to_string(), "10.1.0.0/24[tcp/80]");
}

TEST(traffic_selector, no_overlap_means_no_selector) {
    EXPECT_FALSE(ts("10.0.0.0/8").intersect(ts("192.168.0.0/16")));
    EXPECT_FALSE(ts("10.0.0.0/8", 6).intersect(ts("10.0.0.0/8", 17)));
    EXPECT_FALSE(ts("10.0.0.0/8", 6, 1, 100).intersect(ts("10.0.0.0/8", 6, 101, 200)));
    EXPECT_FALSE(ts("10.0.0.0/8").intersect(ts("::/0")));
}

TEST(traffic_selector, port_ranges_overlap_at_the_edges) {
    const auto edge = ts("10.0.0.0/8", 17, 1, 100).intersect(ts("10.0.0.0/8", 0, 100, 200));
    ASSERT_TRUE(edge);
    EXPECT_EQ(edge->ports, (port_range{100, 100}));
    EXPECT_EQ(edge->protocol, 17);
}

TEST(traffic_selector, containment) {
    EXPECT_TRUE(ts("10.0.0.0/8").contains(ts("10.1.0.0/24", 6, 80, 80)));
    EXPECT_FALSE(ts("10.1.0.0/24", 6, 80, 80).contains(ts("10.0.0.0/8")));
    EXPECT_FALSE(ts("10.0.0.0/8", 6).contains(ts("10.0.0.0/8")));
}

TEST(traffic_selector, formats_like_swanctl) {
    EXPECT_EQ(ts("10.1.0.0/24").to_string(), "10.1.0.0/24");
    EXPECT_EQ(ts("::/0", 17, 1000, 2000).to_string(), "::/0[udp/1000-2000]");
    EXPECT_EQ(ts("10.0.0.0/8", 50).to_string(), "10.0.0.0/8[50]");
}

}  // namespace
}  // namespace ravelin::common
