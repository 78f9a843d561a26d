#pragma once
// X.509 material for certificate authentication (RFC 7296 §3.6, §2.15):
// certificates, private keys and CRLs loaded from PEM or DER, chains verified
// against configured CA certificates with OpenSSL's X509_STORE, and the peer's
// IKE identity checked against the certificate (§3.5, RFC 4945 §3.1).

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;

// Text starting with "-----BEGIN" is PEM, anything else DER.
class certificate {
public:
    static result<certificate> load(bytes_view pem_or_der);
    static result<certificate> load_file(const std::string& path);

    // Copies share the (immutable) OpenSSL object by reference count.
    certificate(const certificate& other);
    certificate& operator=(const certificate& other);
    certificate(certificate&&) noexcept = default;
    certificate& operator=(certificate&&) noexcept = default;
    ~certificate() = default;

    [[nodiscard]] X509* native() const noexcept { return _cert.get(); }
    [[nodiscard]] EVP_PKEY* public_key() const noexcept { return X509_get0_pubkey(_cert.get()); }
    [[nodiscard]] std::vector<std::uint8_t> der() const;  // CERT payload data (encoding 4)
    [[nodiscard]] std::string subject() const;              // RFC 2253 text, for logs

private:
    explicit certificate(ossl::x509 cert) : _cert(std::move(cert)) {}
    ossl::x509 _cert;
};

class private_key {
public:
    static result<private_key> load(bytes_view pem_or_der);
    static result<private_key> load_file(const std::string& path);
    [[nodiscard]] EVP_PKEY* native() const noexcept { return _key.get(); }

private:
    explicit private_key(ossl::pkey key) : _key(std::move(key)) {}
    ossl::pkey _key;
};

class crl {
public:
    static result<crl> load(bytes_view pem_or_der);
    static result<crl> load_file(const std::string& path);
    [[nodiscard]] X509_CRL* native() const noexcept { return _crl.get(); }

private:
    explicit crl(ossl::x509_crl list) : _crl(std::move(list)) {}
    ossl::x509_crl _crl;
};

// The configured trust anchors and revocation lists.
class trust_store {
public:
    trust_store();
    result<void> add_ca(const certificate& ca);
    result<void> add_crl(const crl& list);

    // Chain from `end_entity` through `intermediates` (CERT payloads after the
    // first) to a configured CA. When CRLs are configured they are checked for
    // every certificate of the chain; a CA without a CRL is not an error (as
    // strongSwan's default). Fails with certificate_untrusted or
    // certificate_revoked; OpenSSL's verify reason goes to the crypto log.
    result<void> verify(const certificate& end_entity, std::span<const certificate> intermediates,
                        std::optional<std::time_t> at = std::nullopt) const;

private:
    ossl::x509_store _store;
    bool _has_crls = false;
};

// RFC 7296 §3.5 ID Type values.
enum class identity_type : std::uint8_t {
    ipv4_addr = 1, fqdn = 2, rfc822_addr = 3, ipv6_addr = 5, der_asn1_dn = 9, der_asn1_gn = 10, key_id = 11,
};

// The ID payload's identity must be the certificate's subject DN (ID_DER_ASN1_DN)
// or one of its subjectAltNames (IP address, dNSName, rfc822Name); RFC 4945
// §3.1. Fails with id_mismatch.
result<void> check_identity(const certificate& cert, identity_type type, bytes_view id_data);

}  // namespace ravelin::cp::ike::crypto
