// RFC 7296 §1.3.3, §2.8: Child SA rekeying, make-before-break. The order of
// every SAD call is checked against the messages on the wire:
//   responder: new inbound SA before its response leaves, new outbound SA only
//              when the old pair is deleted;
//   initiator: new inbound, then new outbound (the switch) when the response
//              arrives, then the delete of the old pair;
//   both:      old outbound deleted at once, old inbound after a grace period;
//              the new inbound SA settled in the dataplane before the message
//              that lets the peer send on it.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "tests/exchange/child_support.hpp"
#include "tests/exchange/configs.hpp"

namespace ravelin::cp::ike::test {
namespace {

using sad::direction;

struct pair_spis {
    std::uint32_t in = 0, out = 0;
};

pair_spis spis_of(const peer& p) {
    const auto c = children_of(p);
    EXPECT_EQ(c.size(), 1u);
    return c.empty() ? pair_spis{} : pair_spis{c[0].spi_in, c[0].spi_out};
}

std::uint32_t reqid_of(const peer& p) { return children_of(p).at(0).reqid; }

// The dataplane had the new inbound SA before the message that lets the peer use it
// left: a settle() after its add_sa (ravelin-dp applies commands asynchronously).
bool settled_since(const peer& p, long call_position) {
    const auto& settles = p.southbound.settles();
    return call_position >= 0 && std::any_of(settles.begin(), settles.end(), [&](std::size_t at) {
               return static_cast<long>(at) > call_position;
           });
}

// Drives one rekey started by `initiator` and checks the SAD order of both at
// each message. Returns after the grace period has passed.
void rekey_make_before_break(network& net, peer& initiator, peer& responder) {
    const auto old_i = spis_of(initiator);
    const auto old_r = spis_of(responder);
    ASSERT_TRUE(initiator.eng.rekey_child(reqid_of(initiator)).has_value());
    bool saw_response = false, saw_delete = false;
    net.deliver([&](datagram& d) {
        const auto exchange = d.bytes[18];
        if (exchange == exchange_create_child_sa && is_response(d)) {
            saw_response = true;
            const auto fresh = children_of(responder).back();
            EXPECT_NE(fresh.spi_in, old_r.in);
            EXPECT_GE(position(responder, call("add_sa", direction::inbound, fresh.spi_in)), 0);
            EXPECT_EQ(position(responder, call("add_sa", direction::outbound, fresh.spi_out)), -1);
            EXPECT_TRUE(settled_since(responder, position(responder, call("add_sa", direction::inbound, fresh.spi_in))));
        }
        if (exchange == exchange_informational && !is_response(d)) {
            saw_delete = true;
            const auto fresh = children_of(initiator).back();
            const auto new_out = position(initiator, call("add_sa", direction::outbound, fresh.spi_out));
            EXPECT_GE(new_out, 0);
            EXPECT_GT(new_out, position(initiator, call("add_sa", direction::inbound, fresh.spi_in)));
            EXPECT_EQ(position(initiator, call("delete_sa", direction::inbound, old_i.in)), -1);
            EXPECT_TRUE(settled_since(initiator, position(initiator, call("add_sa", direction::inbound, fresh.spi_in))));
        }
        return true;
    });
    ASSERT_TRUE(saw_response);
    ASSERT_TRUE(saw_delete);
    const auto new_i = spis_of(initiator);
    EXPECT_GT(position(initiator, call("delete_sa", direction::outbound, old_i.out)),
              position(initiator, call("add_sa", direction::outbound, new_i.out)));
    const auto new_r = spis_of(responder);
    const auto switched = position(responder, call("add_sa", direction::outbound, new_r.out));
    EXPECT_GE(switched, 0);
    EXPECT_GT(position(responder, call("delete_sa", direction::outbound, old_r.out)), switched);
    // Packets in flight still find the old inbound SAs for a while.
    for (const auto* p : {&initiator, &responder}) {
        const auto old_in = p == &initiator ? old_i.in : old_r.in;
        EXPECT_EQ(position(*p, call("delete_sa", direction::inbound, old_in)), -1);
    }
    net.run_for(10s);
    for (const auto* p : {&initiator, &responder}) {
        const auto old_in = p == &initiator ? old_i.in : old_r.in;
        EXPECT_GE(position(*p, call("delete_sa", direction::inbound, old_in)), 0);
        EXPECT_EQ(p->southbound.state().sa_count(), 2u);
        EXPECT_EQ(p->southbound.state().policy_count(), 2u);
    }
}

TEST(rekey_child, initiator_rekeys_make_before_break) {
    network net(moon(), sun());
    establish(net);
    const auto reqid = reqid_of(net.a);
    const auto old = spis_of(net.a);
    rekey_make_before_break(net, net.a, net.b);
    expect_children_agree(net.a, net.b, 1);
    const auto fresh = spis_of(net.a);
    EXPECT_NE(fresh.in, old.in);
    EXPECT_NE(fresh.out, old.out);
    EXPECT_EQ(reqid_of(net.a), reqid);  // the policies stay; only the SAs change
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_EQ(p->counter("rekeys.child"), 1u);
        EXPECT_EQ(p->counter("exchanges.create_child_sa.ok"), 1u);
        EXPECT_EQ(p->counter("rekey_collisions"), 0u);
        EXPECT_EQ(position(*p, "delete_policy"), -1);
    }
}

TEST(rekey_child, responder_rekeys_make_before_break) {
    network net(moon(), sun());
    establish(net);
    rekey_make_before_break(net, net.b, net.a);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(net.a.counter("rekeys.child"), 1u);
}

// §2.17: KEYMAT's first keys protect what the exchange's initiator sends, also
// when the IKE SA's responder starts the CREATE_CHILD_SA (strongSwan, like the
// RFC, takes the exchange's roles; two Ravelins agreeing with each other is not
// enough to show it).
std::string key_debug(const child_sa_status& c, const std::string& name) {
    const auto& text = c.keys_hex_debug.value();
    const auto start = text.find(name + "=") + name.size() + 1;
    return text.substr(start, text.find(' ', start) - start);
}

std::string hex_of(const sad::sa_spec& spec) {
    std::string out;
    for (const auto b : spec.encryption_key.expose()) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", static_cast<unsigned>(b));
        out += two;
    }
    return out;
}

TEST(rekey_child, keys_follow_the_exchange_initiator) {
    engine_options options;
    options.expose_keys = true;
    network net(moon(), sun(), options, options);
    establish(net);
    for (auto* starter : {&net.b, &net.a}) {
        ASSERT_TRUE(starter->eng.rekey_child(reqid_of(*starter)).has_value());
        net.run_for(10s);
        const auto child = children_of(*starter).at(0);
        const auto* out = installed_sa(*starter, child.spi_out, direction::outbound);
        const auto* in = installed_sa(*starter, child.spi_in, direction::inbound);
        ASSERT_NE(out, nullptr);
        ASSERT_NE(in, nullptr);
        EXPECT_EQ(hex_of(*out), key_debug(child, "encr_i"));
        EXPECT_EQ(hex_of(*in), key_debug(child, "encr_r"));
    }
}

TEST(rekey_child, with_pfs) {
    peer_settings s;
    s.esp_proposals = "aes256gcm16-x25519";
    network net(moon(s), sun(s));
    establish(net);
    rekey_make_before_break(net, net.a, net.b);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(children_of(net.a)[0].proposal, "aes256gcm16-x25519");
}

TEST(rekey_child, keys_change_with_every_rekey) {
    network net(moon(), sun());
    establish(net);
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        rekey_make_before_break(net, i % 2 ? net.b : net.a, i % 2 ? net.a : net.b);
        expect_children_agree(net.a, net.b, 1);
        const auto* out = installed_sa(net.a, spis_of(net.a).out, direction::outbound);
        ASSERT_NE(out, nullptr);
        const auto key = std::string(out->encryption_key.expose().begin(), out->encryption_key.expose().end());
        EXPECT_EQ(std::find(seen.begin(), seen.end(), key), seen.end());
        seen.push_back(key);
    }
    EXPECT_EQ(net.a.counter("rekeys.child"), 3u);
}

TEST(rekey_child, only_the_rekeyed_child_changes) {
    peer_settings s;
    s.second_child = true;
    network net(moon(s), sun(s));
    establish(net);
    ASSERT_TRUE(net.a.eng.initiate("site", "net2").has_value());
    net.deliver();
    const auto before = children_of(net.a);
    ASSERT_EQ(before.size(), 2u);
    ASSERT_TRUE(net.a.eng.rekey_child(before[1].reqid).has_value());
    net.run_for(10s);
    expect_children_agree(net.a, net.b, 2);
    const auto after = children_of(net.a);
    EXPECT_EQ(after[0].spi_in, before[0].spi_in);
    EXPECT_NE(after[1].spi_in, before[1].spi_in);
    EXPECT_EQ(after[1].name, "net2");
    EXPECT_EQ(net.a.southbound.state().sa_count(), 4u);
}

TEST(rekey_child, unknown_child_is_reported) {
    network net(moon(), sun());
    establish(net);
    EXPECT_FALSE(net.a.eng.rekey_child(999).has_value());
}

}  // namespace
}  // namespace ravelin::cp::ike::test
