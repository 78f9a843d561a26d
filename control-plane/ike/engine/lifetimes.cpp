// Lifetimes (RFC 7296 §2.8, swanctl's rekey_time/life_time/rand_time and the
// byte/packet limits the dataplane reports), the end of replaced SAs after
// their grace period, and trap policies (start_action=trap) with the acquires
// they raise.

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/engine/engine_impl.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/child.hpp"
#include "control-plane/ike/engine/tasks/create_child.hpp"
#include "control-plane/ike/engine/tasks/informational.hpp"
#include "control-plane/ike/engine/tasks/rekey_ike.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// Trap policies lose against the protect policies of an installed Child SA.
constexpr std::uint32_t trap_priority = 1000;

bool usable(const ike_sa& sa) { return sa.state == ike_sa_state::established && !sa.rekeyed; }
bool may_rekey(const child_sa& c) { return c.state == child_sa_state::installed && !c.replaced; }

}  // namespace

void engine::impl::queue_child_rekey(ike_sa& sa, child_sa& child) {
    if (!usable(sa) || !may_rekey(child)) return;
    child.rekey_at = time_point::max();  // one at a time; TEMPORARY_FAILURE schedules a retry
    sa.tasks.queue(std::make_unique<create_child_task>(child.name, child.spi_in));
}

// Hard limit: the SAs go now, the policies stay (protect: nothing in cleartext),
// the peer is told and a new Child SA with the same reqid is negotiated.
void engine::impl::expire_child(ike_sa& sa, sad::spi spi_in) {
    auto* child = sa.child_by_spi_in(spi_in);
    if (!child || child->expired) return;
    logger().info("{} CHILD_SA {} {:08x}_i hard expiry", sa.describe(), child->name, spi_in.value);
    ctx.count("child_sas.expired");
    if (!child->pending_outbound) (void)ctx.southbound.delete_sa(protocol_id::esp, child->spi_out, sad::direction::outbound);
    (void)ctx.southbound.delete_sa(protocol_id::esp, child->spi_in, sad::direction::inbound);
    child->pending_outbound.reset();
    child->expired = true;
    child->rekey_at = child->expire_at = time_point::max();
    const bool recreate = !child->replaced && child->state != child_sa_state::deleting;
    child->state = child_sa_state::deleting;
    if (!usable(sa)) return;
    if (recreate) sa.tasks.queue(std::make_unique<create_child_task>(child->name, std::nullopt, child->reqid));
    sa.tasks.queue(std::make_unique<delete_child_task>(spi_in));
}

void engine::impl::tick_lifetimes(ike_sa& sa, time_point now) {
    if (sa.state != ike_sa_state::established) return;
    if (now >= sa.expire_at) {
        logger().info("{} IKE_SA life time over", sa.describe());
        ctx.count("ike_sas.expired");
        sa.expire_at = sa.rekey_at = time_point::max();
        return close(sa);
    }
    if (usable(sa) && now >= sa.rekey_at) {
        sa.rekey_at = time_point::max();
        sa.tasks.queue(std::make_unique<rekey_ike_task>());
        if (!kick(sa, ctx)) return destroy(sa.local_spi().value, "cannot send");
    }
    std::vector<sad::spi> expired, due;
    for (const auto& c : sa.children) {
        if (!c.expired && now >= c.expire_at) {
            expired.push_back(c.spi_in);
        } else if (may_rekey(c) && now >= c.rekey_at) {
            due.push_back(c.spi_in);
        }
    }
    for (const auto spi : expired) expire_child(sa, spi);
    for (const auto spi : due) {
        if (auto* c = sa.child_by_spi_in(spi)) queue_child_rekey(sa, *c);
    }
    if (!expired.empty() || !due.empty()) {
        if (!kick(sa, ctx)) destroy(sa.local_spi().value, "cannot send");
    }
}

time_point engine::impl::lifetime_deadline(const ike_sa& sa) const {
    auto next = time_point::max();
    if (sa.state != ike_sa_state::established) return next;
    next = std::min(next, sa.expire_at);
    if (usable(sa)) next = std::min(next, sa.rekey_at);
    for (const auto& c : sa.children) {
        if (!c.expired) next = std::min(next, c.expire_at);
        if (may_rekey(c)) next = std::min(next, c.rekey_at);
    }
    return next;
}

void engine::impl::retire_due(time_point now) {
    std::vector<retiring_sa> keep;
    for (const auto& r : ctx.retiring) {
        if (now < r.delete_at) {
            keep.push_back(r);
            continue;
        }
        (void)ctx.southbound.delete_sa(protocol_id::esp, r.spi, r.dir);
    }
    ctx.retiring = std::move(keep);
}

void engine::impl::adopt() {
    auto adopted = std::move(ctx.adopted);
    ctx.adopted.clear();
    for (auto& sa : adopted) {
        auto& added = add(std::move(sa));
        // The loser of an IKE rekey collision deletes its redundant IKE SA (§2.8.2).
        if (!kick(added, ctx)) destroy(added.local_spi().value, "cannot send");
    }
}

ike_sa* engine::impl::established_for(std::string_view connection) {
    for (auto& [spi, sa] : sas) {
        if (sa->connection.name == connection && usable(*sa)) return sa.get();
    }
    return nullptr;
}

void engine::impl::install_trap(const config::connection_config& conn, const config::child_config& child) {
    auto local = first_address(conn.local_addrs);
    if (!local && ctx.config.listen.size() == 1) local = ctx.config.listen.front();
    const auto remote = first_address(conn.remote_addrs);
    if (!local || !remote) {
        logger().warn("{}: child {}: start_action=trap needs local and remote addresses", conn.name, child.name);
        return;
    }
    const auto reqid = ctx.next_reqid++;
    auto& entry = traps[reqid] = {conn.name, child.name, {}};
    for (const auto& l : configured_ts(child.local_ts, *local)) {
        for (const auto& r : configured_ts(child.remote_ts, *remote)) {
            const sad::policy_spec trap{reqid, sad::direction::outbound, l, r, sad::policy_action::trap, trap_priority};
            if (auto added = ctx.southbound.add_policy(trap); !added) {
                logger().warn("{}: trap {} -> {}: {}", conn.name, l.to_string(), r.to_string(), added.error().message());
                continue;
            }
            entry.policies.push_back(trap);
        }
    }
    logger().info("{}: child {} trapped (reqid {})", conn.name, child.name, reqid);
}

common::result<void> engine::rekey_child(std::uint32_t reqid) {
    for (auto& [spi, sa] : _impl->sas) {
        for (auto& c : sa->children) {
            if (c.reqid != reqid || !may_rekey(c)) continue;
            if (sa->state == ike_sa_state::rekeying) {
                c.rekey_at = _impl->ctx.io.now();  // moves with the Child SA, runs on the new IKE SA
                return {};
            }
            if (!usable(*sa)) return std::make_error_code(std::errc::operation_in_progress);
            _impl->queue_child_rekey(*sa, c);
            if (!kick(*sa, _impl->ctx)) _impl->destroy(spi, "cannot send");
            return {};
        }
    }
    return std::make_error_code(std::errc::no_such_file_or_directory);
}

common::result<void> engine::rekey_ike(std::uint32_t unique_id) {
    for (auto& [spi, sa] : _impl->sas) {
        if (sa->unique_id != unique_id) continue;
        if (!usable(*sa)) return std::make_error_code(std::errc::operation_in_progress);
        sa->rekey_at = time_point::max();
        sa->tasks.queue(std::make_unique<rekey_ike_task>());
        if (!kick(*sa, _impl->ctx)) _impl->destroy(spi, "cannot send");
        return {};
    }
    return std::make_error_code(std::errc::no_such_file_or_directory);
}

void engine::on_expiry(sad::spi spi, sad::direction dir, expiry kind) {
    for (auto& [local_spi, sa] : _impl->sas) {
        auto* c = dir == sad::direction::inbound ? sa->child_by_spi_in(spi) : sa->child_by_spi_out(spi);
        if (!c) continue;
        _impl->ctx.count(kind == expiry::soft ? "child_sas.soft_expiry" : "child_sas.hard_expiry");
        if (kind == expiry::soft) {
            _impl->queue_child_rekey(*sa, *c);
        } else {
            _impl->expire_child(*sa, c->spi_in);
        }
        if (!kick(*sa, _impl->ctx)) _impl->destroy(local_spi, "cannot send");
        return;
    }
    _impl->drop("expiry_of_unknown_sa");
}

// An acquire: a packet hit the trap. A new IKE SA, or a Child SA on the
// established one; nothing while one is being negotiated.
void engine::on_acquire(std::uint32_t reqid) {
    const auto trap = _impl->traps.find(reqid);
    if (trap == _impl->traps.end()) return _impl->drop("acquire_without_trap");
    // Named copies: clang 14 cannot capture a structured binding in a lambda.
    const std::string connection = trap->second.connection;
    const std::string child = trap->second.child;
    _impl->ctx.count("acquires");
    const auto conn = _impl->ctx.config.connections.find(connection);
    if (conn == _impl->ctx.config.connections.end()) return;
    for (const auto& [spi, sa] : _impl->sas) {
        if (sa->connection.name != connection) continue;
        if (sa->state == ike_sa_state::connecting) return;
        const bool has_child = std::any_of(sa->children.begin(), sa->children.end(),
                                           [&](const child_sa& c) { return c.name == child && !c.expired; });
        if (has_child) return;
    }
    if (auto* sa = _impl->established_for(connection)) {
        sa->tasks.queue(std::make_unique<create_child_task>(child));
        if (!kick(*sa, _impl->ctx)) _impl->destroy(sa->local_spi().value, "cannot send");
        return;
    }
    (void)_impl->initiate(conn->second, child);
}

}  // namespace ravelin::cp::ike
