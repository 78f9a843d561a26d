#include "control-plane/ike/crypto/error.hpp"

#include <openssl/err.h>

#include "common/log.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::unknown_keyword: return "unknown proposal keyword";
        case errc::empty_proposal: return "empty proposal or keyword";
        case errc::missing_encryption: return "proposal has no encryption algorithm";
        case errc::missing_integrity: return "non-AEAD proposal has no integrity algorithm";
        case errc::missing_prf: return "IKE proposal has no PRF";
        case errc::missing_key_exchange: return "IKE proposal has no key exchange method";
        case errc::aead_with_integrity: return "AEAD and integrity algorithms mixed in one proposal";
        case errc::not_for_protocol: return "keyword not valid for this protocol";
        case errc::unsupported_transform: return "transform not supported";
        case errc::invalid_key_length: return "key has the wrong length";
        case errc::invalid_public_value: return "invalid key exchange public value";
        case errc::invalid_shared_secret: return "key exchange produced an invalid shared secret";
        case errc::invalid_iv: return "IV has the wrong length";
        case errc::invalid_sk_length: return "encrypted payload has an invalid length";
        case errc::integrity_check_failed: return "integrity check failed";
        case errc::invalid_padding: return "invalid padding in encrypted payload";
        case errc::auth_failed: return "AUTH payload verification failed";
        case errc::unsupported_auth_method: return "authentication method not supported for this key";
        case errc::invalid_signature_encoding: return "malformed signature encoding";
        case errc::invalid_certificate: return "not a valid X.509 certificate";
        case errc::invalid_private_key: return "not a valid private key";
        case errc::certificate_untrusted: return "certificate chain not trusted";
        case errc::certificate_revoked: return "certificate revoked";
        case errc::id_mismatch: return "identity does not match the certificate";
        case errc::openssl_failure: return "OpenSSL operation failed";
    }
    return nullptr;
}

class crypto_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.ike.crypto"; }
    std::string message(int code) const override {
        const char* text = describe(static_cast<errc>(code));
        return text != nullptr ? text : "unknown crypto error " + std::to_string(code);
    }
};

class openssl_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.openssl"; }
    std::string message(int code) const override {
        char buffer[256];
        ERR_error_string_n(static_cast<unsigned long>(static_cast<unsigned int>(code)), buffer, sizeof buffer);
        return buffer;
    }
};

}  // namespace

const std::error_category& crypto_category() noexcept {
    static const crypto_category_impl instance;
    return instance;
}

const std::error_category& openssl_category() noexcept {
    static const openssl_category_impl instance;
    return instance;
}

std::error_code openssl_error(const char* operation) {
    // The last queued error is the most specific one (OpenSSL pushes outward).
    const unsigned long packed = ERR_peek_last_error();
    ERR_clear_error();
    if (packed == 0) {
        common::log::get(common::log::subsystem::crypto).debug("{} failed (no OpenSSL reason)", operation);
        return errc::openssl_failure;
    }
    // OpenSSL 3 packs lib << 23 | reason in 31 bits (bit 31 flags system errors):
    // it fits an int without loss.
    const auto code = static_cast<int>(static_cast<unsigned int>(packed));
    common::log::get(common::log::subsystem::crypto)
        .debug("{} failed: {}", operation, openssl_category().message(code));
    return {code, openssl_category()};
}

}  // namespace ravelin::cp::ike::crypto
