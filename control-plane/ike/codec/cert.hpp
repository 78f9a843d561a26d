#pragma once
// RFC 7296 §3.6 Certificate payload and §3.7 Certificate Request payload: one
// encoding octet and opaque data.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Cert Encoding |                                               |
// +-+-+-+-+-+-+-+-+                                               |
// ~                       Certificate Data                        ~   (CERT)
// ~                    Certification Authority                    ~   (CERTREQ)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

// IANA "IKEv2 Certificate Encodings".
enum class cert_encoding : std::uint8_t {
    pkcs7_x509 = 1,
    pgp = 2,
    dns_signed_key = 3,
    x509_signature = 4,
    kerberos_token = 6,
    crl = 7,
    arl = 8,
    spki = 9,
    x509_attribute = 10,
    raw_rsa_key = 11,          // deprecated by RFC 7670
    hash_url_x509 = 12,
    hash_url_x509_bundle = 13,
    ocsp_content = 14,         // RFC 4806
    raw_public_key = 15,       // RFC 7670
};

struct cert_payload {
    cert_encoding encoding = cert_encoding::x509_signature;
    std::vector<std::uint8_t> data;  // never empty
    friend bool operator==(const cert_payload&, const cert_payload&) = default;
};

// For CERTREQ with X.509 encodings the data is a list of 20-octet SHA-1 hashes of
// trusted CA public keys (§3.7); it may be empty ("any CA").
struct certreq_payload {
    cert_encoding encoding = cert_encoding::x509_signature;
    std::vector<std::uint8_t> authorities;
    friend bool operator==(const certreq_payload&, const certreq_payload&) = default;
};

common::result<cert_payload> parse_cert(common::byte_reader body);
common::result<certreq_payload> parse_certreq(common::byte_reader body);
common::result<void> write_cert(const cert_payload& p, common::byte_writer& writer) noexcept;
common::result<void> write_certreq(const certreq_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
