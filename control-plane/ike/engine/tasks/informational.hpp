#pragma once
// RFC 7296 §1.4 INFORMATIONAL exchanges: deleting IKE and Child SAs (§1.4.1),
// liveness checks (§2.4, an empty request), and answering the peer's.

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

// HDR, SK {D(IKE)}: the response, or the retransmissions running out, ends the SA.
class delete_ike_task final : public task {
public:
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::informational; }
    [[nodiscard]] std::string_view name() const noexcept override { return "delete_ike"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;
};

// HDR, SK {D(ESP, SPI)}: the peer answers with its own SPI of the pair (§1.4.1).
class delete_child_task final : public task {
public:
    explicit delete_child_task(sad::spi spi_in) : _spi_in(spi_in) {}
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::informational; }
    [[nodiscard]] std::string_view name() const noexcept override { return "delete_child"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;

private:
    sad::spi _spi_in;
};

// HDR, SK {}: §2.4 liveness check; no answer after the retransmissions means a dead peer.
class dpd_task final : public task {
public:
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::informational; }
    [[nodiscard]] std::string_view name() const noexcept override { return "dpd"; }
    common::result<std::vector<payload>> build(ike_sa&, engine_context&) override { return std::vector<payload>{}; }
    task_outcome process(ike_sa&, engine_context&, const std::vector<payload>&) override { return task_outcome::done; }
};

enum class informational_result { keep, close };

// Answers the peer's INFORMATIONAL request; `close` after it deleted the IKE SA.
informational_result respond_informational(ike_sa& sa, engine_context& ctx, message_id id,
                                           const std::vector<payload>& request);

// Deletes every Child SA of the IKE SA from the SAD (the IKE SA is going).
void remove_children(ike_sa& sa, engine_context& ctx);

}  // namespace ravelin::cp::ike
