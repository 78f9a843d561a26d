#include <gtest/gtest.h>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::lookup {
namespace {
namespace shm = common::shm;

shm::address_record v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    shm::address_record r;
    r.family = 4;
    r.bytes[0] = a, r.bytes[1] = b, r.bytes[2] = c, r.bytes[3] = d;
    return r;
}

compiled_selector range(shm::address_record lo, shm::address_record hi, std::uint8_t proto = 0,
                        std::uint16_t port_lo = 0, std::uint16_t port_hi = 65535) {
    shm::selector_record s;
    s.start = lo;
    s.end = hi;
    s.ip_protocol = proto;
    s.port_from = port_lo;
    s.port_to = port_hi;
    return compile(s);
}

flow v4_flow(shm::address_record src, shm::address_record dst, std::uint8_t proto = 17, std::uint16_t sport = 1000,
             std::uint16_t dport = 53) {
    flow f;
    f.family = 4;
    f.src = widen(src);
    f.dst = widen(dst);
    f.protocol = proto;
    f.src_port = sport;
    f.dst_port = dport;
    return f;
}

spd_entry entry(compiled_selector local, compiled_selector remote, std::uint32_t priority, std::uint32_t reqid,
                shm::action_code action = shm::action_code::protect) {
    spd_entry e;
    e.local = local;
    e.remote = remote;
    e.priority = priority;
    e.reqid = reqid;
    e.action = action;
    return e;
}

TEST(spd, lowest_priority_value_wins_among_matches) {
    spd_publisher spd(nullptr);
    auto snapshot = std::make_unique<spd_snapshot>();
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    const auto any = range(v4(0, 0, 0, 0), v4(255, 255, 255, 255));
    snapshot->outbound.push_back(entry(lan, any, 10, 1, shm::action_code::bypass));
    snapshot->outbound.push_back(entry(lan, range(v4(10, 2, 0, 0), v4(10, 2, 0, 255)), 5, 2));
    spd.publish(std::move(snapshot));
    const auto* hit = spd.current()->match_outbound(v4_flow(v4(10, 1, 0, 5), v4(10, 2, 0, 9)));
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->reqid, 2u);
    hit = spd.current()->match_outbound(v4_flow(v4(10, 1, 0, 5), v4(10, 3, 0, 9)));
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->action, shm::action_code::bypass);
    EXPECT_EQ(spd.current()->match_outbound(v4_flow(v4(10, 9, 0, 5), v4(10, 2, 0, 9))), nullptr);
}

TEST(spd, protocol_and_port_ranges_are_selectors_too) {
    spd_snapshot snapshot;
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 6, 443, 443), 1, 9));
    EXPECT_NE(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 6, 5000, 443)), nullptr);
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 17, 5000, 443)), nullptr);
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 6, 5000, 80)), nullptr);
}

TEST(spd, opaque_ports_of_later_fragments_match_only_any_port_selectors) {
    // RFC 4301 §4.4.1: OPAQUE matches ANY, never a port range (not even one holding 0).
    spd_snapshot snapshot;
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 17, 0, 100), 1, 1));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 17), 2, 2));
    flow fragment = v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 17, 0, 0);
    fragment.opaque_ports = true;
    ASSERT_NE(snapshot.match_outbound(fragment), nullptr);
    EXPECT_EQ(snapshot.match_outbound(fragment)->reqid, 2u);
    fragment.opaque_ports = false;
    EXPECT_EQ(snapshot.match_outbound(fragment)->reqid, 1u);
}

TEST(spd, inbound_policies_match_the_local_side_against_the_destination) {
    spd_snapshot snapshot;
    snapshot.inbound.push_back(entry(range(v4(10, 1, 0, 0), v4(10, 1, 0, 255)), range(v4(10, 2, 0, 0), v4(10, 2, 0, 255)), 1, 4));
    EXPECT_NE(snapshot.match_inbound(v4_flow(v4(10, 2, 0, 7), v4(10, 1, 0, 7))), nullptr);
    EXPECT_EQ(snapshot.match_inbound(v4_flow(v4(10, 1, 0, 7), v4(10, 2, 0, 7))), nullptr);
}

TEST(spd, families_never_match_each_other) {
    shm::address_record lo6;
    lo6.family = 6;
    shm::address_record hi6 = lo6;
    hi6.bytes.fill(0xff);
    spd_snapshot snapshot;
    snapshot.outbound.push_back(entry(range(lo6, hi6), range(lo6, hi6), 1, 1));
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(10, 2, 0, 1))), nullptr);
    flow f6;
    f6.family = 6;
    f6.src = {0x20010db800000000ull, 1};
    f6.dst = {0x20010db800000000ull, 2};
    EXPECT_NE(snapshot.match_outbound(f6), nullptr);
}

TEST(spd, publish_waits_for_readers_before_freeing_the_old_snapshot) {
    int grace = 0;
    spd_publisher spd([&] { ++grace; });
    const spd_snapshot* before = spd.current();
    spd.publish(std::make_unique<spd_snapshot>());
    EXPECT_NE(spd.current(), before);
    EXPECT_EQ(grace, 1);
}

}  // namespace
}  // namespace ravelin::dp::lookup
