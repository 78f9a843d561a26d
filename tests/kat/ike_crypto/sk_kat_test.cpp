// SK payload known answers: the RFC 7634 Appendix B IKEv2 example
// (ChaCha20-Poly1305, byte-exact both ways), RFC 3602 §4 case 2 (AES-CBC), and
// IKE_AUTH messages strongSwan 5.9.8 encrypted with AES-256-GCM-16, decrypted
// with the SK_e charon logged for them.
#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"
#include "tests/kat/ike_crypto/kat_file.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::hex;
using test::unhex;

constexpr std::size_t header_size = 28 + 4;  // IKE header + SK generic payload header

// RFC 7634 Appendix B: an INFORMATIONAL request carrying N(SET_WINDOW_SIZE).
TEST(rfc7634, appendix_b_ikev2_example) {
    const secret_bytes sk_e(unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3"));
    const auto cipher = sk_cipher::create({encryption_id::chacha20_poly1305, 0}, integrity_id::none, sk_e, {});
    ASSERT_TRUE(cipher.has_value()) << cipher.error().message();
    const auto aad = unhex("c0c1c2c3c4c5c6c7 d0d1d2d3d4d5d6d7 2e202500 00000009 00000045 29000029");
    const auto inner = unhex("0000000c 00004001 0000000a");  // N(SET_WINDOW_SIZE = 10)
    const auto expected = unhex(
        "1011121314151617"                      // IV
        "6103947 01f8d017f7c12924889"            // encrypted inner payloads | Pad Length
        "6b71bfe25236efd7cdc67066906315b2");     // ICV
    ASSERT_EQ(cipher->sealed_size(inner.size()), expected.size());
    const auto sealed = cipher->encrypt_with_iv(aad, inner, unhex("1011121314151617"));
    ASSERT_TRUE(sealed.has_value()) << sealed.error().message();
    EXPECT_EQ(hex(*sealed), hex(expected));
    const auto opened = cipher->decrypt(aad, expected);
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    EXPECT_EQ(hex(*opened), hex(inner));
}

// RFC 3602 §4 case 2: two blocks 00..1f. Its last byte (0x1f) reads as a Pad
// Length covering the rest, so the inner payloads are empty; the ICV is HMAC
// over header | IV | ciphertext, computed here.
TEST(rfc3602, case_2_decrypts_under_sk_framing) {
    const secret_bytes sk_e(unhex("c286696d887c9aa0611bbb3e2025a45a"));
    const secret_bytes sk_a(std::vector<std::uint8_t>(32, 0x42));
    const auto cipher = sk_cipher::create({encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128, sk_e, sk_a);
    ASSERT_TRUE(cipher.has_value());
    const std::vector<std::uint8_t> aad(header_size, 0x01);
    auto body = unhex("562e17996d093d28ddb3ba695a2e6f58"
                      "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1");
    auto covered = aad;
    covered.insert(covered.end(), body.begin(), body.end());
    const auto icv = compute_icv(integrity_id::hmac_sha2_256_128, sk_a.expose(), covered);
    body.insert(body.end(), icv->begin(), icv->end());
    const auto opened = cipher->decrypt(aad, body);
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    EXPECT_TRUE(opened->empty());
}

class strongswan_gcm : public ::testing::Test {
protected:
    test::kat_file kat{test::kat_path("strongswan_aes256gcm16_x25519.txt")};

    std::vector<std::uint8_t> open(const char* message, const char* key) {
        const secret_bytes sk_e(kat[key]);
        const auto cipher = sk_cipher::create({encryption_id::aes_gcm_16, 256}, integrity_id::none, sk_e, {});
        EXPECT_TRUE(cipher.has_value());
        const auto& packet = kat[message];
        const auto opened = cipher->decrypt(std::span(packet).first(header_size), std::span(packet).subspan(header_size));
        EXPECT_TRUE(opened.has_value()) << opened.error().message();
        return opened.has_value() ? *opened : std::vector<std::uint8_t>{};
    }
};

// The first inner payload is IDi (IDr): its body is the IDx' charon logged.
TEST_F(strongswan_gcm, ike_auth_request_and_response_decrypt) {
    const auto request = open("ike_auth_request", "sk_ei");
    ASSERT_GT(request.size(), 12u);
    EXPECT_EQ(hex(std::span(request).subspan(4, 8)), hex(kat["id_payload_i"]));
    const auto response = open("ike_auth_response", "sk_er");
    ASSERT_GT(response.size(), 12u);
    EXPECT_EQ(hex(std::span(response).subspan(4, 8)), hex(kat["id_payload_r"]));
}

TEST_F(strongswan_gcm, the_wrong_direction_key_fails_the_tag) {
    const secret_bytes sk_er(kat["sk_er"]);
    const auto cipher = sk_cipher::create({encryption_id::aes_gcm_16, 256}, integrity_id::none, sk_er, {});
    const auto& packet = kat["ike_auth_request"];
    const auto opened = cipher->decrypt(std::span(packet).first(header_size), std::span(packet).subspan(header_size));
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error(), make_error_code(errc::integrity_check_failed));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
