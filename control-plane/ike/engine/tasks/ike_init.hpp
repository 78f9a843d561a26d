#pragma once
// RFC 7296 §1.2 IKE_SA_INIT: negotiate the IKE SA's transforms, exchange KE and
// nonces, detect NATs (§2.23), and announce fragmentation (RFC 7383 §2.3) and
// signature hashes (RFC 7427 §4).

#include <memory>
#include <optional>

#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"
#include "control-plane/ike/engine/task.hpp"

namespace ravelin::cp::ike {

class ike_init_task final : public task {
public:
    [[nodiscard]] exchange_type exchange() const noexcept override { return exchange_type::ike_sa_init; }
    [[nodiscard]] std::string_view name() const noexcept override { return "ike_sa_init"; }
    common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) override;
    task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) override;

private:
    task_outcome retry_with_group(ike_sa& sa, const notify_payload& invalid_ke);
    task_outcome complete(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response);

    std::optional<ke_group> _group;
    std::vector<std::uint8_t> _cookie;
    unsigned _restarts = 0;
};

// The responder's side of a new IKE_SA_INIT request (Message ID 0, SPIr 0).
// Answers it, statelessly when refusing (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD,
// COOKIE); returns the new half-open SA when accepting.
std::unique_ptr<ike_sa> respond_ike_sa_init(engine_context& ctx, const endpoint& local, const endpoint& remote,
                                            common::bytes_view datagram, const message& request,
                                            std::size_t half_open);

// The IKE SA's SK_* keys and SK payload ciphers from the completed key exchange.
common::result<void> derive_ike_keys(ike_sa& sa, common::bytes_view peer_ke);

// {SK_d | SK_ai | ...} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) and the SK ciphers (§2.14).
common::result<void> install_ike_keys(ike_sa& sa, const common::secret_bytes& skeyseed);

// NAT_DETECTION_SOURCE_IP and _DESTINATION_IP for a message from `from` to `to`.
std::vector<payload> natd_notifies(const ike_sa& sa, const endpoint& from, const endpoint& to);

// Sets nat_local/nat_remote from the peer's NAT-D notifies (§2.23), which the peer
// hashed with SPIi and `hashed_spi_r` (zero in an IKE_SA_INIT request).
void detect_nat(ike_sa& sa, ike_spi hashed_spi_r, const std::vector<payload>& peer_payloads);

// The connection a message between these endpoints belongs to, if any.
const config::connection_config* find_connection(const config::daemon_config& config, const endpoint& local,
                                                 const endpoint& remote);

}  // namespace ravelin::cp::ike
