#include "control-plane/ike/engine/messenger.hpp"

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/engine/fragmentation.hpp"
#include "control-plane/ike/engine/protection.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// RFC 7383 §2.3: we fragment when both announced support, or when forced.
bool may_fragment(const ike_sa& sa) {
    using config::fragmentation;
    return sa.connection.fragment == fragmentation::force ||
           (sa.connection.fragment == fragmentation::yes && sa.peer_fragmentation);
}

common::result<task_manager::datagrams> encode(ike_sa& sa, engine_context& ctx, const ike_header& header,
                                               const std::vector<payload>& payloads) {
    if (header.exchange == exchange_type::ike_sa_init) {
        RAVELIN_TRY(auto clear, serialize(message{header, payloads}));
        return task_manager::datagrams{std::move(clear)};
    }
    const std::size_t space = may_fragment(sa) ? ike_space(ctx.options.fragment_size, !sa.local.address.is_v4(),
                                                           sa.local.port != 500)
                                               : max_message_size;
    return seal_fragments(header, payloads, *sa.cipher_out, space);
}

}  // namespace

retransmit_policy retransmit_policy_of(const engine_options& options) {
    return {options.retransmit_timeout, options.retransmit_base, options.retransmit_tries};
}

ike_header header_for(const ike_sa& sa, exchange_type exchange, message_id id, bool response) {
    ike_header h;
    h.initiator_spi = sa.spi_i;
    h.responder_spi = sa.spi_r;
    h.exchange = exchange;
    h.id = id;
    if (sa.initiator) h.flags |= header_flag::initiator;
    if (response) h.flags |= header_flag::response;
    return h;
}

bool kick(ike_sa& sa, engine_context& ctx) {
    while (auto t = sa.tasks.take_next()) {
        const auto id = sa.tasks.next_request_id();
        auto payloads = t->build(sa, ctx);
        if (!payloads) {
            logger().warn("{} {}: cannot build request: {}", sa.describe(), t->name(), payloads.error().message());
            if (t->exchange() == exchange_type::ike_sa_init || t->exchange() == exchange_type::ike_auth) return false;
            continue;
        }
        auto wire = encode(sa, ctx, header_for(sa, t->exchange(), id, false), *payloads);
        if (!wire) {
            logger().warn("{} {}: cannot encode request: {}", sa.describe(), t->name(), wire.error().message());
            return false;
        }
        if (t->exchange() == exchange_type::ike_sa_init) sa.init_request = wire->front();
        logger().debug("{} sending {} request #{}", sa.describe(), t->name(), id.value);
        resend(sa, ctx, *wire);
        ctx.count("requests_sent." + std::string(t->name()));
        sa.tasks.sent_request(std::move(t), std::move(*wire), ctx.io.now(), retransmit_policy_of(ctx.options));
        return true;
    }
    return true;
}

void respond(ike_sa& sa, engine_context& ctx, exchange_type exchange, message_id id,
             const std::vector<payload>& payloads) {
    auto wire = encode(sa, ctx, header_for(sa, exchange, id, true), payloads);
    if (!wire) {
        logger().warn("{} cannot encode response: {}", sa.describe(), wire.error().message());
        return;
    }
    if (exchange == exchange_type::ike_sa_init) sa.init_response = wire->front();
    resend(sa, ctx, *wire);
    sa.tasks.answered(id, std::move(*wire));
}

void resend(const ike_sa& sa, engine_context& ctx, const task_manager::datagrams& wire) {
    for (const auto& d : wire) ctx.io.send(sa.local, sa.remote, d);
}

payload notify_of(notify_type type, std::vector<std::uint8_t> data, protocol_id protocol,
                  std::vector<std::uint8_t> spi) {
    return payload_of(payload_type::notify, notify_payload{protocol, std::move(spi), type, std::move(data)});
}

const notify_payload* find_notify(const std::vector<payload>& payloads, notify_type type) {
    for (const auto& p : payloads) {
        const auto* n = std::get_if<notify_payload>(&p.body);
        if (n && n->type == type) return n;
    }
    return nullptr;
}

const notify_payload* find_error_notify(const std::vector<payload>& payloads) {
    for (const auto& p : payloads) {
        const auto* n = std::get_if<notify_payload>(&p.body);
        if (n && is_error(n->type)) return n;
    }
    return nullptr;
}

}  // namespace ravelin::cp::ike
