#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <thread>

#include "common/shm/records.hpp"
#include "common/shm/spsc_ring.hpp"

namespace ravelin::common::shm {
namespace {

struct small_record {
    std::uint64_t sequence;
    std::uint8_t key[24];
};

using small_ring = spsc_ring<small_record, 8>;

std::unique_ptr<small_ring> make_ring() {
    auto ring = std::make_unique<small_ring>();
    ring->head.store(0);
    ring->tail.store(0);
    return ring;
}

small_record record(std::uint64_t sequence) {
    small_record r{};
    r.sequence = sequence;
    std::fill(std::begin(r.key), std::end(r.key), static_cast<std::uint8_t>(0xa0 + sequence % 16));
    return r;
}

TEST(spsc_ring, head_and_tail_sit_on_their_own_cache_lines) {
    EXPECT_EQ(offsetof(small_ring, head) % cache_line, 0u);
    EXPECT_EQ(offsetof(small_ring, tail) - offsetof(small_ring, head), cache_line);
    EXPECT_EQ(offsetof(small_ring, slot) - offsetof(small_ring, tail), cache_line);
}

TEST(spsc_ring, empty_ring_pops_nothing) {
    auto ring = make_ring();
    ring_consumer<small_record, 8> consumer(*ring);
    small_record out{};
    EXPECT_FALSE(consumer.try_pop(out));
}

TEST(spsc_ring, full_ring_refuses_a_push_until_one_is_consumed) {
    auto ring = make_ring();
    ring_producer<small_record, 8> producer(*ring);
    ring_consumer<small_record, 8> consumer(*ring);
    for (std::uint64_t i = 0; i < 8; ++i) ASSERT_TRUE(producer.try_push(record(i)));
    EXPECT_FALSE(producer.try_push(record(8)));
    EXPECT_EQ(producer.pending(), 8u);
    small_record out{};
    ASSERT_TRUE(consumer.try_pop(out));
    EXPECT_EQ(out.sequence, 0u);
    EXPECT_TRUE(producer.try_push(record(8)));
    EXPECT_FALSE(producer.try_push(record(9)));
}

TEST(spsc_ring, wraps_around_many_times_in_order) {
    auto ring = make_ring();
    ring_producer<small_record, 8> producer(*ring);
    ring_consumer<small_record, 8> consumer(*ring);
    std::uint64_t next_in = 0;
    std::uint64_t next_out = 0;
    // Uneven batches so head and tail cross the wrap point at every offset.
    for (int round = 0; round < 1000; ++round) {
        const int pushes = 1 + round % 8;
        for (int i = 0; i < pushes && producer.try_push(record(next_in)); ++i) ++next_in;
        const int pops = 1 + (round * 3) % 8;
        small_record out{};
        for (int i = 0; i < pops && consumer.try_pop(out); ++i) {
            ASSERT_EQ(out.sequence, next_out);
            ASSERT_EQ(out.key[0], 0xa0 + next_out % 16);
            ++next_out;
        }
    }
    EXPECT_GT(ring->head.load(), 8u * 100);
    small_record out{};
    while (consumer.try_pop(out)) ASSERT_EQ(out.sequence, next_out++);
    EXPECT_EQ(next_in, next_out);
}

TEST(spsc_ring, consumed_slot_is_wiped) {
    auto ring = make_ring();
    ring_producer<small_record, 8> producer(*ring);
    ring_consumer<small_record, 8> consumer(*ring);
    ASSERT_TRUE(producer.try_push(record(5)));
    ASSERT_NE(ring->slot[0].key[0], 0);
    small_record out{};
    ASSERT_TRUE(consumer.try_pop(out));
    EXPECT_EQ(out.key[0], 0xa5);
    const small_record zero{};
    EXPECT_EQ(std::memcmp(&ring->slot[0], &zero, sizeof zero), 0);
}

TEST(spsc_ring, discard_pending_wipes_and_drops_everything_published) {
    auto ring = make_ring();
    ring_producer<small_record, 8> producer(*ring);
    for (std::uint64_t i = 0; i < 5; ++i) ASSERT_TRUE(producer.try_push(record(i)));
    ring_consumer<small_record, 8> consumer(*ring);
    EXPECT_EQ(consumer.discard_pending(), 5u);
    const small_record zero{};
    for (const auto& slot : ring->slot) EXPECT_EQ(std::memcmp(&slot, &zero, sizeof zero), 0);
    small_record out{};
    EXPECT_FALSE(consumer.try_pop(out));
    EXPECT_EQ(producer.pending(), 0u);
}

// Two threads hammering one ring: every record arrives once, in order (run
// under TSan too, where the acquire/release pairs are what make it clean).
TEST(spsc_ring, two_threads_move_records_in_order_without_loss) {
    auto ring = make_ring();
    constexpr std::uint64_t count = 200000;
    std::thread producer_thread([&] {
        ring_producer<small_record, 8> producer(*ring);
        for (std::uint64_t i = 0; i < count;) {
            if (producer.try_push(record(i))) {
                ++i;
            } else {
                std::this_thread::yield();
            }
        }
    });
    ring_consumer<small_record, 8> consumer(*ring);
    std::uint64_t expected = 0;
    bool in_order = true;
    while (expected < count) {
        small_record out{};
        if (!consumer.try_pop(out)) {
            std::this_thread::yield();
            continue;
        }
        in_order = in_order && out.sequence == expected && out.key[23] == 0xa0 + expected % 16;
        ++expected;
    }
    producer_thread.join();
    EXPECT_TRUE(in_order);
    small_record out{};
    EXPECT_FALSE(consumer.try_pop(out));
}

TEST(records, sizes_are_pinned) {
    EXPECT_EQ(sizeof(command_record), 256u);
    EXPECT_EQ(sizeof(event_record), 64u);
    EXPECT_LE(sizeof(sa_record) + 8, sizeof(command_record));
}

}  // namespace
}  // namespace ravelin::common::shm
