#pragma once
// Key schedules in the form IPsec-MB jobs take them, computed once at SA
// creation from secret_bytes and wiped when the SA is deleted.

#include <intel-ipsec-mb.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "dataplane/crypto/error.hpp"

namespace ravelin::dp::crypto {

using common::result;

// AES-GCM / AES-GMAC (RFC 4106, RFC 4543): expanded keys and GHASH tables.
result<void> expand_gcm_key(IMB_MGR* mgr, std::span<const std::uint8_t> key, gcm_key_data& out) noexcept;

// AES-CBC (RFC 3602): encryption and decryption round keys.
struct alignas(16) aes_key_schedule {
    std::uint8_t enc[16 * 15];
    std::uint8_t dec[16 * 15];
};
result<void> expand_aes_key(IMB_MGR* mgr, std::span<const std::uint8_t> key, aes_key_schedule& out) noexcept;

// HMAC (RFC 2104) inner and outer states after one block of key^ipad / key^opad,
// as IPsec-MB's HMAC jobs expect them.
enum class hmac_hash : std::uint8_t { sha1, sha256, sha384, sha512 };
struct alignas(16) hmac_key {
    std::uint8_t ipad[64];
    std::uint8_t opad[64];
};
std::size_t hmac_block_size(hmac_hash h) noexcept;
IMB_HASH_ALG hmac_imb_alg(hmac_hash h) noexcept;
result<void> precompute_hmac(IMB_MGR* mgr, hmac_hash h, std::span<const std::uint8_t> key, hmac_key& out) noexcept;

}  // namespace ravelin::dp::crypto
