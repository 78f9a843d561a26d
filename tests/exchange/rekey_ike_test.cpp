// RFC 7296 §1.3.2, §2.18: IKE SA rekeying. New SPIs and keys from the old
// SK_d; the Child SAs move over untouched; the old IKE SA is deleted; the new
// one carries every later exchange.

#include <gtest/gtest.h>

#include "tests/exchange/child_support.hpp"
#include "tests/exchange/configs.hpp"

namespace ravelin::cp::ike::test {
namespace {

ike_sa_status only_sa(const peer& p) {
    const auto sas = p.eng.list_sas();
    EXPECT_EQ(sas.size(), 1u);
    return sas.empty() ? ike_sa_status{} : sas.front();
}

void expect_rekeyed(network& net, peer& initiator, peer& responder) {
    const auto old = only_sa(initiator);
    const auto children = children_of(initiator);
    const auto calls_i = initiator.southbound.calls().size();
    const auto calls_r = responder.southbound.calls().size();
    ASSERT_TRUE(initiator.eng.rekey_ike(old.unique_id).has_value());
    net.deliver();
    const auto fresh_i = only_sa(initiator);
    const auto fresh_r = only_sa(responder);
    EXPECT_EQ(fresh_i.state, ike_sa_state::established);
    EXPECT_EQ(fresh_r.state, ike_sa_state::established);
    EXPECT_NE(fresh_i.unique_id, old.unique_id);
    EXPECT_EQ(fresh_i.spi_i, fresh_r.spi_i);
    EXPECT_EQ(fresh_i.spi_r, fresh_r.spi_r);
    EXPECT_NE(fresh_i.spi_i, old.spi_i);
    EXPECT_NE(fresh_i.spi_r, old.spi_r);
    // §2.18: whoever initiated the rekey is the new IKE SA's initiator.
    EXPECT_TRUE(fresh_i.initiator);
    EXPECT_FALSE(fresh_r.initiator);
    EXPECT_EQ(fresh_i.proposal, old.proposal);
    // The Child SAs moved without a single SAD call.
    EXPECT_EQ(initiator.southbound.calls().size(), calls_i);
    EXPECT_EQ(responder.southbound.calls().size(), calls_r);
    const auto moved = children_of(initiator);
    ASSERT_EQ(moved.size(), children.size());
    for (std::size_t i = 0; i < moved.size(); ++i) EXPECT_EQ(moved[i].spi_in, children[i].spi_in);
    expect_children_agree(net.a, net.b, children.size());
}

TEST(rekey_ike, initiator_rekeys_and_children_move) {
    network net(moon(), sun());
    establish(net);
    expect_rekeyed(net, net.a, net.b);
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_EQ(p->counter("rekeys.ike"), 1u);
        EXPECT_EQ(p->counter("exchanges.create_child_sa.ok"), 1u);
    }
}

TEST(rekey_ike, responder_rekeys_and_becomes_initiator) {
    network net(moon(), sun());
    establish(net);
    expect_rekeyed(net, net.b, net.a);
    EXPECT_TRUE(only_sa(net.b).initiator);
}

// The new keys work both ways: a Child SA rekey and a new Child SA over the new
// IKE SA, then a delete that clears both sides.
TEST(rekey_ike, new_ike_sa_carries_later_exchanges) {
    peer_settings s;
    s.second_child = true;
    network net(moon(s), sun(s));
    establish(net);
    expect_rekeyed(net, net.a, net.b);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    expect_children_agree(net.a, net.b, 2);
    ASSERT_TRUE(net.b.eng.rekey_child(children_of(net.b)[0].reqid).has_value());
    net.run_for(10s);
    expect_children_agree(net.a, net.b, 2);
    expect_rekeyed(net, net.b, net.a);
    ASSERT_TRUE(net.a.eng.terminate_connection("site").has_value());
    net.deliver();
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_TRUE(p->eng.list_sas().empty());
        EXPECT_EQ(p->southbound.state().sa_count(), 0u);
        EXPECT_EQ(p->southbound.state().policy_count(), 0u);
        EXPECT_EQ(p->counter("drops.integrity_check_failed"), 0u);
    }
}

TEST(rekey_ike, with_a_modp_group) {
    peer_settings s;
    s.ike_proposals = "aes128-sha256-modp2048";
    network net(moon(s), sun(s));
    establish(net);
    expect_rekeyed(net, net.a, net.b);
    EXPECT_EQ(only_sa(net.a).proposal, "aes128-sha256-prfsha256-modp2048");
}

// The IKE rekey request is lost once: the retransmission gets the one answer.
TEST(rekey_ike, retransmitted_rekey_request_is_answered_once) {
    network net(moon(), sun());
    establish(net);
    ASSERT_TRUE(net.a.eng.rekey_ike(only_sa(net.a).unique_id).has_value());
    bool dropped = false;
    net.run_for(30s, [&](datagram& d) {
        if (d.bytes[18] == exchange_create_child_sa && is_response(d) && !dropped) return !(dropped = true);
        return true;
    });
    EXPECT_TRUE(dropped);
    only_sa(net.a);
    only_sa(net.b);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(net.b.counter("retransmits.answered"), 1u);
}

// The initiator's delete of the old IKE SA never arrives: the responder closes
// the old IKE SA itself after 30 s; the new one is untouched.
TEST(rekey_ike, old_ike_sa_goes_even_when_its_delete_is_lost) {
    network net(moon(), sun());
    establish(net);
    const auto old = only_sa(net.a);
    ASSERT_TRUE(net.a.eng.rekey_ike(old.unique_id).has_value());
    unsigned dropped = 0;
    net.run_for(60s, [&](datagram& d) {
        std::uint64_t spi_i = 0;
        for (int i = 0; i < 8; ++i) spi_i = (spi_i << 8) | d.bytes[static_cast<std::size_t>(i)];
        const bool moons_delete = d.from.address == net.address_a && d.bytes[18] == exchange_informational &&
                                  !is_response(d) && spi_i == old.spi_i;
        dropped += moons_delete;
        return !moons_delete;
    });
    EXPECT_GE(dropped, 1u);
    const auto a = only_sa(net.a);
    const auto b = only_sa(net.b);
    EXPECT_NE(a.spi_i, old.spi_i);
    EXPECT_EQ(a.spi_i, b.spi_i);
    expect_children_agree(net.a, net.b, 1);
}

TEST(rekey_ike, unknown_ike_sa_is_reported) {
    network net(moon(), sun());
    establish(net);
    EXPECT_FALSE(net.a.eng.rekey_ike(999).has_value());
}

}  // namespace
}  // namespace ravelin::cp::ike::test
