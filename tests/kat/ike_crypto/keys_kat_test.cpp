// Key derivation against a recorded strongSwan 5.9.8 exchange (SKEYSEED, SK_*,
// Child SA KEYMAT) and, for the parts that exchange does not exercise (rekeyed
// IKE SA, PFS), vectors computed with Python's hmac module from the RFC formulas.
#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "tests/kat/ike_crypto/kat_file.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::hex;
using test::kat_file;
using test::unhex;

std::uint64_t be64(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t value = 0;
    for (const auto b : bytes) value = value << 8 | b;
    return value;
}

class strongswan_recording : public ::testing::Test {
protected:
    kat_file kat{test::kat_path("strongswan_aes256gcm16_x25519.txt")};
    // IKE aes256gcm16-prfsha256-x25519, ESP aes128gcm16.
    ike_suite suite{{encryption_id::aes_gcm_16, 256}, integrity_id::none, prf_id::hmac_sha2_256, ke_group::curve25519};
};

TEST_F(strongswan_recording, skeyseed_and_sk_keys_match_charon) {
    const secret_bytes dh(kat["dh"]);
    const auto skeyseed = derive_skeyseed(suite.prf, kat["ni"], kat["nr"], dh);
    ASSERT_TRUE(skeyseed.has_value());
    EXPECT_EQ(hex(skeyseed->expose()), hex(kat["skeyseed"]));

    const auto keys = derive_ike_sa_keys(suite, *skeyseed, kat["ni"], kat["nr"], be64(kat["spi_i"]), be64(kat["spi_r"]));
    ASSERT_TRUE(keys.has_value());
    EXPECT_EQ(hex(keys->sk_d.expose()), hex(kat["sk_d"]));
    EXPECT_TRUE(keys->sk_ai.empty());  // AEAD: no SK_a (RFC 5282 §7.1)
    EXPECT_TRUE(keys->sk_ar.empty());
    EXPECT_EQ(hex(keys->sk_ei.expose()), hex(kat["sk_ei"]));  // 32-byte key + 4-byte salt
    EXPECT_EQ(hex(keys->sk_er.expose()), hex(kat["sk_er"]));
    EXPECT_EQ(hex(keys->sk_pi.expose()), hex(kat["sk_pi"]));
    EXPECT_EQ(hex(keys->sk_pr.expose()), hex(kat["sk_pr"]));
}

TEST_F(strongswan_recording, child_keymat_without_pfs_matches_charon) {
    const secret_bytes sk_d(kat["sk_d"]);
    const child_suite esp{encryption_transform{encryption_id::aes_gcm_16, 128}, integrity_id::none};
    const auto keys = derive_child_sa_keys(suite.prf, esp, sk_d, nullptr, kat["ni"], kat["nr"]);
    ASSERT_TRUE(keys.has_value());
    EXPECT_EQ(hex(keys->encryption_i.expose()), hex(kat["child_encr_i"]));  // 16 + 4 salt (RFC 4106 §8.1)
    EXPECT_EQ(hex(keys->encryption_r.expose()), hex(kat["child_encr_r"]));
    EXPECT_TRUE(keys->integrity_i.empty());
}

TEST_F(strongswan_recording, a_different_nonce_gives_different_keys) {
    const secret_bytes dh(kat["dh"]);
    auto ni = kat["ni"];
    ni[0] ^= 1;
    const auto skeyseed = derive_skeyseed(suite.prf, ni, kat["nr"], dh);
    ASSERT_TRUE(skeyseed.has_value());
    EXPECT_NE(hex(skeyseed->expose()), hex(kat["skeyseed"]));
}

// RFC 7296 §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr).
TEST(rekey, skeyseed_of_a_rekeyed_ike_sa) {
    const secret_bytes old_sk_d(unhex("095e3ee8d97edc369d61c1e260ed150ccfbef8b8662dfc6c79ca6046e50b45c6"));
    std::vector<std::uint8_t> g(32);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<std::uint8_t>(i);
    const secret_bytes shared(g);
    const std::vector<std::uint8_t> ni(32, 0x11), nr(32, 0x22);
    const auto skeyseed = derive_rekey_skeyseed(prf_id::hmac_sha2_256, old_sk_d, shared, ni, nr);
    ASSERT_TRUE(skeyseed.has_value());
    EXPECT_EQ(hex(skeyseed->expose()), "c01a5e3aa166f926db02456e6d8d81117d12a5f1fea405efb31bd1d3d2f5380d");
}

// RFC 7296 §2.17 with PFS: KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr); ESP
// aes128-sha256: encr_i(16) | integ_i(32) | encr_r(16) | integ_r(32).
TEST(child_keymat, with_pfs_and_cbc_hmac) {
    const secret_bytes sk_d(unhex("095e3ee8d97edc369d61c1e260ed150ccfbef8b8662dfc6c79ca6046e50b45c6"));
    std::vector<std::uint8_t> g(32);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<std::uint8_t>(i);
    const secret_bytes shared(g);
    const std::vector<std::uint8_t> ni(32, 0x11), nr(32, 0x22);
    const child_suite esp{encryption_transform{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128};
    const auto keys = derive_child_sa_keys(prf_id::hmac_sha2_256, esp, sk_d, &shared, ni, nr);
    ASSERT_TRUE(keys.has_value());
    const std::string keymat =
        "9eed3a06f242711d7b76de547425142a43e7de487ba92ed06ee39c8d82cdb939073642b2929a1a24b556346b6a06f823"
        "1040c2c430e8a63eca572304b5ed10b3782925bafe738f6402f2ad9f913b8cc6370a1de6a65a4870944e060e78d4aa04";
    EXPECT_EQ(hex(keys->encryption_i.expose()), keymat.substr(0, 32));
    EXPECT_EQ(hex(keys->integrity_i.expose()), keymat.substr(32, 64));
    EXPECT_EQ(hex(keys->encryption_r.expose()), keymat.substr(96, 32));
    EXPECT_EQ(hex(keys->integrity_r.expose()), keymat.substr(128, 64));
}

TEST(keys, unsupported_transforms_are_typed_errors) {
    const secret_bytes seed(unhex("00112233"));
    const ike_suite bad{{encryption_id::aes_cbc, 100}, integrity_id::hmac_sha2_256_128, prf_id::hmac_sha2_256,
                        ke_group::ecp256};
    const auto keys = derive_ike_sa_keys(bad, seed, seed.expose(), seed.expose(), 1, 2);
    ASSERT_FALSE(keys.has_value());
    EXPECT_EQ(keys.error(), make_error_code(errc::unsupported_transform));
    const auto no_prf = derive_skeyseed(prf_id::hmac_md5, seed.expose(), seed.expose(), seed);
    EXPECT_EQ(no_prf.error(), make_error_code(errc::unsupported_transform));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
