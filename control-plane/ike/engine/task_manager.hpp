#pragma once
// The one owner of an IKE SA's message flow (RFC 7296 §2.1-§2.3): Message IDs in
// both directions, the request window (1: one request outstanding), the
// retransmission of our request with exponential backoff, and the cache of our
// last response, resent when the peer retransmits its request.

#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "control-plane/ike/codec/header.hpp"
#include "control-plane/ike/engine/io.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

struct retransmit_policy {
    std::chrono::milliseconds timeout{4000};
    double base = 1.8;
    unsigned tries = 5;  // retransmissions after the first send
};

// How an incoming request's Message ID relates to what we expect (§2.3).
enum class request_kind { fresh, retransmit, invalid };

class task_manager {
public:
    using datagrams = std::vector<std::vector<std::uint8_t>>;

    void queue(std::unique_ptr<task> t) { _queue.push_back(std::move(t)); }
    [[nodiscard]] bool idle() const noexcept { return !_active; }
    [[nodiscard]] bool has_queued() const noexcept { return !_queue.empty(); }
    [[nodiscard]] task* active() noexcept { return _active.get(); }
    [[nodiscard]] std::unique_ptr<task> take_next();
    // Forget queued tasks; the outstanding request, if any, still completes so
    // that Message IDs stay in step with the peer (§2.2).
    void drop_queued() noexcept { _queue.clear(); }

    // Our requests.
    [[nodiscard]] message_id next_request_id() const noexcept { return _next_request; }
    void sent_request(std::unique_ptr<task> t, datagrams wire, time_point now, const retransmit_policy& policy);
    [[nodiscard]] bool expects_response(message_id id) const noexcept;
    // The exchange completed: the window moves on.
    std::unique_ptr<task> complete_request();
    // IKE_SA_INIT starts over at Message ID 0 (§2.6, §1.2).
    void restart_initial(std::unique_ptr<task> t);

    // The peer's requests.
    [[nodiscard]] request_kind classify_request(message_id id) const noexcept;
    void answered(message_id id, datagrams wire);
    [[nodiscard]] const datagrams& cached_response() const noexcept { return _response; }

    // Timers.
    [[nodiscard]] time_point deadline() const noexcept;
    enum class timer_result { nothing, retransmit, exhausted };
    timer_result on_timer(time_point now, const retransmit_policy& policy);
    [[nodiscard]] const datagrams& outstanding() const noexcept { return _request; }
    [[nodiscard]] unsigned retransmissions() const noexcept { return _retransmits; }

private:
    std::deque<std::unique_ptr<task>> _queue;
    std::unique_ptr<task> _active;
    message_id _next_request{0};
    datagrams _request;
    time_point _deadline = time_point::max();
    unsigned _retransmits = 0;

    message_id _next_expected{0};  // of the peer's next request
    std::optional<message_id> _last_answered;
    datagrams _response;
};

// timeout * base^n, as strongSwan's retransmit_timeout/retransmit_base.
std::chrono::milliseconds retransmit_delay(const retransmit_policy& policy, unsigned retransmits);

}  // namespace ravelin::cp::ike
