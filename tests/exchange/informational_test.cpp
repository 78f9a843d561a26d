// RFC 7296 §1.4 INFORMATIONAL: deletes from either side, liveness checks, dead peers.

#include <gtest/gtest.h>

#include "tests/exchange/configs.hpp"
#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

network& established(network& net) {
    EXPECT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.established());
    EXPECT_TRUE(net.b.established());
    return net;
}

void expect_all_gone(const peer& p) {
    EXPECT_TRUE(p.eng.list_sas().empty());
    EXPECT_EQ(p.southbound.state().sa_count(), 0u);
    EXPECT_EQ(p.southbound.state().policy_count(), 0u);
}

TEST(informational, initiator_deletes_ike_sa_and_both_sides_clear) {
    network net(moon(), sun());
    established(net);
    ASSERT_TRUE(net.a.eng.terminate_connection("site").has_value());
    net.deliver();
    expect_all_gone(net.a);
    expect_all_gone(net.b);
}

TEST(informational, responder_deletes_ike_sa_and_both_sides_clear) {
    network net(moon(), sun());
    established(net);
    const auto id = net.b.eng.list_sas().front().unique_id;
    ASSERT_TRUE(net.b.eng.terminate_ike(id).has_value());
    net.deliver();
    expect_all_gone(net.a);
    expect_all_gone(net.b);
}

TEST(informational, delete_of_unreachable_peer_ends_after_retransmissions) {
    network net(moon(), sun());
    established(net);
    ASSERT_TRUE(net.a.eng.terminate_connection("site").has_value());
    net.run_for(200s, [](datagram&) { return false; });
    expect_all_gone(net.a);
}

// §2.4: after dpd_delay without a message from the peer, an empty INFORMATIONAL.
TEST(informational, liveness_check_after_dpd_delay) {
    peer_settings s;
    s.dpd_delay = "30s";
    network net(moon(s), sun());
    established(net);
    net.run_for(29s);
    EXPECT_EQ(net.a.counter("dpd.sent"), 0u);
    net.run_for(2s);
    EXPECT_EQ(net.a.counter("dpd.sent"), 1u);
    EXPECT_TRUE(net.a.established());
    net.run_for(30s);
    EXPECT_EQ(net.a.counter("dpd.sent"), 2u);
}

TEST(informational, dead_peer_is_detected_and_its_sas_removed) {
    peer_settings s;
    s.dpd_delay = "10s";
    network net(moon(s), sun());
    established(net);
    net.run_for(10s + 166s, [](datagram&) { return false; });
    expect_all_gone(net.a);
    EXPECT_EQ(net.a.counter("peers.dead"), 1u);
}

TEST(informational, unknown_connection_is_reported) {
    network net(moon(), sun());
    EXPECT_FALSE(net.a.eng.initiate("nope", "net").has_value());
    EXPECT_FALSE(net.a.eng.initiate("site", "nope").has_value());
    EXPECT_FALSE(net.a.eng.terminate_connection("site").has_value());
    EXPECT_FALSE(net.a.eng.terminate_ike(42).has_value());
}

TEST(informational, reload_closes_sas_of_removed_connections) {
    network net(moon(), sun());
    established(net);
    net.a.eng.reload(parse_config("connections: {}\n"));
    net.deliver();
    expect_all_gone(net.a);
    expect_all_gone(net.b);
}

TEST(informational, start_action_start_initiates_at_start) {
    peer_settings s;
    s.start_action = "start";
    network net(moon(s), sun());
    net.a.eng.start();
    net.deliver();
    EXPECT_TRUE(net.a.established());
}

}  // namespace
}  // namespace ravelin::cp::ike::test
