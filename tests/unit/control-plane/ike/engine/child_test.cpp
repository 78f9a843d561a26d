#include "control-plane/ike/engine/tasks/child.hpp"

#include <gtest/gtest.h>

namespace ravelin::cp::ike {
namespace {

common::traffic_selector ts(const char* prefix) {
    return {common::address_range::from_prefix(*common::ip_prefix::parse(prefix)), 0, {}};
}

TEST(child, narrowing_intersects_offer_with_configuration) {
    const auto narrowed = narrow({ts("10.1.0.0/25")}, {ts("10.1.0.0/24")});
    ASSERT_EQ(narrowed.size(), 1u);
    EXPECT_EQ(narrowed[0].to_string(), "10.1.0.0/25");
    EXPECT_TRUE(narrow({ts("10.9.0.0/24")}, {ts("10.1.0.0/24")}).empty());
}

TEST(child, within_checks_the_responder_did_not_widen) {
    EXPECT_TRUE(within({ts("10.1.0.0/25")}, {ts("10.1.0.0/24")}));
    EXPECT_FALSE(within({ts("10.1.0.0/23")}, {ts("10.1.0.0/24")}));
    EXPECT_FALSE(within({}, {ts("10.1.0.0/24")}));
}

TEST(child, ts_payload_round_trip) {
    const std::vector<common::traffic_selector> list{ts("10.1.0.0/24"), ts("2001:db8::/64")};
    EXPECT_EQ(from_ts_payload(to_ts_payload(list)), list);
}

TEST(child, dynamic_is_the_host_address) {
    const auto host = *common::ip_address::parse("192.0.2.9");
    const auto out = configured_ts({}, host);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to_string(), "192.0.2.9/32");
}

TEST(child, spi_bytes_round_trip) {
    EXPECT_EQ(spi_from(spi_bytes(sad::spi{0xc0010203}))->value, 0xc0010203u);
    EXPECT_FALSE(spi_from({1, 2, 3}).has_value());
}

}  // namespace
}  // namespace ravelin::cp::ike
