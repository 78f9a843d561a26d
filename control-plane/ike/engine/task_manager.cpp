#include "control-plane/ike/engine/task_manager.hpp"

#include <cmath>

namespace ravelin::cp::ike {

std::chrono::milliseconds retransmit_delay(const retransmit_policy& policy, unsigned retransmits) {
    const double ms = static_cast<double>(policy.timeout.count()) * std::pow(policy.base, retransmits);
    return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

std::unique_ptr<task> task_manager::take_next() {
    if (_active || _queue.empty()) return nullptr;
    auto t = std::move(_queue.front());
    _queue.pop_front();
    return t;
}

void task_manager::sent_request(std::unique_ptr<task> t, datagrams wire, time_point now,
                                const retransmit_policy& policy) {
    _active = std::move(t);
    _request = std::move(wire);
    _retransmits = 0;
    _deadline = now + retransmit_delay(policy, 0);
}

bool task_manager::expects_response(message_id id) const noexcept {
    return _active && !_request.empty() && id == _next_request;
}

std::unique_ptr<task> task_manager::complete_request() {
    _next_request.value++;
    _request.clear();
    _deadline = time_point::max();
    return std::move(_active);
}

void task_manager::restart_initial(std::unique_ptr<task> t) {
    _next_request = message_id{0};
    _request.clear();
    _deadline = time_point::max();
    _active.reset();
    _queue.push_front(std::move(t));
}

request_kind task_manager::classify_request(message_id id) const noexcept {
    if (id == _next_expected) return request_kind::fresh;
    if (_last_answered && id == *_last_answered && !_response.empty()) return request_kind::retransmit;
    return request_kind::invalid;
}

void task_manager::answered(message_id id, datagrams wire) {
    _last_answered = id;
    _next_expected = message_id{id.value + 1};
    _response = std::move(wire);
}

time_point task_manager::deadline() const noexcept { return _request.empty() ? time_point::max() : _deadline; }

task_manager::timer_result task_manager::on_timer(time_point now, const retransmit_policy& policy) {
    if (_request.empty() || now < _deadline) return timer_result::nothing;
    if (_retransmits >= policy.tries) return timer_result::exhausted;
    ++_retransmits;
    // The last try waits its own backoff before the peer is given up (strongSwan).
    _deadline = now + retransmit_delay(policy, _retransmits);
    return timer_result::retransmit;
}

}  // namespace ravelin::cp::ike
