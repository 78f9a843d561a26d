#include <gtest/gtest.h>

#include <memory>

#include "control-plane/sad/recording_sad.hpp"
#include "control-plane/sad/replaying_sad.hpp"

namespace ravelin::cp::sad {
namespace {

// A dataplane that can be down (every command unavailable) or restart (a fresh,
// empty recording_sad), as ravelin-dp behind the ring.
class restartable_sad final : public sad {
public:
    common::result<spi> alloc_spi(ike::protocol_id protocol) override { return _now->alloc_spi(protocol); }
    common::result<void> add_sa(sa_spec spec) override {
        if (!up) return sad_errc::unavailable;
        return _now->add_sa(std::move(spec));
    }
    common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) override {
        if (!up) return sad_errc::unavailable;
        return _now->delete_sa(protocol, id, dir);
    }
    common::result<void> add_policy(const policy_spec& policy) override {
        if (!up) return sad_errc::unavailable;
        return _now->add_policy(policy);
    }
    common::result<void> delete_policy(const policy_spec& policy) override {
        if (!up) return sad_errc::unavailable;
        return _now->delete_policy(policy);
    }
    common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) override {
        RAVELIN_CHECK(_now->query_sa(protocol, id, dir));
        return sa_counters{packets, packets * 100};
    }
    void restart() {
        _now = std::make_unique<recording_sad>();
        packets = 0;
    }
    [[nodiscard]] const recording_sad& now() const { return *_now; }
    bool up = true;
    std::uint64_t packets = 0;  // what every SA has carried

private:
    std::unique_ptr<recording_sad> _now = std::make_unique<recording_sad>();
};

sa_spec make_sa(std::uint32_t id, direction dir, std::uint8_t key_byte) {
    sa_spec spec;
    spec.id = spi{id};
    spec.dir = dir;
    spec.reqid = 3;
    spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(20, key_byte));
    return spec;
}

policy_spec make_policy(direction dir) {
    policy_spec policy;
    policy.reqid = 3;
    policy.dir = dir;
    policy.local.addresses = common::address_range::from_prefix(common::ip_prefix::parse("10.1.0.0/24").value());
    policy.remote.addresses = common::address_range::from_prefix(common::ip_prefix::parse("10.2.0.0/24").value());
    return policy;
}

TEST(replaying_sad, forwards_every_call_to_the_inner_sad) {
    restartable_sad inner;
    replaying_sad journal(inner);
    ASSERT_TRUE(journal.alloc_spi(ike::protocol_id::esp).has_value());
    ASSERT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    ASSERT_TRUE(journal.add_policy(make_policy(direction::outbound)).has_value());
    EXPECT_TRUE(journal.query_sa(ike::protocol_id::esp, {0xa1}, direction::inbound).has_value());
    ASSERT_TRUE(journal.delete_policy(make_policy(direction::outbound)).has_value());
    ASSERT_TRUE(journal.delete_sa(ike::protocol_id::esp, {0xa1}, direction::inbound).has_value());
    EXPECT_EQ(inner.now().calls().size(), 5u);  // alloc_spi, add_sa, add_policy, delete_policy, delete_sa
    EXPECT_EQ(journal.sa_count(), 0u);
    EXPECT_EQ(journal.policy_count(), 0u);
}

TEST(replaying_sad, a_restarted_dataplane_gets_what_is_installed_in_the_same_order) {
    restartable_sad inner;
    replaying_sad journal(inner);
    ASSERT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    ASSERT_TRUE(journal.add_sa(make_sa(0xb1, direction::outbound, 2)).has_value());
    ASSERT_TRUE(journal.add_policy(make_policy(direction::outbound)).has_value());
    ASSERT_TRUE(journal.add_policy(make_policy(direction::inbound)).has_value());
    ASSERT_TRUE(journal.add_sa(make_sa(0xa2, direction::inbound, 3)).has_value());
    ASSERT_TRUE(journal.delete_sa(ike::protocol_id::esp, {0xa1}, direction::inbound).has_value());
    ASSERT_TRUE(journal.delete_policy(make_policy(direction::inbound)).has_value());

    inner.restart();
    const auto report = journal.replay();
    EXPECT_EQ(report.installed, 3u);
    EXPECT_EQ(report.failed, 0u);
    const std::vector<std::string> expected = {
        "add_sa esp out 0x000000b1 reqid=3",
        "add_policy out reqid=3 10.1.0.0/24 === 10.2.0.0/24",
        "add_sa esp in 0x000000a2 reqid=3",
    };
    EXPECT_EQ(inner.now().calls(), expected);
    // The keys travel again, unchanged.
    ASSERT_EQ(inner.now().installed().size(), 2u);
    EXPECT_EQ(inner.now().installed()[0].encryption_key, make_sa(0, direction::inbound, 2).encryption_key);
    EXPECT_EQ(inner.now().installed()[1].encryption_key, make_sa(0, direction::inbound, 3).encryption_key);
}

TEST(replaying_sad, replayed_outbound_sas_continue_past_the_sequence_numbers_they_used) {
    restartable_sad inner;
    replaying_sad journal(inner);
    ASSERT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    ASSERT_TRUE(journal.add_sa(make_sa(0xb1, direction::outbound, 2)).has_value());
    inner.packets = 1000;
    journal.note_sequence_numbers();
    inner.restart();  // the counters read zero now: never backwards
    journal.note_sequence_numbers();
    journal.replay();
    constexpr auto margin = replaying_sad::replay_sequence_margin;
    ASSERT_EQ(inner.now().installed().size(), 2u);
    EXPECT_EQ(inner.now().installed()[0].initial_seq, 0u);  // inbound: nothing to continue
    EXPECT_EQ(inner.now().installed()[1].initial_seq, 1000 + margin);

    inner.packets = 5;  // counted from the replayed install's start
    journal.note_sequence_numbers();
    inner.restart();
    journal.replay();
    EXPECT_EQ(inner.now().installed()[1].initial_seq, 1000 + margin + 5 + margin);
}

TEST(replaying_sad, a_second_replay_is_harmless) {
    restartable_sad inner;
    replaying_sad journal(inner);
    ASSERT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    ASSERT_TRUE(journal.add_policy(make_policy(direction::inbound)).has_value());
    const auto report = journal.replay();  // the inner sad has both already
    EXPECT_EQ(report.installed, 2u);
    EXPECT_EQ(report.failed, 0u);
    EXPECT_EQ(inner.now().state().sa_count(), 1u);
}

TEST(replaying_sad, refusals_other_than_unavailable_are_passed_on_and_not_kept) {
    restartable_sad inner;
    replaying_sad journal(inner);
    ASSERT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    EXPECT_EQ(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).error(), sad_errc::duplicate_sa);
    EXPECT_EQ(journal.delete_sa(ike::protocol_id::esp, {0xdead}, direction::inbound).error(), sad_errc::no_such_sa);
    EXPECT_EQ(journal.delete_policy(make_policy(direction::inbound)).error(), sad_errc::no_such_policy);
    EXPECT_EQ(journal.sa_count(), 1u);
}

TEST(replaying_sad, commands_without_a_dataplane_wait_for_the_replay) {
    restartable_sad inner;
    inner.up = false;
    replaying_sad journal(inner);
    EXPECT_TRUE(journal.add_sa(make_sa(0xa1, direction::inbound, 1)).has_value());
    EXPECT_TRUE(journal.add_sa(make_sa(0xa9, direction::inbound, 1)).has_value());
    EXPECT_TRUE(journal.add_policy(make_policy(direction::inbound)).has_value());
    EXPECT_TRUE(journal.delete_sa(ike::protocol_id::esp, {0xa9}, direction::inbound).has_value());
    EXPECT_TRUE(journal.has_deferred());
    EXPECT_TRUE(inner.now().calls().empty());

    EXPECT_EQ(journal.replay().failed, 2u);  // still down
    EXPECT_TRUE(journal.has_deferred());
    inner.up = true;
    const auto report = journal.replay();
    EXPECT_EQ(report.installed, 2u);
    EXPECT_FALSE(journal.has_deferred());
    const std::vector<std::string> expected = {
        "add_sa esp in 0x000000a1 reqid=3",
        "add_policy in reqid=3 10.1.0.0/24 === 10.2.0.0/24",
    };
    EXPECT_EQ(inner.now().calls(), expected);
}

}  // namespace
}  // namespace ravelin::cp::sad
