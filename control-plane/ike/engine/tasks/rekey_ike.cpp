#include "control-plane/ike/engine/tasks/rekey_ike.hpp"

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/create_child.hpp"
#include "control-plane/ike/engine/tasks/ike_init.hpp"
#include "control-plane/ike/engine/tasks/informational.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

std::vector<std::uint8_t> spi_octets(ike_spi spi) {
    std::vector<std::uint8_t> out(8);
    for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(spi.value >> (56 - 8 * i));
    return out;
}

std::optional<ike_spi> spi_of(const std::vector<std::uint8_t>& octets) {
    if (octets.size() != 8) return std::nullopt;
    std::uint64_t value = 0;
    for (const auto b : octets) value = (value << 8) | b;
    return value == 0 ? std::nullopt : std::optional<ike_spi>(ike_spi{value});
}

struct successor_inputs {
    bool initiator = false;
    ike_spi spi_i, spi_r;
    const chosen_proposal* proposal = nullptr;
    std::vector<std::uint8_t> nonce_i, nonce_r;
    const common::secret_bytes* shared = nullptr;
};

// The new IKE SA of a rekey: what was authenticated carries over, the keys
// come from SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) (§2.18).
common::result<std::unique_ptr<ike_sa>> make_successor(const ike_sa& old, engine_context& ctx, successor_inputs in) {
    auto sa = std::make_unique<ike_sa>();
    sa->unique_id = ctx.next_unique_id++;
    sa->connection = old.connection;
    sa->initiator = in.initiator;
    sa->spi_i = in.spi_i;
    sa->spi_r = in.spi_r;
    sa->local = old.local;
    sa->remote = old.remote;
    sa->state = ike_sa_state::established;
    sa->nat_local = old.nat_local;
    sa->nat_remote = old.nat_remote;
    sa->peer_fragmentation = old.peer_fragmentation;
    sa->peer_signature_hashes = old.peer_signature_hashes;
    sa->local_id = old.local_id;
    sa->remote_id = old.remote_id;
    sa->proposal = *in.proposal;
    sa->nonce_i = std::move(in.nonce_i);
    sa->nonce_r = std::move(in.nonce_r);
    RAVELIN_TRY(const auto skeyseed, crypto::derive_rekey_skeyseed(old.proposal->prf, old.keys->sk_d, *in.shared,
                                                                   sa->nonce_i, sa->nonce_r));
    RAVELIN_CHECK(install_ike_keys(*sa, skeyseed));
    sa->created = sa->last_heard = sa->established_at = ctx.io.now();
    schedule_ike_lifetime(*sa, ctx);
    return sa;
}

// §2.18: the Child SAs move to the new IKE SA; their SAs stay as they are.
// Rekeys queued on the old IKE SA are dropped with it and start again soon.
void move_children(ike_sa& from, ike_sa& to, engine_context& ctx) {
    for (auto& c : from.children) {
        if (c.state == child_sa_state::installed && !c.replaced && c.rekey_at == time_point::max()) {
            c.rekey_at = ctx.io.now();
        }
        to.children.push_back(std::move(c));
    }
    from.children.clear();
    from.rekeyed = true;
    from.tasks.drop_queued();
    // The peer deletes it; if it never does, it goes after a while.
    from.rekey_at = time_point::max();
    from.expire_at = std::min(from.expire_at, ctx.io.now() + std::chrono::seconds(30));
    logger().info("{} IKE_SA rekeyed: Child SAs now under {}", from.describe(), to.describe());
}

}  // namespace

void schedule_ike_lifetime(ike_sa& sa, engine_context& ctx) {
    const auto& c = sa.connection;
    if (c.rekey_time.count() <= 0) return;
    const auto over = c.over_time.value_or(c.rekey_time / 10);
    const auto rand = std::min(c.rand_time.value_or(over), c.rekey_time);
    const auto now = ctx.io.now();
    sa.rekey_at = now + c.rekey_time - ctx.jitter(rand);
    sa.expire_at = now + c.rekey_time + over;
}

// HDR, SK {SA, Ni, KEi}
common::result<std::vector<payload>> rekey_ike_task::build(ike_sa& sa, engine_context& ctx) {
    if (sa.rekeyed || sa.state != ike_sa_state::established) return std::make_error_code(std::errc::operation_in_progress);
    const auto ours = configured_proposals(sa.connection.proposals, protocol_id::ike);
    const auto group = sa.proposal->group;
    RAVELIN_TRY(auto ke, crypto::key_exchange::generate(group));
    _ke.emplace(std::move(ke));
    _spi = ike_spi{ctx.random_u64()};
    _nonce = ctx.nonce();
    sa.state = ike_sa_state::rekeying;
    std::vector<payload> out;
    out.push_back(payload_of(payload_type::sa, make_sa_payload(ours, spi_octets(_spi), true)));
    out.push_back(payload_of(payload_type::nonce, nonce_payload{_nonce}));
    out.push_back(payload_of(payload_type::ke, ke_payload{group, _ke->public_value()}));
    return out;
}

task_outcome rekey_ike_task::failed(ike_sa& sa, engine_context& ctx, std::string_view why) {
    logger().info("{} IKE_SA rekey failed: {}", sa.describe(), why);
    ctx.count("rekey_failures.ike");
    sa.state = ike_sa_state::established;
    // The peer's own rekey went through: its IKE SA takes the Child SAs.
    if (auto* theirs = _collision ? ctx.find_sa(_collision->spi) : nullptr) move_children(sa, *theirs, ctx);
    return task_outcome::done;
}

std::unique_ptr<ike_sa> rekey_ike_task::successor(ike_sa& sa, engine_context& ctx,
                                                  const std::vector<payload>& response) {
    const auto* sa_r = find_payload<sa_payload>(response, payload_type::sa);
    const auto* nonce_r = find_payload<nonce_payload>(response, payload_type::nonce);
    const auto* ke_r = find_payload<ke_payload>(response, payload_type::ke);
    if (!sa_r || !nonce_r || !ke_r) return nullptr;
    const auto chosen = accept_choice(configured_proposals(sa.connection.proposals, protocol_id::ike), *sa_r, true);
    const auto spi_r = chosen ? spi_of(chosen->spi) : std::nullopt;
    if (!spi_r || chosen->group != _ke->group() || ke_r->group != _ke->group()) return nullptr;
    auto shared = _ke->shared_secret(ke_r->data);
    if (!shared) return nullptr;
    auto fresh = make_successor(sa, ctx, {true, _spi, *spi_r, &*chosen, _nonce, nonce_r->data, &*shared});
    return fresh ? std::move(fresh).value() : nullptr;
}

task_outcome rekey_ike_task::process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    if (const auto* error = find_error_notify(response)) {
        ctx.count("exchanges.create_child_sa.error_notify");
        if (error->type == notify_type::temporary_failure) sa.rekey_at = ctx.retry_time();
        return failed(sa, ctx, name_of(error->type));
    }
    auto fresh = successor(sa, ctx, response);
    if (!fresh) return failed(sa, ctx, "unusable response");
    ctx.count("exchanges.create_child_sa.ok");
    sa.state = ike_sa_state::established;
    auto* theirs = _collision ? ctx.find_sa(_collision->spi) : nullptr;
    bool lost = false;
    if (theirs) {
        ctx.count("rekey_collisions");
        const auto& ours = lower_nonce(_nonce, fresh->nonce_r);
        lost = &lower_nonce(ours, _collision->lowest_nonce) == &ours;
        logger().info("{} IKE_SA rekey collision {}", sa.describe(), lost ? "lost" : "won");
    }
    move_children(sa, lost ? *theirs : *fresh, ctx);
    if (lost) {
        fresh->tasks.queue(std::make_unique<delete_ike_task>());  // ours is the redundant one
    } else {
        sa.tasks.queue(std::make_unique<delete_ike_task>());
    }
    ctx.adopted.push_back(std::move(fresh));
    return task_outcome::done;
}

// HDR, SK {SA, Nr, KEr}  or  HDR, SK {N(error)}
void respond_rekey_ike(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request) {
    const auto refuse = [&](notify_type type, std::vector<std::uint8_t> data = {}) {
        ctx.count("exchanges.create_child_sa.error_notify");
        respond(sa, ctx, exchange_type::create_child_sa, id, {notify_of(type, std::move(data))});
    };
    auto* active = sa.tasks.active();
    auto* mine = dynamic_cast<rekey_ike_task*>(active);
    // §2.25.2: not while another exchange of ours is outstanding or this SA is going.
    if (sa.rekeyed || (!mine && (active || sa.state != ike_sa_state::established))) {
        return refuse(notify_type::temporary_failure);
    }
    const auto* sa_i = find_payload<sa_payload>(request, payload_type::sa);
    const auto* nonce_i = find_payload<nonce_payload>(request, payload_type::nonce);
    const auto* ke_i = find_payload<ke_payload>(request, payload_type::ke);
    if (!sa_i || !nonce_i || !ke_i) return refuse(notify_type::invalid_syntax);
    const auto chosen = select_proposal(configured_proposals(sa.connection.proposals, protocol_id::ike), *sa_i, true);
    if (!chosen) return refuse(notify_type::no_proposal_chosen);
    if (ke_i->group != chosen->group) return refuse(notify_type::invalid_ke_payload, group_octets(chosen->group));
    const auto spi_i = spi_of(chosen->spi);
    auto ke = crypto::key_exchange::generate(chosen->group);
    auto shared = ke ? ke->shared_secret(ke_i->data) : common::result<common::secret_bytes>(ke.error());
    if (!spi_i || !shared) return refuse(notify_type::invalid_syntax);
    const auto nonce_r = ctx.nonce();
    const ike_spi spi_r{ctx.random_u64()};
    auto fresh = make_successor(sa, ctx, {false, *spi_i, spi_r, &*chosen, nonce_i->data, nonce_r, &*shared});
    if (!fresh) return refuse(notify_type::no_proposal_chosen);
    if (mine) {
        mine->collided(lower_nonce(nonce_i->data, nonce_r), spi_r.value);
    } else {
        move_children(sa, **fresh, ctx);
    }
    auto answer = *chosen;
    answer.spi = spi_octets(spi_r);
    ctx.count("exchanges.create_child_sa.ok");
    respond(sa, ctx, exchange_type::create_child_sa, id,
            {payload_of(payload_type::sa, make_sa_payload(answer)), payload_of(payload_type::nonce, nonce_payload{nonce_r}),
             payload_of(payload_type::ke, ke_payload{chosen->group, ke->public_value()})});
    ctx.adopted.push_back(std::move(fresh).value());
}

bool rekeys_ike_sa(const std::vector<payload>& request) {
    const auto* sa_i = find_payload<sa_payload>(request, payload_type::sa);
    return sa_i && !sa_i->proposals.empty() && sa_i->proposals.front().protocol == protocol_id::ike;
}

}  // namespace ravelin::cp::ike
