#pragma once
// Error codes of the IKEv2 crypto suite. Two categories travel in
// std::error_code: ravelin.ike.crypto for what the suite itself refuses (a bad
// keyword, an invalid public value, a failed ICV), and ravelin.openssl whose
// values are OpenSSL's packed error codes, so that message() gives OpenSSL's own
// reason string for any library failure.

#include <string>
#include <system_error>

namespace ravelin::cp::ike::crypto {

enum class errc {
    unknown_keyword = 1,       // a proposal keyword strongSwan's table does not have
    empty_proposal,            // nothing between the dashes, or an empty string
    missing_encryption,        // a proposal without an encryption transform
    missing_integrity,         // non-AEAD encryption without an integrity transform
    missing_prf,               // IKE proposal with AEAD only and no prf keyword
    missing_key_exchange,      // IKE proposal without a key exchange method
    aead_with_integrity,       // AEAD and integrity algorithms mixed in one proposal
    not_for_protocol,          // keyword valid, but not for this protocol (prf in ESP, esn in IKE)
    unsupported_transform,     // an IANA value this suite does not implement
    invalid_key_length,        // a key of the wrong size for its transform
    invalid_public_value,      // RFC 7296 §5 / RFC 6989: peer KE data refused
    invalid_shared_secret,     // all-zero X25519/X448 result (RFC 8031 §2)
    invalid_iv,                // an explicit IV of the wrong size
    invalid_sk_length,         // encrypted payload too short or not block aligned
    integrity_check_failed,    // ICV or AEAD tag mismatch
    invalid_padding,           // pad length larger than the decrypted data
    auth_failed,               // AUTH payload does not verify
    unsupported_auth_method,   // auth method / key type / hash combination refused
    invalid_signature_encoding,// RFC 7427 AlgorithmIdentifier or ECDSA r|s malformed
    invalid_certificate,       // PEM/DER does not parse as a certificate
    invalid_private_key,       // PEM/DER does not parse as a private key
    certificate_untrusted,     // chain does not verify against the configured CAs
    certificate_revoked,       // a certificate of the chain is on a configured CRL
    id_mismatch,               // IKE identity not in the certificate subject/subjectAltName
    openssl_failure,           // OpenSSL failed without queuing a reason
};

const std::error_category& crypto_category() noexcept;
const std::error_category& openssl_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), crypto_category()};
}

// The most recent OpenSSL error of this thread as an error_code in
// openssl_category (errc::openssl_failure when OpenSSL queued none); the queue is
// cleared so that a later failure is not blamed on this one. `operation` names
// what was attempted and goes to the crypto debug log with OpenSSL's reason.
std::error_code openssl_error(const char* operation);

}  // namespace ravelin::cp::ike::crypto

template <>
struct std::is_error_code_enum<ravelin::cp::ike::crypto::errc> : std::true_type {};
