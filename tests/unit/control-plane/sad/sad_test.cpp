#include <gtest/gtest.h>

#include "control-plane/sad/in_process_sad.hpp"
#include "control-plane/sad/recording_sad.hpp"

namespace ravelin::cp::sad {
namespace {

sa_spec make_sa(spi id, direction dir) {
    sa_spec spec;
    spec.id = id;
    spec.dir = dir;
    spec.reqid = 7;
    const std::uint8_t key[20] = {1, 2, 3};
    spec.encryption_key = common::secret_bytes(key);
    return spec;
}

TEST(in_process_sad, allocates_distinct_spis_outside_the_reserved_range) {
    in_process_sad sad(42);
    std::set<std::uint32_t> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = sad.alloc_spi(ike::protocol_id::esp);
        ASSERT_TRUE(id.has_value());
        EXPECT_GE(id->value, 256u);
        EXPECT_TRUE(seen.insert(id->value).second);
    }
}

TEST(in_process_sad, sa_lifecycle_and_errors) {
    in_process_sad sad;
    ASSERT_TRUE(sad.add_sa(make_sa({0x1000}, direction::inbound)).has_value());
    EXPECT_EQ(sad.add_sa(make_sa({0x1000}, direction::inbound)).error(), sad_errc::duplicate_sa);
    EXPECT_TRUE(sad.add_sa(make_sa({0x1000}, direction::outbound)).has_value());
    EXPECT_TRUE(sad.query_sa(ike::protocol_id::esp, {0x1000}, direction::inbound).has_value());
    EXPECT_TRUE(sad.delete_sa(ike::protocol_id::esp, {0x1000}, direction::inbound).has_value());
    EXPECT_EQ(sad.delete_sa(ike::protocol_id::esp, {0x1000}, direction::inbound).error(), sad_errc::no_such_sa);
    EXPECT_EQ(sad.query_sa(ike::protocol_id::esp, {0x1000}, direction::inbound).error(), sad_errc::no_such_sa);
    EXPECT_EQ(sad.sa_count(), 1u);
}

TEST(in_process_sad, policies_are_unique_by_reqid_direction_and_selectors) {
    in_process_sad sad;
    policy_spec policy;
    policy.reqid = 1;
    ASSERT_TRUE(sad.add_policy(policy).has_value());
    EXPECT_EQ(sad.add_policy(policy).error(), sad_errc::duplicate_policy);
    policy.dir = direction::inbound;
    EXPECT_TRUE(sad.add_policy(policy).has_value());
    EXPECT_TRUE(sad.delete_policy(policy).has_value());
    EXPECT_EQ(sad.delete_policy(policy).error(), sad_errc::no_such_policy);
    EXPECT_EQ(sad.policy_count(), 1u);
}

TEST(recording_sad, records_calls_in_order_with_outcomes) {
    recording_sad sad;
    ASSERT_TRUE(sad.add_sa(make_sa({0xc001}, direction::inbound)).has_value());
    ASSERT_TRUE(sad.add_sa(make_sa({0xc002}, direction::outbound)).has_value());
    ASSERT_FALSE(sad.delete_sa(ike::protocol_id::esp, {0xdead}, direction::inbound).has_value());
    ASSERT_TRUE(sad.delete_sa(ike::protocol_id::esp, {0xc001}, direction::inbound).has_value());
    const std::vector<std::string> expected = {
        "add_sa esp in 0x0000c001 reqid=7",
        "add_sa esp out 0x0000c002 reqid=7",
        "delete_sa esp in 0x0000dead -> no such SA",
        "delete_sa esp in 0x0000c001",
    };
    EXPECT_EQ(sad.calls(), expected);
    ASSERT_EQ(sad.installed().size(), 2u);
    EXPECT_EQ(sad.installed()[0].encryption_key.expose()[1], 2);
}

TEST(sa_spec, clone_copies_keys_and_fields) {
    sa_spec spec = make_sa({9}, direction::outbound);
    spec.encap = udp_encap{4500, 1234};
    spec.initial_seq = 99;
    const sa_spec copy = spec.clone();
    EXPECT_EQ(copy.encryption_key, spec.encryption_key);
    EXPECT_EQ(copy.encap, spec.encap);
    EXPECT_EQ(copy.reqid, 7u);
    EXPECT_EQ(copy.initial_seq, 99u);
}

}  // namespace
}  // namespace ravelin::cp::sad
