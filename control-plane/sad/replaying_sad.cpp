#include "control-plane/sad/replaying_sad.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/sad/recording_sad.hpp"

namespace ravelin::cp::sad {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ring); }

bool same_policy(const policy_spec& a, const policy_spec& b) {
    return a.reqid == b.reqid && a.dir == b.dir && a.local == b.local && a.remote == b.remote;
}

bool unavailable(const common::result<void>& outcome) {
    return !outcome && outcome.error() == make_error_code(sad_errc::unavailable);
}

bool already_there(const common::result<void>& outcome) {
    return !outcome && (outcome.error() == make_error_code(sad_errc::duplicate_sa) ||
                        outcome.error() == make_error_code(sad_errc::duplicate_policy));
}

}  // namespace

std::vector<replaying_sad::entry>::iterator replaying_sad::find_sa(ike::protocol_id protocol, spi id, direction dir) {
    return std::find_if(_journal.begin(), _journal.end(), [&](const entry& e) {
        const auto* sa = std::get_if<kept_sa>(&e);
        return sa != nullptr && sa->spec.protocol == protocol && sa->spec.id == id && sa->spec.dir == dir;
    });
}

std::vector<replaying_sad::entry>::iterator replaying_sad::find_policy(const policy_spec& policy) {
    return std::find_if(_journal.begin(), _journal.end(), [&](const entry& e) {
        const auto* p = std::get_if<policy_spec>(&e);
        return p != nullptr && same_policy(*p, policy);
    });
}

// Keeps what the inner sad accepted, or could not be asked about (deferred).
bool replaying_sad::remember(entry installed, const common::result<void>& outcome) {
    if (unavailable(outcome)) {
        _deferred = true;
    } else if (!outcome) {
        return false;
    }
    _journal.push_back(std::move(installed));
    return true;
}

common::result<spi> replaying_sad::alloc_spi(ike::protocol_id protocol) { return _inner.alloc_spi(protocol); }

common::result<void> replaying_sad::add_sa(sa_spec spec) {
    if (find_sa(spec.protocol, spec.id, spec.dir) != _journal.end()) return sad_errc::duplicate_sa;
    const std::string what = describe(spec.protocol, spec.id, spec.dir);
    kept_sa kept{spec.clone(), spec.initial_seq};
    const auto outcome = _inner.add_sa(std::move(spec));
    if (!remember(std::move(kept), outcome)) return outcome;
    if (!outcome) logger().warn("add_sa {}: dataplane unavailable, installed when it attaches", what);
    return {};
}

common::result<void> replaying_sad::add_policy(const policy_spec& policy) {
    if (find_policy(policy) != _journal.end()) return sad_errc::duplicate_policy;
    const auto outcome = _inner.add_policy(policy);
    if (!remember(policy, outcome)) return outcome;
    if (!outcome) logger().warn("add_policy {}: dataplane unavailable, installed when it attaches", describe(policy));
    return {};
}

// What was journaled is forgotten whatever the inner sad says: a dataplane that
// lost it (restart) or never had it (deferred) must not get it back on replay.
common::result<void> replaying_sad::delete_sa(ike::protocol_id protocol, spi id, direction dir) {
    const auto found = find_sa(protocol, id, dir);
    auto outcome = _inner.delete_sa(protocol, id, dir);
    if (found == _journal.end()) return outcome;
    _journal.erase(found);
    if (!outcome) logger().debug("delete_sa {}: {} (forgotten anyway)", describe(protocol, id, dir), outcome.error().message());
    return {};
}

common::result<void> replaying_sad::delete_policy(const policy_spec& policy) {
    const auto found = find_policy(policy);
    auto outcome = _inner.delete_policy(policy);
    if (found == _journal.end()) return outcome;
    _journal.erase(found);
    if (!outcome) logger().debug("delete_policy {}: {} (forgotten anyway)", describe(policy), outcome.error().message());
    return {};
}

common::result<sa_counters> replaying_sad::query_sa(ike::protocol_id protocol, spi id, direction dir) {
    return _inner.query_sa(protocol, id, dir);
}

// The SA again, continuing its outbound sequence numbers past any it may have used.
common::result<void> replaying_sad::reinstall(kept_sa& kept) {
    sa_spec spec = kept.spec.clone();
    if (spec.dir == direction::outbound) {
        const std::uint64_t limit = spec.esn ? UINT64_MAX : UINT32_MAX;
        spec.initial_seq = std::min(limit - replay_sequence_margin, kept.spec.initial_seq) + replay_sequence_margin;
    }
    const std::uint64_t from = spec.initial_seq;
    auto outcome = _inner.add_sa(std::move(spec));
    if (outcome) kept.installed_from = kept.spec.initial_seq = from;
    return outcome;
}

replay_report replaying_sad::replay() {
    replay_report report;
    for (auto e = _journal.begin(); e != _journal.end(); ++e) {
        auto* sa = std::get_if<kept_sa>(&*e);
        const auto outcome = sa != nullptr ? reinstall(*sa) : _inner.add_policy(std::get<policy_spec>(*e));
        if (outcome || already_there(outcome)) {
            ++report.installed;
        } else if (unavailable(outcome)) {
            // The rest would wait for the same absent dataplane, one by one.
            report.failed += static_cast<std::size_t>(_journal.end() - e);
            break;
        } else {
            ++report.failed;
        }
    }
    _deferred = report.failed != 0;
    return report;
}

void replaying_sad::note_sequence_numbers() {
    for (auto& e : _journal) {
        auto* sa = std::get_if<kept_sa>(&e);
        if (sa == nullptr || sa->spec.dir != direction::outbound) continue;
        const auto counters = _inner.query_sa(sa->spec.protocol, sa->spec.id, direction::outbound);
        // Never backwards: a restarted dataplane reads zero until the replay.
        if (counters) sa->spec.initial_seq = std::max(sa->spec.initial_seq, sa->installed_from + counters->packets);
    }
}

std::size_t replaying_sad::sa_count() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(_journal.begin(), _journal.end(), [](const entry& e) { return std::holds_alternative<kept_sa>(e); }));
}

std::size_t replaying_sad::policy_count() const noexcept { return _journal.size() - sa_count(); }

}  // namespace ravelin::cp::sad
