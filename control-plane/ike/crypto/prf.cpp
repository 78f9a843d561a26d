#include "control-plane/ike/crypto/prf.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "common/constant_time.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"
#include "control-plane/ike/crypto/transforms.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

// Fetched once: EVP_MAC_fetch walks the provider tables.
EVP_MAC* hmac_algorithm() {
    static const ossl::mac algorithm(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    return algorithm.get();
}

}  // namespace

result<secret_bytes> hmac(std::string_view digest, bytes_view key, bytes_view data) {
    if (hmac_algorithm() == nullptr) return openssl_error("EVP_MAC_fetch(HMAC)");
    ossl::mac_ctx ctx(EVP_MAC_CTX_new(hmac_algorithm()));
    if (!ctx) return openssl_error("EVP_MAC_CTX_new");
    std::string name(digest);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it.
    static const std::uint8_t no_key = 0;
    const std::uint8_t* key_bytes = key.empty() ? &no_key : key.data();
    if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1) return openssl_error("EVP_MAC_init");
    if (EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) return openssl_error("EVP_MAC_update");
    secret_bytes out(EVP_MAC_CTX_get_mac_size(ctx.get()));
    std::size_t written = 0;
    if (EVP_MAC_final(ctx.get(), out.expose_mutable().data(), &written, out.size()) != 1) {
        return openssl_error("EVP_MAC_final");
    }
    return out;
}

result<secret_bytes> prf(prf_id id, bytes_view key, bytes_view data) {
    const auto info = find_prf(id);
    if (!info) return errc::unsupported_transform;
    return hmac(info->digest, key, data);
}

result<secret_bytes> prf_plus(prf_id id, bytes_view key, bytes_view seed, std::size_t length) {
    const auto info = find_prf(id);
    if (!info) return errc::unsupported_transform;
    if (length > 255 * info->output_size) return errc::invalid_key_length;
    secret_bytes out(length);
    // Tn-1 | S | n, rebuilt each round; wiped on every exit because T is key material.
    struct wiped_buffer {
        std::vector<std::uint8_t> bytes;
        ~wiped_buffer() { common::secure_wipe(bytes.data(), bytes.size()); }
    } input;
    input.bytes.reserve(info->output_size + seed.size() + 1);
    std::size_t filled = 0;
    secret_bytes previous;
    for (unsigned counter = 1; filled < length; ++counter) {
        input.bytes.assign(previous.expose().begin(), previous.expose().end());
        input.bytes.insert(input.bytes.end(), seed.begin(), seed.end());
        input.bytes.push_back(static_cast<std::uint8_t>(counter));
        RAVELIN_TRY(previous, hmac(info->digest, key, input.bytes));
        const std::size_t take = std::min(previous.size(), length - filled);
        std::copy_n(previous.expose().begin(), take, out.expose_mutable().begin() + static_cast<std::ptrdiff_t>(filled));
        filled += take;
    }
    return out;
}

result<std::vector<std::uint8_t>> compute_icv(integrity_id id, bytes_view key, bytes_view data) {
    const auto info = find_integrity(id);
    if (!info) return errc::unsupported_transform;
    if (key.size() != info->key_size) return errc::invalid_key_length;
    RAVELIN_TRY(const secret_bytes full, hmac(info->digest, key, data));
    const auto icv = full.expose().first(info->icv_size);
    return std::vector<std::uint8_t>(icv.begin(), icv.end());
}

}  // namespace ravelin::cp::ike::crypto
