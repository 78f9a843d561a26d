#pragma once
// Proposal strings in strongSwan's syntax: dash-separated keywords, any number
// of algorithms per transform type, in preference order.
//   IKE: aes256gcm16-prfsha384-ecp384, aes128-sha256-modp2048 (sha256 implies
//        prfsha256, as strongSwan does), chacha20poly1305-prfsha256-x25519
//   ESP: aes128gcm16, aes256-sha256, aes128gcm16-x25519 (PFS), ...-esn / -noesn

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "control-plane/ike/crypto/transforms.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

struct proposal {
    protocol_id protocol = protocol_id::ike;
    std::vector<encryption_transform> encryption;
    std::vector<prf_id> prfs;
    std::vector<integrity_id> integrity;
    std::vector<ke_group> ke_groups;
    std::vector<esn_id> esn;  // ESP only; "no ESN" when the string names neither
    friend bool operator==(const proposal&, const proposal&) = default;

    [[nodiscard]] bool aead() const noexcept;
};

// Parsing fails with a crypto errc; `keyword` names the offending keyword (empty
// for whole-proposal errors such as a missing PRF), for the configuration error.
struct proposal_parse_result {
    common::result<proposal> value;
    std::string keyword;

    // "unknown proposal keyword 'aes129'" and the like.
    [[nodiscard]] std::string message() const;
};

proposal_parse_result parse_proposal(std::string_view text, protocol_id protocol);

// Keywords in canonical strongSwan spelling, encryption-integrity-prf-ke-esn;
// parse_proposal(format_proposal(p), p.protocol) gives p back.
std::string format_proposal(const proposal& p);

}  // namespace ravelin::cp::ike::crypto
