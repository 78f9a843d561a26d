// RFC 7296 §2.1: retransmission of lost requests with backoff, the response
// cache for retransmitted requests, and giving up on a silent peer.

#include <gtest/gtest.h>

#include "control-plane/ike/engine/task_manager.hpp"
#include "tests/exchange/configs.hpp"
#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

TEST(reliability, backoff_follows_strongswan_defaults) {
    const retransmit_policy p;
    EXPECT_EQ(retransmit_delay(p, 0), 4000ms);
    EXPECT_EQ(retransmit_delay(p, 1), 7200ms);
    EXPECT_EQ(retransmit_delay(p, 2), 12960ms);
}

TEST(reliability, lost_ike_sa_init_request_is_retransmitted_after_4s) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    const auto sent_at = net.now();
    unsigned dropped = 0;
    const auto lose_first = [&](datagram& d) { return !(exchange_of(d) == 34 && !is_response(d) && dropped++ == 0); };
    net.deliver(lose_first);
    EXPECT_FALSE(net.a.established());
    EXPECT_EQ(net.a.eng.next_deadline() - sent_at, 4000ms);
    net.run_for(4s, lose_first);
    EXPECT_TRUE(net.a.established());
    EXPECT_TRUE(net.b.established());
    EXPECT_EQ(net.a.counter("retransmissions"), 1u);
}

// The IKE_AUTH response is lost: moon retransmits, sun answers from its cache
// without processing the request again (one Child SA, installed once).
TEST(reliability, lost_ike_auth_response_is_answered_from_the_cache) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    unsigned dropped = 0;
    const auto lose = [&](datagram& d) { return !(exchange_of(d) == 35 && is_response(d) && dropped++ == 0); };
    net.deliver(lose);
    EXPECT_TRUE(net.b.established());
    EXPECT_FALSE(net.a.established());
    net.run_for(5s, lose);
    EXPECT_TRUE(net.a.established());
    EXPECT_EQ(net.b.counter("retransmits.answered"), 1u);
    EXPECT_EQ(net.b.southbound.installed().size(), 2u);
    EXPECT_EQ(net.b.eng.list_sas().front().children.size(), 1u);
}

TEST(reliability, retransmitted_ike_sa_init_gets_the_same_response) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    unsigned dropped = 0;
    const auto lose = [&](datagram& d) { return !(exchange_of(d) == 34 && is_response(d) && dropped++ == 0); };
    net.deliver(lose);
    net.run_for(5s, lose);
    EXPECT_TRUE(net.a.established());
    EXPECT_EQ(net.b.counter("retransmits.answered"), 1u);
    EXPECT_EQ(net.b.eng.stats().ike_sas, 1u);
    // The two IKE_SA_INIT responses sun sent are byte for byte the same.
    std::vector<std::vector<std::uint8_t>> responses;
    for (const auto& d : net.delivered) {
        if (exchange_of(d) == 34 && is_response(d)) responses.push_back(d.bytes);
    }
    ASSERT_EQ(responses.size(), 1u);  // the first was lost before delivery
}

// 4 + 7.2 + 13 + 23.3 + 42 + 75.6 s: after the fifth retransmission and its
// timeout the initiator gives up, and removes the half-made SA.
TEST(reliability, silent_peer_is_given_up_after_the_retransmissions) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    const auto silence = [](datagram&) { return false; };
    net.run_for(165s, silence);
    EXPECT_EQ(net.a.eng.list_sas().size(), 1u);
    EXPECT_EQ(net.a.counter("retransmissions"), 5u);
    net.run_for(1s, silence);
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_EQ(net.a.counter("dpd_failures"), 1u);
}

TEST(reliability, configurable_retransmission) {
    engine_options fast;
    fast.retransmit_timeout = 500ms;
    fast.retransmit_base = 2.0;
    fast.retransmit_tries = 2;
    network net(moon(), sun(), fast);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    const auto silence = [](datagram&) { return false; };
    net.run_for(3400ms, silence);  // 0.5 + 1 + 2 s
    EXPECT_EQ(net.a.eng.list_sas().size(), 1u);
    net.run_for(200ms, silence);
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_EQ(net.a.counter("retransmissions"), 2u);
}

TEST(reliability, half_open_responder_sa_times_out) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    const auto only_init = [](datagram& d) { return exchange_of(d) == 34; };
    net.deliver(only_init);
    EXPECT_EQ(net.b.eng.stats().half_open_sas, 1u);
    net.run_for(31s, only_init);
    EXPECT_EQ(net.b.eng.stats().half_open_sas, 0u);
    EXPECT_TRUE(net.b.eng.list_sas().empty());
}

}  // namespace
}  // namespace ravelin::cp::ike::test
