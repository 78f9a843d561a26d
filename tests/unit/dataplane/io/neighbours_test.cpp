#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ravelin::dp::io
