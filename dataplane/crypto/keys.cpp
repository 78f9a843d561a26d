#include "dataplane/crypto/keys.hpp"

#include <array>

#include "common/constant_time.hpp"

namespace ravelin::dp::crypto {

result<void> expand_gcm_key(IMB_MGR* mgr, std::span<const std::uint8_t> key, gcm_key_data& out) noexcept {
    if (key.size() == 16) {
        IMB_AES128_GCM_PRE(mgr, key.data(), &out);
    } else if (key.size() == 32) {
        IMB_AES256_GCM_PRE(mgr, key.data(), &out);
    } else {
        return errc::bad_key_length;
    }
    return {};
}

result<void> expand_aes_key(IMB_MGR* mgr, std::span<const std::uint8_t> key, aes_key_schedule& out) noexcept {
    if (key.size() == 16) {
        IMB_AES_KEYEXP_128(mgr, key.data(), out.enc, out.dec);
    } else if (key.size() == 32) {
        IMB_AES_KEYEXP_256(mgr, key.data(), out.enc, out.dec);
    } else {
        return errc::bad_key_length;
    }
    return {};
}

std::size_t hmac_block_size(hmac_hash h) noexcept {
    return (h == hmac_hash::sha384 || h == hmac_hash::sha512) ? 128 : 64;
}

IMB_HASH_ALG hmac_imb_alg(hmac_hash h) noexcept {
    switch (h) {
        case hmac_hash::sha1: return IMB_AUTH_HMAC_SHA_1;
        case hmac_hash::sha256: return IMB_AUTH_HMAC_SHA_256;
        case hmac_hash::sha384: return IMB_AUTH_HMAC_SHA_384;
        case hmac_hash::sha512: return IMB_AUTH_HMAC_SHA_512;
    }
    return IMB_AUTH_NULL;
}

namespace {

void one_block(IMB_MGR* mgr, hmac_hash h, const std::uint8_t* block, std::uint8_t* state) noexcept {
    switch (h) {
        case hmac_hash::sha1: IMB_SHA1_ONE_BLOCK(mgr, block, state); break;
        case hmac_hash::sha256: IMB_SHA256_ONE_BLOCK(mgr, block, state); break;
        case hmac_hash::sha384: IMB_SHA384_ONE_BLOCK(mgr, block, state); break;
        case hmac_hash::sha512: IMB_SHA512_ONE_BLOCK(mgr, block, state); break;
    }
}

}  // namespace

result<void> precompute_hmac(IMB_MGR* mgr, hmac_hash h, std::span<const std::uint8_t> key, hmac_key& out) noexcept {
    // ESP integrity keys (RFC 2404, RFC 4868 §2.1.1) are never longer than a block,
    // so the RFC 2104 step of hashing a long key first is not needed.
    const std::size_t block = hmac_block_size(h);
    if (key.empty() || key.size() > block) return errc::bad_key_length;
    std::array<std::uint8_t, 128> pad{};
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<std::uint8_t>((i < key.size() ? key[i] : 0) ^ 0x36);
    one_block(mgr, h, pad.data(), out.ipad);
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<std::uint8_t>((i < key.size() ? key[i] : 0) ^ 0x5c);
    one_block(mgr, h, pad.data(), out.opad);
    common::secure_wipe(pad.data(), pad.size());
    return {};
}

}  // namespace ravelin::dp::crypto
