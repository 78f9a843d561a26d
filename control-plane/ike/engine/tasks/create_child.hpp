#pragma once
// RFC 7296 §1.3 CREATE_CHILD_SA for Child SAs: a further Child SA on an IKE SA
// (§1.3.1) and the rekey of one (§1.3.3, §2.8), both with optional PFS (KE).
// Make-before-break: the responder installs its new inbound SA before the
// response leaves and its outbound SA when the old pair is deleted; the
// initiator switches outbound when the response arrives, then deletes the old
// pair. Simultaneous rekeys of one Child SA (§2.8.1): the exchange with the
// lowest of the four nonces made the redundant SA; its initiator deletes it.

#include <optional>
#include <string>

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/crypto/key_exchange.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

class create_child_task final : public task {
public:
    // A new Child SA of configuration `child`, or with `old` the rekey of our
    // Child SA with that inbound SPI. A non-zero `reqid` recreates a Child SA
    // whose policies stayed installed (after a hard expiry).
    // `group`: the PFS group the responder asked for with INVALID_KE_PAYLOAD.
    explicit create_child_task(std::string child, std::optional<sad::spi> old = std::nullopt, std::uint32_t reqid = 0,
                               std::optional<ke_group> group = std::nullopt)
        : _child(std::move(child)), _old(old), _reqid(reqid), _group(group) {}
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::create_child_sa; }
    [[nodiscard]] std::string_view name() const noexcept override { return _old ? "rekey_child" : "create_child"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;

    [[nodiscard]] std::optional<sad::spi> rekeying() const noexcept { return _old; }
    // §2.8.1: the peer rekeyed the same Child SA meanwhile; its exchange's
    // lower nonce and the inbound SPI of the SA it made here.
    void collided(std::vector<std::uint8_t> lowest_nonce, sad::spi spi_in) {
        _collision = collision{std::move(lowest_nonce), spi_in};
    }

private:
    struct collision {
        std::vector<std::uint8_t> lowest_nonce;
        sad::spi spi_in;
    };
    task_outcome failed(ike_sa& sa, engine_context& ctx, std::string_view why);
    task_outcome refused(ike_sa& sa, engine_context& ctx, const notify_payload& error);
    bool retry_with_group(ike_sa& sa, const notify_payload& invalid_ke);
    void finish_rekey(ike_sa& sa, engine_context& ctx, const std::vector<std::uint8_t>& nonce_r);

    std::string _child;
    std::optional<sad::spi> _old;
    std::uint32_t _reqid = 0;
    std::optional<ke_group> _group;
    bool _retried = false;
    sad::spi _spi_in;
    std::optional<crypto::key_exchange> _ke;
    std::vector<std::uint8_t> _nonce;
    std::vector<common::traffic_selector> _tsi, _tsr;
    std::optional<collision> _collision;
};

// The responder's side of a CREATE_CHILD_SA request for a Child SA.
void respond_create_child(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request);

// The smaller of two nonces as octet strings (§2.8.1).
const std::vector<std::uint8_t>& lower_nonce(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

}  // namespace ravelin::cp::ike
