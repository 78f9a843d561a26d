#include "common/ip_range.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace ravelin::common {
namespace {

ip_address addr(const char* text) { return *ip_address::parse(text); }

TEST(ip_prefix, parses_prefixes_and_host_addresses) {
    auto prefix = ip_prefix::parse("10.1.0.0/24");
    ASSERT_TRUE(prefix.has_value());
    EXPECT_EQ(prefix->length(), 24u);
    EXPECT_EQ(prefix->last().to_string(), "10.1.0.255");
    EXPECT_EQ(prefix->to_string(), "10.1.0.0/24");
    EXPECT_EQ(ip_prefix::parse("10.99.0.2")->length(), 32u);
    EXPECT_EQ(ip_prefix::parse("2001:db8::/32")->to_string(), "2001:db8::/32");
    EXPECT_EQ(ip_prefix::parse("::/0")->last(), ip_address::highest(ip_family::v6));
}

TEST(ip_prefix, rejects_bad_lengths_and_host_bits) {
    for (const char* text : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/2x", "10.0.0.1/24",
                             "::/129", "10.0.0.0/024x"}) {
        EXPECT_EQ(ip_prefix::parse(text).error(), errc::invalid_prefix) << text;
    }
    EXPECT_EQ(ip_prefix::parse("bogus/24").error(), errc::invalid_address);
}

TEST(ip_prefix, contains_only_its_own_family) {
    const auto prefix = *ip_prefix::parse("10.1.0.0/16");
    EXPECT_TRUE(prefix.contains(addr("10.1.255.255")));
    EXPECT_FALSE(prefix.contains(addr("10.2.0.0")));
    EXPECT_FALSE(prefix.contains(addr("::a01:0")));
}

TEST(address_range, requires_ordered_ends_of_one_family) {
    EXPECT_EQ(address_range::make(addr("10.0.0.2"), addr("10.0.0.1")).error(), errc::invalid_range);
    EXPECT_EQ(address_range::make(addr("10.0.0.1"), addr("::1")).error(), errc::family_mismatch);
    EXPECT_TRUE(address_range::make(addr("10.0.0.1"), addr("10.0.0.1")).has_value());
}

TEST(address_range, intersects_for_narrowing) {
    const auto wide = address_range::from_prefix(*ip_prefix::parse("10.0.0.0/8"));
    const auto narrow = address_range::from_prefix(*ip_prefix::parse("10.1.0.0/24"));
    EXPECT_EQ(wide.intersect(narrow), narrow);
    EXPECT_EQ(narrow.intersect(wide), narrow);
    const auto disjoint = address_range::from_prefix(*ip_prefix::parse("192.168.0.0/16"));
    EXPECT_FALSE(wide.intersect(disjoint).has_value());
    const auto v6 = address_range::everything(ip_family::v6);
    EXPECT_FALSE(wide.intersect(v6).has_value());

    const auto left = *address_range::make(addr("10.0.0.1"), addr("10.0.0.20"));
    const auto right = *address_range::make(addr("10.0.0.10"), addr("10.0.0.30"));
    const auto overlap = left.intersect(right);
    ASSERT_TRUE(overlap.has_value());
    EXPECT_EQ(overlap->to_string(), "10.0.0.10-10.0.0.20");
}

TEST(address_range, formats_as_prefix_when_it_is_one) {
    EXPECT_EQ(address_range::everything(ip_family::v4).to_string(), "0.0.0.0/0");
    EXPECT_EQ(address_range::everything(ip_family::v6).to_string(), "::/0");
    EXPECT_EQ(address_range::make(addr("10.0.0.0"), addr("10.0.0.127"))->to_string(), "10.0.0.0/25");
    EXPECT_EQ(address_range::make(addr("10.0.0.1"), addr("10.0.0.128"))->to_string(), "10.0.0.1-10.0.0.128");
}

TEST(address_range, containment) {
    const auto range = address_range::from_prefix(*ip_prefix::parse("10.1.0.0/24"));
    EXPECT_TRUE(range.contains(addr("10.1.0.0")));
    EXPECT_TRUE(range.contains(addr("10.1.0.255")));
    EXPECT_FALSE(range.contains(addr("10.1.1.0")));
    EXPECT_TRUE(address_range::everything(ip_family::v4).contains(range));
    EXPECT_FALSE(range.contains(address_range::everything(ip_family::v4)));
}

}  // namespace
}  // namespace ravelin::common
