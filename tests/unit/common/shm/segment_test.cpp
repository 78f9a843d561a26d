#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "common/shm/segment.hpp"

namespace ravelin::common::shm {
namespace {

// A segment name of its own per test, removed whatever the outcome.
class segment_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        _name = "/ravelin-test-" + std::to_string(::getpid()) + "-" + info->name();
        segment::remove(_name);
    }
    void TearDown() override { segment::remove(_name); }
    std::string _name;
};

command_record add_sa_command(std::uint64_t cookie) {
    command_record command;
    command.cookie = cookie;
    command.kind = command_kind::add_sa;
    command.body.sa.spi = static_cast<std::uint32_t>(0x1000 + cookie);
    command.body.sa.encryption_key_len = 20;
    std::fill_n(command.body.sa.encryption_key.begin(), 20, static_cast<std::uint8_t>(0x5a));
    command.body.sa.integrity_key_len = 32;
    std::fill_n(command.body.sa.integrity_key.begin(), 32, static_cast<std::uint8_t>(0xc3));
    return command;
}

TEST_F(segment_test, attach_without_a_dataplane_is_not_found) {
    EXPECT_EQ(segment::attach(_name).error(), shm_errc::not_found);
}

TEST_F(segment_test, names_must_be_single_component) {
    EXPECT_EQ(segment::create("no-slash").error(), shm_errc::bad_name);
    EXPECT_EQ(segment::attach("/a/b").error(), shm_errc::bad_name);
}

TEST_F(segment_test, attach_sees_the_creators_header_and_rings) {
    auto dp = segment::create(_name);
    ASSERT_TRUE(dp.has_value()) << dp.error().message();
    auto ike = segment::attach(_name);
    ASSERT_TRUE(ike.has_value()) << ike.error().message();
    EXPECT_EQ(ike->generation(), dp->generation());
    EXPECT_NE(ike->generation(), 0u);
    EXPECT_EQ(ike->layout().header.owner_pid.load(), ::getpid());

    ring_producer<command_record, command_slots> producer(ike->layout().commands);
    ASSERT_TRUE(producer.try_push(add_sa_command(1)));
    ring_consumer<command_record, command_slots> consumer(dp->layout().commands);
    command_record out;
    ASSERT_TRUE(consumer.try_pop(out));
    EXPECT_EQ(out.body.sa.spi, 0x1001u);
    EXPECT_FALSE(ike->replaced());
}

TEST_F(segment_test, key_bytes_are_wiped_from_the_slot_once_consumed) {
    auto dp = segment::create(_name);
    auto ike = segment::attach(_name);
    ASSERT_TRUE(dp && ike);
    ring_producer<command_record, command_slots> producer(ike->layout().commands);
    ASSERT_TRUE(producer.try_push(add_sa_command(7)));
    const auto& slot = ike->layout().commands.slot[0];
    ASSERT_EQ(slot.body.sa.encryption_key[0], 0x5a);

    ring_consumer<command_record, command_slots> consumer(dp->layout().commands);
    command_record out;
    ASSERT_TRUE(consumer.try_pop(out));
    EXPECT_EQ(out.body.sa.encryption_key[19], 0x5a);
    EXPECT_EQ(out.body.sa.integrity_key[31], 0xc3);
    // Seen through the other process's mapping: nothing of the keys is left.
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(&slot);
    EXPECT_TRUE(std::all_of(bytes, bytes + sizeof slot, [](std::uint8_t b) { return b == 0; }));
}

TEST_F(segment_test, layout_version_mismatch_is_refused) {
    auto dp = segment::create(_name);
    ASSERT_TRUE(dp.has_value());
    dp->layout().header.version = layout_version + 1;
    EXPECT_EQ(segment::attach(_name).error(), shm_errc::layout_mismatch);
    dp->layout().header.version = layout_version;
    dp->layout().header.magic.store(0);
    EXPECT_EQ(segment::attach(_name).error(), shm_errc::layout_mismatch);
}

TEST_F(segment_test, a_dataplane_restart_is_a_new_generation_and_drops_stale_commands) {
    auto first = segment::create(_name);
    ASSERT_TRUE(first.has_value());
    auto ike = segment::attach(_name);
    ASSERT_TRUE(ike.has_value());
    const std::uint64_t seen = ike->generation();
    ring_producer<command_record, command_slots> producer(ike->layout().commands);
    ASSERT_TRUE(producer.try_push(add_sa_command(1)));
    ike->layout().sa_counters[3].packets.store(99);

    auto second = segment::create(_name);  // same process: a restarted owner
    ASSERT_TRUE(second.has_value()) << second.error().message();
    EXPECT_GT(ike->generation(), seen);
    EXPECT_FALSE(ike->replaced());
    EXPECT_EQ(producer.pending(), 0u);
    EXPECT_EQ(ike->layout().commands.slot[0].body.sa.encryption_key[0], 0);
    EXPECT_EQ(ike->layout().sa_counters[3].packets.load(), 0u);
}

TEST_F(segment_test, a_recreated_segment_is_noticed_as_replaced) {
    auto first = segment::create(_name);
    auto ike = segment::attach(_name);
    ASSERT_TRUE(first && ike);
    segment::remove(_name);
    EXPECT_TRUE(ike->replaced());
    auto second = segment::create(_name);
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(ike->replaced());
    auto again = segment::attach(_name);
    ASSERT_TRUE(again.has_value());
    EXPECT_NE(again->generation(), ike->generation());
    EXPECT_FALSE(again->replaced());
}

TEST_F(segment_test, a_live_owner_is_not_taken_over) {
    auto dp = segment::create(_name);
    ASSERT_TRUE(dp.has_value());
    const pid_t child = ::fork();
    if (child == 0) {
        auto other = segment::create(_name);
        ::_exit(!other.has_value() && other.error() == shm_errc::in_use ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// Producer and consumer in two processes: a million commands arrive once, in
// order, through a ring of 4096 slots.
TEST_F(segment_test, two_processes_move_a_million_records_in_order) {
    auto dp = segment::create(_name);
    ASSERT_TRUE(dp.has_value());
    constexpr std::uint64_t count = 1'000'000;
    const pid_t child = ::fork();
    if (child == 0) {
        auto ike = segment::attach(_name);
        if (!ike) ::_exit(2);
        ring_producer<command_record, command_slots> producer(ike->layout().commands);
        command_record command = add_sa_command(0);
        for (std::uint64_t i = 0; i < count;) {
            command.cookie = i;
            command.body.sa.spi = static_cast<std::uint32_t>(i * 2654435761u);
            if (producer.try_push(command)) {
                ++i;
            } else {
                ::sched_yield();
            }
        }
        ::_exit(0);
    }
    ring_consumer<command_record, command_slots> consumer(dp->layout().commands);
    std::uint64_t expected = 0;
    std::uint64_t bad = 0;
    while (expected < count) {
        command_record out;
        if (!consumer.try_pop(out)) {
            ::sched_yield();
            continue;
        }
        if (out.cookie != expected || out.body.sa.spi != static_cast<std::uint32_t>(expected * 2654435761u) ||
            out.body.sa.encryption_key[19] != 0x5a) {
            ++bad;
        }
        ++expected;
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(bad, 0u);
    command_record out;
    EXPECT_FALSE(consumer.try_pop(out));
}

}  // namespace
}  // namespace ravelin::common::shm
