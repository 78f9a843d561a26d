#include <gtest/gtest.h>

#include <array>
#include <string>
#include <thread>

#include "dataplane/io/neighbours.hpp"

namespace ravelin::dp::io {
namespace {

TEST(neighbour_table, learns_and_refreshes) {
    neighbour_table table;
    EXPECT_FALSE(table.find(0x0a000001).has_value());
    ASSERT_TRUE(table.learn(0x0a000001, {1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(table.find(0x0a000001)->at(5), 6);
    ASSERT_TRUE(table.learn(0x0a000001, {1, 2, 3, 4, 5, 7}));
    EXPECT_EQ(table.find(0x0a000001)->at(5), 7);
}

TEST(neighbour_table, requests_are_rate_limited_per_address) {
    neighbour_table table;
    EXPECT_TRUE(table.should_request(0x0a000002, 1000, 500));
    EXPECT_FALSE(table.should_request(0x0a000002, 1200, 500));
    EXPECT_TRUE(table.should_request(0x0a000003, 1200, 500));
    EXPECT_TRUE(table.should_request(0x0a000002, 1600, 500));
    EXPECT_FALSE(table.find(0x0a000002).has_value());  // asked for, not known
}

TEST(neighbour_table, full_table_refuses_new_addresses) {
    neighbour_table table;
    for (std::uint32_t i = 1; i <= neighbour_table::slots; ++i) ASSERT_TRUE(table.learn(i, {0, 0, 0, 0, 0, 1}));
    EXPECT_FALSE(table.learn(100000, {0, 0, 0, 0, 0, 1}));
    EXPECT_TRUE(table.find(neighbour_table::slots).has_value());
}

TEST(neighbour_table, two_workers_learning_the_same_addresses_agree) {
    neighbour_table table;
    auto learn_all = [&](std::uint8_t tag) {
        for (std::uint32_t i = 1; i <= 200; ++i) table.learn(0x0a000000 + i, {tag, 0, 0, 0, 0, 1});
    };
    std::thread a(learn_all, 1);
    std::thread b(learn_all, 2);
    a.join();
    b.join();
    for (std::uint32_t i = 1; i <= 200; ++i) {
        const auto mac = table.find(0x0a000000 + i);
        ASSERT_TRUE(mac.has_value()) << i;
        EXPECT_TRUE((*mac)[0] == 1 || (*mac)[0] == 2);
    }
}

TEST(neighbour_table, ipv6_addresses_differing_in_either_half_are_distinct) {
    neighbour_table table;
    const lookup::wide_address a{0xfd00000100000000ull, 1};
    const lookup::wide_address b{0xfd00000200000000ull, 1};
    ASSERT_TRUE(table.learn(a, {0, 0, 0, 0, 0, 0xa}));
    EXPECT_FALSE(table.find(b).has_value());
    ASSERT_TRUE(table.learn(b, {0, 0, 0, 0, 0, 0xb}));
    EXPECT_EQ(table.find(a)->at(5), 0xa);
    EXPECT_EQ(table.find(b)->at(5), 0xb);
    EXPECT_FALSE(table.learn(lookup::wide_address{}, {0, 0, 0, 0, 0, 1}));  // the unspecified address
}

TEST(neighbour_table, generation_moves_only_when_a_mac_changes) {
    neighbour_table table;
    const std::uint64_t start = table.generation();
    ASSERT_TRUE(table.learn(0x0a000001, {1, 2, 3, 4, 5, 6}));
    const std::uint64_t learnt = table.generation();
    EXPECT_NE(learnt, start);
    ASSERT_TRUE(table.learn(0x0a000001, {1, 2, 3, 4, 5, 6}));  // a refresh
    EXPECT_EQ(table.generation(), learnt);
    EXPECT_TRUE(table.should_request(0x0a000009, 1000, 500));  // a claimed slot without a MAC
    EXPECT_EQ(table.generation(), learnt);
    ASSERT_TRUE(table.learn(0x0a000001, {1, 2, 3, 4, 5, 7}));
    EXPECT_NE(table.generation(), learnt);
}

const mac_address own{2, 0, 0, 0, 0, 0xee};

TEST(next_hop_cache, builds_the_ethernet_header_of_a_known_next_hop) {
    neighbour_table table;
    next_hop_cache cache;
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4), nullptr);
    ASSERT_TRUE(table.learn(0x0a000001, {2, 0, 0, 0, 0, 1}));
    const auto* header = cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4);
    ASSERT_NE(header, nullptr);
    const next_hop_cache::header expected{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0xee, 0x08, 0x00};
    EXPECT_EQ(*header, expected);
    next_hop_cache v6_cache;  // the header lives in the cache: not a temporary
    const auto* v6 = v6_cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv6);
    ASSERT_NE(v6, nullptr);
    EXPECT_EQ((*v6)[12], 0x86);
    EXPECT_EQ((*v6)[13], 0xdd);
}

TEST(next_hop_cache, follows_a_changed_mac_and_another_next_hop) {
    neighbour_table table;
    next_hop_cache cache;
    ASSERT_TRUE(table.learn(0x0a000001, {2, 0, 0, 0, 0, 1}));
    ASSERT_TRUE(table.learn(0x0a000002, {2, 0, 0, 0, 0, 2}));
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4)->at(5), 1);
    // The neighbour answers from a new MAC (a failover, a replaced router): the next packet uses it.
    ASSERT_TRUE(table.learn(0x0a000001, {2, 0, 0, 0, 0, 9}));
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4)->at(5), 9);
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000002}, own, ether_ipv4)->at(5), 2);
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000003}, own, ether_ipv4), nullptr);
    EXPECT_EQ(cache.find(table, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4)->at(5), 9);
}

TEST(next_hop_cache, does_not_mix_up_tables) {
    neighbour_table a;
    neighbour_table b;
    next_hop_cache cache;
    ASSERT_TRUE(a.learn(0x0a000001, {2, 0, 0, 0, 0, 1}));
    ASSERT_TRUE(b.learn(0x0a000001, {2, 0, 0, 0, 0, 2}));  // same address and generation, other port
    EXPECT_EQ(cache.find(a, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4)->at(5), 1);
    EXPECT_EQ(cache.find(b, lookup::wide_address{0, 0x0a000001}, own, ether_ipv4)->at(5), 2);
}

TEST(neighbour_requests, arp_request_asks_for_the_target_from_the_port) {
    std::array<std::uint8_t, arp_request_size> frame{};
    build_arp_request(frame, {2, 0, 0, 0, 0, 1}, 0x0a0100fe, 0x0a010001);
    EXPECT_EQ(frame[0], 0xff);
    EXPECT_EQ(frame[12], 0x08);
    EXPECT_EQ(frame[13], 0x06);
    EXPECT_EQ(frame[14 + 7], 1);  // request
    EXPECT_EQ(frame[14 + 17], 0xfe);
    EXPECT_EQ(frame[14 + 27], 0x01);
}

TEST(neighbour_requests, neighbour_solicitation_is_byte_for_byte_what_scapy_builds) {
    // scapy: Ether(src=02:00:00:00:00:01, dst=33:33:ff:00:00:01) / IPv6(src=fd00:1::fe, dst=ff02::1:ff00:1,
    // hlim=255) / ICMPv6ND_NS(tgt=fd00:1::1) / ICMPv6NDOptSrcLLAddr(lladdr=02:00:00:00:00:01)
    const char* expected =
        "3333ff00000102000000000186dd6000000000203afffd0000010000000000000000000000feff0200000000000000000001ff000001"
        "87007c9a00000000fd0000010000000000000000000000010101020000000001";
    std::array<std::uint8_t, neighbour_solicitation_size> frame{};
    build_neighbour_solicitation(frame, {2, 0, 0, 0, 0, 1}, {0xfd00000100000000ull, 0xfe}, {0xfd00000100000000ull, 1});
    std::string hex;
    for (auto b : frame) {
        static const char digits[] = "0123456789abcdef";
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    EXPECT_EQ(hex, expected);
}

}  // namespace
}  // namespace ravelin::dp::io
