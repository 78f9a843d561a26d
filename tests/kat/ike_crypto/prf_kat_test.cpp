// HMAC PRFs and integrity against RFC 2202/4231 (full HMAC) and RFC 4868 §2.7.2
// (PRF-HMAC-SHA-2 with full-size keys, truncated ICVs).
#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::bytes_of;
using test::hex;
using test::unhex;

struct hmac_case {
    std::vector<std::uint8_t> key;
    std::vector<std::uint8_t> data;
};

// RFC 4231 §4.2-4.7 test cases 1-4 and 6 (case 5 tests truncation only).
std::vector<hmac_case> rfc4231_cases() {
    std::vector<std::uint8_t> case4_key;
    for (std::uint8_t i = 1; i <= 25; ++i) case4_key.push_back(i);
    return {
        {std::vector<std::uint8_t>(20, 0x0b), bytes_of("Hi There")},
        {bytes_of("Jefe"), bytes_of("what do ya want for nothing?")},
        {std::vector<std::uint8_t>(20, 0xaa), std::vector<std::uint8_t>(50, 0xdd)},
        {case4_key, std::vector<std::uint8_t>(50, 0xcd)},
        {std::vector<std::uint8_t>(131, 0xaa), bytes_of("Test Using Larger Than Block-Size Key - Hash Key First")},
    };
}

void expect_prf(prf_id id, const std::vector<hmac_case>& cases, const std::vector<const char*>& expected) {
    ASSERT_EQ(cases.size(), expected.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto out = prf(id, cases[i].key, cases[i].data);
        ASSERT_TRUE(out.has_value()) << out.error().message();
        EXPECT_EQ(hex(out->expose()), expected[i]) << "case " << i;
    }
}

TEST(rfc4231, prf_hmac_sha2_256) {
    expect_prf(prf_id::hmac_sha2_256, rfc4231_cases(),
               {"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"});
}

TEST(rfc4231, prf_hmac_sha2_384) {
    expect_prf(prf_id::hmac_sha2_384, rfc4231_cases(),
               {"afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
                "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"});
}

TEST(rfc4231, prf_hmac_sha2_512) {
    expect_prf(prf_id::hmac_sha2_512, rfc4231_cases(),
               {"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d"
                "914eeb61f1702e696c203a126854",
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaea"
                "b1a34d4a6b4b636e070a38bce737",
                "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946"
                "a337bee8942674278859e13292fb",
                "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f1"
                "9741120c4f2de2adebeb10a298dd",
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e6"
                "4f73f63f0aec8b915a985d786598"});
}

// RFC 2202 §3 (HMAC-SHA-1), the PRF of transform 2 id 2.
TEST(rfc2202, prf_hmac_sha1) {
    const auto cases = rfc4231_cases();
    expect_prf(prf_id::hmac_sha1, {cases[0], cases[1], cases[2]},
               {"b617318655057264e28bc0b6fb378c8ef146be00", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3"});
}

// RFC 4868 §2.7.2.1: 32-byte keys for PRF-HMAC-SHA-256 / HMAC-SHA-256-128.
TEST(rfc4868, sha256_prf_and_truncated_icv) {
    const std::vector<hmac_case> cases = {
        {std::vector<std::uint8_t>(32, 0x0b), bytes_of("Hi There")},
        {bytes_of("JefeJefeJefeJefeJefeJefeJefeJefe"), bytes_of("what do ya want for nothing?")},
        {std::vector<std::uint8_t>(32, 0xaa), std::vector<std::uint8_t>(50, 0xdd)},
    };
    const char* full[] = {"198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7",
                          "167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6",
                          "cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto p = prf(prf_id::hmac_sha2_256, cases[i].key, cases[i].data);
        ASSERT_TRUE(p.has_value());
        EXPECT_EQ(hex(p->expose()), full[i]);
        const auto icv = compute_icv(integrity_id::hmac_sha2_256_128, cases[i].key, cases[i].data);
        ASSERT_TRUE(icv.has_value());
        EXPECT_EQ(hex(*icv), std::string(full[i]).substr(0, 32));
    }
}

// RFC 4868 §2.7.2.2 / §2.7.2.3 first cases: 48- and 64-byte keys of 0x0b.
TEST(rfc4868, sha384_and_sha512_truncated_icvs) {
    const auto data = bytes_of("Hi There");
    const auto icv384 = compute_icv(integrity_id::hmac_sha2_384_192, std::vector<std::uint8_t>(48, 0x0b), data);
    ASSERT_TRUE(icv384.has_value());
    EXPECT_EQ(hex(*icv384), "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973");
    const auto icv512 = compute_icv(integrity_id::hmac_sha2_512_256, std::vector<std::uint8_t>(64, 0x0b), data);
    ASSERT_TRUE(icv512.has_value());
    EXPECT_EQ(hex(*icv512), "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8");
    const auto icv_sha1 = compute_icv(integrity_id::hmac_sha1_96, std::vector<std::uint8_t>(20, 0x0b), data);
    ASSERT_TRUE(icv_sha1.has_value());
    EXPECT_EQ(hex(*icv_sha1), "b617318655057264e28bc0b6");  // RFC 2404: first 96 bits
}

TEST(rfc4868, integrity_key_must_have_the_transform_size) {
    const auto data = bytes_of("Hi There");
    const auto icv = compute_icv(integrity_id::hmac_sha2_256_128, std::vector<std::uint8_t>(20, 0x0b), data);
    ASSERT_FALSE(icv.has_value());
    EXPECT_EQ(icv.error(), make_error_code(errc::invalid_key_length));
}

// prf+ (RFC 7296 §2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n).
TEST(prf_plus, is_the_chained_prf_of_section_2_13) {
    const auto key = unhex("000102030405060708090a0b0c0d0e0f");
    const auto seed = bytes_of("seed");
    const auto stream = prf_plus(prf_id::hmac_sha2_256, key, seed, 80);
    ASSERT_TRUE(stream.has_value());
    ASSERT_EQ(stream->size(), 80u);
    auto input = seed;
    input.push_back(1);
    const auto t1 = prf(prf_id::hmac_sha2_256, key, input);
    std::vector<std::uint8_t> t2_in(t1->expose().begin(), t1->expose().end());
    t2_in.insert(t2_in.end(), seed.begin(), seed.end());
    t2_in.push_back(2);
    const auto t2 = prf(prf_id::hmac_sha2_256, key, t2_in);
    EXPECT_EQ(hex(stream->expose().first(32)), hex(t1->expose()));
    EXPECT_EQ(hex(stream->expose().subspan(32, 32)), hex(t2->expose()));
    // Python hmac over the same inputs: an implementation outside OpenSSL's EVP path.
    EXPECT_EQ(hex(stream->expose().subspan(64)), "5509935c4e6b934b9e1728903a4f37b5");
}

TEST(prf_plus, refuses_more_than_255_blocks) {
    const auto key = unhex("00");
    const auto out = prf_plus(prf_id::hmac_sha1, key, key, 255 * 20 + 1);
    ASSERT_FALSE(out.has_value());
    EXPECT_TRUE(prf_plus(prf_id::hmac_sha1, key, key, 255 * 20).has_value());
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
