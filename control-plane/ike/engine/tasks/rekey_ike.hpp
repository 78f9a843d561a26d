#pragma once
// RFC 7296 §1.3.2, §2.18: rekeying the IKE SA with CREATE_CHILD_SA. The new
// IKE SA takes new SPIs and SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr);
// its initiator is whoever initiated the rekey. The Child SAs move over
// untouched, and the rekey's initiator deletes the old IKE SA. Simultaneous
// rekeys (§2.8.2): the exchange with the lowest of the four nonces made the
// redundant IKE SA, which its initiator deletes; the other one deletes the old.

#include <memory>
#include <optional>

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/crypto/key_exchange.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

class rekey_ike_task final : public task {
public:
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::create_child_sa; }
    [[nodiscard]] std::string_view name() const noexcept override { return "rekey_ike"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;

    // §2.8.2: the peer rekeyed this IKE SA meanwhile; its exchange's lower
    // nonce and our SPI of the IKE SA it made.
    void collided(std::vector<std::uint8_t> lowest_nonce, std::uint64_t spi) {
        _collision = collision{std::move(lowest_nonce), spi};
    }

private:
    struct collision {
        std::vector<std::uint8_t> lowest_nonce;
        std::uint64_t spi = 0;
    };
    task_outcome failed(ike_sa& sa, engine_context& ctx, std::string_view why);
    std::unique_ptr<ike_sa> successor(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response);

    ike_spi _spi;
    std::optional<crypto::key_exchange> _ke;
    std::vector<std::uint8_t> _nonce;
    std::optional<collision> _collision;
};

// The responder's side of a CREATE_CHILD_SA that rekeys the IKE SA (an SA
// payload of protocol IKE).
void respond_rekey_ike(ike_sa& sa, engine_context& ctx, message_id id, const std::vector<payload>& request);

// A CREATE_CHILD_SA request whose SA payload proposes protocol IKE.
bool rekeys_ike_sa(const std::vector<payload>& request);

// swanctl rekey_time, rand_time and over_time of a newly established IKE SA.
void schedule_ike_lifetime(ike_sa& sa, engine_context& ctx);

}  // namespace ravelin::cp::ike
