#include "control-plane/ike/crypto/key_exchange.hpp"

#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/transforms.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::unhex;

class every_group : public ::testing::TestWithParam<ke_group> {};

TEST_P(every_group, two_parties_agree_and_values_have_the_payload_size) {
    const auto info = find_ke(GetParam());
    ASSERT_TRUE(info);
    const auto a = key_exchange::generate(GetParam());
    const auto b = key_exchange::generate(GetParam());
    ASSERT_TRUE(a.has_value()) << a.error().message();
    ASSERT_TRUE(b.has_value()) << b.error().message();
    EXPECT_EQ(a->public_value().size(), info->public_size);
    EXPECT_NE(a->public_value(), b->public_value());
    const auto ab = a->shared_secret(b->public_value());
    const auto ba = b->shared_secret(a->public_value());
    ASSERT_TRUE(ab.has_value()) << ab.error().message();
    ASSERT_TRUE(ba.has_value()) << ba.error().message();
    EXPECT_TRUE(*ab == *ba);
    EXPECT_TRUE(validate_public_value(GetParam(), b->public_value()).has_value());
}

TEST_P(every_group, wrong_lengths_are_refused) {
    const auto a = key_exchange::generate(GetParam());
    ASSERT_TRUE(a.has_value());
    auto longer = a->public_value();
    longer.push_back(0);
    auto shorter = a->public_value();
    shorter.pop_back();
    for (const auto& bad : {longer, shorter, std::vector<std::uint8_t>{}}) {
        const auto secret = a->shared_secret(bad);
        ASSERT_FALSE(secret.has_value());
        EXPECT_EQ(secret.error(), make_error_code(errc::invalid_public_value));
    }
}

// MODP 8192 generation is slow enough to test once, in the agreement test above.
INSTANTIATE_TEST_SUITE_P(groups, every_group,
                         ::testing::Values(ke_group::modp2048, ke_group::modp3072, ke_group::modp4096,
                                           ke_group::modp6144, ke_group::modp8192, ke_group::ecp256,
                                           ke_group::ecp384, ke_group::ecp521, ke_group::curve25519,
                                           ke_group::curve448));

std::vector<std::uint8_t> be_value(std::size_t size, std::uint8_t last) {
    std::vector<std::uint8_t> v(size, 0);
    v.back() = last;
    return v;
}

// RFC 6989 §2.2: 0, 1 and p-1 (and anything >= p) are not acceptable MODP values.
TEST(modp, degenerate_values_are_refused) {
    const auto a = key_exchange::generate(ke_group::modp2048);
    ASSERT_TRUE(a.has_value());
    // The RFC 3526 §3 2048-bit prime, so that p-1 and p can be offered.
    const auto p = unhex(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
        "15728E5A8AACAA68FFFFFFFFFFFFFFFF");
    ASSERT_EQ(p.size(), 256u);
    auto p_minus_1 = p;
    p_minus_1.back() = 0xfe;
    const std::vector<std::uint8_t> all_ones(256, 0xff);
    for (const auto& bad : {be_value(256, 0), be_value(256, 1), p_minus_1, p, all_ones}) {
        const auto secret = a->shared_secret(bad);
        ASSERT_FALSE(secret.has_value());
        EXPECT_EQ(secret.error(), make_error_code(errc::invalid_public_value));
        EXPECT_FALSE(validate_public_value(ke_group::modp2048, bad).has_value());
    }
    // 2 = g is in the order-q subgroup every honest g^x lies in; p-2 = -g is
    // not (-1 is a non-residue mod a safe prime p = 3 mod 4), and OpenSSL's
    // full check (y^q = 1, beyond RFC 6989's minimum) refuses it.
    auto p_minus_2 = p;
    p_minus_2.back() = 0xfd;
    EXPECT_TRUE(a->shared_secret(be_value(256, 2)).has_value());
    const auto outside = a->shared_secret(p_minus_2);
    ASSERT_FALSE(outside.has_value());
    EXPECT_EQ(outside.error(), make_error_code(errc::invalid_public_value));
}

// RFC 6989 §2.3 / RFC 7296 §5: the point must lie on the curve.
TEST(ecp, points_off_the_curve_are_refused) {
    for (const auto group : {ke_group::ecp256, ke_group::ecp384, ke_group::ecp521}) {
        const auto a = key_exchange::generate(group);
        const auto b = key_exchange::generate(group);
        ASSERT_TRUE(a.has_value() && b.has_value());
        auto off_curve = b->public_value();
        off_curve.back() ^= 0x01;  // y + 1 (or - 1): not on the curve
        const auto zeros = std::vector<std::uint8_t>(off_curve.size(), 0);
        const auto ones = std::vector<std::uint8_t>(off_curve.size(), 0xff);  // coordinates >= p
        for (const auto& bad : {off_curve, zeros, ones}) {
            const auto secret = a->shared_secret(bad);
            ASSERT_FALSE(secret.has_value());
            EXPECT_EQ(secret.error(), make_error_code(errc::invalid_public_value));
        }
    }
}

TEST(ecp, shared_secret_is_the_x_coordinate_only) {
    const auto a = key_exchange::generate(ke_group::ecp384);
    const auto b = key_exchange::generate(ke_group::ecp384);
    const auto secret = a->shared_secret(b->public_value());
    ASSERT_TRUE(secret.has_value());
    EXPECT_EQ(secret->size(), 48u);  // RFC 5903 §7
}

// RFC 8031 §2 / RFC 7748 §6: low-order points give an all-zero result, refused.
TEST(montgomery, low_order_points_are_refused) {
    const auto x25519 = key_exchange::generate(ke_group::curve25519);
    const auto x448 = key_exchange::generate(ke_group::curve448);
    ASSERT_TRUE(x25519.has_value() && x448.has_value());
    for (const auto& low : {be_value(32, 0), unhex("0100000000000000000000000000000000000000000000000000000000000000"),
                            unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")}) {
        const auto secret = x25519->shared_secret(low);
        ASSERT_FALSE(secret.has_value());
        EXPECT_EQ(secret.error(), make_error_code(errc::invalid_shared_secret));
    }
    const auto secret = x448->shared_secret(std::vector<std::uint8_t>(56, 0));
    ASSERT_FALSE(secret.has_value());
    EXPECT_EQ(secret.error(), make_error_code(errc::invalid_shared_secret));
}

TEST(key_exchange, unsupported_groups_are_typed_errors) {
    const auto a = key_exchange::generate(ke_group::modp1024);
    ASSERT_FALSE(a.has_value());
    EXPECT_EQ(a.error(), make_error_code(errc::unsupported_transform));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
