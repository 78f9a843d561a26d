// RFC 7383: IKE_AUTH larger than the configured fragment size travels as SKF
// fragments; losing one leads to a retransmission of all, and a corrupted
// fragment is dropped without changing anything.

#include <gtest/gtest.h>

#include "tests/exchange/configs.hpp"
#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

constexpr std::uint8_t skf = 53;

engine_options small_fragments() {
    engine_options o;
    o.fragment_size = 200;
    return o;
}

bool is_fragment(const datagram& d) { return d.bytes.size() > 16 && d.bytes[16] == skf; }

TEST(fragmentation, ike_auth_is_fragmented_and_reassembled_both_ways) {
    network net(moon(), sun(), small_fragments(), small_fragments());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    unsigned requests = 0, responses = 0;
    for (const auto& d : net.delivered) {
        if (!is_fragment(d)) continue;
        EXPECT_LE(d.bytes.size() + 28, 200u);
        (is_response(d) ? responses : requests)++;
    }
    EXPECT_GE(requests, 2u);
    EXPECT_GE(responses, 2u);
    EXPECT_EQ(net.b.counter("fragments.reassembled"), 1u);
    EXPECT_EQ(net.a.counter("fragments.reassembled"), 1u);
    EXPECT_EQ(net.a.eng.list_sas().front().children.size(), 1u);
}

TEST(fragmentation, not_used_when_the_peer_did_not_announce_support) {
    auto sun_yaml = sun();
    sun_yaml.replace(sun_yaml.find("    dpd_delay"), 0, "    fragmentation: no\n");
    network net(moon(), sun_yaml, small_fragments(), small_fragments());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    for (const auto& d : net.delivered) EXPECT_FALSE(is_fragment(d));
}

TEST(fragmentation, a_lost_fragment_is_recovered_by_retransmission) {
    network net(moon(), sun(), small_fragments(), small_fragments());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    unsigned fragments = 0;
    const auto lose_second = [&](datagram& d) { return !(is_fragment(d) && !is_response(d) && ++fragments == 2); };
    net.deliver(lose_second);
    EXPECT_FALSE(net.b.established());
    net.run_for(5s, lose_second);
    EXPECT_TRUE(net.a.established());
    EXPECT_TRUE(net.b.established());
}

TEST(fragmentation, corrupted_fragment_is_dropped) {
    network net(moon(), sun(), small_fragments(), small_fragments());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    bool done = false;
    net.deliver([&](datagram& d) {
        if (is_fragment(d) && !is_response(d) && !done) {
            done = true;
            d.bytes.back() ^= 1;
        }
        return true;
    });
    EXPECT_EQ(net.b.counter("drops.bad_fragment"), 1u);
    EXPECT_FALSE(net.b.established());
    net.run_for(5s);
    EXPECT_TRUE(net.b.established());
}

}  // namespace
}  // namespace ravelin::cp::ike::test
