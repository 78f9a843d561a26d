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

#include <cstddef>
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

    // Every remembered SA and policy to the inner sad again, in the order they
    // were first installed. Duplicates count as installed, so a second replay is
    // harmless.
    replay_report replay();

    // Commands kept while the inner sad was unavailable and not replayed since.
    [[nodiscard]] bool has_deferred() const noexcept { return _deferred; }
    [[nodiscard]] std::size_t sa_count() const noexcept;
    [[nodiscard]] std::size_t policy_count() const noexcept;

private:
    using entry = std::variant<sa_spec, policy_spec>;

    std::vector<entry>::iterator find_sa(ike::protocol_id protocol, spi id, direction dir);
    std::vector<entry>::iterator find_policy(const policy_spec& policy);
    bool remember(entry installed, const common::result<void>& outcome);

    sad& _inner;
    std::vector<entry> _journal;
    bool _deferred = false;
};

}  // namespace ravelin::cp::sad
