#include "control-plane/ike/engine/proposals.hpp"

#include <gtest/gtest.h>

namespace ravelin::cp::ike {
namespace {

std::vector<crypto::proposal> ike(std::vector<std::string> texts) { return configured_proposals(texts, protocol_id::ike); }

TEST(proposals, offer_round_trips_through_selection) {
    const auto ours = ike({"aes256gcm16-prfsha256-x25519"});
    const auto offer = make_sa_payload(ours, {}, true);
    const auto chosen = select_proposal(ours, offer, true);
    ASSERT_TRUE(chosen.has_value());
    EXPECT_EQ(chosen->to_string(), "aes256gcm16-prfsha256-x25519");
    EXPECT_EQ(chosen->group, ke_group::curve25519);
    // The answer carries exactly one transform of each type and is accepted back.
    const auto answer = make_sa_payload(*chosen);
    ASSERT_EQ(answer.proposals.size(), 1u);
    EXPECT_EQ(answer.proposals[0].transforms.size(), 3u);
    EXPECT_TRUE(accept_choice(ours, answer, true).has_value());
}

TEST(proposals, responder_preference_order_wins) {
    const auto offer = make_sa_payload(ike({"aes128-sha256-modp2048", "aes256-sha384-ecp384"}), {}, true);
    const auto chosen = select_proposal(ike({"aes256-sha384-ecp384", "aes128-sha256-modp2048"}), offer, true);
    ASSERT_TRUE(chosen.has_value());
    EXPECT_EQ(chosen->number, 2);
    EXPECT_EQ(chosen->to_string(), "aes256-sha384-prfsha384-ecp384");
}

TEST(proposals, key_length_must_match) {
    const auto offer = make_sa_payload(ike({"aes128-sha256-modp2048"}), {}, true);
    EXPECT_FALSE(select_proposal(ike({"aes256-sha256-modp2048"}), offer, true).has_value());
}

TEST(proposals, answer_with_two_choices_or_unoffered_transform_is_refused) {
    const auto ours = ike({"aes128-aes256-sha256-modp2048"});
    EXPECT_FALSE(accept_choice(ours, make_sa_payload(ours, {}, true), true).has_value());  // two ENCR
    const auto other = make_sa_payload(ike({"aes192-sha256-modp2048"}), {}, true);
    EXPECT_FALSE(accept_choice(ours, other, true).has_value());
}

TEST(proposals, esp_without_ke_and_with_spi) {
    const auto esp = configured_proposals({"aes128gcm16"}, protocol_id::esp);
    const auto offer = make_sa_payload(esp, {1, 2, 3, 4}, false);
    const auto chosen = select_proposal(esp, offer, false);
    ASSERT_TRUE(chosen.has_value());
    EXPECT_EQ(chosen->spi, (std::vector<std::uint8_t>{1, 2, 3, 4}));
    EXPECT_EQ(chosen->esn, esn_id::no);
    EXPECT_EQ(chosen->to_string(), "aes128gcm16");
}

TEST(proposals, default_expands_to_strongswan_like_lists) {
    EXPECT_EQ(ike({"default"}).size(), 2u);
    EXPECT_EQ(configured_proposals({"default"}, protocol_id::esp).size(), 2u);
}

}  // namespace
}  // namespace ravelin::cp::ike
