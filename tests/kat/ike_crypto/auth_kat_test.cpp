// AUTH known answers: shared-key AUTH of a recorded strongSwan exchange (signed
// octets rebuilt from their parts, RFC 7296 §2.15), RFC 7427 Appendix A
// AlgorithmIdentifiers, RFC 6979 A.2.5 (ECDSA P-256 in method 9's r | s form),
// RFC 8032 §7.1 test 1 (Ed25519 under method 14, deterministic).
#include <gtest/gtest.h>
#include <openssl/x509.h>

#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/signature_encoding.hpp"
#include "tests/kat/ike_crypto/kat_file.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::bytes_of;
using test::hex;
using test::unhex;

std::size_t message_length(const std::vector<std::uint8_t>& octets) {
    return static_cast<std::size_t>(octets[24]) << 24 | static_cast<std::size_t>(octets[25]) << 16 |
           static_cast<std::size_t>(octets[26]) << 8 | octets[27];
}

class strongswan_psk : public ::testing::Test {
protected:
    test::kat_file kat{test::kat_path("strongswan_aes256gcm16_x25519.txt")};
    secret_bytes psk{bytes_of("harness-test-only-psk")};

    void check_side(const char* octets_name, const char* nonce, const char* sk_p, const char* id, const char* auth) {
        const auto& logged = kat[octets_name];
        const auto message = std::span(logged).first(message_length(logged));
        const auto octets = signed_octets(message, kat[nonce], prf_id::hmac_sha2_256, secret_bytes(kat[sk_p]), kat[id]);
        ASSERT_TRUE(octets.has_value());
        EXPECT_EQ(hex(*octets), hex(logged));
        const auto computed = shared_key_auth(prf_id::hmac_sha2_256, psk, *octets);
        ASSERT_TRUE(computed.has_value());
        EXPECT_EQ(hex(*computed), hex(kat[auth]));
        EXPECT_TRUE(verify_shared_key_auth(prf_id::hmac_sha2_256, psk, *octets, kat[auth]).has_value());
    }
};

TEST_F(strongswan_psk, initiator_octets_and_auth) { check_side("octets_i", "nr", "sk_pi", "id_payload_i", "auth_i"); }
TEST_F(strongswan_psk, responder_octets_and_auth) { check_side("octets_r", "ni", "sk_pr", "id_payload_r", "auth_r"); }

TEST_F(strongswan_psk, peer_announced_hash_algorithms) {
    // N(SIGNATURE_HASH_ALGORITHMS) in strongSwan's IKE_SA_INIT: sha256 sha384 sha512 identity.
    const auto parsed = parse_signature_hash_algorithms(unhex("0002000300040005"));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, (std::vector{hash_algorithm::sha2_256, hash_algorithm::sha2_384, hash_algorithm::sha2_512,
                                    hash_algorithm::identity}));
    EXPECT_NE(hex(kat["octets_i"]).find("0000402f00020003000400050"), std::string::npos);
}

struct identifier_case {
    signature_scheme scheme;
    const char* der;
};

// RFC 7427 Appendix A (and RFC 8420 §2 for Ed25519).
TEST(rfc7427, algorithm_identifiers) {
    using enum signature_algorithm;
    const identifier_case cases[] = {
        {{rsa_pkcs1, hash_algorithm::sha1}, "300d06092a864886f70d0101050500"},
        {{rsa_pkcs1, hash_algorithm::sha2_256}, "300d06092a864886f70d01010b0500"},
        {{rsa_pkcs1, hash_algorithm::sha2_384}, "300d06092a864886f70d01010c0500"},
        {{rsa_pkcs1, hash_algorithm::sha2_512}, "300d06092a864886f70d01010d0500"},
        {{ecdsa, hash_algorithm::sha2_256}, "300a06082a8648ce3d040302"},
        {{ecdsa, hash_algorithm::sha2_384}, "300a06082a8648ce3d040303"},
        {{ecdsa, hash_algorithm::sha2_512}, "300a06082a8648ce3d040304"},
        {{ed25519, hash_algorithm::identity}, "300506032b6570"},
        {{rsa_pss, hash_algorithm::sha2_256},
         "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086"
         "480165030402010500a203020120"},
        {{rsa_pss, hash_algorithm::sha2_384},
         "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086"
         "480165030402020500a203020130"},
        {{rsa_pss, hash_algorithm::sha2_512},
         "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086"
         "480165030402030500a203020140"},
    };
    for (const auto& c : cases) {
        const auto der = encode_algorithm_identifier(c.scheme);
        ASSERT_TRUE(der.has_value());
        EXPECT_EQ(hex(*der), c.der);
        const auto parsed = parse_algorithm_identifier(unhex(c.der));
        ASSERT_TRUE(parsed.has_value()) << c.der;
        EXPECT_EQ(*parsed, c.scheme);
    }
    // PSS with absent parameters means SHA-1 defaults: refused.
    EXPECT_FALSE(parse_algorithm_identifier(unhex("300b06092a864886f70d01010a")).has_value());
    EXPECT_EQ(parse_algorithm_identifier(unhex("300d06092a864886f70d0101040500")).error(),  // md5WithRSA
              make_error_code(errc::unsupported_auth_method));
}

ossl::pkey public_key_from_spki(const std::string& spki_hex) {
    const auto der = unhex(spki_hex);
    const unsigned char* p = der.data();
    return ossl::pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
}

// RFC 6979 A.2.5: P-256, SHA-256, message "sample"; method 9 carries r | s.
TEST(rfc6979, ecdsa_p256_signature_verifies_as_method_9) {
    const auto key = public_key_from_spki(
        "3059301306072a8648ce3d020106082a8648ce3d03010703420004"
        "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
    ASSERT_TRUE(key);
    const auto signature = unhex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                                 "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    EXPECT_TRUE(verify_auth(auth_method::ecdsa_sha256_p256, key.get(), bytes_of("sample"), signature).has_value());
    EXPECT_EQ(verify_auth(auth_method::ecdsa_sha256_p256, key.get(), bytes_of("test"), signature).error(),
              make_error_code(errc::auth_failed));
    // The same signature in method 14 form: length | ecdsa-with-SHA256 | DER(r, s).
    const auto der = ecdsa_raw_to_der(signature);
    ASSERT_TRUE(der.has_value());
    auto method14 = unhex("0c300a06082a8648ce3d040302");
    method14.insert(method14.end(), der->begin(), der->end());
    EXPECT_TRUE(verify_auth(auth_method::digital_signature, key.get(), bytes_of("sample"), method14).has_value());
    EXPECT_EQ(hex(*ecdsa_der_to_raw(*der, 32)), hex(signature));
}

// RFC 8032 §7.1 TEST 1: empty message; Ed25519 signatures are deterministic.
TEST(rfc8032, ed25519_method_14_signature_is_byte_exact) {
    const auto key = private_key::load(
        unhex("302e020100300506032b657004220420"
              "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    ASSERT_TRUE(key.has_value());
    const auto auth = sign_auth(*key, {}, {auth_method::digital_signature, hash_algorithm::identity, {}});
    ASSERT_TRUE(auth.has_value()) << auth.error().message();
    EXPECT_EQ(hex(*auth),
              "07300506032b6570"
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    const auto pub = public_key_from_spki("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    EXPECT_TRUE(verify_auth(auth_method::digital_signature, pub.get(), {}, *auth).has_value());
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
