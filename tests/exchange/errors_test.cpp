// Error paths of IKE_SA_INIT and IKE_AUTH (RFC 7296 §1.2, §2.6, §2.21) and bad
// input that must never change state.

#include <gtest/gtest.h>

#include "tests/exchange/configs.hpp"
#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

TEST(errors, no_common_ike_proposal_gives_no_proposal_chosen_and_no_sa) {
    peer_settings moon_s, sun_s;
    moon_s.ike_proposals = "aes256gcm16-prfsha256-x25519";
    sun_s.ike_proposals = "aes128-sha256-modp2048";
    network net(moon(moon_s), sun(sun_s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_TRUE(net.b.eng.list_sas().empty());
    EXPECT_EQ(net.b.counter("ike_sa_init.sent.NO_PROPOSAL_CHOSEN"), 1u);
    EXPECT_EQ(net.a.counter("ike_sa_init.refused.NO_PROPOSAL_CHOSEN"), 1u);
    EXPECT_EQ(net.b.southbound.calls().size(), 0u);
}

// §1.2: the responder wants x25519, the initiator guessed ecp256 first; it
// retries with the requested group and succeeds.
TEST(errors, invalid_ke_payload_then_retry_with_requested_group) {
    peer_settings moon_s, sun_s;
    moon_s.ike_proposals = "aes256gcm16-prfsha256-ecp256-x25519";
    sun_s.ike_proposals = "aes256gcm16-prfsha256-x25519";
    network net(moon(moon_s), sun(sun_s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_EQ(net.b.counter("ike_sa_init.sent.INVALID_KE_PAYLOAD"), 1u);
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    EXPECT_EQ(net.a.eng.list_sas().front().proposal, "aes256gcm16-prfsha256-x25519");
    EXPECT_EQ(net.delivered.size(), 6u);  // refused request, its answer, then the two exchanges
}

TEST(errors, wrong_psk_gives_authentication_failed_and_no_sas) {
    peer_settings other;
    other.psk = "a different secret entirely";
    network net(moon(), sun(other));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_TRUE(net.b.eng.list_sas().empty());
    EXPECT_EQ(net.b.counter("auth_failures.peer_auth_invalid"), 1u);
    EXPECT_EQ(net.a.counter("auth_failures.rejected_by_peer"), 1u);
    EXPECT_EQ(net.a.southbound.state().sa_count(), 0u);
    EXPECT_EQ(net.b.southbound.state().sa_count(), 0u);
}

TEST(errors, unexpected_peer_identity_is_refused) {
    auto sun_yaml = sun();
    sun_yaml.replace(sun_yaml.find("id: moon.example }"), 18, "id: mars.example }");
    network net(moon(), sun_yaml);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_TRUE(net.b.eng.list_sas().empty());
}

// §1.2: a refused Child SA leaves the IKE SA up on both sides.
TEST(errors, disjoint_selectors_give_ts_unacceptable_with_ike_sa_up) {
    peer_settings sun_s;
    sun_s.local_ts = "10.9.0.0/24";
    network net(moon(), sun(sun_s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    EXPECT_TRUE(net.a.eng.list_sas().front().children.empty());
    EXPECT_TRUE(net.b.eng.list_sas().front().children.empty());
    EXPECT_EQ(net.b.counter("child_sas.refused.TS_UNACCEPTABLE"), 1u);
    EXPECT_EQ(net.a.counter("child_sas.failed"), 1u);
    EXPECT_EQ(net.a.southbound.state().sa_count(), 0u);
    EXPECT_EQ(net.b.southbound.state().sa_count(), 0u);
}

TEST(errors, no_common_esp_proposal_gives_no_proposal_chosen_with_ike_sa_up) {
    peer_settings sun_s;
    sun_s.esp_proposals = "aes256-sha512";
    network net(moon(), sun(sun_s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    EXPECT_TRUE(net.a.eng.list_sas().front().children.empty());
    EXPECT_EQ(net.b.counter("child_sas.refused.NO_PROPOSAL_CHOSEN"), 1u);
}

// §2.6: past the half-open threshold the responder answers statelessly with a
// COOKIE; the initiator returns it and gets its SA.
TEST(errors, cookie_is_required_past_threshold_and_returned) {
    engine_options responder;
    responder.cookie_threshold = 0;
    network net(moon(), sun(), {}, responder);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_EQ(net.b.counter("ike_sa_init.sent.COOKIE"), 1u);
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    EXPECT_EQ(net.delivered.size(), 6u);
}

TEST(errors, a_forged_cookie_is_refused_again) {
    engine_options responder;
    responder.cookie_threshold = 0;
    network net(moon(), sun(), {}, responder);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    // Corrupt the cookie moon sends back (the last octet of the first payload).
    unsigned init_requests = 0;
    net.deliver([&](datagram& d) {
        if (exchange_of(d) == 34 && !is_response(d) && ++init_requests >= 2) d.bytes[28 + 8 + 20] ^= 1;
        return true;
    });
    // Every corrupted return is refused with a fresh COOKIE until moon gives up.
    EXPECT_GE(net.b.counter("ike_sa_init.sent.COOKIE"), 3u);
    EXPECT_TRUE(net.b.eng.list_sas().empty());
    EXPECT_TRUE(net.a.eng.list_sas().empty());
}

// §2.21: an IKE_AUTH whose ICV fails is dropped and changes nothing; the
// genuine retransmission still succeeds.
TEST(errors, tampered_ike_auth_is_dropped_without_state_change) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    bool tampered = false;
    net.deliver([&](datagram& d) {
        if (exchange_of(d) == 35 && !is_response(d) && !tampered) {
            tampered = true;
            d.bytes[d.bytes.size() - 5] ^= 0x40;
        }
        return true;
    });
    EXPECT_EQ(net.b.counter("drops.integrity_check_failed"), 1u);
    EXPECT_EQ(net.b.eng.list_sas().front().state, ike_sa_state::connecting);
    EXPECT_TRUE(net.b.southbound.calls().empty());
    net.run_for(5s);
    EXPECT_TRUE(net.a.established());
    EXPECT_TRUE(net.b.established());
}

TEST(errors, garbage_and_truncated_datagrams_are_counted_and_ignored) {
    network net(moon(), sun());
    const endpoint b{net.address_b, 500};
    const endpoint a{net.address_a, 500};
    net.b.eng.receive(b, a, std::vector<std::uint8_t>{1, 2, 3});
    std::vector<std::uint8_t> header(28, 0);
    header[17] = 0x20;  // version 2.0
    header[18] = 37;    // INFORMATIONAL for an SA that does not exist
    header[27] = 28;
    header[0] = 1;
    net.b.eng.receive(b, a, header);
    EXPECT_EQ(net.b.counter("drops.malformed"), 1u);
    EXPECT_EQ(net.b.counter("drops.unknown_spi"), 1u);
    EXPECT_TRUE(net.b.eng.list_sas().empty());
    EXPECT_EQ(net.b.io.sent, 0u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
