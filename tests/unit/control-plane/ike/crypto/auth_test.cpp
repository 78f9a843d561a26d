#include "control-plane/ike/crypto/auth.hpp"

#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/signature_encoding.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"
#include "tests/unit/control-plane/ike/crypto/test_pki.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::bytes_of;
using test::test_pki;

struct signing_case {
    const char* key;
    signing_options options;
};

std::vector<signing_case> every_signing_case() {
    using enum auth_method;
    using enum hash_algorithm;
    return {
        {"rsa", {rsa_signature, sha1, rsa_padding::pkcs1_v15}},
        {"rsa", {digital_signature, sha2_256, rsa_padding::pkcs1_v15}},
        {"rsa", {digital_signature, sha2_384, rsa_padding::pkcs1_v15}},
        {"rsa", {digital_signature, sha2_512, rsa_padding::pkcs1_v15}},
        {"rsa", {digital_signature, sha2_256, rsa_padding::pss}},
        {"rsa", {digital_signature, sha2_384, rsa_padding::pss}},
        {"rsa", {digital_signature, sha2_512, rsa_padding::pss}},
        {"p256", {ecdsa_sha256_p256, sha2_256, {}}},
        {"p384", {ecdsa_sha384_p384, sha2_384, {}}},
        {"p521", {ecdsa_sha512_p521, sha2_512, {}}},
        {"p256", {digital_signature, sha2_256, {}}},
        {"p384", {digital_signature, sha2_384, {}}},
        {"p521", {digital_signature, sha2_512, {}}},
        {"ed25519", {digital_signature, identity, {}}},
    };
}

std::string describe(const signing_case& c) {
    return std::string(c.key) + " method " + std::to_string(static_cast<int>(c.options.method)) + " hash " +
           std::to_string(static_cast<int>(c.options.hash));
}

TEST(signature_auth, every_method_and_key_type_signs_and_verifies) {
    const auto octets = bytes_of("RealMessage1 | NonceRData | MACedIDForI");
    for (const auto& c : every_signing_case()) {
        const auto key = test_pki::get().key(c.key);
        const auto cert = test_pki::get().cert(c.key);
        const auto auth = sign_auth(key, octets, c.options);
        ASSERT_TRUE(auth.has_value()) << describe(c) << ": " << auth.error().message();
        const auto ok = verify_auth(c.options.method, cert.public_key(), octets, *auth);
        EXPECT_TRUE(ok.has_value()) << describe(c) << ": " << ok.error().message();
    }
}

TEST(signature_auth, tampered_octets_or_signatures_are_refused) {
    const auto octets = bytes_of("RealMessage1 | NonceRData | MACedIDForI");
    for (const auto& c : every_signing_case()) {
        const auto key = test_pki::get().key(c.key);
        const auto cert = test_pki::get().cert(c.key);
        const auto auth = sign_auth(key, octets, c.options);
        ASSERT_TRUE(auth.has_value());
        auto other_octets = octets;
        other_octets[0] ^= 1;
        EXPECT_EQ(verify_auth(c.options.method, cert.public_key(), other_octets, *auth).error(),
                  make_error_code(errc::auth_failed))
            << describe(c);
        auto bad_signature = *auth;
        bad_signature.back() ^= 0x80;
        EXPECT_FALSE(verify_auth(c.options.method, cert.public_key(), octets, bad_signature).has_value()) << describe(c);
        // Someone else's key: the signature does not verify.
        const auto stranger = test_pki::get().cert(std::string(c.key) == "rsa" ? "rsa" : "revoked");
        if (std::string(c.key) == "p256") {
            EXPECT_EQ(verify_auth(c.options.method, stranger.public_key(), octets, *auth).error(),
                      make_error_code(errc::auth_failed));
        }
    }
}

TEST(signature_auth, method_and_key_must_match) {
    const auto octets = bytes_of("octets");
    const auto p256 = test_pki::get().key("p256");
    const auto rsa = test_pki::get().key("rsa");
    const auto unsupported = make_error_code(errc::unsupported_auth_method);
    EXPECT_EQ(sign_auth(p256, octets, {auth_method::ecdsa_sha384_p384, {}, {}}).error(), unsupported);
    EXPECT_EQ(sign_auth(p256, octets, {auth_method::rsa_signature, {}, {}}).error(), unsupported);
    EXPECT_EQ(sign_auth(rsa, octets, {auth_method::ecdsa_sha256_p256, {}, {}}).error(), unsupported);
    EXPECT_EQ(sign_auth(rsa, octets, {auth_method::shared_key_mic, {}, {}}).error(), unsupported);
    const auto rsa_auth = sign_auth(rsa, octets, {auth_method::digital_signature, hash_algorithm::sha2_256, {}});
    ASSERT_TRUE(rsa_auth.has_value());
    // An RSA AlgorithmIdentifier offered with an ECDSA certificate.
    EXPECT_EQ(verify_auth(auth_method::digital_signature, test_pki::get().cert("p256").public_key(), octets, *rsa_auth)
                  .error(),
              unsupported);
    EXPECT_EQ(verify_auth(auth_method::ecdsa_sha256_p256, test_pki::get().cert("rsa").public_key(), octets, *rsa_auth)
                  .error(),
              unsupported);
}

TEST(signature_auth, method_14_hash_must_be_one_we_announced) {
    const auto octets = bytes_of("octets");
    const auto key = test_pki::get().key("p384");
    const auto cert = test_pki::get().cert("p384");
    const auto auth = sign_auth(key, octets, {auth_method::digital_signature, hash_algorithm::sha2_384, {}});
    ASSERT_TRUE(auth.has_value());
    const std::vector allowed{hash_algorithm::sha2_256, hash_algorithm::sha2_512};
    EXPECT_EQ(verify_auth(auth_method::digital_signature, cert.public_key(), octets, *auth, allowed).error(),
              make_error_code(errc::unsupported_auth_method));
    const std::vector with_384{hash_algorithm::sha2_384};
    EXPECT_TRUE(verify_auth(auth_method::digital_signature, cert.public_key(), octets, *auth, with_384).has_value());
}

TEST(signature_auth, malformed_method_14_data_is_refused) {
    const auto cert = test_pki::get().cert("p256");
    const auto octets = bytes_of("octets");
    const auto malformed = make_error_code(errc::invalid_signature_encoding);
    for (const auto& bad : {std::vector<std::uint8_t>{}, std::vector<std::uint8_t>{0x00, 0x01},
                            std::vector<std::uint8_t>{0x20, 0x30, 0x0a}, test::unhex("0c300a06082a8648ce3d040302")}) {
        EXPECT_EQ(verify_auth(auth_method::digital_signature, cert.public_key(), octets, bad).error(), malformed);
    }
    // Methods 9-11 want exactly r | s.
    EXPECT_EQ(verify_auth(auth_method::ecdsa_sha256_p256, cert.public_key(), octets, std::vector<std::uint8_t>(63)).error(),
              malformed);
}

TEST(shared_key_auth, verifies_in_constant_time_and_refuses_changes) {
    const secret_bytes psk(bytes_of("test-only-psk"));
    const auto octets = bytes_of("octets");
    const auto auth = shared_key_auth(prf_id::hmac_sha2_256, psk, octets);
    ASSERT_TRUE(auth.has_value());
    EXPECT_EQ(auth->size(), 32u);
    EXPECT_TRUE(verify_shared_key_auth(prf_id::hmac_sha2_256, psk, octets, *auth).has_value());
    auto changed = *auth;
    changed[31] ^= 1;
    EXPECT_EQ(verify_shared_key_auth(prf_id::hmac_sha2_256, psk, octets, changed).error(),
              make_error_code(errc::auth_failed));
    const secret_bytes other(bytes_of("another-psk"));
    EXPECT_FALSE(verify_shared_key_auth(prf_id::hmac_sha2_256, other, octets, *auth).has_value());
    EXPECT_FALSE(verify_shared_key_auth(prf_id::hmac_sha2_256, psk, octets, std::span(*auth).first(16)).has_value());
}

TEST(signature_hash_algorithms, encode_and_parse) {
    const std::vector hashes{hash_algorithm::sha2_256, hash_algorithm::sha2_384, hash_algorithm::sha2_512,
                             hash_algorithm::identity};
    const auto data = encode_signature_hash_algorithms(hashes);
    EXPECT_EQ(test::hex(data), "0002000300040005");  // as strongSwan 5.9.8 sends it
    const auto parsed = parse_signature_hash_algorithms(data);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, hashes);
    // Unknown values are skipped, odd lengths refused.
    EXPECT_EQ(parse_signature_hash_algorithms(test::unhex("0002 0009 0001"))->size(), 2u);
    EXPECT_EQ(parse_signature_hash_algorithms(test::unhex("000200")).error(),
              make_error_code(errc::invalid_signature_encoding));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
