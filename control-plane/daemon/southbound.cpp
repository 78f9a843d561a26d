#include "control-plane/daemon/southbound.hpp"

#include "common/log.hpp"

namespace ravelin::cp::daemon {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ring); }

}  // namespace

southbound::southbound(boost::asio::io_context& io, const std::optional<config::dataplane_config>& dataplane)
    : _timer(io) {
    if (!dataplane) return;
    _ring = sad::make_ring_sad(dataplane->segment);
    _journal = std::make_unique<sad::replaying_sad>(*_ring);
    // A ravelin-dp that started after us, or came back: it holds nothing of ours.
    _ring->on_restart([this] { replay(); });
    _ring->on_event([this](const sad::dataplane_event& event) {
        if (_on_event) _on_event(event);
    });
}

sad::sad& southbound::sad() noexcept {
    if (_journal) return *_journal;
    return _in_process;
}

void southbound::start(event_handler on_event) {
    _on_event = std::move(on_event);
    if (!_ring) return;
    _running = true;
    if (!_ring->attached()) logger().warn("ravelin-dp not attached yet: SAs are kept and installed when it is");
    poll();
    arm();
}

void southbound::stop() {
    _running = false;
    _timer.cancel();
}

void southbound::poll() {
    if (!_ring) return;
    _journal->note_sequence_numbers();  // before a restart is noticed, while the counters are there
    _ring->poll();
    // Commands refused while attached (a full ring, a restart noticed mid-command):
    // again, but not on every tick, as a full ring makes each try wait.
    const auto now = std::chrono::steady_clock::now();
    if (_journal->has_deferred() && _ring->attached() && now >= _next_retry) {
        _next_retry = now + deferred_retry_interval;
        replay();
    }
}

void southbound::arm() {
    if (!_running) return;
    _timer.expires_after(poll_interval);
    _timer.async_wait([this](const boost::system::error_code& error) {
        if (error) return;
        poll();
        arm();
    });
}

void southbound::replay() {
    logger().info("ravelin-dp attached (generation {}): replaying {} SA(s) and {} policy(ies)", _ring->generation(),
                  _journal->sa_count(), _journal->policy_count());
    const auto report = _journal->replay();
    if (report.failed != 0) logger().warn("replay: {} of {} command(s) not delivered, retrying", report.failed,
                                          report.failed + report.installed);
}

}  // namespace ravelin::cp::daemon
