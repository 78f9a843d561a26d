#include "control-plane/ike/crypto/auth.hpp"

#include <algorithm>
#include <string_view>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "common/constant_time.hpp"
#include "common/log.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"
#include "control-plane/ike/crypto/signature_encoding.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using bytes = std::vector<std::uint8_t>;

constexpr std::string_view key_pad = "Key Pad for IKEv2";  // RFC 7296 §2.15, no NUL

struct ecdsa_method {
    auth_method method;
    std::string_view curve;  // OpenSSL group name
    hash_algorithm hash;
    std::size_t field_size;
};

// RFC 4754 §3: each method fixes curve and hash together.
constexpr ecdsa_method ecdsa_methods[] = {
    {auth_method::ecdsa_sha256_p256, "prime256v1", hash_algorithm::sha2_256, 32},
    {auth_method::ecdsa_sha384_p384, "secp384r1", hash_algorithm::sha2_384, 48},
    {auth_method::ecdsa_sha512_p521, "secp521r1", hash_algorithm::sha2_512, 66},
};

const ecdsa_method* find_ecdsa_method(auth_method method) {
    for (const auto& m : ecdsa_methods) {
        if (m.method == method) return &m;
    }
    return nullptr;
}

std::string curve_of(EVP_PKEY* key) {
    char name[64] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1) return {};
    return std::string(name, length);
}

bool is_rsa(EVP_PKEY* key) { return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA; }

// The scheme a method-14 signature with `key` uses, per the options.
result<signature_scheme> scheme_for(EVP_PKEY* key, const signing_options& options) {
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            return signature_scheme{options.padding == rsa_padding::pss ? signature_algorithm::rsa_pss
                                                                          : signature_algorithm::rsa_pkcs1,
                                    options.hash};
        case EVP_PKEY_EC: return signature_scheme{signature_algorithm::ecdsa, options.hash};
        case EVP_PKEY_ED25519: return signature_scheme{signature_algorithm::ed25519, hash_algorithm::identity};
        default: return errc::unsupported_auth_method;
    }
}

bool key_fits(EVP_PKEY* key, signature_algorithm algorithm) {
    switch (algorithm) {
        case signature_algorithm::rsa_pkcs1:
        case signature_algorithm::rsa_pss: return is_rsa(key);
        case signature_algorithm::ecdsa: return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
        case signature_algorithm::ed25519: return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
    }
    return false;
}

// A DigestSign/DigestVerify context set up for `scheme`.
result<ossl::md_ctx> signature_context(EVP_PKEY* key, const signature_scheme& scheme, bool sign) {
    ossl::md_ctx ctx(EVP_MD_CTX_new());
    if (!ctx) return openssl_error("EVP_MD_CTX_new");
    const char* digest = digest_name(scheme.hash);  // nullptr for Ed25519 (PureEdDSA)
    EVP_PKEY_CTX* pctx = nullptr;
    const int ok = sign ? EVP_DigestSignInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr, key, nullptr)
                        : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr, key, nullptr);
    if (ok != 1) return openssl_error("EVP_DigestSign/VerifyInit");
    if (scheme.algorithm == signature_algorithm::rsa_pss) {
        // RFC 7427 App. A / strongSwan: MGF1 with the message hash, salt = hash length.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(digest_size(scheme.hash))) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, digest, nullptr) != 1) {
            return openssl_error("RSA-PSS parameters");
        }
    }
    return ctx;
}

result<bytes> sign_raw(EVP_PKEY* key, const signature_scheme& scheme, bytes_view octets) {
    RAVELIN_TRY(const ossl::md_ctx ctx, signature_context(key, scheme, true));
    std::size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, octets.data(), octets.size()) != 1) {
        return openssl_error("EVP_DigestSign(size)");
    }
    bytes signature(length);
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, octets.data(), octets.size()) != 1) {
        return openssl_error("EVP_DigestSign");
    }
    signature.resize(length);
    return signature;
}

result<void> verify_raw(EVP_PKEY* key, const signature_scheme& scheme, bytes_view octets, bytes_view signature) {
    if (!key_fits(key, scheme.algorithm)) return errc::unsupported_auth_method;
    RAVELIN_TRY(const ossl::md_ctx ctx, signature_context(key, scheme, false));
    if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), octets.data(), octets.size()) == 1) return {};
    openssl_error("EVP_DigestVerify");  // logs OpenSSL's reason, clears the queue
    return errc::auth_failed;
}

// RFC 7427 §3: 1-octet ASN.1 length | AlgorithmIdentifier | signature value.
result<void> verify_digital_signature(EVP_PKEY* key, bytes_view octets, bytes_view auth_data,
                                      std::span<const hash_algorithm> allowed) {
    if (auth_data.empty() || auth_data[0] == 0 || auth_data.size() <= 1u + auth_data[0]) {
        return errc::invalid_signature_encoding;
    }
    RAVELIN_TRY(const signature_scheme scheme, parse_algorithm_identifier(auth_data.subspan(1, auth_data[0])));
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), scheme.hash) == allowed.end()) {
        return errc::unsupported_auth_method;
    }
    return verify_raw(key, scheme, octets, auth_data.subspan(1u + auth_data[0]));
}

result<bytes> sign_digital_signature(EVP_PKEY* key, bytes_view octets, const signing_options& options) {
    RAVELIN_TRY(const signature_scheme scheme, scheme_for(key, options));
    RAVELIN_TRY(const bytes identifier, encode_algorithm_identifier(scheme));
    RAVELIN_TRY(const bytes signature, sign_raw(key, scheme, octets));
    bytes out{static_cast<std::uint8_t>(identifier.size())};
    out.insert(out.end(), identifier.begin(), identifier.end());
    out.insert(out.end(), signature.begin(), signature.end());
    return out;
}

}  // namespace

result<std::vector<std::uint8_t>> signed_octets(bytes_view real_message, bytes_view peer_nonce, prf_id prf_alg,
                                                const secret_bytes& sk_p, bytes_view id_payload_body) {
    RAVELIN_TRY(const secret_bytes maced_id, prf(prf_alg, sk_p.expose(), id_payload_body));
    bytes octets(real_message.begin(), real_message.end());
    octets.insert(octets.end(), peer_nonce.begin(), peer_nonce.end());
    octets.insert(octets.end(), maced_id.expose().begin(), maced_id.expose().end());
    return octets;
}

result<std::vector<std::uint8_t>> shared_key_auth(prf_id prf_alg, const secret_bytes& shared_secret, bytes_view octets) {
    const auto pad = std::span(reinterpret_cast<const std::uint8_t*>(key_pad.data()), key_pad.size());
    RAVELIN_TRY(const secret_bytes inner, prf(prf_alg, shared_secret.expose(), pad));
    RAVELIN_TRY(const secret_bytes mac, prf(prf_alg, inner.expose(), octets));
    return bytes(mac.expose().begin(), mac.expose().end());
}

result<void> verify_shared_key_auth(prf_id prf_alg, const secret_bytes& shared_secret, bytes_view octets,
                                    bytes_view auth_data) {
    RAVELIN_TRY(const bytes expected, shared_key_auth(prf_alg, shared_secret, octets));
    if (!common::constant_time_equal(expected, auth_data)) return errc::auth_failed;
    return {};
}

result<std::vector<std::uint8_t>> sign_auth(const private_key& key, bytes_view octets, const signing_options& options) {
    EVP_PKEY* native = key.native();
    if (options.method == auth_method::digital_signature) return sign_digital_signature(native, octets, options);
    if (options.method == auth_method::rsa_signature) {
        // Method 1 is PKCS#1 v1.5 over SHA-1 in practice (strongSwan, RFC 7427 §1).
        if (!is_rsa(native)) return errc::unsupported_auth_method;
        return sign_raw(native, {signature_algorithm::rsa_pkcs1, hash_algorithm::sha1}, octets);
    }
    const ecdsa_method* m = find_ecdsa_method(options.method);
    if (m == nullptr || EVP_PKEY_get_base_id(native) != EVP_PKEY_EC || curve_of(native) != m->curve) {
        return errc::unsupported_auth_method;
    }
    RAVELIN_TRY(const bytes der, sign_raw(native, {signature_algorithm::ecdsa, m->hash}, octets));
    return ecdsa_der_to_raw(der, m->field_size);  // RFC 4754 §7: r | s
}

result<void> verify_auth(auth_method method, EVP_PKEY* public_key, bytes_view octets, bytes_view auth_data,
                         std::span<const hash_algorithm> allowed_hashes) {
    if (public_key == nullptr) return errc::unsupported_auth_method;
    if (method == auth_method::digital_signature) {
        return verify_digital_signature(public_key, octets, auth_data, allowed_hashes);
    }
    if (method == auth_method::rsa_signature) {
        return verify_raw(public_key, {signature_algorithm::rsa_pkcs1, hash_algorithm::sha1}, octets, auth_data);
    }
    const ecdsa_method* m = find_ecdsa_method(method);
    if (m == nullptr || EVP_PKEY_get_base_id(public_key) != EVP_PKEY_EC || curve_of(public_key) != m->curve) {
        return errc::unsupported_auth_method;
    }
    if (auth_data.size() != 2 * m->field_size) return errc::invalid_signature_encoding;
    RAVELIN_TRY(const bytes der, ecdsa_raw_to_der(auth_data));
    return verify_raw(public_key, {signature_algorithm::ecdsa, m->hash}, octets, der);
}

std::vector<std::uint8_t> encode_signature_hash_algorithms(std::span<const hash_algorithm> hashes) {
    bytes out;
    for (const auto h : hashes) {
        const auto value = static_cast<std::uint16_t>(h);
        out.push_back(static_cast<std::uint8_t>(value >> 8));
        out.push_back(static_cast<std::uint8_t>(value));
    }
    return out;
}

result<std::vector<hash_algorithm>> parse_signature_hash_algorithms(bytes_view data) {
    if (data.size() % 2 != 0) return errc::invalid_signature_encoding;
    std::vector<hash_algorithm> out;
    for (std::size_t i = 0; i < data.size(); i += 2) {
        const auto value = static_cast<std::uint16_t>(data[i] << 8 | data[i + 1]);
        if (value >= 1 && value <= 5) out.push_back(static_cast<hash_algorithm>(value));
    }
    return out;
}

}  // namespace ravelin::cp::ike::crypto
