#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "dataplane/lookup/spi_table.hpp"

namespace ravelin::dp::lookup {
namespace {

TEST(spi_table, finds_what_was_inserted_by_spi_and_protocol) {
    spi_table table(16, nullptr);
    ASSERT_TRUE(table.insert(0x1000, 3, 7));
    ASSERT_TRUE(table.insert(0x1000, 2, 8));  // the same SPI under AH is another SA
    EXPECT_EQ(table.find(0x1000, 3), 7u);
    EXPECT_EQ(table.find(0x1000, 2), 8u);
    EXPECT_EQ(table.find(0x1001, 3), no_sa);
    EXPECT_EQ(table.size(), 2u);
}

TEST(spi_table, refuses_duplicates_spi_zero_and_overflow) {
    spi_table table(2, nullptr);
    EXPECT_FALSE(table.insert(0, 3, 1));
    ASSERT_TRUE(table.insert(0x100, 3, 1));
    EXPECT_FALSE(table.insert(0x100, 3, 2));
    ASSERT_TRUE(table.insert(0x101, 3, 2));
    EXPECT_FALSE(table.insert(0x102, 3, 3));  // max_entries reached
    EXPECT_EQ(table.find(0x100, 3), 1u);
}

TEST(spi_table, erase_leaves_other_entries_on_the_probe_path_reachable) {
    spi_table table(64, nullptr);
    for (std::uint32_t i = 0; i < 64; ++i) ASSERT_TRUE(table.insert(0x10000 + i, 3, i));
    for (std::uint32_t i = 0; i < 64; i += 2) ASSERT_TRUE(table.erase(0x10000 + i, 3));
    for (std::uint32_t i = 0; i < 64; ++i) EXPECT_EQ(table.find(0x10000 + i, 3), i % 2 ? i : no_sa) << i;
    EXPECT_FALSE(table.erase(0x10000, 3));
    EXPECT_EQ(table.size(), 32u);
}

TEST(spi_table, churn_rebuilds_after_a_grace_period_and_loses_nothing) {
    int grace_periods = 0;
    spi_table table(32, [&] { ++grace_periods; });
    for (std::uint32_t i = 0; i < 16; ++i) ASSERT_TRUE(table.insert(0xa000 + i, 3, i));
    for (std::uint32_t round = 0; round < 500; ++round) {
        const std::uint32_t spi = 0x100000 + round;
        ASSERT_TRUE(table.insert(spi, 3, 100 + round % 1000));
        ASSERT_TRUE(table.erase(spi, 3));
    }
    EXPECT_GT(table.rebuilds(), 0u);
    EXPECT_EQ(grace_periods, static_cast<int>(table.rebuilds()));
    for (std::uint32_t i = 0; i < 16; ++i) EXPECT_EQ(table.find(0xa000 + i, 3), i);
}

// A worker reading while the main lcore churns: stable entries are always
// found, whatever is inserted, erased or rebuilt around them.
TEST(spi_table, readers_always_find_stable_entries_during_churn) {
    std::atomic<bool> stop{false};
    // A minimal QSBR: the reader counts its passes; a grace period waits for
    // the count to move on, so no pass that began before it is still running.
    std::atomic<std::uint64_t> passes{0};
    spi_table table(64, [&] {
        const std::uint64_t seen = passes.load();
        while (passes.load() < seen + 2) std::this_thread::yield();
    });
    for (std::uint32_t i = 0; i < 8; ++i) ASSERT_TRUE(table.insert(0x5000 + i, 3, i));
    std::atomic<std::uint64_t> misses{0};
    std::thread reader([&] {
        while (!stop.load()) {
            for (std::uint32_t i = 0; i < 8; ++i) {
                if (table.find(0x5000 + i, 3) != i) misses.fetch_add(1);
            }
            passes.fetch_add(1);
        }
    });
    for (std::uint32_t round = 0; round < 5000; ++round) {
        ASSERT_TRUE(table.insert(0x900000 + round, 3, round & 0xffff));
        ASSERT_TRUE(table.erase(0x900000 + round, 3));
    }
    stop = true;
    reader.join();
    EXPECT_EQ(misses.load(), 0u);
    EXPECT_GT(table.rebuilds(), 0u);
}

// ravelin-dp's default SA capacity (dataplane.max_sas) filled with inbound SPIs
// as IKE allocates them (random, RFC 7296 §3.3.1): every one found with its
// index, and SPIs never inserted are not (the index keeps the whole key).
TEST(spi_table, a_hundred_thousand_random_spis_without_false_hits) {
    constexpr std::uint32_t count = 100000;
    spi_table table(131072, nullptr);
    std::mt19937 random(8);
    std::set<std::uint32_t> inserted;
    std::vector<std::uint32_t> spis;
    while (spis.size() < count) {
        const std::uint32_t spi = static_cast<std::uint32_t>(random());
        if (spi < 256 || !inserted.insert(spi).second) continue;  // 1-255 reserved by IANA
        ASSERT_TRUE(table.insert(spi, 3, static_cast<std::uint32_t>(spis.size())));
        spis.push_back(spi);
    }
    EXPECT_EQ(table.size(), count);
    for (std::uint32_t i = 0; i < count; ++i) ASSERT_EQ(table.find(spis[i], 3), i) << std::hex << spis[i];
    std::uint32_t absent = 0;
    while (absent < count) {
        const std::uint32_t spi = static_cast<std::uint32_t>(random());
        if (spi == 0 || inserted.count(spi) != 0) continue;
        ASSERT_EQ(table.find(spi, 3), no_sa) << std::hex << spi;
        ++absent;
    }
    for (std::uint32_t i = 0; i < 1000; ++i) EXPECT_EQ(table.find(spis[i], 2), no_sa);  // the same SPI under AH
}

}  // namespace
}  // namespace ravelin::dp::lookup
