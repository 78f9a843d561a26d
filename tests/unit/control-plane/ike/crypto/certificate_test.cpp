#include "control-plane/ike/crypto/certificate.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <iterator>

#include "control-plane/ike/crypto/error.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"
#include "tests/unit/control-plane/ike/crypto/test_pki.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::bytes_of;
using test::test_pki;

std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

trust_store root_store() {
    trust_store store;
    EXPECT_TRUE(store.add_ca(test_pki::get().cert("ca")).has_value());
    return store;
}

TEST(certificate, loads_pem_and_der_alike) {
    const auto pem = certificate::load(file_bytes(test_pki::get().path("p256.pem")));
    ASSERT_TRUE(pem.has_value()) << pem.error().message();
    const auto der = certificate::load(pem->der());
    ASSERT_TRUE(der.has_value());
    EXPECT_EQ(der->der(), pem->der());
    EXPECT_EQ(pem->subject(), "CN=gw-p256,O=Ravelin Test,C=CH");
}

TEST(certificate, garbage_is_a_typed_error) {
    const auto cert = certificate::load(bytes_of("-----BEGIN CERTIFICATE-----\nnot base64\n"));
    EXPECT_EQ(cert.error(), make_error_code(errc::invalid_certificate));
    EXPECT_EQ(certificate::load(bytes_of("\x30\x03\x02\x01")).error(), make_error_code(errc::invalid_certificate));
    EXPECT_EQ(private_key::load(bytes_of("nope")).error(), make_error_code(errc::invalid_private_key));
    EXPECT_FALSE(certificate::load_file("/nonexistent/cert.pem").has_value());
}

TEST(certificate, private_keys_load_from_pem_and_der) {
    for (const char* name : {"rsa", "p256", "p384", "p521", "ed25519"}) {
        const auto key = private_key::load_file(test_pki::get().path(std::string(name) + ".key"));
        ASSERT_TRUE(key.has_value()) << name;
        unsigned char* der = nullptr;
        const int length = i2d_PrivateKey(key->native(), &der);
        ASSERT_GT(length, 0);
        const std::vector<std::uint8_t> bytes(der, der + length);
        OPENSSL_free(der);
        EXPECT_TRUE(private_key::load(bytes).has_value()) << name;
    }
}

TEST(trust_store, chain_through_the_intermediate_verifies) {
    const auto store = root_store();
    const std::vector intermediates{test_pki::get().cert("int")};
    for (const char* name : {"rsa", "p256", "p384", "p521", "ed25519"}) {
        EXPECT_TRUE(store.verify(test_pki::get().cert(name), intermediates).has_value()) << name;
    }
}

TEST(trust_store, missing_intermediate_or_foreign_ca_is_untrusted) {
    const auto store = root_store();
    const auto leaf = test_pki::get().cert("p256");
    EXPECT_EQ(store.verify(leaf, {}).error(), make_error_code(errc::certificate_untrusted));
    trust_store other;
    ASSERT_TRUE(other.add_ca(test_pki::get().cert("other")).has_value());
    const std::vector intermediates{test_pki::get().cert("int")};
    EXPECT_EQ(other.verify(leaf, intermediates).error(), make_error_code(errc::certificate_untrusted));
}

TEST(trust_store, expired_at_a_later_time) {
    const auto store = root_store();
    const std::vector intermediates{test_pki::get().cert("int")};
    const std::time_t in_a_year = std::time(nullptr) + 365 * 24 * 3600;
    EXPECT_EQ(store.verify(test_pki::get().cert("p256"), intermediates, in_a_year).error(),
              make_error_code(errc::certificate_untrusted));
}

TEST(trust_store, crls_are_honoured) {
    const std::vector intermediates{test_pki::get().cert("int")};
    const auto revoked = test_pki::get().cert("revoked");
    auto store = root_store();
    // Without the CRL the certificate is as good as any other...
    EXPECT_TRUE(store.verify(revoked, intermediates).has_value());
    const auto list = crl::load_file(test_pki::get().path("int.crl"));
    ASSERT_TRUE(list.has_value());
    ASSERT_TRUE(store.add_crl(*list).has_value());
    // ... with it, refused; certificates not on it still pass (the root has no CRL).
    EXPECT_EQ(store.verify(revoked, intermediates).error(), make_error_code(errc::certificate_revoked));
    EXPECT_TRUE(store.verify(test_pki::get().cert("p256"), intermediates).has_value());
}

std::vector<std::uint8_t> address(int family, const char* text) {
    std::vector<std::uint8_t> out(family == AF_INET ? 4 : 16);
    inet_pton(family, text, out.data());
    return out;
}

TEST(identity, subject_alt_names_and_subject_dn) {
    const auto cert = test_pki::get().cert("rsa");
    EXPECT_TRUE(check_identity(cert, identity_type::ipv4_addr, address(AF_INET, "10.99.0.1")).has_value());
    EXPECT_TRUE(check_identity(cert, identity_type::ipv6_addr, address(AF_INET6, "2001:db8::1")).has_value());
    EXPECT_TRUE(check_identity(cert, identity_type::fqdn, bytes_of("gw.example.org")).has_value());
    EXPECT_TRUE(check_identity(cert, identity_type::rfc822_addr, bytes_of("gw@example.org")).has_value());
    unsigned char* der = nullptr;
    const int length = i2d_X509_NAME(X509_get_subject_name(cert.native()), &der);
    const std::vector<std::uint8_t> dn(der, der + length);
    OPENSSL_free(der);
    EXPECT_TRUE(check_identity(cert, identity_type::der_asn1_dn, dn).has_value());
}

TEST(identity, mismatches_are_refused) {
    const auto cert = test_pki::get().cert("rsa");
    const auto mismatch = make_error_code(errc::id_mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::ipv4_addr, address(AF_INET, "10.99.0.2")).error(), mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::ipv6_addr, address(AF_INET6, "2001:db8::2")).error(), mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::fqdn, bytes_of("other.example.org")).error(), mismatch);
    // The subject CN is not a dNSName (RFC 4945 §3.1.2).
    EXPECT_EQ(check_identity(cert, identity_type::fqdn, bytes_of("gw-rsa")).error(), mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::rfc822_addr, bytes_of("root@example.org")).error(), mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::ipv4_addr, bytes_of("abc")).error(), mismatch);
    const auto other = test_pki::get().cert("p256");
    unsigned char* der = nullptr;
    const int length = i2d_X509_NAME(X509_get_subject_name(other.native()), &der);
    const std::vector<std::uint8_t> dn(der, der + length);
    OPENSSL_free(der);
    EXPECT_EQ(check_identity(cert, identity_type::der_asn1_dn, dn).error(), mismatch);
    EXPECT_EQ(check_identity(cert, identity_type::key_id, bytes_of("x")).error(), mismatch);
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
