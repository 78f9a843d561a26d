#pragma once
// The sad implementation of ravelin-ike with a dataplane: SA and policy
// commands travel to ravelin-dp over the command ring of the shared-memory
// segment (common/shm), events come back over the event ring, counters are read
// straight from the segment.
//
// Commands are asynchronous: add_sa returns once the command is in the ring;
// a refusal by ravelin-dp arrives later as a command_failed event carrying the
// command's cookie. sync() is a barrier when a caller must know.
//
// Use from the thread that owns the IKE SAs (one producer):
//
//   ring_sad dataplane({.segment_name = "/ravelin-dp"});
//   dataplane.on_restart([&] { engine.replay_all(dataplane); });  // every SA and policy again
//   dataplane.on_event([&](const dataplane_event& e) { ... });    // acquire, expiry, failures
//   every ~100 ms: dataplane.poll();
//
// ravelin-dp may start after ravelin-ike: until it is attached every command
// fails with sad_errc::unavailable, and poll() keeps trying. A ravelin-dp
// restart (new generation, or the segment replaced) forgets what was installed
// locally and calls the restart hook, which replays everything.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/shm/segment.hpp"
#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::sad {

struct dataplane_event {
    common::shm::event_kind kind = common::shm::event_kind::none;
    ike::protocol_id protocol = ike::protocol_id::esp;
    spi id;
    direction dir = direction::inbound;
    std::uint32_t reqid = 0;
    // acquire: the packet that hit the trap policy
    common::ip_address src;
    common::ip_address dst;
    std::uint8_t ip_protocol = 0;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    // command_failed, query_reply
    std::uint64_t cookie = 0;
    common::shm::command_error error = common::shm::command_error::none;
};

struct ring_sad_options {
    std::string segment_name = common::shm::default_segment_name;
    // How long a command waits for room in a full ring before failing.
    std::chrono::milliseconds full_ring_wait{200};
    // How long settle() waits for ravelin-dp to apply the commands sent.
    std::chrono::milliseconds settle_wait{100};
    std::uint64_t seed = std::random_device{}();
};

class ring_sad final : public sad {
public:
    explicit ring_sad(ring_sad_options options = {});
    ~ring_sad() override;

    common::result<spi> alloc_spi(ike::protocol_id protocol) override;
    common::result<void> add_sa(sa_spec spec) override;
    common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) override;
    common::result<void> add_policy(const policy_spec& policy) override;
    common::result<void> delete_policy(const policy_spec& policy) override;
    common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) override;
    // sync(), holding back the other events until the next poll(): the caller is
    // in the middle of an exchange and must not be re-entered by their handler.
    void settle() override;

    void on_restart(std::function<void()> hook) { _on_restart = std::move(hook); }
    void on_event(std::function<void(const dataplane_event&)> handler) { _on_event = std::move(handler); }

    // Attaches if detached, notices a dataplane restart (then calls the restart
    // hook), and delivers pending events. Returns the number of events delivered.
    std::size_t poll();
    // Waits until ravelin-dp has applied every command sent so far, delivering
    // events meanwhile. False on timeout or when detached.
    bool sync(std::chrono::milliseconds timeout);

    [[nodiscard]] bool attached() const noexcept { return _link != nullptr; }
    [[nodiscard]] std::uint64_t generation() const noexcept { return _generation; }
    [[nodiscard]] std::size_t sa_count() const noexcept { return _sas.size(); }
    [[nodiscard]] std::size_t policy_count() const noexcept { return _policies.size(); }
    // Cookie of the last command sent (the next is one more).
    [[nodiscard]] std::uint64_t last_cookie() const noexcept { return _cookie; }

    // Read-only views for the metrics scrape: the mapped segment (null while
    // detached), and every SA sent to ravelin-dp with the counter slot it was given.
    [[nodiscard]] const common::shm::segment_layout* layout() const noexcept;
    template <typename Visit>  // visit(protocol, spi, direction, counter slot)
    void for_each_sa(Visit&& visit) const {
        for (const auto& entry : _sas) {
            visit(std::get<0>(entry.first), std::get<1>(entry.first), std::get<2>(entry.first), entry.second);
        }
    }

private:
    struct link;  // the mapped segment and the ring ends
    using sa_key = std::tuple<ike::protocol_id, spi, direction>;
    using policy_key = std::tuple<std::uint32_t, direction, std::string, std::string>;

    bool try_attach();
    void forget_installed();
    bool restarted() const;
    common::result<void> send(common::shm::command_record& command);
    std::size_t drain_events();

    ring_sad_options _options;
    std::unique_ptr<link> _link;
    std::uint64_t _generation = 0;
    std::uint64_t _cookie = 0;
    std::uint64_t _synced = 0;  // highest cookie answered by a query_reply
    bool _holding = false;      // settle(): events wait in _held for poll()
    std::deque<common::shm::event_record> _held;
    std::mt19937_64 _random;
    std::set<std::pair<ike::protocol_id, spi>> _allocated;
    std::map<sa_key, std::uint32_t> _sas;  // -> counter slot
    std::vector<std::uint32_t> _free_slots;
    std::set<policy_key> _policies;
    std::function<void()> _on_restart;
    std::function<void(const dataplane_event&)> _on_event;
};

// One line for logs: "soft_expiry esp out 0x0000c001 reqid=7",
// "acquire reqid=3 10.1.0.5:0 -> 10.2.0.9:80 proto 6", "command_failed cookie=12 unsupported".
std::string describe(const dataplane_event& event);

// What the daemon calls when its configuration has a dataplane section.
std::unique_ptr<ring_sad> make_ring_sad(const std::string& segment_name = common::shm::default_segment_name);

// Conversions to the ring's record formats (exposed for tests and ravelin-dp tools).
common::result<common::shm::sa_record> to_record(const sa_spec& spec, std::uint32_t counter_slot);
common::shm::policy_record to_record(const policy_spec& policy);
common::shm::address_record to_record(const common::ip_address& address);
common::ip_address from_record(const common::shm::address_record& address);

}  // namespace ravelin::cp::sad
