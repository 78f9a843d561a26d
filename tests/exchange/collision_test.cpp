// RFC 7296 §2.8.1, §2.8.2, §2.25: simultaneous rekeys of one SA from both ends
// (forced nonces decide who wins: the exchange holding the lowest of the four
// nonces made the redundant SA, and its initiator deletes it), a rekey crossing
// a delete, and a rekey while another exchange is outstanding. Each ends with
// the same single set of SAs on both sides: nothing duplicated or orphaned.

#include <gtest/gtest.h>

#include "tests/exchange/child_support.hpp"
#include "tests/exchange/configs.hpp"

namespace ravelin::cp::ike::test {
namespace {

// The SPIs a peer allocated, in order ("alloc_spi esp 0x...").
std::vector<std::uint32_t> allocated(const peer& p) {
    std::vector<std::uint32_t> out;
    for (const auto& c : p.southbound.calls()) {
        if (c.rfind("alloc_spi esp 0x", 0) == 0) out.push_back(static_cast<std::uint32_t>(std::stoul(c.substr(16), nullptr, 16)));
    }
    return out;
}

void expect_clean(network& net, std::size_t children) {
    net.run_for(10s);  // grace periods over
    expect_children_agree(net.a, net.b, children);
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_EQ(p->eng.list_sas().size(), 1u);
        EXPECT_EQ(p->southbound.state().sa_count(), 2 * children);
        EXPECT_EQ(p->southbound.state().policy_count(), 2 * children);
    }
}

// Nonces are drawn: moon's request, sun's request, sun's answer, moon's answer.
void both_rekey_child(network& net, std::uint8_t moon_ni, std::uint8_t moon_nr, std::uint8_t sun_ni,
                      std::uint8_t sun_nr) {
    net.a.io.forced_nonces = {moon_ni, moon_nr};
    net.b.io.forced_nonces = {sun_ni, sun_nr};
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    ASSERT_TRUE(net.b.eng.rekey_child(children_of(net.b).at(0).reqid).has_value());
    net.deliver();
    for (const auto* p : {&net.a, &net.b}) EXPECT_EQ(p->counter("rekey_collisions"), 1u);
}

TEST(collision, child_rekey_moon_holds_the_lowest_nonce_and_loses) {
    network net(moon(), sun());
    establish(net);
    both_rekey_child(net, 0x10, 0x90, 0x40, 0x80);
    expect_clean(net, 1);
    // sun's exchange survives: sun's SPI from its request, moon's from its answer.
    EXPECT_EQ(children_of(net.b)[0].spi_in, allocated(net.b).at(1));
    EXPECT_EQ(children_of(net.a)[0].spi_in, allocated(net.a).at(2));
    for (const auto* p : {&net.a, &net.b}) EXPECT_EQ(p->counter("rekeys.child"), 1u);
}

TEST(collision, child_rekey_lowest_nonce_is_suns_answer_so_moons_exchange_is_redundant) {
    network net(moon(), sun());
    establish(net);
    // 0x10 is sun's nonce in moon's exchange: moon's exchange made the redundant SA.
    both_rekey_child(net, 0x40, 0x80, 0x90, 0x10);
    expect_clean(net, 1);
    EXPECT_EQ(children_of(net.b)[0].spi_in, allocated(net.b).at(1));
}

TEST(collision, child_rekey_sun_initiated_exchange_is_redundant) {
    network net(moon(), sun());
    establish(net);
    both_rekey_child(net, 0x40, 0x80, 0x05, 0x90);
    expect_clean(net, 1);
    // moon's exchange survives: moon's SPI from its request, sun's from its answer.
    EXPECT_EQ(children_of(net.a)[0].spi_in, allocated(net.a).at(1));
    EXPECT_EQ(children_of(net.b)[0].spi_in, allocated(net.b).at(2));
}

TEST(collision, child_rekey_with_pfs_both_ways) {
    peer_settings s;
    s.esp_proposals = "aes128gcm16-x25519";
    network net(moon(s), sun(s));
    establish(net);
    both_rekey_child(net, 0x10, 0x90, 0x40, 0x80);
    expect_clean(net, 1);
}

// The crossing seen by one side only: sun's rekey request is lost once, moon's
// rekey completes and deletes the old pair, and sun's retransmission finds the
// Child SA gone (CHILD_SA_NOT_FOUND). One Child SA is left, moon's.
TEST(collision, child_rekey_seen_late_by_one_side) {
    network net(moon(), sun());
    establish(net);
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    ASSERT_TRUE(net.b.eng.rekey_child(children_of(net.b).at(0).reqid).has_value());
    bool dropped = false;
    net.run_for(30s, [&](datagram& d) {
        const bool suns_request = d.from.address == net.address_b && !is_response(d);
        if (d.bytes[18] == exchange_create_child_sa && suns_request && !dropped) return !(dropped = true);
        return true;
    });
    ASSERT_TRUE(dropped);
    expect_clean(net, 1);
    EXPECT_EQ(children_of(net.a)[0].spi_in, allocated(net.a).at(1));
    EXPECT_EQ(net.b.counter("rekey_failures.child"), 1u);
    EXPECT_EQ(net.a.counter("rekey_collisions"), 0u);
}

// §2.25.1: moon rekeys a Child SA sun is deleting (hard expiry): sun answers
// TEMPORARY_FAILURE, moon processes the delete; sun's replacement Child SA is
// the one left.
TEST(collision, rekey_crossing_a_delete) {
    network net(moon(), sun());
    establish(net);
    const auto old = children_of(net.b).at(0);
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    net.b.eng.on_expiry(sad::spi{old.spi_in}, sad::direction::inbound, engine::expiry::hard);
    net.deliver();
    expect_clean(net, 1);
    EXPECT_NE(children_of(net.b)[0].spi_in, old.spi_in);
    EXPECT_EQ(net.a.counter("rekey_failures.child"), 1u);
    EXPECT_EQ(net.b.counter("child_sas.hard_expiry"), 1u);
}

// §2.25.1: sun answers moon's rekey, then deletes the old Child SA before moon
// saw the answer (lost once): moon deletes the new Child SA as well.
TEST(collision, rekey_answered_while_the_old_sa_is_deleted) {
    network net(moon(), sun());
    establish(net);
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    bool dropped = false;
    net.deliver([&](datagram& d) {
        if (d.bytes[18] == exchange_create_child_sa && is_response(d) && !dropped) return !(dropped = true);
        return true;
    });
    ASSERT_TRUE(dropped);
    const auto old = children_of(net.b);
    ASSERT_EQ(old.size(), 2u);  // old (replaced) and new (outbound pending)
    net.b.eng.on_expiry(sad::spi{old[0].spi_in}, sad::direction::inbound, engine::expiry::hard);
    net.run_for(30s);
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_TRUE(p->established());
        EXPECT_TRUE(children_of(*p).empty());
        EXPECT_EQ(p->southbound.state().sa_count(), 0u);
    }
}

// Nonces: moon's request, sun's request, sun's answer, moon's answer.
void both_rekey_ike(network& net, std::uint8_t moon_ni, std::uint8_t moon_nr, std::uint8_t sun_ni,
                    std::uint8_t sun_nr) {
    net.a.io.forced_nonces = {moon_ni, moon_nr};
    net.b.io.forced_nonces = {sun_ni, sun_nr};
    ASSERT_TRUE(net.a.eng.rekey_ike(net.a.eng.list_sas().at(0).unique_id).has_value());
    ASSERT_TRUE(net.b.eng.rekey_ike(net.b.eng.list_sas().at(0).unique_id).has_value());
    net.deliver();
    for (const auto* p : {&net.a, &net.b}) EXPECT_EQ(p->counter("rekey_collisions"), 1u);
}

void expect_one_ike_sa(network& net, bool moon_initiator) {
    const auto a = net.a.eng.list_sas();
    const auto b = net.b.eng.list_sas();
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(a[0].spi_i, b[0].spi_i);
    EXPECT_EQ(a[0].spi_r, b[0].spi_r);
    EXPECT_EQ(a[0].initiator, moon_initiator);
    EXPECT_EQ(b[0].initiator, !moon_initiator);
    EXPECT_EQ(a[0].state, ike_sa_state::established);
    expect_children_agree(net.a, net.b, 1);
    // The survivor carries traffic: a Child SA rekey over it.
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a)[0].reqid).has_value());
    expect_clean(net, 1);
    EXPECT_EQ(net.a.counter("drops.integrity_check_failed") + net.b.counter("drops.integrity_check_failed"), 0u);
}

TEST(collision, ike_rekey_moon_holds_the_lowest_nonce_and_loses) {
    network net(moon(), sun());
    establish(net);
    both_rekey_ike(net, 0x10, 0x90, 0x40, 0x80);
    expect_one_ike_sa(net, false);  // sun's IKE SA survives, sun its initiator
    for (const auto* p : {&net.a, &net.b}) EXPECT_EQ(p->counter("rekeys.ike"), 1u);
}

TEST(collision, ike_rekey_sun_initiated_exchange_is_redundant) {
    network net(moon(), sun());
    establish(net);
    both_rekey_ike(net, 0x40, 0x90, 0x05, 0x80);
    expect_one_ike_sa(net, true);
}

// §2.25.2: an IKE rekey meets a Child SA rekey: each side answers the other
// TEMPORARY_FAILURE, both retry after a random delay, and both complete.
TEST(collision, ike_rekey_crossing_a_child_rekey_both_retry) {
    network net(moon(), sun());
    establish(net);
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    ASSERT_TRUE(net.b.eng.rekey_ike(net.b.eng.list_sas().at(0).unique_id).has_value());
    net.deliver();
    EXPECT_EQ(net.a.counter("rekey_failures.child"), 1u);
    EXPECT_EQ(net.b.counter("rekey_failures.ike"), 1u);
    net.run_for(20s);
    expect_clean(net, 1);
    EXPECT_EQ(net.a.counter("rekeys.child"), 1u);
    EXPECT_EQ(net.a.counter("rekeys.ike"), 1u);
}

// A rekey asked for while another exchange is outstanding waits its turn
// (window of one, §2.3); a Child SA rekey queued behind an IKE rekey runs on
// the new IKE SA.
TEST(collision, rekeys_queued_behind_an_outstanding_exchange) {
    network net(moon(), sun());
    establish(net);
    ASSERT_TRUE(net.a.eng.rekey_ike(net.a.eng.list_sas().at(0).unique_id).has_value());
    ASSERT_TRUE(net.a.eng.rekey_child(children_of(net.a).at(0).reqid).has_value());
    net.run_for(10s);
    expect_clean(net, 1);
    EXPECT_EQ(net.a.counter("rekeys.ike"), 1u);
    EXPECT_EQ(net.a.counter("rekeys.child"), 1u);
    EXPECT_EQ(net.a.counter("rekey_collisions"), 0u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
