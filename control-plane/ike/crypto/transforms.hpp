#pragma once
// The transforms this suite implements, by IANA value (RFC 7296 §3.3.2), with the
// sizes the key derivation and SK payload need and strongSwan's proposal
// keywords (strongSwan's proposal_keywords_static.txt), so a swanctl proposal
// means the same thing here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

// An encryption transform is its IANA id plus the Key Length attribute
// (RFC 7296 §3.3.5); key_bits is 0 for fixed-key ciphers (ChaCha20-Poly1305),
// which carry no attribute.
struct encryption_transform {
    encryption_id id = encryption_id::aes_cbc;
    std::uint16_t key_bits = 0;
    friend bool operator==(const encryption_transform&, const encryption_transform&) = default;
};

struct encryption_info {
    encryption_transform transform;
    std::string_view keyword;
    std::size_t key_size;    // cipher key in bytes
    std::size_t salt_size;   // AEAD salt taken from the key material (RFC 5282 §7.1, RFC 7634 §2)
    std::size_t block_size;  // padding alignment (1: no alignment needed)
    std::size_t iv_size;     // IV carried in each SK payload
    std::size_t icv_size;    // AEAD tag size; 0 for non-AEAD ciphers
    [[nodiscard]] bool aead() const noexcept { return icv_size != 0; }
    // Bytes of SK_e / ESP KEYMAT per direction: key plus salt.
    [[nodiscard]] std::size_t keymat_size() const noexcept { return key_size + salt_size; }
};

struct prf_info {
    prf_id id;
    std::string_view keyword;
    std::string_view digest;  // OpenSSL digest name for HMAC
    std::size_t output_size;  // also the preferred key size (RFC 7296 §2.14)
};

struct integrity_info {
    integrity_id id;
    std::string_view keyword;
    std::string_view digest;
    std::size_t key_size;
    std::size_t icv_size;  // truncated HMAC output (RFC 4868 §2.3)
    prf_id implied_prf;    // strongSwan adds this PRF when an IKE proposal names none
};

enum class ke_family { modp, ecp, montgomery };

struct ke_info {
    ke_group id;
    std::string_view keyword;
    std::string_view alias;        // second strongSwan keyword (curve25519 for x25519), may be empty
    std::string_view ossl_group;   // OpenSSL group or key type name
    ke_family family;
    std::size_t public_size;       // KE payload data size (RFC 7296 §3.4, RFC 5903 §7, RFC 8031 §2)
};

std::optional<encryption_info> find_encryption(encryption_transform transform) noexcept;
std::optional<prf_info> find_prf(prf_id id) noexcept;
std::optional<integrity_info> find_integrity(integrity_id id) noexcept;
std::optional<ke_info> find_ke(ke_group id) noexcept;

std::span<const encryption_info> encryption_table() noexcept;
std::span<const prf_info> prf_table() noexcept;
std::span<const integrity_info> integrity_table() noexcept;
std::span<const ke_info> ke_table() noexcept;

}  // namespace ravelin::cp::ike::crypto
