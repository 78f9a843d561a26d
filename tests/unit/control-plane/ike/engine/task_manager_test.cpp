#include "control-plane/ike/engine/task_manager.hpp"

#include <gtest/gtest.h>

#include "control-plane/ike/engine/tasks/informational.hpp"

namespace ravelin::cp::ike {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 100h;

TEST(task_manager, request_window_and_message_ids) {
    task_manager tm;
    tm.queue(std::make_unique<dpd_task>());
    tm.queue(std::make_unique<dpd_task>());
    auto first = tm.take_next();
    ASSERT_TRUE(first);
    tm.sent_request(std::move(first), {{1, 2, 3}}, t0, {});
    EXPECT_FALSE(tm.take_next());  // window 1: the second waits
    EXPECT_TRUE(tm.expects_response(message_id{0}));
    EXPECT_FALSE(tm.expects_response(message_id{1}));
    EXPECT_TRUE(tm.complete_request());
    EXPECT_EQ(tm.next_request_id().value, 1u);
    EXPECT_TRUE(tm.take_next());
}

TEST(task_manager, retransmission_schedule_and_exhaustion) {
    task_manager tm;
    const retransmit_policy policy{1000ms, 2.0, 2};
    tm.sent_request(std::make_unique<dpd_task>(), {{1}}, t0, policy);
    EXPECT_EQ(tm.deadline(), t0 + 1s);
    EXPECT_EQ(tm.on_timer(t0 + 999ms, policy), task_manager::timer_result::nothing);
    EXPECT_EQ(tm.on_timer(t0 + 1s, policy), task_manager::timer_result::retransmit);
    EXPECT_EQ(tm.deadline(), t0 + 3s);
    EXPECT_EQ(tm.on_timer(t0 + 3s, policy), task_manager::timer_result::retransmit);
    EXPECT_EQ(tm.deadline(), t0 + 7s);
    EXPECT_EQ(tm.on_timer(t0 + 7s, policy), task_manager::timer_result::exhausted);
}

TEST(task_manager, peer_requests_fresh_retransmitted_or_invalid) {
    task_manager tm;
    EXPECT_EQ(tm.classify_request(message_id{0}), request_kind::fresh);
    EXPECT_EQ(tm.classify_request(message_id{1}), request_kind::invalid);
    tm.answered(message_id{0}, {{9}});
    EXPECT_EQ(tm.classify_request(message_id{0}), request_kind::retransmit);
    EXPECT_EQ(tm.classify_request(message_id{1}), request_kind::fresh);
    EXPECT_EQ(tm.classify_request(message_id{5}), request_kind::invalid);
    EXPECT_EQ(tm.cached_response().front(), std::vector<std::uint8_t>{9});
}

}  // namespace
}  // namespace ravelin::cp::ike
