#include "control-plane/ike/engine/tasks/create_child.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/child.hpp"
#include "control-plane/ike/engine/tasks/informational.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

std::optional<ke_group> pfs_group(const std::vector<crypto::proposal>& proposals) {
    if (proposals.empty() || proposals.front().ke_groups.empty()) return std::nullopt;
    return proposals.front().ke_groups.front();
}

void answer(ike_sa& sa, engine_context& ctx, message_id id, std::vector<payload> payloads, std::string_view result) {
    ctx.count("exchanges.create_child_sa." + std::string(result));
    respond(sa, ctx, exchange_type::create_child_sa, id, payloads);
}

// §2.25.1, §2.25.2: what keeps us from answering a request for a Child SA.
std::optional<notify_type> busy(ike_sa& sa, const child_sa* old) {
    if (sa.rekeyed || sa.state != ike_sa_state::established) return notify_type::temporary_failure;
    const auto* active = sa.tasks.active();
    if (active && active->name() == "rekey_ike") return notify_type::temporary_failure;
    if (old && (old->replaced || old->state == child_sa_state::deleting)) return notify_type::temporary_failure;
    return std::nullopt;
}

}  // namespace

const std::vector<std::uint8_t>& lower_nonce(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end()) ? a : b;
}

// HDR, SK {[N(REKEY_SA),] [N(USE_TRANSPORT_MODE),] SA, Ni, [KEi,] TSi, TSr}
common::result<std::vector<payload>> create_child_task::build(ike_sa& sa, engine_context& ctx) {
    const auto* config = child_named(sa.connection, _child);
    auto* old = _old ? sa.child_by_spi_in(*_old) : nullptr;
    if (!config || (_old && (!old || old->replaced || old->state != child_sa_state::installed))) {
        return std::make_error_code(std::errc::no_such_file_or_directory);
    }
    const auto proposals = configured_proposals(config->esp_proposals, protocol_id::esp);
    const auto group = _group ? _group : pfs_group(proposals);
    if (group) {
        RAVELIN_TRY(auto ke, crypto::key_exchange::generate(*group));
        _ke.emplace(std::move(ke));
    }
    RAVELIN_TRY(_spi_in, ctx.southbound.alloc_spi(protocol_id::esp));
    _nonce = ctx.nonce();
    std::vector<payload> out;
    if (old) {
        // §1.3.3: the rekeyed SA's selectors and our inbound SPI of it.
        old->state = child_sa_state::rekeying;
        _tsi = old->local_ts;
        _tsr = old->remote_ts;
        out.push_back(notify_of(notify_type::rekey_sa, {}, protocol_id::esp, spi_bytes(*_old)));
    } else {
        _tsi = configured_ts(config->local_ts, sa.local.address);
        _tsr = configured_ts(config->remote_ts, sa.remote.address);
    }
    if (config->mode == config::ipsec_mode::transport) out.push_back(notify_of(notify_type::use_transport_mode));
    out.push_back(payload_of(payload_type::sa, make_sa_payload(proposals, spi_bytes(_spi_in), group.has_value())));
    out.push_back(payload_of(payload_type::nonce, nonce_payload{_nonce}));
    if (_ke) out.push_back(payload_of(payload_type::ke, ke_payload{*group, _ke->public_value()}));
    out.push_back(payload_of(payload_type::tsi, to_ts_payload(_tsi)));
    out.push_back(payload_of(payload_type::tsr, to_ts_payload(_tsr)));
    return out;
}

task_outcome create_child_task::failed(ike_sa& sa, engine_context& ctx, std::string_view why) {
    logger().info("{} CREATE_CHILD_SA {} failed: {}", sa.describe(), _child, why);
    ctx.count(_old ? "rekey_failures.child" : "child_sas.failed");
    if (auto* old = _old ? sa.child_by_spi_in(*_old) : nullptr; old && old->state == child_sa_state::rekeying) {
        // §2.8.1: the peer's rekey of it went through; the peer deletes it.
        old->state = _collision ? child_sa_state::deleting : child_sa_state::installed;
        old->replaced = _collision.has_value();
    }
    return task_outcome::done;
}

task_outcome create_child_task::refused(ike_sa& sa, engine_context& ctx, const notify_payload& error) {
    ctx.count("exchanges.create_child_sa.error_notify");
    auto* old = _old ? sa.child_by_spi_in(*_old) : nullptr;
    if (error.type == notify_type::invalid_ke_payload && retry_with_group(sa, error)) {
        logger().info("{} CREATE_CHILD_SA {}: INVALID_KE_PAYLOAD, again with the group asked for", sa.describe(), _child);
        if (old) old->state = child_sa_state::installed;
        return task_outcome::done;
    }
    if (old && error.type == notify_type::temporary_failure) {
        old->rekey_at = ctx.retry_time();
    } else if (old && error.type == notify_type::child_sa_not_found) {
        // §2.25: the peer no longer has it; nothing can travel over it.
        erase_child(sa, ctx, *_old);
    }
    return failed(sa, ctx, name_of(error.type));
}

// §1.3: once, with the group the responder wants, if we offered it.
bool create_child_task::retry_with_group(ike_sa& sa, const notify_payload& invalid_ke) {
    const auto* config = child_named(sa.connection, _child);
    if (_retried || !config || invalid_ke.data.size() != 2 || !_ke) return false;
    const auto group = static_cast<ke_group>((invalid_ke.data[0] << 8) | invalid_ke.data[1]);
    const auto ours = configured_proposals(config->esp_proposals, protocol_id::esp);
    const bool offered = std::any_of(ours.begin(), ours.end(), [&](const crypto::proposal& p) {
        return std::find(p.ke_groups.begin(), p.ke_groups.end(), group) != p.ke_groups.end();
    });
    if (!offered || group == _ke->group()) return false;
    auto again = std::make_unique<create_child_task>(_child, _old, _reqid, group);
    again->_retried = true;
    sa.tasks.queue(std::move(again));
    return true;
}

task_outcome create_child_task::process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    if (const auto* error = find_error_notify(response)) return refused(sa, ctx, *error);
    const auto* config = child_named(sa.connection, _child);
    const auto* sa_r = find_payload<sa_payload>(response, payload_type::sa);
    const auto* nonce_r = find_payload<nonce_payload>(response, payload_type::nonce);
    const auto* ke_r = find_payload<ke_payload>(response, payload_type::ke);
    const auto* tsi = find_payload<ts_payload>(response, payload_type::tsi);
    const auto* tsr = find_payload<ts_payload>(response, payload_type::tsr);
    if (!config || !sa_r || !nonce_r || !tsi || !tsr) return failed(sa, ctx, "incomplete response");
    const auto chosen = accept_choice(configured_proposals(config->esp_proposals, protocol_id::esp), *sa_r,
                                      _ke.has_value());
    const auto spi_out = chosen ? spi_from(chosen->spi) : std::nullopt;
    if (!spi_out || (_ke && (!ke_r || ke_r->group != _ke->group()))) return failed(sa, ctx, "unexpected choice");
    auto local = from_ts_payload(*tsi);
    auto remote = from_ts_payload(*tsr);
    if (!within(local, _tsi) || !within(remote, _tsr)) return failed(sa, ctx, "selectors wider than proposed");
    auto* old = _old ? sa.child_by_spi_in(*_old) : nullptr;
    if (_old && !old) {
        // §2.25.1: the peer deleted the SA while we rekeyed it: delete the new one too.
        sa.tasks.queue(std::make_unique<delete_child_task>(_spi_in));
        return failed(sa, ctx, "deleted while rekeying");
    }
    std::optional<common::secret_bytes> shared;
    if (_ke) {
        auto secret = _ke->shared_secret(ke_r->data);
        if (!secret) return failed(sa, ctx, "invalid KEr");
        shared.emplace(std::move(secret).value());
    }
    const bool transport = config->mode == config::ipsec_mode::transport &&
                           find_notify(response, notify_type::use_transport_mode) != nullptr;
    child_request r{config, *chosen, _spi_in, *spi_out, std::move(local), std::move(remote),
                    transport ? sad::mode::transport : sad::mode::tunnel};
    r.nonce_i = _nonce;
    r.nonce_r = nonce_r->data;
    r.pfs = shared ? &*shared : nullptr;
    r.reqid = old ? old->reqid : _reqid;
    r.initiator = true;
    if (auto installed = install_child(sa, ctx, std::move(r)); !installed) {
        return failed(sa, ctx, installed.error().message());
    }
    ctx.count("exchanges.create_child_sa.ok");
    if (_old) finish_rekey(sa, ctx, nonce_r->data);
    return task_outcome::done;
}

// Outbound now runs over the new SA; the old pair goes, or with a collision
// lost (§2.8.1) our new SA goes and the peer deletes the old pair.
void create_child_task::finish_rekey(ike_sa& sa, engine_context& ctx, const std::vector<std::uint8_t>& nonce_r) {
    auto* old = sa.child_by_spi_in(*_old);
    old->replaced = true;
    old->state = child_sa_state::deleting;
    if (!_collision) {
        sa.tasks.queue(std::make_unique<delete_child_task>(*_old));
        return;
    }
    ctx.count("rekey_collisions");
    const auto& ours = lower_nonce(_nonce, nonce_r);
    if (&lower_nonce(ours, _collision->lowest_nonce) == &_collision->lowest_nonce) {
        logger().info("{} CHILD_SA {} rekey collision won", sa.describe(), _child);
        sa.tasks.queue(std::make_unique<delete_child_task>(*_old));
        return;
    }
    logger().info("{} CHILD_SA {} rekey collision lost: deleting our redundant {:08x}", sa.describe(), _child,
                  _spi_in.value);
    // The peer's SA carries the traffic from now on; ours is deleted.
    activate_outbound(sa, ctx, old->reqid);
    if (auto* redundant = sa.child_by_spi_in(_spi_in)) redundant->state = child_sa_state::deleting;
    sa.tasks.queue(std::make_unique<delete_child_task>(_spi_in));
}

// HDR, SK {SA, Nr, [KEr,] TSi, TSr}  or  HDR, SK {N(error)}
void respond_create_child(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request) {
    const auto refuse = [&](notify_type type, std::vector<std::uint8_t> data = {}) {
        answer(sa, ctx, id, {notify_of(type, std::move(data))}, "error_notify");
    };
    const auto* rekey = find_notify(request, notify_type::rekey_sa);
    const auto peer_spi = rekey ? spi_from(rekey->spi) : std::nullopt;
    auto* old = peer_spi ? sa.child_by_spi_out(*peer_spi) : nullptr;
    if (rekey && !old) return refuse(notify_type::child_sa_not_found);
    if (const auto why = busy(sa, old)) return refuse(*why);
    const auto* nonce_i = find_payload<nonce_payload>(request, payload_type::nonce);
    const auto* ke_i = find_payload<ke_payload>(request, payload_type::ke);
    if (!nonce_i) return refuse(notify_type::invalid_syntax);
    auto choice = choose_child(sa, ctx, request, ke_i != nullptr,
                               old ? child_named(sa.connection, old->name) : nullptr);
    if (const auto* why = std::get_if<notify_type>(&choice)) return refuse(*why);
    auto& c = std::get<child_choice>(choice);
    if (ke_i && ke_i->group != c.proposal.group) return refuse(notify_type::invalid_ke_payload, group_octets(c.proposal.group));
    std::optional<crypto::key_exchange> ke;
    std::optional<common::secret_bytes> shared;
    if (ke_i) {
        auto generated = crypto::key_exchange::generate(c.proposal.group);
        auto secret = generated ? generated->shared_secret(ke_i->data) : common::result<common::secret_bytes>(generated.error());
        if (!secret) return refuse(notify_type::invalid_syntax);
        ke.emplace(std::move(generated).value());
        shared.emplace(std::move(secret).value());
    }
    const auto spi_out = spi_from(c.proposal.spi);
    const auto spi_in = ctx.southbound.alloc_spi(protocol_id::esp);
    if (!spi_out || !spi_in) return refuse(notify_type::no_proposal_chosen);
    const auto nonce_r = ctx.nonce();
    child_request r{c.config, c.proposal, *spi_in, *spi_out, c.local_ts, c.remote_ts,
                    c.transport ? sad::mode::transport : sad::mode::tunnel};
    r.nonce_i = nonce_i->data;
    r.nonce_r = nonce_r;
    r.pfs = shared ? &*shared : nullptr;
    r.reqid = old ? old->reqid : 0;
    r.defer_outbound = old != nullptr;
    const auto old_spi = old ? old->spi_in : sad::spi{};
    if (auto installed = install_child(sa, ctx, std::move(r)); !installed) return refuse(notify_type::no_proposal_chosen);
    if (old) {
        old = sa.child_by_spi_in(old_spi);  // install_child may have moved it
        old->replaced = old->state != child_sa_state::rekeying;
        auto* mine = dynamic_cast<create_child_task*>(sa.tasks.active());
        if (mine && mine->rekeying() == old_spi) mine->collided(lower_nonce(nonce_i->data, nonce_r), *spi_in);
    }
    auto out = child_answer(c, *spi_in);
    const auto after_sa = std::find_if(out.begin(), out.end(), [](const payload& p) { return p.type == payload_type::sa; }) + 1;
    std::vector<payload> extra{payload_of(payload_type::nonce, nonce_payload{nonce_r})};
    if (ke) extra.push_back(payload_of(payload_type::ke, ke_payload{c.proposal.group, ke->public_value()}));
    out.insert(after_sa, std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    answer(sa, ctx, id, std::move(out), "ok");
}

}  // namespace ravelin::cp::ike
