// RFC 7296 §1.3.1 CREATE_CHILD_SA: further Child SAs on an established IKE SA,
// with and without PFS, and refusals that leave the IKE SA up.

#include <gtest/gtest.h>

#include "tests/exchange/child_support.hpp"
#include "tests/exchange/configs.hpp"

namespace ravelin::cp::ike::test {
namespace {

peer_settings two_children(std::string esp = "aes128gcm16") {
    peer_settings s;
    s.second_child = true;
    s.esp_proposals = std::move(esp);
    return s;
}

TEST(create_child, second_child_sa_joins_the_established_ike_sa) {
    network net(moon(two_children()), sun(two_children()));
    establish(net);
    const auto before = net.delivered.size();
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    EXPECT_EQ(net.delivered.size(), before + 2);  // one CREATE_CHILD_SA exchange
    EXPECT_EQ(net.delivered[before].bytes[18], exchange_create_child_sa);
    ASSERT_EQ(net.a.eng.list_sas().size(), 1u);
    ASSERT_EQ(net.b.eng.list_sas().size(), 1u);
    expect_children_agree(net.a, net.b, 2);
    const auto children = children_of(net.a);
    EXPECT_NE(children[0].reqid, children[1].reqid);
    EXPECT_EQ(children[1].name, "net2");
    EXPECT_EQ(children[1].local_ts.front().to_string(), "10.3.0.0/24");
    EXPECT_EQ(children_of(net.b)[1].local_ts.front().to_string(), "10.4.0.0/24");
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_EQ(p->counter("exchanges.create_child_sa.ok"), 1u);
        EXPECT_EQ(p->southbound.state().sa_count(), 4u);
        EXPECT_EQ(p->southbound.state().policy_count(), 4u);
    }
}

// §1.3.1: inbound before outbound on the initiator; the responder installs both
// before its response leaves.
TEST(create_child, new_child_sa_installs_inbound_first_on_both_sides) {
    network net(moon(two_children()), sun(two_children()));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    bool checked = false;
    net.deliver([&](datagram& d) {
        if (d.bytes[18] != exchange_create_child_sa || !is_response(d)) return true;
        const auto c = children_of(net.b).back();
        EXPECT_GE(position(net.b, call("add_sa", sad::direction::inbound, c.spi_in)), 0);
        EXPECT_GE(position(net.b, call("add_sa", sad::direction::outbound, c.spi_out)), 0);
        checked = true;
        return true;
    });
    ASSERT_TRUE(checked);
    const auto c = children_of(net.a).back();
    EXPECT_LT(position(net.a, call("add_sa", sad::direction::inbound, c.spi_in)),
              position(net.a, call("add_sa", sad::direction::outbound, c.spi_out)));
}

TEST(create_child, with_pfs_the_keys_still_agree) {
    network net(moon(two_children("aes256gcm16-x25519")), sun(two_children("aes256gcm16-x25519")));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    expect_children_agree(net.a, net.b, 2);
    EXPECT_EQ(children_of(net.a)[1].proposal, "aes256gcm16-x25519");
}

TEST(create_child, pfs_with_ecp_group_from_the_responder_side) {
    network net(moon(two_children("aes128gcm16-ecp256")), sun(two_children("aes128gcm16-ecp256")));
    establish(net);
    ASSERT_TRUE(net.b.eng.initiate("site", "net2").has_value());
    net.deliver();
    ASSERT_EQ(net.b.eng.list_sas().size(), 1u);
    expect_children_agree(net.a, net.b, 2);
}

// §1.3: KEi of the wrong group: INVALID_KE_PAYLOAD names the one the responder
// chose, and the initiator tries once more with it.
TEST(create_child, invalid_ke_payload_is_retried_with_the_group_asked_for) {
    network net(moon(two_children("aes128gcm16-x25519-ecp256")), sun(two_children("aes128gcm16-ecp256")));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    expect_children_agree(net.a, net.b, 2);
    EXPECT_EQ(children_of(net.a)[1].proposal, "aes128gcm16-ecp256");
    EXPECT_EQ(net.a.counter("exchanges.create_child_sa.error_notify"), 1u);
    EXPECT_EQ(net.a.counter("child_sas.failed"), 0u);
}

// The initiator wants PFS (sends KEi), the responder has no group: refused,
// the IKE SA and its first Child SA stay.
TEST(create_child, pfs_mismatch_is_refused_and_the_ike_sa_stays) {
    network net(moon(two_children("aes128gcm16-x25519")), sun(two_children("aes128gcm16")));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.established());
    EXPECT_TRUE(net.b.established());
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(net.a.counter("child_sas.failed"), 1u);
    EXPECT_EQ(net.b.counter("child_sas.refused.NO_PROPOSAL_CHOSEN"), 1u);
    EXPECT_EQ(net.a.southbound.state().sa_count(), 2u);
}

TEST(create_child, unacceptable_selectors_are_refused_and_the_ike_sa_stays) {
    network net(moon(two_children()), sun(peer_settings{}));  // sun has no net2
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.established());
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(net.b.counter("child_sas.refused.TS_UNACCEPTABLE"), 1u);
    EXPECT_EQ(net.a.counter("exchanges.create_child_sa.error_notify"), 1u);
}

// §2.21: no CREATE_CHILD_SA before IKE_AUTH completed; a second initiate of a
// child that is up makes a new IKE SA (as before), not a duplicate child.
TEST(create_child, initiating_a_child_that_is_up_makes_a_new_ike_sa) {
    network net(moon(two_children()), sun(two_children()));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_EQ(net.a.eng.list_sas().size(), 2u);
    EXPECT_EQ(net.a.counter("exchanges.create_child_sa.ok"), 0u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
