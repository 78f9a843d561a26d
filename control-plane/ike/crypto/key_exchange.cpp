#include "control-plane/ike/crypto/key_exchange.hpp"

#include <algorithm>

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/ke_groups.hpp"
#include "control-plane/ike/crypto/transforms.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

bool all_zero(std::span<const std::uint8_t> bytes) {
    std::uint8_t acc = 0;
    for (const auto b : bytes) acc = static_cast<std::uint8_t>(acc | b);
    return acc == 0;
}

result<secret_bytes> derive(EVP_PKEY* own, EVP_PKEY* peer, const ke_info& info) {
    ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return openssl_error("EVP_PKEY_derive_init");
    // RFC 7296 §2.14: g^ir keeps its leading zeros, padded to the modulus length.
    if (info.family == ke_family::modp && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1) {
        return openssl_error("EVP_PKEY_CTX_set_dh_pad");
    }
    // validate_peer = 1: OpenSSL runs its own public key check as a second line.
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 1) != 1) {
        openssl_error("EVP_PKEY_derive_set_peer");
        return errc::invalid_public_value;
    }
    std::size_t length = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1) return openssl_error("EVP_PKEY_derive(size)");
    secret_bytes secret(length);
    if (EVP_PKEY_derive(ctx.get(), secret.expose_mutable().data(), &length) != 1) {
        // OpenSSL refuses an all-zero X25519/X448 output (RFC 7748 §6); anything
        // else failing here is a library error.
        const auto error = openssl_error("EVP_PKEY_derive");
        if (info.family == ke_family::montgomery) return errc::invalid_shared_secret;
        return error;
    }
    if (length != secret.size()) return errc::openssl_failure;
    // RFC 8031 §2: an all-zero result means a low-order peer point; refuse it.
    if (info.family == ke_family::montgomery && all_zero(secret.expose())) return errc::invalid_shared_secret;
    return secret;
}

}  // namespace

key_exchange::key_exchange(ke_group group, ossl::pkey key, std::vector<std::uint8_t> public_value)
    : _group(group), _key(std::move(key)), _public(std::move(public_value)) {}

result<key_exchange> key_exchange::generate(ke_group group) {
    const auto info = find_ke(group);
    if (!info) return errc::unsupported_transform;
    RAVELIN_TRY(ossl::pkey key, ke_generate(*info));
    RAVELIN_TRY(auto public_value, ke_public_value(*info, key.get()));
    return key_exchange(group, std::move(key), std::move(public_value));
}

result<key_exchange> key_exchange::from_private(ke_group group, const secret_bytes& private_value) {
    const auto info = find_ke(group);
    if (!info) return errc::unsupported_transform;
    RAVELIN_TRY(ossl::pkey key, ke_import_private(*info, private_value.expose()));
    RAVELIN_TRY(auto public_value, ke_public_value(*info, key.get()));
    return key_exchange(group, std::move(key), std::move(public_value));
}

result<secret_bytes> key_exchange::shared_secret(bytes_view peer_public) const {
    const auto info = find_ke(_group);
    if (!info) return errc::unsupported_transform;
    RAVELIN_TRY(ossl::pkey peer, ke_import_peer(*info, peer_public));
    return derive(_key.get(), peer.get(), *info);
}

result<void> validate_public_value(ke_group group, bytes_view peer_public) {
    const auto info = find_ke(group);
    if (!info) return errc::unsupported_transform;
    RAVELIN_TRY(const ossl::pkey peer, ke_import_peer(*info, peer_public));
    (void)peer;
    return {};
}

}  // namespace ravelin::cp::ike::crypto
