#pragma once
// Where ravelin-ike's SAs and policies go (docs/ARCHITECTURE.md):
//   no dataplane section   in_process_sad (IKE-only mode)
//   dataplane section      ring_sad to ravelin-dp, behind a replaying_sad: when
//                          ravelin-dp (re)attaches, everything installed is replayed
// With a dataplane, a timer polls the ring every 100 ms on the daemon's loop:
// attach, restart detection, and dataplane events for the daemon's handler.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "control-plane/config/model.hpp"
#include "control-plane/sad/in_process_sad.hpp"
#include "control-plane/sad/replaying_sad.hpp"
#include "control-plane/sad/ring_sad.hpp"

namespace ravelin::cp::daemon {

class southbound {
public:
    using event_handler = std::function<void(const sad::dataplane_event&)>;
    static constexpr auto poll_interval = std::chrono::milliseconds(100);
    static constexpr auto deferred_retry_interval = std::chrono::seconds(1);

    southbound(boost::asio::io_context& io, const std::optional<config::dataplane_config>& dataplane);

    // What the engine installs into.
    [[nodiscard]] sad::sad& sad() noexcept;
    // Starts polling the ring (nothing to do in IKE-only mode).
    void start(event_handler on_event);
    void stop();
    // One round of what the timer does; tests call it directly.
    void poll();

    // The ring to ravelin-dp, for its counters; null in IKE-only mode.
    [[nodiscard]] sad::ring_sad* dataplane() noexcept { return _ring.get(); }
    [[nodiscard]] const sad::replaying_sad* journal() const noexcept { return _journal.get(); }

private:
    void arm();
    void replay();

    boost::asio::steady_timer _timer;
    sad::in_process_sad _in_process;
    std::unique_ptr<sad::ring_sad> _ring;
    std::unique_ptr<sad::replaying_sad> _journal;
    event_handler _on_event;
    std::chrono::steady_clock::time_point _next_retry{};
    bool _running = false;
};

}  // namespace ravelin::cp::daemon
