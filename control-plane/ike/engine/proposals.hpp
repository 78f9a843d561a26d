#pragma once
// Between configured proposals (strongSwan keywords, control-plane/ike/crypto)
// and SA payloads (RFC 7296 §3.3): what we offer, and which offer we accept.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "control-plane/ike/codec/sa.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/crypto/proposal.hpp"

namespace ravelin::cp::ike {

// One transform of each type: what a responder picked (RFC 7296 §2.7).
struct chosen_proposal {
    std::uint8_t number = 1;
    protocol_id protocol = protocol_id::ike;
    std::vector<std::uint8_t> spi;
    crypto::encryption_transform encryption;
    prf_id prf = prf_id::hmac_sha2_256;           // IKE only
    integrity_id integrity = integrity_id::none;  // none with AEAD
    ke_group group = ke_group::none;              // none for a Child SA without PFS
    esn_id esn = esn_id::no;                      // ESP/AH only

    [[nodiscard]] crypto::ike_suite ike_suite() const noexcept;
    [[nodiscard]] crypto::child_suite child_suite() const noexcept;
    // strongSwan keyword form for status: aes256gcm16-prfsha256-x25519
    [[nodiscard]] std::string to_string() const;
};

// Configured strings ("default" expanded as strongSwan 5.9 does) into proposals.
// Unparseable strings are skipped: the configuration loader already refused them.
std::vector<crypto::proposal> configured_proposals(const std::vector<std::string>& texts, protocol_id protocol);

// SA payload offering `proposals` numbered from 1, each with `spi`. Key exchange
// transforms are left out when `with_ke` is false (SAi2 of IKE_AUTH, §1.2).
sa_payload make_sa_payload(const std::vector<crypto::proposal>& proposals, const std::vector<std::uint8_t>& spi,
                           bool with_ke);

// The SA payload of a response: exactly the chosen transforms (§3.3.6).
sa_payload make_sa_payload(const chosen_proposal& chosen);

// The two octets of INVALID_KE_PAYLOAD's data: the group we want (§3.10.1).
std::vector<std::uint8_t> group_octets(ke_group group);

// Responder selection: our proposals in our preference order, each against every
// offered one; the first fit wins (strongSwan's prefer_configured_proposals).
std::optional<chosen_proposal> select_proposal(const std::vector<crypto::proposal>& ours, const sa_payload& offered,
                                               bool with_ke);

// Initiator check of the responder's choice: one proposal, each transform one we
// offered (§3.3.6); nullopt otherwise.
std::optional<chosen_proposal> accept_choice(const std::vector<crypto::proposal>& ours, const sa_payload& answer,
                                             bool with_ke);

}  // namespace ravelin::cp::ike
