#include "control-plane/ike/engine/tasks/ike_init.hpp"

#include <algorithm>
#include <variant>

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/engine/cookie.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/protection.hpp"
#include "control-plane/ike/engine/tasks/cert_auth.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

constexpr unsigned max_restarts = 4;    // COOKIE and INVALID_KE_PAYLOAD round trips before giving up

bool fragmentation_allowed(const config::connection_config& c) { return c.fragment != config::fragmentation::no; }

// The optional status notifies both sides put at the end of IKE_SA_INIT.
void add_capabilities(std::vector<payload>& out, const config::connection_config& conn) {
    if (fragmentation_allowed(conn)) out.push_back(notify_of(notify_type::ikev2_fragmentation_supported));
    out.push_back(notify_of(notify_type::signature_hash_algorithms,
                            crypto::encode_signature_hash_algorithms(accepted_signature_hashes())));
}

// What the peer's IKE_SA_INIT told us about its abilities.
void note_capabilities(ike_sa& sa, const std::vector<payload>& peer) {
    sa.peer_fragmentation = find_notify(peer, notify_type::ikev2_fragmentation_supported) != nullptr;
    if (const auto* n = find_notify(peer, notify_type::signature_hash_algorithms)) {
        if (auto hashes = crypto::parse_signature_hash_algorithms(n->data)) sa.peer_signature_hashes = *hashes;
    }
}

bool address_listed(const std::vector<std::string>& list, const common::ip_address& address) {
    if (list.empty()) return true;
    return std::any_of(list.begin(), list.end(), [&](const std::string& entry) {
        if (entry == "%any" || entry == "%any4" || entry == "%any6") return true;
        const auto parsed = common::ip_address::parse(entry);
        return parsed && *parsed == address;
    });
}

void send_stateless(engine_context& ctx, const endpoint& local, const endpoint& remote, const ike_header& request,
                    std::vector<payload> payloads) {
    ike_header h;
    h.initiator_spi = request.initiator_spi;
    h.exchange = exchange_type::ike_sa_init;
    h.flags = header_flag::response;
    if (auto wire = serialize(message{h, std::move(payloads)})) ctx.io.send(local, remote, *wire);
}

// §1.2: the group the responder accepts when the initiator's KE is not the one
// it prefers but is still offered in the chosen proposal and configured by us.
bool group_acceptable(const std::vector<crypto::proposal>& ours, const proposal& offered, ke_group group) {
    const bool offered_too = std::any_of(offered.transforms.begin(), offered.transforms.end(), [&](const transform& t) {
        return t.type == transform_type::key_exchange && t.id == static_cast<std::uint16_t>(group);
    });
    const bool configured = std::any_of(ours.begin(), ours.end(), [&](const crypto::proposal& p) {
        return std::find(p.ke_groups.begin(), p.ke_groups.end(), group) != p.ke_groups.end();
    });
    return offered_too && configured;
}

}  // namespace

// HDR, [N(COOKIE),] SAi1, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP),
//      [N(IKEV2_FRAGMENTATION_SUPPORTED),] N(SIGNATURE_HASH_ALGORITHMS)
common::result<std::vector<payload>> ike_init_task::build(ike_sa& sa, engine_context& ctx) {
    const auto ours = configured_proposals(sa.connection.proposals, protocol_id::ike);
    if (ours.empty() || ours.front().ke_groups.empty()) return std::make_error_code(std::errc::invalid_argument);
    if (!_group) _group = ours.front().ke_groups.front();
    if (!sa.ke || sa.ke->group() != *_group) {
        RAVELIN_TRY(auto ke, crypto::key_exchange::generate(*_group));
        sa.ke.emplace(std::move(ke));
    }
    if (sa.nonce_i.empty()) sa.nonce_i = ctx.nonce();
    std::vector<payload> out;
    if (!_cookie.empty()) out.push_back(notify_of(notify_type::cookie, _cookie));
    out.push_back(payload_of(payload_type::sa, make_sa_payload(ours, {}, true)));
    out.push_back(payload_of(payload_type::ke, ke_payload{*_group, sa.ke->public_value()}));
    out.push_back(payload_of(payload_type::nonce, nonce_payload{sa.nonce_i}));
    for (auto& n : natd_notifies(sa, sa.local, sa.remote)) out.push_back(std::move(n));
    add_capabilities(out, sa.connection);
    return out;
}

task_outcome ike_init_task::process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    if (const auto* cookie = find_notify(response, notify_type::cookie)) {
        if (++_restarts > max_restarts) return task_outcome::fatal;
        logger().info("{} responder asks for a COOKIE, retrying", sa.describe());
        _cookie = cookie->data;
        sa.spi_r = {};
        return task_outcome::restart;
    }
    if (const auto* invalid_ke = find_notify(response, notify_type::invalid_ke_payload)) {
        return retry_with_group(sa, *invalid_ke);
    }
    if (const auto* error = find_error_notify(response)) {
        logger().info("{} IKE_SA_INIT refused: {}", sa.describe(), name_of(error->type));
        ctx.count("ike_sa_init.refused." + std::string(name_of(error->type)));
        return task_outcome::fatal;
    }
    return complete(sa, ctx, response);
}

task_outcome ike_init_task::retry_with_group(ike_sa& sa, const notify_payload& invalid_ke) {
    if (invalid_ke.data.size() != 2 || ++_restarts > max_restarts) return task_outcome::fatal;
    const auto group = static_cast<ke_group>((invalid_ke.data[0] << 8) | invalid_ke.data[1]);
    const auto ours = configured_proposals(sa.connection.proposals, protocol_id::ike);
    const bool configured = std::any_of(ours.begin(), ours.end(), [&](const crypto::proposal& p) {
        return std::find(p.ke_groups.begin(), p.ke_groups.end(), group) != p.ke_groups.end();
    });
    // §1.2: retry only with a group we offered, and never the one just refused.
    if (!configured || group == _group) {
        logger().info("{} INVALID_KE_PAYLOAD asks for group {} we do not offer", sa.describe(),
                      static_cast<int>(group));
        return task_outcome::fatal;
    }
    logger().info("{} INVALID_KE_PAYLOAD: retrying with group {}", sa.describe(), static_cast<int>(group));
    _group = group;
    sa.spi_r = {};
    return task_outcome::restart;
}

task_outcome ike_init_task::complete(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) {
    const auto* sa_r = find_payload<sa_payload>(response, payload_type::sa);
    const auto* ke_r = find_payload<ke_payload>(response, payload_type::ke);
    const auto* nonce_r = find_payload<nonce_payload>(response, payload_type::nonce);
    if (!sa_r || !ke_r || !nonce_r || sa.spi_r.value == 0) return task_outcome::fatal;
    const auto ours = configured_proposals(sa.connection.proposals, protocol_id::ike);
    auto chosen = accept_choice(ours, *sa_r, true);
    if (!chosen || chosen->group != ke_r->group || ke_r->group != sa.ke->group()) {
        logger().warn("{} IKE_SA_INIT response chose transforms we did not offer", sa.describe());
        ctx.count("drops.bad_proposal_choice");
        return task_outcome::fatal;
    }
    sa.proposal = *chosen;
    sa.nonce_r = nonce_r->data;
    if (auto derived = derive_ike_keys(sa, ke_r->data); !derived) {
        logger().warn("{} key derivation failed: {}", sa.describe(), derived.error().message());
        return task_outcome::fatal;
    }
    detect_nat(sa, sa.spi_r, response);
    note_capabilities(sa, response);
    // §2.23: after a NAT is detected, the initiator moves to port 4500.
    if (sa.nat_detected() && sa.local.port == 500) {
        sa.local.port = 4500;
        sa.remote.port = 4500;
    }
    logger().info("{} IKE_SA_INIT done: {}{}", sa.describe(), chosen->to_string(),
                  sa.nat_detected() ? ", NAT detected, using UDP 4500" : "");
    ctx.count("exchanges.ike_sa_init.ok");
    return task_outcome::done;
}

common::result<void> derive_ike_keys(ike_sa& sa, common::bytes_view peer_ke) {
    RAVELIN_TRY(const auto shared, sa.ke->shared_secret(peer_ke));
    RAVELIN_TRY(const auto skeyseed, crypto::derive_skeyseed(sa.proposal->prf, sa.nonce_i, sa.nonce_r, shared));
    RAVELIN_CHECK(install_ike_keys(sa, skeyseed));
    sa.ke.reset();  // the private value is no longer needed (forward secrecy)
    return {};
}

common::result<void> install_ike_keys(ike_sa& sa, const common::secret_bytes& skeyseed) {
    const auto suite = sa.proposal->ike_suite();
    RAVELIN_TRY(auto keys, crypto::derive_ike_sa_keys(suite, skeyseed, sa.nonce_i, sa.nonce_r, sa.spi_i.value,
                                                      sa.spi_r.value));
    RAVELIN_TRY(auto from_i, crypto::sk_cipher::create(suite.encryption, suite.integrity, keys.sk_ei, keys.sk_ai));
    RAVELIN_TRY(auto from_r, crypto::sk_cipher::create(suite.encryption, suite.integrity, keys.sk_er, keys.sk_ar));
    sa.cipher_out.emplace(std::move(sa.initiator ? from_i : from_r));
    sa.cipher_in.emplace(std::move(sa.initiator ? from_r : from_i));
    sa.keys.emplace(std::move(keys));
    return {};
}

std::vector<payload> natd_notifies(const ike_sa& sa, const endpoint& from, const endpoint& to) {
    return {notify_of(notify_type::nat_detection_source_ip, natd_hash(sa.spi_i, sa.spi_r, from.address, from.port)),
            notify_of(notify_type::nat_detection_destination_ip, natd_hash(sa.spi_i, sa.spi_r, to.address, to.port))};
}

void detect_nat(ike_sa& sa, ike_spi hashed_spi_r, const std::vector<payload>& peer_payloads) {
    const auto* destination = find_notify(peer_payloads, notify_type::nat_detection_destination_ip);
    const auto expected_local = natd_hash(sa.spi_i, hashed_spi_r, sa.local.address, sa.local.port);
    if (destination) sa.nat_local = destination->data != expected_local;
    // §2.23: any of several source hashes matching means the peer is not NATed.
    const auto expected_remote = natd_hash(sa.spi_i, hashed_spi_r, sa.remote.address, sa.remote.port);
    bool any_source = false, source_matches = false;
    for (const auto& p : peer_payloads) {
        const auto* n = std::get_if<notify_payload>(&p.body);
        if (!n || n->type != notify_type::nat_detection_source_ip) continue;
        any_source = true;
        source_matches = source_matches || n->data == expected_remote;
    }
    if (any_source) sa.nat_remote = !source_matches;
}

const config::connection_config* find_connection(const config::daemon_config& config, const endpoint& local,
                                                 const endpoint& remote) {
    for (const auto& [name, conn] : config.connections) {
        if (address_listed(conn.local_addrs, local.address) && address_listed(conn.remote_addrs, remote.address)) {
            return &conn;
        }
    }
    return nullptr;
}

namespace {

// A stateless answer to an IKE_SA_INIT we do not accept (yet).
struct refusal {
    notify_type type;
    std::vector<std::uint8_t> data;
};

// §1.2, §2.6: cookie, proposal and KE group checks, in that order; the chosen
// proposal when the request may have state.
std::variant<refusal, chosen_proposal> admit(engine_context& ctx, const config::connection_config& conn,
                                             const endpoint& remote, const message& request, std::size_t half_open) {
    const auto& payloads = request.payloads;
    const auto* sa_i = find_payload<sa_payload>(payloads, payload_type::sa);
    const auto* ke_i = find_payload<ke_payload>(payloads, payload_type::ke);
    const auto* nonce_i = find_payload<nonce_payload>(payloads, payload_type::nonce);
    if (!sa_i || !ke_i || !nonce_i) return refusal{notify_type::invalid_syntax, {}};
    // §2.6: past the threshold, only requests that return our cookie get state.
    if (half_open >= ctx.options.cookie_threshold) {
        auto expected = make_cookie(ctx, nonce_i->data, remote.address, request.header.initiator_spi);
        const auto* cookie = find_notify(payloads, notify_type::cookie);
        if (!cookie || !cookie_matches(expected, cookie->data)) return refusal{notify_type::cookie, std::move(expected)};
    }
    const auto ours = configured_proposals(conn.proposals, protocol_id::ike);
    auto chosen = select_proposal(ours, *sa_i, true);
    if (!chosen) {
        logger().info("no acceptable IKE proposal from {}", remote.address.to_string());
        return refusal{notify_type::no_proposal_chosen, {}};
    }
    if (ke_i->group != chosen->group) {
        const auto& offered = *std::find_if(sa_i->proposals.begin(), sa_i->proposals.end(),
                                            [&](const proposal& p) { return p.number == chosen->number; });
        if (!group_acceptable(ours, offered, ke_i->group)) {
            return refusal{notify_type::invalid_ke_payload, group_octets(chosen->group)};
        }
        chosen->group = ke_i->group;
    }
    return *chosen;
}

// The half-open SA with its keys; nullptr when the peer's KE value is unusable.
std::unique_ptr<ike_sa> make_responder_sa(engine_context& ctx, const config::connection_config& conn,
                                          const chosen_proposal& chosen, const endpoint& local,
                                          const endpoint& remote, common::bytes_view datagram,
                                          const message& request, std::vector<std::uint8_t>& public_value) {
    auto ke = crypto::key_exchange::generate(chosen.group);
    if (!ke) return nullptr;
    auto sa = std::make_unique<ike_sa>();
    sa->unique_id = ctx.next_unique_id++;
    sa->connection = conn;
    sa->spi_i = request.header.initiator_spi;
    sa->spi_r = ike_spi{ctx.random_u64()};
    sa->local = local;
    sa->remote = remote;
    sa->created = sa->last_heard = ctx.io.now();
    sa->proposal = chosen;
    public_value = ke->public_value();  // derive_ike_keys() drops the key pair
    sa->ke.emplace(std::move(ke).value());
    sa->nonce_i = find_payload<nonce_payload>(request.payloads, payload_type::nonce)->data;
    sa->nonce_r = ctx.nonce();
    sa->init_request.assign(datagram.begin(), datagram.end());
    const auto* ke_i = find_payload<ke_payload>(request.payloads, payload_type::ke);
    if (auto derived = derive_ike_keys(*sa, ke_i->data); !derived) {
        logger().info("{} refused KE: {}", sa->describe(), derived.error().message());
        return nullptr;
    }
    // §2.23: the request was hashed before there was an SPIr, so with zero.
    detect_nat(*sa, ike_spi{0}, request.payloads);
    note_capabilities(*sa, request.payloads);
    return sa;
}

}  // namespace

// HDR, SAr1, KEr, Nr, [CERTREQ,] N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP),
//      [N(IKEV2_FRAGMENTATION_SUPPORTED),] N(SIGNATURE_HASH_ALGORITHMS)
std::unique_ptr<ike_sa> respond_ike_sa_init(engine_context& ctx, const endpoint& local, const endpoint& remote,
                                            common::bytes_view datagram, const message& request,
                                            std::size_t half_open) {
    const auto refuse = [&](notify_type type, std::vector<std::uint8_t> data) {
        ctx.count("ike_sa_init.sent." + std::string(name_of(type)));
        send_stateless(ctx, local, remote, request.header, {notify_of(type, std::move(data))});
        return nullptr;
    };
    const auto* conn = find_connection(ctx.config, local, remote);
    if (!conn) {
        logger().info("no connection for IKE_SA_INIT from {}[{}]", remote.address.to_string(), remote.port);
        return refuse(notify_type::no_proposal_chosen, {});
    }
    auto admitted = admit(ctx, *conn, remote, request, half_open);
    if (auto* r = std::get_if<refusal>(&admitted)) return refuse(r->type, std::move(r->data));
    const auto& chosen = std::get<chosen_proposal>(admitted);
    std::vector<std::uint8_t> public_value;
    auto sa = make_responder_sa(ctx, *conn, chosen, local, remote, datagram, request, public_value);
    if (!sa) return refuse(notify_type::invalid_syntax, {});

    std::vector<payload> out;
    out.push_back(payload_of(payload_type::sa, make_sa_payload(chosen)));
    out.push_back(payload_of(payload_type::ke, ke_payload{chosen.group, std::move(public_value)}));
    out.push_back(payload_of(payload_type::nonce, nonce_payload{sa->nonce_r}));
    if (auto certreq = certreq_for(*conn)) out.push_back(std::move(*certreq));
    for (auto& n : natd_notifies(*sa, local, remote)) out.push_back(std::move(n));
    add_capabilities(out, *conn);
    respond(*sa, ctx, exchange_type::ike_sa_init, request.header.id, out);
    logger().info("{} IKE_SA_INIT answered: {}{}", sa->describe(), chosen.to_string(),
                  sa->nat_detected() ? ", NAT detected" : "");
    ctx.count("exchanges.ike_sa_init.ok");
    return sa;
}

}  // namespace ravelin::cp::ike
