#pragma once
// Encodings around signatures in AUTH payloads: the RFC 7427 §3 ASN.1
// AlgorithmIdentifier that prefixes a Digital Signature (method 14), and the
// fixed-size r | s form of ECDSA signatures in methods 9-11 (RFC 4754 §7).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;

enum class signature_algorithm { rsa_pkcs1, rsa_pss, ecdsa, ed25519 };

// hash is identity for Ed25519 (RFC 8420 §2). For RSASSA-PSS the MGF1 hash is
// the message hash and the salt its length, as strongSwan and RFC 7427 App. A use.
struct signature_scheme {
    signature_algorithm algorithm = signature_algorithm::rsa_pkcs1;
    hash_algorithm hash = hash_algorithm::sha2_256;
    friend bool operator==(const signature_scheme&, const signature_scheme&) = default;
};

// DER of the AlgorithmIdentifier (RFC 7427 Appendix A), or unsupported_auth_method.
result<std::vector<std::uint8_t>> encode_algorithm_identifier(const signature_scheme& scheme);

// Parses an AlgorithmIdentifier; RSASSA-PSS parameters are decoded and must name
// the same hash for the message and MGF1 with a salt of the hash length.
result<signature_scheme> parse_algorithm_identifier(bytes_view der);

// DER ECDSA-Sig-Value <-> r | s, each zero-padded to the curve's field size.
result<std::vector<std::uint8_t>> ecdsa_der_to_raw(bytes_view der, std::size_t field_size);
result<std::vector<std::uint8_t>> ecdsa_raw_to_der(bytes_view raw);

// OpenSSL digest name of a hash ("SHA256"), nullptr for identity/unknown.
const char* digest_name(hash_algorithm hash) noexcept;
std::size_t digest_size(hash_algorithm hash) noexcept;

}  // namespace ravelin::cp::ike::crypto
