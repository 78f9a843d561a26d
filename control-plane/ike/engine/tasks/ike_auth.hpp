#pragma once
// RFC 7296 §1.2 IKE_AUTH: identities, shared-key authentication (§2.15) and the
// first Child SA. A failed Child SA leaves the IKE SA up (§1.2); the responder
// says why with NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE.

#include <string>

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

class ike_auth_task final : public task {
public:
    // INITIAL_CONTACT (§2.4) only when we hold no other IKE SA with this peer.
    ike_auth_task(std::string child, bool initial_contact)
        : _child(std::move(child)), _initial_contact(initial_contact) {}
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::ike_auth; }
    [[nodiscard]] std::string_view name() const noexcept override { return "ike_auth"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;

private:
    void process_child(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response);

    std::string _child;
    bool _initial_contact = true;
    sad::spi _spi_in;
    std::vector<common::traffic_selector> _tsi, _tsr;
};

// The responder's answer to IKE_AUTH; false when the IKE SA must go (§2.21.2:
// after AUTHENTICATION_FAILED the responder keeps nothing).
bool respond_ike_auth(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request);

}  // namespace ravelin::cp::ike
