#include "control-plane/ike/crypto/transforms.hpp"

#include <algorithm>
#include <array>

namespace ravelin::cp::ike::crypto {
namespace {

using enum encryption_id;

// AES-CBC: 16-byte IV and blocks (RFC 3602 §3). AES-GCM: 8-byte explicit IV,
// 4-byte salt (RFC 5282 §3, §7.1). ChaCha20-Poly1305: 8-byte IV, 4-byte salt,
// 16-byte tag (RFC 7634 §2). AEAD ciphers need no alignment (block size 1).
constexpr encryption_info cbc(std::uint16_t bits, std::string_view keyword) {
    return {{aes_cbc, bits}, keyword, bits / 8u, 0, 16, 16, 0};
}
constexpr encryption_info gcm(encryption_id id, std::uint16_t bits, std::size_t icv, std::string_view keyword) {
    return {{id, bits}, keyword, bits / 8u, 4, 1, 8, icv};
}

constexpr std::array encryption_entries{
    cbc(128, "aes128"), cbc(192, "aes192"), cbc(256, "aes256"),
    gcm(aes_gcm_8, 128, 8, "aes128gcm8"), gcm(aes_gcm_12, 128, 12, "aes128gcm12"),
    gcm(aes_gcm_16, 128, 16, "aes128gcm16"),
    gcm(aes_gcm_8, 192, 8, "aes192gcm8"), gcm(aes_gcm_12, 192, 12, "aes192gcm12"),
    gcm(aes_gcm_16, 192, 16, "aes192gcm16"),
    gcm(aes_gcm_8, 256, 8, "aes256gcm8"), gcm(aes_gcm_12, 256, 12, "aes256gcm12"),
    gcm(aes_gcm_16, 256, 16, "aes256gcm16"),
    encryption_info{{chacha20_poly1305, 0}, "chacha20poly1305", 32, 4, 1, 8, 16},
};

constexpr std::array prf_entries{
    prf_info{prf_id::hmac_sha1, "prfsha1", "SHA1", 20},
    prf_info{prf_id::hmac_sha2_256, "prfsha256", "SHA256", 32},
    prf_info{prf_id::hmac_sha2_384, "prfsha384", "SHA384", 48},
    prf_info{prf_id::hmac_sha2_512, "prfsha512", "SHA512", 64},
};

// RFC 4868 §2.1: the HMAC-SHA-2 key is the full digest size, the ICV half of it.
constexpr std::array integrity_entries{
    integrity_info{integrity_id::hmac_sha1_96, "sha1", "SHA1", 20, 12, prf_id::hmac_sha1},
    integrity_info{integrity_id::hmac_sha2_256_128, "sha256", "SHA256", 32, 16, prf_id::hmac_sha2_256},
    integrity_info{integrity_id::hmac_sha2_384_192, "sha384", "SHA384", 48, 24, prf_id::hmac_sha2_384},
    integrity_info{integrity_id::hmac_sha2_512_256, "sha512", "SHA512", 64, 32, prf_id::hmac_sha2_512},
};

// MODP groups are RFC 3526's, named modp_<bits> in OpenSSL 3. ECP values are
// x || y (RFC 5903 §7); Curve25519/448 the raw u-coordinate (RFC 8031 §2).
constexpr std::array ke_entries{
    ke_info{ke_group::modp2048, "modp2048", "", "modp_2048", ke_family::modp, 256},
    ke_info{ke_group::modp3072, "modp3072", "", "modp_3072", ke_family::modp, 384},
    ke_info{ke_group::modp4096, "modp4096", "", "modp_4096", ke_family::modp, 512},
    ke_info{ke_group::modp6144, "modp6144", "", "modp_6144", ke_family::modp, 768},
    ke_info{ke_group::modp8192, "modp8192", "", "modp_8192", ke_family::modp, 1024},
    ke_info{ke_group::ecp256, "ecp256", "", "prime256v1", ke_family::ecp, 64},
    ke_info{ke_group::ecp384, "ecp384", "", "secp384r1", ke_family::ecp, 96},
    ke_info{ke_group::ecp521, "ecp521", "", "secp521r1", ke_family::ecp, 132},
    ke_info{ke_group::curve25519, "x25519", "curve25519", "X25519", ke_family::montgomery, 32},
    ke_info{ke_group::curve448, "x448", "curve448", "X448", ke_family::montgomery, 56},
};

template <typename Table, typename Pred>
auto find_in(const Table& table, Pred pred) noexcept -> std::optional<typename Table::value_type> {
    const auto it = std::find_if(table.begin(), table.end(), pred);
    if (it == table.end()) return std::nullopt;
    return *it;
}

}  // namespace

std::optional<encryption_info> find_encryption(encryption_transform transform) noexcept {
    return find_in(encryption_entries, [&](const encryption_info& e) { return e.transform == transform; });
}
std::optional<prf_info> find_prf(prf_id id) noexcept {
    return find_in(prf_entries, [&](const prf_info& e) { return e.id == id; });
}
std::optional<integrity_info> find_integrity(integrity_id id) noexcept {
    return find_in(integrity_entries, [&](const integrity_info& e) { return e.id == id; });
}
std::optional<ke_info> find_ke(ke_group id) noexcept {
    return find_in(ke_entries, [&](const ke_info& e) { return e.id == id; });
}

std::span<const encryption_info> encryption_table() noexcept { return encryption_entries; }
std::span<const prf_info> prf_table() noexcept { return prf_entries; }
std::span<const integrity_info> integrity_table() noexcept { return integrity_entries; }
std::span<const ke_info> ke_table() noexcept { return ke_entries; }

}  // namespace ravelin::cp::ike::crypto
