#include "dataplane/ctl/applier.hpp"

#include <algorithm>
#include <cstring>

#include "common/log.hpp"

namespace ravelin::dp::ctl {
namespace {

bool valid_protocol(std::uint8_t protocol) { return protocol == 2 || protocol == 3; }  // AH, ESP

bool valid_direction(shm::direction_code dir) {
    return dir == shm::direction_code::inbound || dir == shm::direction_code::outbound;
}

bool same_selector(const shm::selector_record& a, const shm::selector_record& b) {
    return a.start.family == b.start.family && a.start.bytes == b.start.bytes && a.end.bytes == b.end.bytes &&
           a.ip_protocol == b.ip_protocol && a.port_from == b.port_from && a.port_to == b.port_to;
}

bool same_policy(const shm::policy_record& a, const shm::policy_record& b) {
    return a.reqid == b.reqid && a.dir == b.dir && same_selector(a.local, b.local) && same_selector(a.remote, b.remote);
}

bool valid_selector(const shm::selector_record& s) {
    return (s.start.family == 4 || s.start.family == 6) && s.start.family == s.end.family &&
           lookup::widen(s.start) <= lookup::widen(s.end) && s.port_from <= s.port_to;
}

}  // namespace

applier::applier(shm::segment& segment, sa_backend& backend, std::uint32_t max_sas,
                 std::function<void()> wait_for_readers)
    : _segment(&segment),
      _backend(&backend),
      _max_sas(max_sas),
      _wait_for_readers(wait_for_readers),
      _commands(segment.layout().commands),
      _events(segment.layout().events),
      _inbound(max_sas, wait_for_readers),
      _spd(wait_for_readers) {}

std::size_t applier::poll(std::size_t budget) {
    std::size_t done = 0;
    shm::command_record command;
    while (done < budget && _commands.try_pop(command)) {
        const shm::command_error error = apply(command);
        if (error != shm::command_error::none) {
            shm::event_record failed;
            failed.kind = shm::event_kind::command_failed;
            failed.cookie = command.cookie;
            failed.error = error;
            if (command.kind == shm::command_kind::add_sa) {
                failed.spi = command.body.sa.spi;
                failed.dir = command.body.sa.dir;
                failed.protocol = command.body.sa.protocol;
            }
            emit(failed);
            ++_stats.refused;
        } else {
            ++_stats.applied;
        }
        // The ring slot is wiped already; so is our copy of any keys.
        shm::secure_wipe(&command, sizeof command);
        ++done;
    }
    // A full budget means more commands are waiting: a stream of policies and
    // outbound SAs (a replay after restart, thousands of tunnels) is compiled
    // and bound when it ends, or every max_stale_changes commands, not once per
    // command (each publication costs the whole SPD and a grace period).
    if (done < budget || _stale_policies + _stale_bindings >= max_stale_changes) flush_spd();
    return done;
}

shm::command_error applier::apply(const shm::command_record& command) {
    // A deleted SA must be unbound from a published SPD that is complete, and a
    // query answers for everything before it: both publish what is pending first.
    // Adds only mark the SPD stale (the replay of a journal interleaves them).
    if (command.kind == shm::command_kind::delete_sa || command.kind == shm::command_kind::query) flush_spd();
    switch (command.kind) {
        case shm::command_kind::add_sa: return add_sa(command.body.sa);
        case shm::command_kind::delete_sa: return delete_sa(command.body.ref);
        case shm::command_kind::add_policy: return add_policy(command.body.policy);
        case shm::command_kind::delete_policy: return delete_policy(command.body.policy);
        case shm::command_kind::query: {
            // Everything before it has been applied: that is the answer.
            shm::event_record reply;
            reply.kind = shm::event_kind::query_reply;
            reply.cookie = command.cookie;
            emit(reply);
            return shm::command_error::none;
        }
        case shm::command_kind::none: break;
    }
    return shm::command_error::malformed;
}

shm::command_error applier::add_sa(const shm::sa_record& sa) {
    if (!valid_protocol(sa.protocol) || !valid_direction(sa.dir) || sa.spi == 0 ||
        sa.encryption_key_len > shm::max_key_bytes || sa.integrity_key_len > shm::max_key_bytes) {
        return shm::command_error::malformed;
    }
    if (sa.counter_slot >= shm::max_sa_counters) return shm::command_error::bad_counter_slot;
    const sa_key key{sa.protocol, sa.spi, sa.dir};
    if (_by_key.count(key) != 0) return shm::command_error::duplicate;
    if (_by_index.size() >= _max_sas) return shm::command_error::table_full;
    const install_result installed = _backend->install(sa);
    if (installed.error != shm::command_error::none) return installed.error;

    if (sa.dir == shm::direction_code::inbound && !_inbound.insert(sa.spi, sa.protocol, installed.index)) {
        _backend->remove(installed.index);
        return shm::command_error::table_full;
    }
    auto& block = _segment->layout().sa_counters[sa.counter_slot];
    block.packets.store(0, std::memory_order_relaxed);
    block.bytes.store(0, std::memory_order_relaxed);
    block.drops.store(0, std::memory_order_relaxed);
    block.tag.store(std::uint64_t{sa.spi} + 1, std::memory_order_release);

    _by_key.emplace(key, installed.index);
    _by_index.emplace(installed.index, sa_identity{sa.protocol, sa.dir, sa.spi, sa.reqid, sa.counter_slot, ++_order});
    if (sa.dir == shm::direction_code::outbound) {
        // Make-before-break: traffic moves to it when the SPD is next published,
        // at the latest before this command batch ends or anything is deleted.
        _outbound[sa.reqid].emplace(_order, installed.index);
        ++_stale_bindings;
    }
    return shm::command_error::none;
}

shm::command_error applier::delete_sa(const shm::sa_ref_record& ref) {
    const auto found = _by_key.find({ref.protocol, ref.spi, ref.dir});
    if (found == _by_key.end()) return shm::command_error::not_found;
    const std::uint32_t index = found->second;
    const sa_identity identity = _by_index.at(index);
    _by_key.erase(found);
    _by_index.erase(index);
    if (identity.dir == shm::direction_code::inbound) {
        _inbound.erase(identity.spi, identity.protocol);
        if (_wait_for_readers) _wait_for_readers();
    } else {
        const auto of_reqid = _outbound.find(identity.reqid);
        of_reqid->second.erase(identity.order);
        if (of_reqid->second.empty()) _outbound.erase(of_reqid);
        rebuild_spd(false);  // waits for readers of the snapshot that pointed at it
    }
    _backend->remove(index);
    _segment->layout().sa_counters[identity.counter_slot].tag.store(0, std::memory_order_release);
    return shm::command_error::none;
}

shm::command_error applier::add_policy(const shm::policy_record& policy) {
    if (!valid_direction(policy.dir) || !valid_selector(policy.local) || !valid_selector(policy.remote) ||
        policy.local.start.family != policy.remote.start.family ||
        static_cast<std::uint8_t>(policy.action) > static_cast<std::uint8_t>(shm::action_code::trap)) {
        return shm::command_error::malformed;
    }
    const auto same = [&](const shm::policy_record& p) { return same_policy(p, policy); };
    if (std::any_of(_policies.begin(), _policies.end(), same)) return shm::command_error::duplicate;
    _policies.push_back(policy);
    ++_stale_policies;
    return shm::command_error::none;
}

shm::command_error applier::delete_policy(const shm::policy_record& policy) {
    const auto same = [&](const shm::policy_record& p) { return same_policy(p, policy); };
    const auto found = std::find_if(_policies.begin(), _policies.end(), same);
    if (found == _policies.end()) return shm::command_error::not_found;
    _policies.erase(found);
    ++_stale_policies;
    return shm::command_error::none;
}

void applier::flush_spd() {
    if (_stale_policies == 0 && _stale_bindings == 0) return;
    const bool policies_changed = _stale_policies != 0;
    _stale_policies = 0;
    _stale_bindings = 0;
    rebuild_spd(policies_changed);
}

void applier::rebuild_spd(bool policies_changed) {
    auto next = std::make_unique<lookup::spd_snapshot>();
    for (const auto& policy : _policies) {
        lookup::spd_entry entry;
        entry.local = lookup::compile(policy.local);
        entry.remote = lookup::compile(policy.remote);
        entry.action = policy.action;
        entry.reqid = policy.reqid;
        entry.priority = policy.priority;
        // The newest outbound SA of the reqid carries its traffic.
        const auto sa = _outbound.find(policy.reqid);
        if (sa != _outbound.end()) entry.sa = sa->second.rbegin()->second;
        (policy.dir == shm::direction_code::outbound ? next->outbound : next->inbound).push_back(entry);
    }
    // Same policies, other SA bindings: the classifiers stay (compiling is the costly part).
    if (!policies_changed) next->build_reusing(*_spd.current());
    if (!_spd.publish(std::move(next))) {
        common::log::get(common::log::subsystem::dp)
            .error("SPD: DPDK refused to build a policy classifier; its traffic is discarded until the next change");
    }
}

bool applier::publish_counters(std::size_t budget) {
    // By index, not by iterator: SAs come and go between slices.
    auto it = _by_index.lower_bound(_publish_next);
    for (; it != _by_index.end() && budget > 0; ++it, --budget) {
        const sa_usage usage = _backend->usage(it->first);
        auto& block = _segment->layout().sa_counters[it->second.counter_slot];
        block.packets.store(usage.packets, std::memory_order_relaxed);
        block.bytes.store(usage.bytes, std::memory_order_relaxed);
        block.drops.store(usage.drops, std::memory_order_relaxed);
    }
    if (it == _by_index.end()) {
        _publish_next = 0;
        return true;
    }
    _publish_next = it->first;
    return false;
}

std::optional<sa_identity> applier::identify(std::uint32_t index) const {
    const auto found = _by_index.find(index);
    if (found == _by_index.end()) return std::nullopt;
    return found->second;
}

void applier::raise(std::uint32_t index, shm::event_kind kind) {
    const auto identity = identify(index);
    if (!identity) return;
    shm::event_record event;
    event.kind = kind;
    event.protocol = identity->protocol;
    event.dir = identity->dir;
    event.spi = identity->spi;
    event.reqid = identity->reqid;
    emit(event);
}

void applier::raise_acquire(std::uint32_t reqid, const shm::address_record& src, const shm::address_record& dst,
                            std::uint8_t ip_protocol, std::uint16_t src_port, std::uint16_t dst_port) {
    shm::event_record event;
    event.kind = shm::event_kind::acquire;
    event.reqid = reqid;
    event.src = src;
    event.dst = dst;
    event.ip_protocol = ip_protocol;
    event.src_port = src_port;
    event.dst_port = dst_port;
    emit(event);
}

void applier::emit(const shm::event_record& event) {
    if (!_events.try_push(event)) ++_stats.events_lost;
}

}  // namespace ravelin::dp::ctl
