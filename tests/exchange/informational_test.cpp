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
    EXPECT_EQ(net.a.counter("dpd_failures"), 1u);
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

namespace ravelin::cp::ike::test {
namespace {

// §2.4: a restarted initiator's INITIAL_CONTACT removes the responder's stale SA.
TEST(informational, initial_contact_replaces_stale_sas) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.b.established());
    const auto old_spi = net.b.eng.list_sas().front().spi_i;
    // moon "restarts": a fresh engine with the same configuration and address.
    auto& wire = net.wire();
    peer restarted(wire, net.clock(), 99, moon(), {});
    ASSERT_TRUE(restarted.eng.initiate("site", "net").has_value());
    for (unsigned i = 0; i < 20 && !wire.empty(); ++i) {
        auto d = std::move(wire.front());
        wire.pop_front();
        (d.to.address == net.address_b ? net.b : restarted).eng.receive(d.to, d.from, d.bytes);
    }
    ASSERT_TRUE(restarted.established());
    const auto sas = net.b.eng.list_sas();
    ASSERT_EQ(sas.size(), 1u);
    EXPECT_NE(sas.front().spi_i, old_spi);
    EXPECT_EQ(net.b.southbound.state().sa_count(), 2u);
}

// A second IKE SA made on purpose carries no INITIAL_CONTACT and leaves the first alone.
TEST(informational, second_sa_to_the_same_peer_keeps_the_first) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_EQ(net.a.eng.list_sas().size(), 2u);
    EXPECT_EQ(net.b.eng.list_sas().size(), 2u);
}

TEST(informational, transport_mode_when_both_ask) {
    auto moon_yaml = moon();
    auto sun_yaml = sun();
    for (auto* y : {&moon_yaml, &sun_yaml}) y->replace(y->find("        start_action"), 0, "        mode: transport\n");
    network net(moon_yaml, sun_yaml);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_EQ(net.a.eng.list_sas().front().children.at(0).mode, "transport");
    EXPECT_EQ(net.b.eng.list_sas().front().children.at(0).mode, "transport");
    // Only one side asks: tunnel on both (RFC 7296 §1.3.1).
    network mixed(moon_yaml, sun());
    ASSERT_TRUE(mixed.a.eng.initiate("site", "net").has_value());
    mixed.deliver();
    EXPECT_EQ(mixed.a.eng.list_sas().front().children.at(0).mode, "tunnel");
    EXPECT_EQ(mixed.b.eng.list_sas().front().children.at(0).mode, "tunnel");
}

}  // namespace
}  // namespace ravelin::cp::ike::test

namespace ravelin::cp::ike::test {
namespace {

// A delete asked for while a liveness check is outstanding waits for it, so
// Message IDs stay in step (§2.2) and the delete is answered.
TEST(informational, terminate_during_outstanding_request_keeps_message_ids_in_step) {
    peer_settings s;
    s.dpd_delay = "10s";
    network net(moon(s), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    net.run_for(10s, [](datagram&) { return false; });  // the DPD request is on the wire, lost
    ASSERT_EQ(net.a.counter("dpd.sent"), 1u);
    ASSERT_TRUE(net.a.eng.terminate_connection("site").has_value());
    net.run_for(10s);
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_TRUE(net.b.eng.list_sas().empty());
    EXPECT_EQ(net.b.counter("drops.invalid_message_id"), 0u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
