// Anti-replay window and sequence numbers (RFC 4303 §3.3.3, §3.4.3, Appendix A),
// checked against a naive model (a set of seen numbers) over random traffic.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

#include "dataplane/ipsec/replay.hpp"

namespace ravelin::dp::ipsec {
namespace {

struct window {
    explicit window(std::uint32_t bits, std::uint64_t top = 0) : blocks(replay_blocks(bits)) {
        state.blocks = blocks.data();
        state.window = bits;
        state.block_mask = static_cast<std::uint32_t>(blocks.size() - 1);
        state.top = top;
    }
    replay_verdict check_and_accept(std::uint32_t seq_lo, bool esn = false) {
        const replay_result r = replay_check(state, seq_lo, esn);
        if (r.verdict != replay_verdict::fresh) return r.verdict;
        return replay_accept(state, r.seq);
    }
    std::vector<std::uint64_t> blocks;
    replay_state state;
};

TEST(replay_blocks, power_of_two_with_a_spare_block) {
    EXPECT_EQ(replay_blocks(64), 2u);
    EXPECT_EQ(replay_blocks(65), 4u);
    EXPECT_EQ(replay_blocks(128), 4u);
    EXPECT_EQ(replay_blocks(4096), 128u);
}

TEST(replay, in_order_then_duplicates) {
    window w(64);
    for (std::uint32_t s = 1; s <= 200; ++s) EXPECT_EQ(w.check_and_accept(s), replay_verdict::fresh) << s;
    EXPECT_EQ(w.check_and_accept(200), replay_verdict::replayed);
    EXPECT_EQ(w.check_and_accept(137), replay_verdict::replayed);  // 200 - 63: last slot of the window
    EXPECT_EQ(w.check_and_accept(136), replay_verdict::too_old);
    EXPECT_EQ(w.state.top, 200u);
}

TEST(replay, sequence_zero_is_never_valid) {
    window w(64);
    EXPECT_EQ(replay_check(w.state, 0, false).verdict, replay_verdict::too_old);
    EXPECT_EQ(replay_accept(w.state, 0), replay_verdict::too_old);
}

TEST(replay, check_does_not_move_the_window) {
    window w(64);
    ASSERT_EQ(w.check_and_accept(10), replay_verdict::fresh);
    EXPECT_EQ(replay_check(w.state, 1000, false).verdict, replay_verdict::fresh);
    EXPECT_EQ(w.state.top, 10u);
    EXPECT_EQ(w.check_and_accept(10), replay_verdict::replayed);
}

TEST(replay, accept_rechecks_duplicates_within_one_burst) {
    window w(64);
    // Two copies pass the check before either is accepted: only one may get through.
    const auto a = replay_check(w.state, 7, false);
    const auto b = replay_check(w.state, 7, false);
    ASSERT_EQ(a.verdict, replay_verdict::fresh);
    ASSERT_EQ(b.verdict, replay_verdict::fresh);
    EXPECT_EQ(replay_accept(w.state, a.seq), replay_verdict::fresh);
    EXPECT_EQ(replay_accept(w.state, b.seq), replay_verdict::replayed);
}

TEST(replay, jump_far_ahead_forgets_everything_left_of_the_window) {
    window w(128);
    for (std::uint32_t s = 1; s <= 100; ++s) ASSERT_EQ(w.check_and_accept(s), replay_verdict::fresh);
    ASSERT_EQ(w.check_and_accept(1'000'000), replay_verdict::fresh);
    EXPECT_EQ(w.check_and_accept(100), replay_verdict::too_old);
    // Every slot inside the new window is clean, although the ring reused its blocks.
    for (std::uint32_t s = 1'000'000 - 127; s < 1'000'000; ++s) EXPECT_EQ(w.check_and_accept(s), replay_verdict::fresh) << s;
}

// Random reordering and duplication against a model, for several window sizes.
class replay_model : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(replay_model, matches_a_naive_model) {
    const std::uint32_t size = GetParam();
    window w(size);
    std::set<std::uint64_t> seen;
    std::uint64_t top = 0;
    std::mt19937_64 rng(size);
    std::uint64_t next = 1;
    for (int i = 0; i < 20000; ++i) {
        // Mostly forward, sometimes back into (or beyond) the window, sometimes a big leap.
        const std::uint64_t r = rng() % 100;
        std::uint64_t seq = next;
        if (r < 60) {
            seq = next++;
        } else if (r < 95) {
            const std::uint64_t back = rng() % (size + size / 2 + 2);
            seq = next > back ? next - back : 1;
        } else {
            next += rng() % (4 * size);
            seq = next++;
        }
        replay_verdict expected = replay_verdict::fresh;
        if (seq + size <= top) {
            expected = replay_verdict::too_old;
        } else if (seen.count(seq) != 0) {
            expected = replay_verdict::replayed;
        }
        ASSERT_EQ(w.check_and_accept(static_cast<std::uint32_t>(seq)), expected) << "seq " << seq << " top " << top;
        if (expected == replay_verdict::fresh) {
            seen.insert(seq);
            top = std::max(top, seq);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(sizes, replay_model, ::testing::Values(64u, 100u, 1024u, 4096u, 8192u));

// RFC 4303 Appendix A2.2, case A: the window lies within one 2^32 sub-space.
TEST(esn, case_a_infers_same_or_next_subspace) {
    window w(64, (std::uint64_t{1} << 32) + 1000);
    std::uint64_t seq = 0;
    ASSERT_TRUE(infer_esn(w.state, 940, seq));
    EXPECT_EQ(seq, (std::uint64_t{1} << 32) + 940);
    ASSERT_TRUE(infer_esn(w.state, 937, seq));  // Tl - W + 1: still the same sub-space
    EXPECT_EQ(seq, (std::uint64_t{1} << 32) + 937);
    ASSERT_TRUE(infer_esn(w.state, 936, seq));  // below the window: the receiver assumes a wrap
    EXPECT_EQ(seq, (std::uint64_t{2} << 32) + 936);
}

// Case B: the window straddles a 2^32 boundary.
TEST(esn, case_b_infers_previous_or_same_subspace) {
    window w(64, (std::uint64_t{1} << 32) + 5);
    std::uint64_t seq = 0;
    ASSERT_TRUE(infer_esn(w.state, 3, seq));
    EXPECT_EQ(seq, (std::uint64_t{1} << 32) + 3);
    ASSERT_TRUE(infer_esn(w.state, 0xfffffff0u, seq));
    EXPECT_EQ(seq, 0xfffffff0u);
    EXPECT_EQ(w.check_and_accept(0xfffffff0u, true), replay_verdict::fresh);  // inside the window
    EXPECT_EQ(w.check_and_accept(0xfffffff0u, true), replay_verdict::replayed);
}

TEST(esn, impossible_values_are_too_old) {
    window start(64, 0);
    std::uint64_t seq = 0;
    EXPECT_FALSE(infer_esn(start.state, 0xffffffffu, seq));  // would be "sub-space -1"
    window end(64, UINT64_MAX - 5);
    EXPECT_FALSE(infer_esn(end.state, 3, seq));  // would be beyond 2^64 - 1
    EXPECT_EQ(end.check_and_accept(3, true), replay_verdict::too_old);
}

TEST(esn, receiver_follows_a_sender_across_the_32_bit_boundary) {
    window w(256, 0xffffff00u);
    std::mt19937 rng(7);
    std::vector<std::uint64_t> sent;
    for (std::uint64_t s = 0xffffff01u; s < 0x100000400u; ++s) sent.push_back(s);
    // Reorder within a distance of 32 packets.
    for (std::size_t i = 0; i + 32 < sent.size(); i += 32) std::shuffle(sent.begin() + i, sent.begin() + i + 32, rng);
    for (std::uint64_t s : sent) {
        const replay_result r = replay_check(w.state, static_cast<std::uint32_t>(s), true);
        ASSERT_EQ(r.verdict, replay_verdict::fresh) << s;
        ASSERT_EQ(r.seq, s);
        ASSERT_EQ(replay_accept(w.state, r.seq), replay_verdict::fresh);
    }
    EXPECT_EQ(w.state.top, 0x1000003ffu);
}

TEST(sequence, stops_at_the_32_bit_maximum_without_esn) {
    std::uint64_t last = 0xfffffffdu;
    seq_reservation r = reserve_seq(last, 5, false);
    EXPECT_EQ(r.first, 0xfffffffeu);
    EXPECT_EQ(r.granted, 2u);
    EXPECT_EQ(last, 0xffffffffu);
    r = reserve_seq(last, 1, false);
    EXPECT_EQ(r.granted, 0u);
    EXPECT_EQ(last, 0xffffffffu);
}

TEST(sequence, esn_continues_past_2_to_the_32_and_stops_at_2_to_the_64) {
    std::uint64_t last = 0xffffffffu;
    seq_reservation r = reserve_seq(last, 3, true);
    EXPECT_EQ(r.first, 0x100000000u);
    EXPECT_EQ(r.granted, 3u);
    last = UINT64_MAX - 1;
    r = reserve_seq(last, 3, true);
    EXPECT_EQ(r.granted, 1u);
    EXPECT_EQ(last, UINT64_MAX);
}

}  // namespace
}  // namespace ravelin::dp::ipsec
