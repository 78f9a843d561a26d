#include "control-plane/ike/engine/tasks/informational.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/engine/messenger.hpp"
#include "control-plane/ike/engine/tasks/child.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// A Child SA replaced by a rekey goes make-before-break (§2.8): its successor
// sends first, its inbound SA stays a grace period for packets in flight.
void retire(ike_sa& sa, engine_context& ctx, sad::spi spi_in) {
    const auto* child = sa.child_by_spi_in(spi_in);
    if (!child) return;
    const bool replaced = child->replaced;
    // Not for a new SA whose own outbound never went in (the loser's of a collision).
    if (!child->pending_outbound) activate_outbound(sa, ctx, child->reqid);
    if (replaced) ctx.count("rekeys.child");
    erase_child(sa, ctx, spi_in, replaced ? removal::after_grace : removal::now);
}

// Removes our Child SA whose outbound SPI the peer names; returns our inbound SPI.
std::optional<sad::spi> remove_by_peer_spi(ike_sa& sa, engine_context& ctx, sad::spi peer_spi) {
    const auto* child = sa.child_by_spi_out(peer_spi);
    if (!child) return std::nullopt;
    const auto ours = child->spi_in;
    retire(sa, ctx, ours);
    return ours;
}

}  // namespace

common::result<std::vector<payload>> delete_ike_task::build(ike_sa& sa, engine_context&) {
    sa.state = ike_sa_state::deleting;
    return std::vector<payload>{payload_of(payload_type::del, delete_payload{protocol_id::ike, 0, {}})};
}

task_outcome delete_ike_task::process(ike_sa&, engine_context&, const std::vector<payload>&) {
    return task_outcome::closed;
}

common::result<std::vector<payload>> delete_child_task::build(ike_sa&, engine_context&) {
    return std::vector<payload>{payload_of(payload_type::del, delete_payload{protocol_id::esp, 4, {spi_bytes(_spi_in)}})};
}

task_outcome delete_child_task::process(ike_sa& sa, engine_context& ctx, const std::vector<payload>&) {
    retire(sa, ctx, _spi_in);
    return task_outcome::done;
}

// HDR, SK {[D(ESP, our SPIs...)]}  or  HDR, SK {}
informational_result respond_informational(ike_sa& sa, engine_context& ctx, message_id id,
                                           const std::vector<payload>& request) {
    std::vector<std::vector<std::uint8_t>> deleted;
    bool delete_ike = false;
    for (const auto& p : request) {
        if (const auto* n = std::get_if<notify_payload>(&p.body); n && is_error(n->type)) {
            logger().info("{} peer reports {}", sa.describe(), name_of(n->type));
        }
        const auto* d = std::get_if<delete_payload>(&p.body);
        if (!d) continue;
        if (d->protocol == protocol_id::ike) {
            delete_ike = true;
            continue;
        }
        for (const auto& spi : d->spis) {
            const auto peer = spi_from(spi);
            if (!peer) continue;
            if (const auto ours = remove_by_peer_spi(sa, ctx, *peer)) deleted.push_back(spi_bytes(*ours));
        }
    }
    std::vector<payload> out;
    if (delete_ike) {
        logger().info("{} peer deletes the IKE SA", sa.describe());
        respond(sa, ctx, exchange_type::informational, id, out);
        return informational_result::close;
    }
    if (!deleted.empty()) out.push_back(payload_of(payload_type::del, delete_payload{protocol_id::esp, 4, std::move(deleted)}));
    respond(sa, ctx, exchange_type::informational, id, out);
    return informational_result::keep;
}

void remove_children(ike_sa& sa, engine_context& ctx) {
    // One by one: the last Child SA of a reqid takes the shared policies along.
    while (!sa.children.empty()) {
        remove_child(sa, ctx, sa.children.back());
        sa.children.pop_back();
    }
}

}  // namespace ravelin::cp::ike
