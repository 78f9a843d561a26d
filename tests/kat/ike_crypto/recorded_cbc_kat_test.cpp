// A recorded strongSwan 5.9.8 exchange with a CBC+HMAC suite: IKE
// aes128-sha256-modp2048, ESP aes128-sha256-modp2048, and a Child SA rekey with
// PFS. Everything charon derived must come out of Ravelin's derivation, and
// charon's encrypted IKE_AUTH / CREATE_CHILD_SA messages must open (AES-CBC with
// HMAC-SHA2-256-128 over header | IV | ciphertext).
#include <gtest/gtest.h>

#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"
#include "tests/kat/ike_crypto/kat_file.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::bytes_of;
using test::hex;

std::uint64_t be64(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t value = 0;
    for (const auto b : bytes) value = value << 8 | b;
    return value;
}

class strongswan_cbc : public ::testing::Test {
protected:
    test::kat_file kat{test::kat_path("strongswan_aes128_sha256_modp2048.txt")};
    ike_suite suite{{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128, prf_id::hmac_sha2_256,
                    ke_group::modp2048};
    child_suite esp{encryption_transform{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128};

    ike_sa_keys derive() {
        const auto skeyseed = derive_skeyseed(suite.prf, kat["ni"], kat["nr"], secret_bytes(kat["dh"]));
        EXPECT_EQ(hex(skeyseed->expose()), hex(kat["skeyseed"]));
        auto keys = derive_ike_sa_keys(suite, *skeyseed, kat["ni"], kat["nr"], be64(kat["spi_i"]), be64(kat["spi_r"]));
        return std::move(keys).value();
    }

    std::vector<std::uint8_t> open(const char* message, const secret_bytes& sk_e, const secret_bytes& sk_a) {
        const auto cipher = sk_cipher::create(suite.encryption, suite.integrity, sk_e, sk_a);
        const auto& packet = kat[message];
        const auto opened = cipher->decrypt(std::span(packet).first(32), std::span(packet).subspan(32));
        EXPECT_TRUE(opened.has_value()) << message << ": " << opened.error().message();
        return opened.has_value() ? *opened : std::vector<std::uint8_t>{};
    }
};

TEST_F(strongswan_cbc, ike_sa_keys_match_charon) {
    const auto keys = derive();
    EXPECT_EQ(hex(keys.sk_d.expose()), hex(kat["sk_d"]));
    EXPECT_EQ(hex(keys.sk_ai.expose()), hex(kat["sk_ai"]));
    EXPECT_EQ(hex(keys.sk_ar.expose()), hex(kat["sk_ar"]));
    EXPECT_EQ(hex(keys.sk_ei.expose()), hex(kat["sk_ei"]));
    EXPECT_EQ(hex(keys.sk_er.expose()), hex(kat["sk_er"]));
    EXPECT_EQ(hex(keys.sk_pi.expose()), hex(kat["sk_pi"]));
    EXPECT_EQ(hex(keys.sk_pr.expose()), hex(kat["sk_pr"]));
}

TEST_F(strongswan_cbc, first_child_sa_keys_match_charon) {
    const auto keys = derive();
    const auto child = derive_child_sa_keys(suite.prf, esp, keys.sk_d, nullptr, kat["ni"], kat["nr"]);
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(hex(child->encryption_i.expose()), hex(kat["child_encr_i"]));
    EXPECT_EQ(hex(child->integrity_i.expose()), hex(kat["child_integ_i"]));
    EXPECT_EQ(hex(child->encryption_r.expose()), hex(kat["child_encr_r"]));
    EXPECT_EQ(hex(child->integrity_r.expose()), hex(kat["child_integ_r"]));
}

// charon's seed for the rekeyed Child SA is g^ir (new) | Ni | Nr (§2.17).
TEST_F(strongswan_cbc, pfs_child_sa_keys_match_charon) {
    const auto keys = derive();
    const auto& seed = kat["seed_2"];
    const auto& dh = kat["child_dh"];
    ASSERT_EQ(hex(std::span(seed).first(dh.size())), hex(dh));
    const std::size_t nonce = (seed.size() - dh.size()) / 2;
    const auto ni = std::span(seed).subspan(dh.size(), nonce);
    const auto nr = std::span(seed).subspan(dh.size() + nonce);
    const secret_bytes g_ir(dh);
    const auto child = derive_child_sa_keys(suite.prf, esp, keys.sk_d, &g_ir, ni, nr);
    ASSERT_TRUE(child.has_value());
    EXPECT_EQ(hex(child->encryption_i.expose()), hex(kat["child_encr_i_2"]));
    EXPECT_EQ(hex(child->integrity_i.expose()), hex(kat["child_integ_i_2"]));
    EXPECT_EQ(hex(child->encryption_r.expose()), hex(kat["child_encr_r_2"]));
    EXPECT_EQ(hex(child->integrity_r.expose()), hex(kat["child_integ_r_2"]));
}

TEST_F(strongswan_cbc, charons_cbc_hmac_messages_open) {
    const auto keys = derive();
    const auto request = open("ike_auth_request", keys.sk_ei, keys.sk_ai);
    ASSERT_GT(request.size(), 12u);
    EXPECT_EQ(hex(std::span(request).subspan(4, 8)), hex(kat["id_payload_i"]));
    const auto response = open("ike_auth_response", keys.sk_er, keys.sk_ar);
    ASSERT_GT(response.size(), 12u);
    EXPECT_EQ(hex(std::span(response).subspan(4, 8)), hex(kat["id_payload_r"]));
    EXPECT_FALSE(open("create_child_request", keys.sk_ei, keys.sk_ai).empty());
    EXPECT_FALSE(open("create_child_response", keys.sk_er, keys.sk_ar).empty());
}

TEST_F(strongswan_cbc, a_wrong_integrity_key_fails_before_decryption) {
    const auto keys = derive();
    const auto cipher = sk_cipher::create(suite.encryption, suite.integrity, keys.sk_ei, keys.sk_ar);
    const auto& packet = kat["ike_auth_request"];
    const auto opened = cipher->decrypt(std::span(packet).first(32), std::span(packet).subspan(32));
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error(), make_error_code(errc::integrity_check_failed));
}

TEST_F(strongswan_cbc, shared_key_auth_matches_charon) {
    const secret_bytes psk(bytes_of("crosscheck-test-only-psk"));
    const auto& octets_i = kat["octets_i"];
    EXPECT_EQ(hex(*shared_key_auth(prf_id::hmac_sha2_256, psk, octets_i)), hex(kat["auth_i"]));
    EXPECT_EQ(hex(*shared_key_auth(prf_id::hmac_sha2_256, psk, kat["octets_r"])), hex(kat["auth_r"]));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
