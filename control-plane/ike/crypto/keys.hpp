#pragma once
// Key derivation of IKEv2: SKEYSEED and the seven SK_* keys (RFC 7296 §2.14),
// Child SA KEYMAT with and without PFS (§2.17), SKEYSEED of a rekeyed IKE SA
// (§2.18).

#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "control-plane/ike/crypto/transforms.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;
using common::secret_bytes;

// The negotiated IKE SA transforms that shape the keys.
struct ike_suite {
    encryption_transform encryption;
    integrity_id integrity = integrity_id::none;  // none with AEAD
    prf_id prf = prf_id::hmac_sha2_256;
    ke_group group = ke_group::none;
};

// The negotiated Child SA transforms (ESP or AH).
struct child_suite {
    std::optional<encryption_transform> encryption;  // absent for AH
    integrity_id integrity = integrity_id::none;
};

struct ike_sa_keys {
    secret_bytes sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

// Initiator-to-responder keys are taken first (RFC 7296 §2.17).
struct child_sa_keys {
    secret_bytes encryption_i, integrity_i, encryption_r, integrity_r;
};

// SKEYSEED = prf(Ni | Nr, g^ir)  (RFC 7296 §2.14)
result<secret_bytes> derive_skeyseed(prf_id prf, bytes_view nonce_i, bytes_view nonce_r,
                                     const secret_bytes& shared_secret);

// SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)  (RFC 7296 §2.18); old_prf is
// the PRF of the IKE SA being rekeyed.
result<secret_bytes> derive_rekey_skeyseed(prf_id old_prf, const secret_bytes& old_sk_d,
                                           const secret_bytes& shared_secret, bytes_view nonce_i,
                                           bytes_view nonce_r);

// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
//     = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)  (RFC 7296 §2.14)
result<ike_sa_keys> derive_ike_sa_keys(const ike_suite& suite, const secret_bytes& skeyseed,
                                       bytes_view nonce_i, bytes_view nonce_r, std::uint64_t spi_i,
                                       std::uint64_t spi_r);

// KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) with PFS
// (RFC 7296 §2.17). Encryption keys include the AEAD salt (RFC 4106 §8.1,
// RFC 7634 §3).
result<child_sa_keys> derive_child_sa_keys(prf_id prf, const child_suite& suite, const secret_bytes& sk_d,
                                           const secret_bytes* pfs_shared_secret, bytes_view nonce_i,
                                           bytes_view nonce_r);

}  // namespace ravelin::cp::ike::crypto
