#pragma once
// A sad decorator that remembers what is installed, so that it can be installed
// again: ravelin-dp keeps its SAs and policies in process memory, and a
// restarted ravelin-dp starts empty (docs/ARCHITECTURE.md, "Restarts").
//
//   ring_sad ring(...);
//   replaying_sad journal(ring);                     // the engine talks to journal
//   ring.on_restart([&] { journal.replay(); });
//
// Every call goes to the inner sad. SAs (cloned, keys staying in secret_bytes)
// and policies that the inner sad accepted are kept, in the order they came,
// minus those deleted since; replay() issues them again in that order.
//
// A command the inner sad could not deliver (sad_errc::unavailable: ravelin-dp
// not running yet, or restarting) is kept too and reported as done: the
// dataplane that comes up gets it with the replay its arrival triggers.
//
// Outbound sequence numbers: a replayed outbound SA must not start again at 1,
// or the peer drops everything as replays (RFC 4303 §3.4.3) until the numbers
// pass what it has seen. note_sequence_numbers(), called periodically, keeps the
// highest number each outbound SA has used (from its packet counter); the replay
// continues from there plus replay_sequence_margin, for what was sent after the
// last look. (The inbound replay window does start afresh: see ARCHITECTURE.md.)

#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::sad {

struct replay_report {
    std::size_t installed = 0;  // accepted by the inner sad, or already there
    std::size_t failed = 0;
};

class replaying_sad final : public sad {
public:
    explicit replaying_sad(sad& inner) : _inner(inner) {}

    common::result<spi> alloc_spi(ike::protocol_id protocol) override;
    common::result<void> add_sa(sa_spec spec) override;
    common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) override;
    common::result<void> add_policy(const policy_spec& policy) override;
    common::result<void> delete_policy(const policy_spec& policy) override;
    common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) override;
    void settle() override { _inner.settle(); }

    // Every remembered SA and policy to the inner sad again, in the order they
    // were first installed. Duplicates count as installed, so a second replay is
    // harmless.
    replay_report replay();
    // Reads the outbound SAs' packet counters from the inner sad.
    void note_sequence_numbers();
    // Packets an outbound SA may have sent unseen: two counter publications of
    // ravelin-dp and ravelin-ike's polls (100 ms each) at 14.9 Mpps (10GbE line rate).
    static constexpr std::uint64_t replay_sequence_margin = std::uint64_t{1} << 22;

    // Commands kept while the inner sad was unavailable and not replayed since.
    [[nodiscard]] bool has_deferred() const noexcept { return _deferred; }
    [[nodiscard]] std::size_t sa_count() const noexcept;
    [[nodiscard]] std::size_t policy_count() const noexcept;

private:
    // spec.initial_seq: the highest sequence number known to be used; installed_from:
    // the initial_seq of the install now in the dataplane.
    struct kept_sa {
        sa_spec spec;
        std::uint64_t installed_from = 0;
    };
    using entry = std::variant<kept_sa, policy_spec>;

    std::vector<entry>::iterator find_sa(ike::protocol_id protocol, spi id, direction dir);
    std::vector<entry>::iterator find_policy(const policy_spec& policy);
    bool remember(entry installed, const common::result<void>& outcome);
    common::result<void> reinstall(kept_sa& kept);

    sad& _inner;
    std::vector<entry> _journal;
    bool _deferred = false;
};

}  // namespace ravelin::cp::sad
