#include "control-plane/ike/engine/engine.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/engine/engine_impl.hpp"
#include "control-plane/ike/engine/identity.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/create_child.hpp"
#include "control-plane/ike/engine/tasks/ike_auth.hpp"
#include "control-plane/ike/engine/tasks/ike_init.hpp"
#include "control-plane/ike/engine/tasks/informational.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// A responder SA that never completes IKE_AUTH is given up after this.
constexpr auto half_open_timeout = std::chrono::seconds(30);

std::error_code not_found() { return std::make_error_code(std::errc::no_such_file_or_directory); }

std::chrono::seconds since(time_point then, time_point now) {
    return then == time_point{} ? std::chrono::seconds(0) : std::chrono::duration_cast<std::chrono::seconds>(now - then);
}

child_sa_status child_status(const child_sa& c, time_point now) {
    child_sa_status s;
    s.name = c.name;
    s.state = c.state;
    s.spi_in = c.spi_in.value;
    s.spi_out = c.spi_out.value;
    s.mode = c.mode == sad::mode::transport ? "transport" : "tunnel";
    s.proposal = c.proposal.to_string();
    s.udp_encap = c.udp_encap;
    s.local_ts = c.local_ts;
    s.remote_ts = c.remote_ts;
    s.installed_for = since(c.installed_at, now);
    s.reqid = c.reqid;
    if (c.rekey_at != time_point::max()) s.rekey_in = std::chrono::duration_cast<std::chrono::seconds>(c.rekey_at - now);
    s.keys_hex_debug = c.keys_hex_debug;
    return s;
}

}  // namespace

std::optional<common::ip_address> first_address(const std::vector<std::string>& list) {
    for (const auto& text : list) {
        if (auto a = common::ip_address::parse(text)) return *a;
    }
    return std::nullopt;
}

ike_sa* engine::impl::find(std::uint64_t spi) {
    const auto it = sas.find(spi);
    if (it != sas.end()) return it->second.get();
    for (auto& sa : ctx.adopted) {
        if (sa->local_spi().value == spi) return sa.get();
    }
    return nullptr;
}

ike_sa& engine::impl::add(std::unique_ptr<ike_sa> sa) {
    const auto spi = sa->local_spi().value;
    return *(sas[spi] = std::move(sa));
}

void engine::impl::destroy(std::uint64_t spi, std::string_view why) {
    const auto it = sas.find(spi);
    if (it == sas.end()) return;
    auto& sa = *it->second;
    remove_children(sa, ctx);
    std::erase_if(half_open, [&](const auto& entry) { return entry.second == spi; });
    logger().info("{} IKE_SA {} removed: {}", sa.describe(), sa.connection.name, why);
    ctx.count("ike_sas.removed");
    if (sa.rekeyed) ctx.count("rekeys.ike");
    sas.erase(it);
}

void engine::impl::tick_one(ike_sa& sa, time_point now) {
    const auto spi = sa.local_spi().value;
    switch (sa.tasks.on_timer(now, retransmit_policy_of(ctx.options))) {
        case task_manager::timer_result::retransmit:
            logger().info("{} retransmit {} of request #{}", sa.describe(), sa.tasks.retransmissions(),
                          sa.tasks.next_request_id().value);
            ctx.count("retransmissions");
            resend(sa, ctx, sa.tasks.outstanding());
            return;
        case task_manager::timer_result::exhausted:
            ctx.count("dpd_failures");
            return destroy(spi, "no response after the retransmissions (peer dead)");
        case task_manager::timer_result::nothing:
            break;
    }
    if (!sa.initiator && sa.state == ike_sa_state::connecting && now - sa.created >= half_open_timeout) {
        return destroy(spi, "half-open timeout");
    }
    const auto dpd = sa.connection.dpd_delay;
    if (sa.state == ike_sa_state::established && dpd.count() > 0 && sa.tasks.idle() && !sa.tasks.has_queued() &&
        now - sa.last_heard >= dpd) {
        sa.tasks.queue(std::make_unique<dpd_task>());
        ctx.count("dpd.sent");
        if (!kick(sa, ctx)) destroy(spi, "cannot send DPD");
    }
}

void engine::impl::close(ike_sa& sa) {
    const auto spi = sa.local_spi().value;
    if (sa.state != ike_sa_state::established && sa.state != ike_sa_state::rekeying) {
        return destroy(spi, "terminated before establishment");
    }
    sa.tasks.drop_queued();
    sa.tasks.queue(std::make_unique<delete_ike_task>());
    // §1.4.1: the Child SAs go with the IKE SA; stop using them right away.
    remove_children(sa, ctx);
    if (!kick(sa, ctx)) destroy(spi, "cannot send delete");
}

common::result<void> engine::impl::initiate(const config::connection_config& conn, std::string_view child) {
    const auto remote = first_address(conn.remote_addrs);
    auto local = first_address(conn.local_addrs);
    if (!local && ctx.config.listen.size() == 1) local = ctx.config.listen.front();
    if (!remote || !local) return std::make_error_code(std::errc::destination_address_required);
    auto sa = std::make_unique<ike_sa>();
    sa->unique_id = ctx.next_unique_id++;
    sa->connection = conn;
    sa->initiator = true;
    sa->spi_i = ike_spi{ctx.random_u64()};
    sa->local = {*local, conn.local_port};
    sa->remote = {*remote, conn.remote_port};
    sa->created = sa->last_heard = ctx.io.now();
    sa->tasks.queue(std::make_unique<ike_init_task>());
    const bool first = std::none_of(sas.begin(), sas.end(), [&](const auto& entry) {
        return entry.second->connection.name == conn.name && entry.second->remote.address == *remote;
    });
    sa->tasks.queue(std::make_unique<ike_auth_task>(std::string(child), first));
    logger().info("{} initiating IKE_SA {} (child {})", sa->describe(), conn.name, child);
    auto& added = add(std::move(sa));
    if (!kick(added, ctx)) {
        destroy(added.local_spi().value, "cannot build IKE_SA_INIT");
        return std::make_error_code(std::errc::invalid_argument);
    }
    return {};
}

engine::engine(engine_io& io, sad::sad& southbound, config::daemon_config config, engine_options options)
    : _impl(std::make_unique<impl>(io, southbound, std::move(config), options)) {}

engine::~engine() = default;

void engine::receive(const endpoint& local, const endpoint& remote, common::bytes_view message) {
    _impl->receive(local, remote, message);
}

void engine::tick() {
    const auto now = _impl->ctx.io.now();
    std::vector<std::uint64_t> spis;
    for (const auto& [spi, sa] : _impl->sas) spis.push_back(spi);
    for (const auto spi : spis) {
        if (auto* sa = _impl->find(spi)) _impl->tick_one(*sa, now);
        if (auto* sa = _impl->find(spi)) _impl->tick_lifetimes(*sa, now);
    }
    _impl->retire_due(now);
    _impl->adopt();
}

time_point engine::next_deadline() const {
    auto next = time_point::max();
    for (const auto& [spi, sa] : _impl->sas) {
        next = std::min(next, sa->tasks.deadline());
        if (!sa->initiator && sa->state == ike_sa_state::connecting) next = std::min(next, sa->created + half_open_timeout);
        const auto dpd = sa->connection.dpd_delay;
        if (sa->state == ike_sa_state::established && dpd.count() > 0 && sa->tasks.idle()) {
            next = std::min(next, sa->last_heard + dpd);
        }
        next = std::min(next, _impl->lifetime_deadline(*sa));
    }
    for (const auto& r : _impl->ctx.retiring) next = std::min(next, r.delete_at);
    return next;
}

void engine::start() {
    for (const auto& [name, conn] : _impl->ctx.config.connections) {
        for (const auto& [child_name, child] : conn.children) {
            if (child.start == config::start_action::start) {
                if (auto started = _impl->initiate(conn, child_name); !started) {
                    logger().warn("{}: cannot start child {}: {}", name, child_name, started.error().message());
                }
            }
        }
    }
    _impl->reinstall_traps();
}

void engine::impl::reinstall_traps() {
    // The new trap policies go in before the old ones go: no moment without a trap.
    auto old = std::move(traps);
    traps.clear();
    for (const auto& [name, conn] : ctx.config.connections) {
        for (const auto& [child_name, child] : conn.children) {
            if (child.start == config::start_action::trap) install_trap(conn, child);
        }
    }
    for (const auto& [reqid, entry] : old) {
        for (const auto& p : entry.policies) (void)ctx.southbound.delete_policy(p);
    }
}

common::result<void> engine::initiate(std::string_view connection, std::string_view child) {
    const auto it = _impl->ctx.config.connections.find(std::string(connection));
    if (it == _impl->ctx.config.connections.end()) return not_found();
    if (!child.empty() && !it->second.children.contains(std::string(child))) return not_found();
    // §1.3.1: a child not yet up joins the connection's established IKE SA.
    if (auto* sa = _impl->established_for(connection); sa && !child.empty()) {
        const bool up = std::any_of(sa->children.begin(), sa->children.end(),
                                    [&](const child_sa& c) { return c.name == child && !c.expired; });
        if (!up) {
            sa->tasks.queue(std::make_unique<create_child_task>(std::string(child)));
            if (!kick(*sa, _impl->ctx)) _impl->destroy(sa->local_spi().value, "cannot send");
            return {};
        }
    }
    return _impl->initiate(it->second, child);
}

common::result<void> engine::terminate_ike(std::uint32_t unique_id) {
    for (auto& [spi, sa] : _impl->sas) {
        if (sa->unique_id != unique_id) continue;
        _impl->close(*sa);
        return {};
    }
    return not_found();
}

common::result<void> engine::terminate_connection(std::string_view connection) {
    std::vector<std::uint32_t> ids;
    for (const auto& [spi, sa] : _impl->sas) {
        if (sa->connection.name == connection) ids.push_back(sa->unique_id);
    }
    if (ids.empty()) return not_found();
    for (const auto id : ids) (void)terminate_ike(id);
    return {};
}

void engine::reload(config::daemon_config config) {
    std::vector<std::uint32_t> orphans;
    for (const auto& [spi, sa] : _impl->sas) {
        if (!config.connections.contains(sa->connection.name)) orphans.push_back(sa->unique_id);
    }
    std::vector<std::pair<std::string, std::string>> new_children;
    for (const auto& [name, conn] : config.connections) {
        const bool existed = _impl->ctx.config.connections.contains(name);
        for (const auto& [child_name, child] : conn.children) {
            if (!existed && child.start == config::start_action::start) new_children.emplace_back(name, child_name);
        }
    }
    _impl->ctx.config = std::move(config);
    _impl->reinstall_traps();
    for (const auto id : orphans) (void)terminate_ike(id);
    for (const auto& [name, child] : new_children) (void)initiate(name, child);
    logger().info("configuration reloaded: {} connections, {} IKE SAs closed", _impl->ctx.config.connections.size(),
                  orphans.size());
}

std::vector<ike_sa_status> engine::list_sas() const {
    std::vector<ike_sa_status> out;
    const auto now = _impl->ctx.io.now();
    for (const auto& [spi, sa] : _impl->sas) {
        ike_sa_status s;
        s.connection = sa->connection.name;
        s.unique_id = sa->unique_id;
        s.state = sa->state;
        s.initiator = sa->initiator;
        s.spi_i = sa->spi_i.value;
        s.spi_r = sa->spi_r.value;
        s.local = sa->local;
        s.remote = sa->remote;
        s.local_id = identity_to_string(sa->local_id);
        s.remote_id = identity_to_string(sa->remote_id);
        if (sa->proposal) s.proposal = sa->proposal->to_string();
        s.nat_detected = sa->nat_detected();
        s.established_for = since(sa->established_at, now);
        if (sa->rekey_at != time_point::max()) {
            s.rekey_in = std::chrono::duration_cast<std::chrono::seconds>(sa->rekey_at - now);
        }
        for (const auto& c : sa->children) s.children.push_back(child_status(c, now));
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.unique_id < b.unique_id; });
    return out;
}

std::vector<connection_status> engine::list_connections() const {
    std::vector<connection_status> out;
    for (const auto& [name, conn] : _impl->ctx.config.connections) {
        connection_status s{name, conn.local_addrs, conn.remote_addrs, {}, false};
        for (const auto& [child, _] : conn.children) s.children.push_back(child);
        // A named copy: clang 14 cannot capture a structured binding in a lambda.
        const std::string& connection_name = name;
        s.established = std::any_of(_impl->sas.begin(), _impl->sas.end(), [&](const auto& entry) {
            return entry.second->connection.name == connection_name &&
                   entry.second->state == ike_sa_state::established;
        });
        out.push_back(std::move(s));
    }
    return out;
}

sa_summary engine::summarize_sas() const {
    sa_summary out;
    const auto now = _impl->ctx.io.now();
    for (const auto& [spi, sa] : _impl->sas) {
        ++out.ike_by_state[static_cast<std::size_t>(sa->state)];
        if (sa->state == ike_sa_state::established || sa->state == ike_sa_state::rekeying) {
            out.note_keying(sa->connection.name, since(sa->established_at, now));
        }
        for (const auto& c : sa->children) out.note_keying(sa->connection.name, since(c.installed_at, now));
        out.child_by_state[static_cast<std::size_t>(child_sa_state::installed)] += sa->children.size();
    }
    return out;
}

engine_stats engine::stats() const {
    engine_stats s;
    s.counters = _impl->ctx.counters;
    s.half_open_sas = _impl->half_open.size();
    s.ike_sas = _impl->sas.size();
    for (const auto& [spi, sa] : _impl->sas) s.child_sas += sa->children.size();
    return s;
}

}  // namespace ravelin::cp::ike
