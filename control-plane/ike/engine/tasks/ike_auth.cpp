#include "control-plane/ike/engine/tasks/ike_auth.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/engine/identity.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/cert_auth.hpp"
#include "control-plane/ike/engine/tasks/child.hpp"
#include "control-plane/ike/engine/tasks/rekey_ike.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// swanctl's secrets: the PSK whose ids name the peer, else ours, else one with no ids.
const common::secret_bytes* find_psk(const config::daemon_config& config, const id_payload& local,
                                     const id_payload& remote) {
    const auto names = [&](const config::shared_secret& s, const id_payload& id) {
        return std::any_of(s.ids.begin(), s.ids.end(), [&](const std::string& text) {
            return !text.empty() && text != "%any" && identity_matches(text, id);
        });
    };
    for (const auto* id : {&remote, &local}) {
        for (const auto& s : config.secrets) {
            if (names(s, *id)) return &s.psk;
        }
    }
    for (const auto& s : config.secrets) {
        if (s.ids.empty()) return &s.psk;
    }
    return nullptr;
}

// The octets one side's AUTH covers (§2.15): its IKE_SA_INIT message, the peer's
// nonce, and prf(SK_p, ID body) with its own SK_p.
common::result<std::vector<std::uint8_t>> octets_of(const ike_sa& sa, bool of_initiator, const id_payload& id) {
    // Both sides keep the IKE_SA_INIT request and response as they went over the wire.
    const auto& real_message = of_initiator ? sa.init_request : sa.init_response;
    const auto& nonce = of_initiator ? sa.nonce_r : sa.nonce_i;
    const auto& sk_p = of_initiator ? sa.keys->sk_pi : sa.keys->sk_pr;
    return crypto::signed_octets(real_message, nonce, sa.proposal->prf, sk_p, identity_body(id));
}

common::result<auth_payload> make_auth(const ike_sa& sa, engine_context& ctx, const id_payload& own) {
    if (sa.connection.local.auth == config::auth_class::pubkey) {
        RAVELIN_TRY(const auto octets, octets_of(sa, sa.initiator, own));
        return sign_octets(sa, octets);
    }
    const auto* psk = find_psk(ctx.config, own, sa.remote_id);
    if (!psk) return std::make_error_code(std::errc::permission_denied);
    RAVELIN_TRY(const auto octets, octets_of(sa, sa.initiator, own));
    RAVELIN_TRY(auto data, crypto::shared_key_auth(sa.proposal->prf, *psk, octets));
    return auth_payload{auth_method::shared_key_mic, std::move(data)};
}

bool verify_peer(const ike_sa& sa, engine_context& ctx, const id_payload& peer, const auth_payload& auth,
                 const std::vector<payload>& message) {
    if (!identity_matches(sa.connection.remote.id, peer)) {
        logger().info("{} peer identity {} is not the configured {}", sa.describe(), identity_to_string(peer),
                      sa.connection.remote.id);
        return false;
    }
    if (sa.connection.remote.auth == config::auth_class::pubkey) {
        if (auth.method == auth_method::shared_key_mic) return false;
        const auto octets = octets_of(sa, !sa.initiator, peer);
        return octets && verify_signature(sa, peer, auth, message, *octets);
    }
    if (auth.method != auth_method::shared_key_mic) return false;
    const auto* psk = find_psk(ctx.config, sa.local_id, peer);
    if (!psk) return false;
    const auto octets = octets_of(sa, !sa.initiator, peer);
    return octets && crypto::verify_shared_key_auth(sa.proposal->prf, *psk, *octets, auth.data).has_value();
}

void on_established(ike_sa& sa, engine_context& ctx) {
    sa.state = ike_sa_state::established;
    sa.established_at = ctx.io.now();
    schedule_ike_lifetime(sa, ctx);
    logger().info("{} IKE_SA {} established between {}...{}", sa.describe(), sa.connection.name,
                  identity_to_string(sa.local_id), identity_to_string(sa.remote_id));
    ctx.count("ike_sas.established");
    ctx.count("exchanges.ike_auth.ok");
}

// Responder's Child SA: the first configured child with a proposal and
// selectors both sides accept. Errors become the notify the response carries.
std::vector<payload> respond_child(ike_sa& sa, engine_context& ctx, const std::vector<payload>& request) {
    if (!find_payload<sa_payload>(request, payload_type::sa)) return {};  // childless IKE_AUTH (RFC 6023)
    auto choice = choose_child(sa, ctx, request, false, nullptr);
    if (const auto* why = std::get_if<notify_type>(&choice)) return {notify_of(*why)};
    auto& c = std::get<child_choice>(choice);
    const auto spi_out = spi_from(c.proposal.spi);
    const auto spi_in = ctx.southbound.alloc_spi(protocol_id::esp);
    if (!spi_out || !spi_in) return {notify_of(notify_type::no_proposal_chosen)};
    child_request r{c.config, c.proposal, *spi_in, *spi_out, c.local_ts, c.remote_ts,
                    c.transport ? sad::mode::transport : sad::mode::tunnel};
    if (auto installed = install_child(sa, ctx, std::move(r)); !installed) {
        logger().warn("{} CHILD_SA {} install failed: {}", sa.describe(), c.config->name, installed.error().message());
        return {notify_of(notify_type::no_proposal_chosen)};
    }
    return child_answer(c, *spi_in);
}

}  // namespace

// HDR, SK {IDi, [CERT,] [CERTREQ,] [N(INITIAL_CONTACT),] [IDr,] AUTH, [N(USE_TRANSPORT_MODE),] SAi2, TSi, TSr}
common::result<std::vector<payload>> ike_auth_task::build(ike_sa& sa, engine_context& ctx) {
    sa.local_id = make_identity(sa.connection.local.id, sa.local.address);
    std::vector<payload> out;
    out.push_back(payload_of(payload_type::idi, sa.local_id));
    if (sa.connection.local.auth == config::auth_class::pubkey) {
        RAVELIN_TRY(auto certs, local_cert_payloads(sa.connection));
        for (auto& c : certs) out.push_back(std::move(c));
    }
    if (auto certreq = certreq_for(sa.connection)) out.push_back(std::move(*certreq));
    if (_initial_contact) out.push_back(notify_of(notify_type::initial_contact));
    if (!sa.connection.remote.id.empty() && sa.connection.remote.id != "%any") {
        sa.remote_id = make_identity(sa.connection.remote.id, sa.remote.address);
        out.push_back(payload_of(payload_type::idr, sa.remote_id));
    }
    RAVELIN_TRY(auto auth, make_auth(sa, ctx, sa.local_id));
    out.push_back(payload_of(payload_type::auth, std::move(auth)));
    const auto* child = child_named(sa.connection, _child);
    if (!child) return out;
    RAVELIN_TRY(_spi_in, ctx.southbound.alloc_spi(protocol_id::esp));
    _tsi = configured_ts(child->local_ts, sa.local.address);
    _tsr = configured_ts(child->remote_ts, sa.remote.address);
    if (child->mode == config::ipsec_mode::transport) out.push_back(notify_of(notify_type::use_transport_mode));
    const auto proposals = configured_proposals(child->esp_proposals, protocol_id::esp);
    out.push_back(payload_of(payload_type::sa, make_sa_payload(proposals, spi_bytes(_spi_in), false)));
    out.push_back(payload_of(payload_type::tsi, to_ts_payload(_tsi)));
    out.push_back(payload_of(payload_type::tsr, to_ts_payload(_tsr)));
    return out;
}

task_outcome ike_auth_task::process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    const auto* idr = find_payload<id_payload>(response, payload_type::idr);
    const auto* auth = find_payload<auth_payload>(response, payload_type::auth);
    if (!idr || !auth) {
        const auto* error = find_error_notify(response);
        logger().info("{} IKE_AUTH failed: {}", sa.describe(),
                      error ? name_of(error->type) : std::string_view("no IDr/AUTH"));
        ctx.count("auth_failures.rejected_by_peer");
        ctx.count("exchanges.ike_auth.failed");
        return task_outcome::fatal;
    }
    if (!verify_peer(sa, ctx, *idr, *auth, response)) {
        logger().info("{} peer authentication failed", sa.describe());
        ctx.count("auth_failures.peer_auth_invalid");
        ctx.count("exchanges.ike_auth.failed");
        return task_outcome::fatal;
    }
    sa.remote_id = *idr;
    on_established(sa, ctx);
    if (child_named(sa.connection, _child)) process_child(sa, ctx, response);
    return task_outcome::done;
}

void ike_auth_task::process_child(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    const auto* child = child_named(sa.connection, _child);
    const auto* sa_r = find_payload<sa_payload>(response, payload_type::sa);
    const auto* tsi = find_payload<ts_payload>(response, payload_type::tsi);
    const auto* tsr = find_payload<ts_payload>(response, payload_type::tsr);
    const auto refuse = [&](std::string_view why) {
        logger().info("{} CHILD_SA {} not established: {}", sa.describe(), _child, why);
        ctx.count("child_sas.failed");
        (void)ctx.southbound.delete_sa(protocol_id::esp, _spi_in, sad::direction::inbound);
    };
    if (const auto* error = find_error_notify(response)) return refuse(name_of(error->type));
    if (!sa_r || !tsi || !tsr) return refuse("no SA/TS in the response");
    const auto chosen = accept_choice(configured_proposals(child->esp_proposals, protocol_id::esp), *sa_r, false);
    const auto spi_out = chosen ? spi_from(chosen->spi) : std::nullopt;
    if (!chosen || !spi_out) return refuse("the response chose a proposal we did not offer");
    auto local = from_ts_payload(*tsi);
    auto remote = from_ts_payload(*tsr);
    if (!within(local, _tsi) || !within(remote, _tsr)) return refuse("selectors wider than proposed");
    const bool transport = child->mode == config::ipsec_mode::transport &&
                           find_notify(response, notify_type::use_transport_mode) != nullptr;
    child_request r{child, *chosen, _spi_in, *spi_out, std::move(local), std::move(remote),
                    transport ? sad::mode::transport : sad::mode::tunnel};
    r.initiator = true;
    if (auto installed = install_child(sa, ctx, std::move(r)); !installed) refuse(installed.error().message());
}

// HDR, SK {IDr, [CERT,] AUTH, [N(USE_TRANSPORT_MODE),] SAr2, TSi, TSr}  or  HDR, SK {N(AUTHENTICATION_FAILED)}
bool respond_ike_auth(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request) {
    const auto* idi = find_payload<id_payload>(request, payload_type::idi);
    const auto* auth = find_payload<auth_payload>(request, payload_type::auth);
    sa.local_id = make_identity(sa.connection.local.id, sa.local.address);
    if (!idi || !auth || !verify_peer(sa, ctx, *idi, *auth, request)) {
        logger().info("{} IKE_AUTH: peer authentication failed", sa.describe());
        ctx.count("auth_failures.peer_auth_invalid");
        ctx.count("exchanges.ike_auth.failed");
        respond(sa, ctx, exchange_type::ike_auth, id, {notify_of(notify_type::authentication_failed)});
        return false;
    }
    sa.remote_id = *idi;
    auto own_auth = make_auth(sa, ctx, sa.local_id);
    if (!own_auth) {
        logger().warn("{} IKE_AUTH: no key to authenticate with", sa.describe());
        respond(sa, ctx, exchange_type::ike_auth, id, {notify_of(notify_type::authentication_failed)});
        return false;
    }
    std::vector<payload> out;
    out.push_back(payload_of(payload_type::idr, sa.local_id));
    if (sa.connection.local.auth == config::auth_class::pubkey) {
        if (auto certs = local_cert_payloads(sa.connection)) {
            for (auto& c : *certs) out.push_back(std::move(c));
        }
    }
    out.push_back(payload_of(payload_type::auth, std::move(own_auth).value()));
    on_established(sa, ctx);
    for (auto& p : respond_child(sa, ctx, request)) out.push_back(std::move(p));
    respond(sa, ctx, exchange_type::ike_auth, id, out);
    return true;
}

}  // namespace ravelin::cp::ike
