#pragma once
// One IKE SA and its Child SAs: the state every task reads and writes. Only the
// task manager (task_manager.hpp) sends and numbers messages for it.

#include <optional>
#include <string>
#include <vector>

#include "control-plane/config/model.hpp"
#include "control-plane/ike/codec/id.hpp"
#include "control-plane/ike/crypto/key_exchange.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"
#include "control-plane/ike/engine/fragmentation.hpp"
#include "control-plane/ike/engine/io.hpp"
#include "control-plane/ike/engine/proposals.hpp"
#include "control-plane/ike/engine/status.hpp"
#include "control-plane/ike/engine/task_manager.hpp"
#include "control-plane/sad/model.hpp"

namespace ravelin::cp::ike {

struct child_sa {
    std::string name;
    std::uint32_t reqid = 0;  // kept by rekeys: the policies stay, the SAs change
    sad::spi spi_in;
    sad::spi spi_out;
    child_sa_state state = child_sa_state::installed;  // rekeying: our rekey in flight
    bool replaced = false;  // a rekey made its successor; deleted next (§2.8)
    bool expired = false;   // hard limit reached: its SAs are gone, its policies stay
    // The responder of a rekey installs its new outbound SA only when the old
    // pair is deleted (make-before-break, §2.8); until then it waits here.
    std::optional<sad::sa_spec> pending_outbound;
    time_point rekey_at = time_point::max();   // rekey_time - jitter (0: never)
    time_point expire_at = time_point::max();  // life_time: hard expiry
    chosen_proposal proposal;
    sad::mode mode = sad::mode::tunnel;
    bool udp_encap = false;
    std::vector<common::traffic_selector> local_ts;
    std::vector<common::traffic_selector> remote_ts;
    time_point installed_at{};
    std::optional<std::string> keys_hex_debug;  // only with engine_options::expose_keys
};

struct ike_sa {
    std::uint32_t unique_id = 0;
    config::connection_config connection;
    bool initiator = false;
    ike_spi spi_i;
    ike_spi spi_r;
    endpoint local;
    endpoint remote;
    ike_sa_state state = ike_sa_state::connecting;

    // IKE_SA_INIT: what AUTH signs later (RealMessage1/2, §2.15) and the keys.
    std::optional<crypto::key_exchange> ke;
    std::vector<std::uint8_t> nonce_i, nonce_r;
    std::vector<std::uint8_t> init_request, init_response;
    std::optional<chosen_proposal> proposal;
    std::optional<crypto::ike_sa_keys> keys;
    std::optional<crypto::sk_cipher> cipher_out, cipher_in;
    bool nat_local = false;   // this end is behind a NAT (§2.23)
    bool nat_remote = false;  // the peer is
    bool peer_fragmentation = false;  // RFC 7383 §2.3
    std::vector<hash_algorithm> peer_signature_hashes;  // RFC 7427 §4
    reassembly fragments;             // of the peer's fragmented message in flight

    id_payload local_id, remote_id;
    std::vector<child_sa> children;
    task_manager tasks;
    time_point created{}, established_at{}, last_heard{};
    time_point rekey_at = time_point::max();   // IKE rekey_time - jitter (0: never)
    time_point expire_at = time_point::max();  // rekey_time + over_time: deleted
    bool rekeyed = false;  // replaced by a new IKE SA (§2.18), waiting for its delete

    [[nodiscard]] child_sa* child_by_spi_in(sad::spi spi);
    [[nodiscard]] child_sa* child_by_spi_out(sad::spi spi);

    [[nodiscard]] ike_spi local_spi() const noexcept { return initiator ? spi_i : spi_r; }
    [[nodiscard]] bool nat_detected() const noexcept { return nat_local || nat_remote; }
    // "0123456789abcdef_i fedcba9876543210_r 192.0.2.1[500]" for logs.
    [[nodiscard]] std::string describe() const;
};

}  // namespace ravelin::cp::ike
