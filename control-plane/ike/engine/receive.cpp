// The inbound path (RFC 7296 §2.21): a datagram is parsed, matched to an IKE
// SA, checked against the Message ID window, decrypted, and only then allowed
// to change anything. What fails a check is dropped and counted by reason.

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/engine/engine_impl.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/protection.hpp"
#include "control-plane/ike/engine/tasks/create_child.hpp"
#include "control-plane/ike/engine/tasks/ike_auth.hpp"
#include "control-plane/ike/engine/tasks/ike_init.hpp"
#include "control-plane/ike/engine/tasks/informational.hpp"
#include "control-plane/ike/engine/tasks/rekey_ike.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

bool fragmented(const message& m) { return !m.payloads.empty() && m.payloads.back().type == payload_type::skf; }

}  // namespace

// The inner payloads of an SK message, or of the last SKF fragment that
// completes one (RFC 7383 §2.6); nullopt while fragments are missing or when
// the datagram was dropped (counted).
std::optional<std::vector<payload>> engine::impl::open(ike_sa& sa, common::bytes_view datagram, const message& m) {
    if (!sa.cipher_in) return drop("no_keys"), std::nullopt;
    if (!fragmented(m)) {
        auto opened = open_message(datagram, m, *sa.cipher_in);
        if (!opened) return drop("integrity_check_failed"), std::nullopt;
        return std::move(opened).value();
    }
    if (sa.connection.fragment == config::fragmentation::no) return drop("fragment_not_negotiated"), std::nullopt;
    switch (sa.fragments.add(datagram, m, *sa.cipher_in)) {
        case reassembly::status::invalid:
            return drop("bad_fragment"), std::nullopt;
        case reassembly::status::incomplete:
            ctx.count("fragments.received");
            return std::nullopt;
        case reassembly::status::complete:
            break;
    }
    ctx.count("fragments.received");
    auto whole = sa.fragments.take();
    if (!whole) return drop("malformed_reassembled"), std::nullopt;
    ctx.count("fragments.reassembled");
    return std::move(whole).value();
}

void engine::impl::receive(const endpoint& local, const endpoint& remote, common::bytes_view datagram) {
    ctx.count("messages.received");
    auto parsed = parse_message(datagram);
    if (!parsed) {
        // §2.21.1: a message we cannot parse is not authenticated; answering it
        // would let anyone make us send. Only IKE_SA_INIT gets INVALID_SYNTAX
        // from the task path, once it parses.
        logger().debug("dropping malformed message from {}: {}", remote.address.to_string(), parsed.error().message());
        return drop("malformed");
    }
    const auto& h = parsed->header;
    if (h.exchange == exchange_type::ike_sa_init && !h.response()) {
        return on_init_request(local, remote, datagram, *parsed);
    }
    // The I flag says who sent it: the original initiator's messages carry our SPI as SPIr.
    const auto ours = h.initiator() ? h.responder_spi : h.initiator_spi;
    auto* sa = find(ours.value);
    if (!sa) return drop("unknown_spi");
    if (h.initiator() == sa->initiator) return drop("wrong_role");
    if (sa->initiator && sa->spi_r.value != 0 && h.responder_spi != sa->spi_r) return drop("unknown_spi");
    if (h.response()) {
        on_response(*sa, local, remote, datagram, *parsed);
    } else {
        on_request(*sa, local, remote, datagram, *parsed);
    }
    adopt();
}

void engine::impl::on_init_request(const endpoint& local, const endpoint& remote, common::bytes_view datagram,
                                   const message& request) {
    const auto& h = request.header;
    if (h.responder_spi.value != 0 || h.id.value != 0 || !h.initiator()) return drop("bad_ike_sa_init");
    const half_open_key key{h.initiator_spi.value, remote.address, remote.port};
    if (const auto it = half_open.find(key); it != half_open.end()) {
        // §2.1: a retransmitted IKE_SA_INIT gets the same response again.
        if (auto* sa = find(it->second); sa && !sa->tasks.cached_response().empty()) {
            ctx.count("retransmits.answered");
            resend(*sa, ctx, sa->tasks.cached_response());
        }
        return;
    }
    auto sa = respond_ike_sa_init(ctx, local, remote, datagram, request, half_open.size());
    if (!sa) return;
    const auto spi = sa->spi_r.value;
    half_open[key] = spi;
    add(std::move(sa));
}

void engine::impl::on_response(ike_sa& sa, const endpoint& local, const endpoint& remote,
                               common::bytes_view datagram, const message& response) {
    const auto& h = response.header;
    auto* active = sa.tasks.active();
    if (!sa.tasks.expects_response(h.id) || !active || active->exchange() != h.exchange) {
        return drop("unexpected_response");
    }
    std::vector<payload> payloads;
    if (h.exchange == exchange_type::ike_sa_init) {
        // Unprotected by nature (§2.6): what it may change is this half-open SA only.
        payloads = response.payloads;
        sa.spi_r = h.responder_spi;
        sa.init_response.assign(datagram.begin(), datagram.end());
    } else {
        auto opened = open(sa, datagram, response);
        if (!opened) return;
        payloads = std::move(*opened);
        authenticated_from(sa, local, remote);
    }
    auto t = sa.tasks.complete_request();
    const auto outcome = t->process(sa, ctx, payloads);
    after_task(sa, std::move(t), outcome);
}

void engine::impl::after_task(ike_sa& sa, std::unique_ptr<task> done, task_outcome outcome) {
    switch (outcome) {
        case task_outcome::done:
            if (!kick(sa, ctx)) destroy(sa.local_spi().value, "cannot continue");
            return;
        case task_outcome::restart:
            sa.tasks.restart_initial(std::move(done));
            if (!kick(sa, ctx)) destroy(sa.local_spi().value, "cannot restart IKE_SA_INIT");
            return;
        case task_outcome::fatal:
            return destroy(sa.local_spi().value, "failed");
        case task_outcome::closed:
            return destroy(sa.local_spi().value, "deleted");
    }
}

void engine::impl::on_request(ike_sa& sa, const endpoint& local, const endpoint& remote, common::bytes_view datagram,
                              const message& request) {
    const auto& h = request.header;
    switch (sa.tasks.classify_request(h.id)) {
        case request_kind::retransmit:
            // RFC 7383 §2.6.1: a fragmented request is answered once, on its first fragment.
            if (fragmented(request) && std::get<skf_payload>(request.payloads.back().body).fragment_number != 1) return;
            ctx.count("retransmits.answered");
            return resend(sa, ctx, sa.tasks.cached_response());
        case request_kind::invalid:
            return drop("invalid_message_id");
        case request_kind::fresh:
            break;
    }
    auto opened = open(sa, datagram, request);
    if (!opened) return;
    authenticated_from(sa, local, remote);
    dispatch_request(sa, request, *opened);
}

void engine::impl::dispatch_request(ike_sa& sa, const message& request, const std::vector<payload>& payloads) {
    const auto id = request.header.id;
    const auto spi = sa.local_spi().value;
    switch (request.header.exchange) {
        case exchange_type::ike_auth:
            if (sa.initiator || sa.state != ike_sa_state::connecting) return drop("unexpected_ike_auth");
            for (auto it = half_open.begin(); it != half_open.end(); ++it) {
                if (it->second == spi) {
                    half_open.erase(it);
                    break;
                }
            }
            if (!respond_ike_auth(sa, ctx, id, payloads)) return destroy(spi, "authentication failed");
            if (find_notify(payloads, notify_type::initial_contact)) initial_contact(sa);
            return;
        case exchange_type::informational:
            // §2.21: before IKE_AUTH completes, nothing but IKE_AUTH is accepted.
            if (sa.state == ike_sa_state::connecting) return drop("informational_before_auth");
            if (respond_informational(sa, ctx, id, payloads) == informational_result::close) {
                remove_children(sa, ctx);
                destroy(spi, "deleted by peer");
            }
            return;
        case exchange_type::create_child_sa:
            // §2.21: before IKE_AUTH completes, nothing but IKE_AUTH is accepted.
            if (sa.state == ike_sa_state::connecting) return drop("create_child_sa_before_auth");
            if (rekeys_ike_sa(payloads)) return respond_rekey_ike(sa, ctx, id, payloads);
            return respond_create_child(sa, ctx, id, payloads);
        default:
            return drop("unsupported_exchange");
    }
}

// §2.4: the peer says it holds no other IKE SA with us; any we still have for
// the same identity are leftovers of its previous life, removed without a delete.
void engine::impl::initial_contact(const ike_sa& sa) {
    std::vector<std::uint64_t> stale;
    for (const auto& [spi, other] : sas) {
        if (other.get() != &sa && other->connection.name == sa.connection.name && other->remote_id == sa.remote_id &&
            other->state == ike_sa_state::established) {
            stale.push_back(spi);
        }
    }
    for (const auto spi : stale) destroy(spi, "replaced after INITIAL_CONTACT");
}

void engine::impl::authenticated_from(ike_sa& sa, const endpoint& local, const endpoint& remote) {
    sa.last_heard = ctx.io.now();
    // §2.23: behind a NAT the peer's address and port may change; follow the
    // latest authenticated message. Without NAT we stay where we are (§2.11).
    if (sa.nat_detected() && (!(sa.remote == remote) || !(sa.local == local))) {
        logger().info("{} peer moved to {}[{}]", sa.describe(), remote.address.to_string(), remote.port);
        sa.remote = remote;
        sa.local = local;
    }
}

}  // namespace ravelin::cp::ike
