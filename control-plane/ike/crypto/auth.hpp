#pragma once
// AUTH payload contents (RFC 7296 §2.15, §3.8): the signed octets, shared-key
// MICs, signatures for methods 1 (RSA PKCS#1 v1.5), 9-11 (ECDSA, RFC 4754) and
// 14 (Digital Signature, RFC 7427: RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA, Ed25519),
// and the SIGNATURE_HASH_ALGORITHMS notify data (RFC 7427 §4).

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "control-plane/ike/crypto/certificate.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;
using common::secret_bytes;

// InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI, with
// MACedIDForI = prf(SK_pi, RestOfInitIDPayload); the responder's mirror image
// uses RealMessage2, NonceIData and SK_pr (RFC 7296 §2.15). `id_payload_body`
// is the ID payload after its generic header: ID Type | RESERVED | data.
result<std::vector<std::uint8_t>> signed_octets(bytes_view real_message, bytes_view peer_nonce, prf_id prf,
                                                const secret_bytes& sk_p, bytes_view id_payload_body);

// AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)
result<std::vector<std::uint8_t>> shared_key_auth(prf_id prf, const secret_bytes& shared_secret, bytes_view octets);
// Recomputes and compares in constant time; errc::auth_failed on mismatch.
result<void> verify_shared_key_auth(prf_id prf, const secret_bytes& shared_secret, bytes_view octets,
                                    bytes_view auth_data);

enum class rsa_padding { pkcs1_v15, pss };

struct signing_options {
    auth_method method = auth_method::digital_signature;
    hash_algorithm hash = hash_algorithm::sha2_256;  // method 14 only; identity for Ed25519
    rsa_padding padding = rsa_padding::pkcs1_v15;    // method 14 with an RSA key
};

// The Authentication Data of an AUTH payload of `options.method`. The key must
// suit the method: RSA for 1, the matching P-256/384/521 key for 9/10/11.
result<std::vector<std::uint8_t>> sign_auth(const private_key& key, bytes_view octets, const signing_options& options);

// Verifies Authentication Data of `method` with the peer's public key (from its
// verified certificate). For method 14, the hash must be one of
// `allowed_hashes` (what we announced), unless that list is empty.
result<void> verify_auth(auth_method method, EVP_PKEY* public_key, bytes_view octets, bytes_view auth_data,
                         std::span<const hash_algorithm> allowed_hashes = {});

// SIGNATURE_HASH_ALGORITHMS notify data: a list of 2-octet hash identifiers.
std::vector<std::uint8_t> encode_signature_hash_algorithms(std::span<const hash_algorithm> hashes);
// Unknown identifiers are skipped (RFC 7427 §4); an odd length is malformed.
result<std::vector<hash_algorithm>> parse_signature_hash_algorithms(bytes_view data);

}  // namespace ravelin::cp::ike::crypto
