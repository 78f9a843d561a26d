#include "dataplane/io/poll_pacer.hpp"

#include <gtest/gtest.h>

namespace ravelin::dp::io {
namespace {

TEST(poll_pacer, first_poll_is_due_at_once) {
    const poll_pacer pacer(1000);
    EXPECT_TRUE(pacer.due(0));
}

TEST(poll_pacer, an_empty_poll_waits_one_interval) {
    poll_pacer pacer(1000);
    pacer.polled(5000, 0);
    EXPECT_FALSE(pacer.due(5001));
    EXPECT_FALSE(pacer.due(5999));
    EXPECT_TRUE(pacer.due(6000));
}

TEST(poll_pacer, a_poll_that_found_packets_is_due_again_next_round) {
    poll_pacer pacer(1000);
    pacer.polled(5000, 0);
    pacer.polled(6000, 3);
    EXPECT_TRUE(pacer.due(6000));
    pacer.polled(6001, 0);
    EXPECT_FALSE(pacer.due(6002));
    EXPECT_TRUE(pacer.due(7001));
}

}  // namespace
}  // namespace ravelin::dp::io
