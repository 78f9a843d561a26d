#pragma once
// Turning a task's payloads into datagrams for one IKE SA and back: headers,
// SK protection, sending from the SA's endpoints, and the hand-over of every
// request and response to the task manager.

#include <vector>

#include "common/result.hpp"
#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"

namespace ravelin::cp::ike {

retransmit_policy retransmit_policy_of(const engine_options& options);

// Starts the next queued task when the window is free. A task whose build()
// fails is dropped (logged); false when the SA must go (fatal build error).
bool kick(ike_sa& sa, engine_context& ctx);

// Sends `payloads` as the response to request `id`, and caches it (§2.1).
void respond(ike_sa& sa, engine_context& ctx, exchange_type exchange, message_id id,
             const std::vector<payload>& payloads);

// Resends the cached response or the outstanding request.
void resend(const ike_sa& sa, engine_context& ctx, const task_manager::datagrams& wire);

// HDR with this SA's SPIs and our role flags (§3.1).
ike_header header_for(const ike_sa& sa, exchange_type exchange, message_id id, bool response);

// Convenience for building payload lists.
payload notify_of(notify_type type, std::vector<std::uint8_t> data = {}, protocol_id protocol = protocol_id::none,
                  std::vector<std::uint8_t> spi = {});
const notify_payload* find_notify(const std::vector<payload>& payloads, notify_type type);
// The first error notify (type < 16384), if any.
const notify_payload* find_error_notify(const std::vector<payload>& payloads);

template <typename T>
const T* find_payload(const std::vector<payload>& payloads, payload_type type) {
    for (const auto& p : payloads) {
        if (p.type == type) return std::get_if<T>(&p.body);
    }
    return nullptr;
}

}  // namespace ravelin::cp::ike
