// Lifetimes on a fake clock (swanctl rekey_time, life_time, rand_time for
// Child and IKE SAs), the soft/hard expiry and acquire entry points the
// dataplane drives, and trap policies (start_action=trap).

#include <gtest/gtest.h>

#include "tests/exchange/child_support.hpp"
#include "tests/exchange/configs.hpp"

namespace ravelin::cp::ike::test {
namespace {

peer_settings child_times(std::string options) {
    peer_settings s;
    s.child_options = std::move(options);
    return s;
}

long count_calls(const peer& p, const std::string& prefix) {
    const auto& calls = p.southbound.calls();
    return std::count_if(calls.begin(), calls.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
}

// rand_time 0: moon rekeys at exactly rekey_time; sun never (rekey_time 0).
TEST(lifetime, child_rekeys_at_rekey_time) {
    network net(moon(child_times("rekey_time: 60s\nrand_time: 0s")), sun(child_times("rekey_time: 0s")));
    establish(net);
    const auto old = children_of(net.a).at(0);
    EXPECT_EQ(old.rekey_in, 60s);
    net.run_for(59s);
    EXPECT_EQ(net.a.counter("requests_sent.rekey_child"), 0u);
    net.run_for(2s);
    EXPECT_EQ(net.a.counter("requests_sent.rekey_child"), 1u);
    net.run_for(10s);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_NE(children_of(net.a)[0].spi_in, old.spi_in);
    EXPECT_EQ(net.b.counter("rekeys.child"), 1u);
}

// Defaults (life_time = rekey_time + 10 %, rand_time = the difference) on both
// sides: about one rekey per rekey_time, never a hard expiry, one Child SA.
TEST(lifetime, periodic_rekeys_from_both_sides_with_jitter) {
    network net(moon(child_times("rekey_time: 60s")), sun(child_times("rekey_time: 60s")));
    establish(net);
    net.run_for(600s);
    const auto rekeys = net.a.counter("rekeys.child");
    EXPECT_GE(rekeys, 9u);
    EXPECT_LE(rekeys, 12u);
    EXPECT_EQ(net.b.counter("rekeys.child"), rekeys);
    EXPECT_EQ(net.a.counter("child_sas.expired") + net.b.counter("child_sas.expired"), 0u);
    expect_children_agree(net.a, net.b, 1);
    for (const auto* p : {&net.a, &net.b}) {
        EXPECT_EQ(p->southbound.state().sa_count(), 2u);
        EXPECT_EQ(count_calls(*p, "delete_policy"), 0);
    }
}

// No rekey: at life_time the SAs go, the policies stay (protect: nothing in
// cleartext) and a new Child SA is negotiated under the same reqid.
TEST(lifetime, hard_expiry_keeps_the_policies_and_renegotiates) {
    network net(moon(child_times("rekey_time: 0s\nlife_time: 30s")), sun(child_times("rekey_time: 0s")));
    establish(net);
    const auto old = children_of(net.a).at(0);
    net.run_for(29s);
    EXPECT_EQ(net.a.counter("child_sas.expired"), 0u);
    net.run_for(2s);
    EXPECT_EQ(net.a.counter("child_sas.expired"), 1u);
    EXPECT_GE(position(net.a, call("delete_sa", sad::direction::outbound, old.spi_out)), 0);
    EXPECT_GE(position(net.a, call("delete_sa", sad::direction::inbound, old.spi_in)), 0);
    EXPECT_EQ(count_calls(net.a, "delete_policy"), 0);
    EXPECT_EQ(net.a.southbound.state().policy_count(), 2u);
    expect_children_agree(net.a, net.b, 1);
    const auto fresh = children_of(net.a).at(0);
    EXPECT_NE(fresh.spi_in, old.spi_in);
    EXPECT_EQ(fresh.reqid, old.reqid);
    // sun: the new Child SA's policies are in before the old ones go.
    EXPECT_LT(position(net.b, "add_policy out reqid=" + std::to_string(children_of(net.b)[0].reqid)),
              position(net.b, "delete_policy"));
}

TEST(lifetime, ike_sa_rekeys_at_its_rekey_time) {
    peer_settings moon_s;
    moon_s.ike_options = "rekey_time: 100s\nrand_time: 0s";
    network net(moon(moon_s), sun());
    establish(net);
    const auto old = net.a.eng.list_sas().at(0);
    net.run_for(99s);
    EXPECT_EQ(net.a.eng.list_sas().at(0).spi_i, old.spi_i);
    net.run_for(2s);
    ASSERT_EQ(net.a.eng.list_sas().size(), 1u);
    EXPECT_NE(net.a.eng.list_sas().at(0).spi_i, old.spi_i);
    EXPECT_EQ(net.b.counter("rekeys.ike"), 1u);
    expect_children_agree(net.a, net.b, 1);
}

TEST(lifetime, volume_limits_travel_to_the_sad) {
    const std::string limits = "rekey_bytes: 1000000\nlife_bytes: 2000000\nrekey_packets: 1000\nlife_packets: 2000";
    network net(moon(child_times(limits)), sun(child_times(limits)));
    establish(net);
    const auto c = children_of(net.a).at(0);
    for (const auto dir : {sad::direction::inbound, sad::direction::outbound}) {
        const auto* s = installed_sa(net.a, dir == sad::direction::inbound ? c.spi_in : c.spi_out, dir);
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(s->soft.bytes, 1000000u);
        EXPECT_EQ(s->hard.bytes, 2000000u);
        EXPECT_EQ(s->soft.packets, 1000u);
        EXPECT_EQ(s->hard.packets, 2000u);
    }
}

TEST(lifetime, soft_expiry_from_the_dataplane_rekeys) {
    network net(moon(), sun());
    establish(net);
    const auto old = children_of(net.b).at(0);
    net.b.eng.on_expiry(sad::spi{old.spi_out}, sad::direction::outbound, engine::expiry::soft);
    net.run_for(10s);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_NE(children_of(net.b)[0].spi_in, old.spi_in);
    EXPECT_EQ(net.b.counter("child_sas.soft_expiry"), 1u);
    EXPECT_EQ(net.b.counter("rekeys.child"), 1u);
    // An expiry of an SA nobody knows is counted and ignored.
    net.b.eng.on_expiry(sad::spi{old.spi_out}, sad::direction::outbound, engine::expiry::soft);
    EXPECT_EQ(net.b.counter("drops.expiry_of_unknown_sa"), 1u);
}

TEST(lifetime, hard_expiry_from_the_dataplane_deletes_and_renegotiates) {
    network net(moon(), sun());
    establish(net);
    const auto old = children_of(net.a).at(0);
    net.a.eng.on_expiry(sad::spi{old.spi_in}, sad::direction::inbound, engine::expiry::hard);
    net.run_for(10s);
    expect_children_agree(net.a, net.b, 1);
    EXPECT_EQ(children_of(net.a)[0].reqid, old.reqid);
    EXPECT_EQ(count_calls(net.a, "delete_policy"), 0);
    EXPECT_EQ(net.a.southbound.state().sa_count(), 2u);
}

// start_action=trap: trap policies at start, an acquire starts the IKE SA,
// repeated acquires while it is negotiated do nothing, the trap stays.
TEST(lifetime, trap_policy_and_acquire_start_the_ike_sa) {
    peer_settings trap;
    trap.start_action = "trap";
    network net(moon(trap), sun());
    net.a.eng.start();
    EXPECT_EQ(count_calls(net.a, "add_policy out reqid=1 10.1.0.0/24 === 10.2.0.0/24 trap"), 1);
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    net.a.eng.on_acquire(1);
    net.a.eng.on_acquire(1);
    net.deliver();
    ASSERT_TRUE(net.a.established());
    expect_children_agree(net.a, net.b, 1);
    net.a.eng.on_acquire(1);  // a late acquire for a child that is up
    net.deliver();
    EXPECT_EQ(net.a.eng.list_sas().size(), 1u);
    EXPECT_EQ(net.a.counter("acquires"), 3u);
    EXPECT_EQ(net.a.southbound.state().policy_count(), 3u);  // trap + in/out protect
    net.a.eng.on_acquire(77);
    EXPECT_EQ(net.a.counter("drops.acquire_without_trap"), 1u);
}

// reload: the trap policies follow the configuration, new ones in before old ones go.
TEST(lifetime, reload_replaces_the_trap_policies) {
    peer_settings trap;
    trap.start_action = "trap";
    network net(moon(trap), sun());
    net.a.eng.start();
    net.a.eng.reload(parse_config(moon(trap)));
    const auto added = position(net.a, "add_policy out reqid=2 10.1.0.0/24 === 10.2.0.0/24 trap");
    EXPECT_GE(added, 0);
    EXPECT_GT(position(net.a, "delete_policy out reqid=1 10.1.0.0/24 === 10.2.0.0/24 trap"), added);
    EXPECT_EQ(net.a.southbound.state().policy_count(), 1u);
    net.a.eng.on_acquire(1);  // the old trap is gone
    EXPECT_EQ(net.a.counter("drops.acquire_without_trap"), 1u);
    net.a.eng.reload(parse_config(moon()));
    EXPECT_EQ(net.a.southbound.state().policy_count(), 0u);
}

// An acquire for a trapped child while the IKE SA is up: CREATE_CHILD_SA.
TEST(lifetime, acquire_with_an_established_ike_sa_creates_a_child_sa) {
    peer_settings trap;
    trap.second_child = true;
    auto moon_yaml = moon(trap);
    const auto at = moon_yaml.find("        esp_proposals", moon_yaml.find("net2:"));
    moon_yaml.insert(at, "        start_action: trap\n");
    network net(moon_yaml, sun(trap));
    net.a.eng.start();
    establish(net);
    const auto trap_reqid = 1u;
    net.a.eng.on_acquire(trap_reqid);
    net.deliver();
    EXPECT_EQ(net.a.eng.list_sas().size(), 1u);
    expect_children_agree(net.a, net.b, 2);
    EXPECT_EQ(net.a.counter("exchanges.create_child_sa.ok"), 1u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
