#include "control-plane/ike/crypto/sk_payload.hpp"

#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"
#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using test::hex;
using test::unhex;

secret_bytes pattern_key(std::size_t size, std::uint8_t seed) {
    secret_bytes key(size);
    for (std::size_t i = 0; i < size; ++i) key.expose_mutable()[i] = static_cast<std::uint8_t>(seed + 7 * i);
    return key;
}

struct suite_case {
    encryption_transform encryption;
    integrity_id integrity;
};

std::vector<suite_case> every_suite() {
    std::vector<suite_case> out;
    for (const auto& e : encryption_table()) {
        if (e.aead()) {
            out.push_back({e.transform, integrity_id::none});
            continue;
        }
        for (const auto& i : integrity_table()) out.push_back({e.transform, i.id});
    }
    return out;
}

sk_cipher make(const suite_case& s) {
    const auto info = find_encryption(s.encryption);
    const auto integ = find_integrity(s.integrity);
    const secret_bytes sk_e = pattern_key(info->keymat_size(), 0x10);
    const secret_bytes sk_a = integ ? pattern_key(integ->key_size, 0x80) : secret_bytes{};
    auto cipher = sk_cipher::create(s.encryption, s.integrity, sk_e, sk_a);
    if (!cipher) throw std::runtime_error(cipher.error().message());
    return std::move(cipher).value();
}

std::vector<std::uint8_t> header() { return unhex("0011223344556677 8899aabbccddeeff 2e202308 00000001 00000000 23000000"); }

TEST(sk_payload, every_suite_round_trips_at_every_length_up_to_three_blocks) {
    for (const auto& s : every_suite()) {
        auto cipher = make(s);
        for (std::size_t length = 0; length <= 48; ++length) {
            std::vector<std::uint8_t> inner(length);
            for (std::size_t i = 0; i < length; ++i) inner[i] = static_cast<std::uint8_t>(i * 3);
            const auto sealed = cipher.encrypt(header(), inner);
            ASSERT_TRUE(sealed.has_value()) << sealed.error().message();
            ASSERT_EQ(sealed->size(), cipher.sealed_size(length));
            const auto opened = cipher.decrypt(header(), *sealed);
            ASSERT_TRUE(opened.has_value()) << opened.error().message();
            EXPECT_EQ(*opened, inner);
        }
    }
}

// Any single flipped bit, in the associated data or in the body, is caught by
// the ICV (or tag) and reported as the typed error, never as garbage plaintext.
TEST(sk_payload, every_single_bit_flip_is_refused) {
    for (const auto& s : every_suite()) {
        auto cipher = make(s);
        const auto inner = unhex("2b000008 01020304 00000000");
        const auto aad = header();
        const auto sealed = cipher.encrypt(aad, inner);
        ASSERT_TRUE(sealed.has_value());
        for (std::size_t bit = 0; bit < 8 * sealed->size(); ++bit) {
            auto tampered = *sealed;
            tampered[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
            const auto opened = cipher.decrypt(aad, tampered);
            ASSERT_FALSE(opened.has_value()) << "bit " << bit;
            EXPECT_EQ(opened.error(), make_error_code(errc::integrity_check_failed)) << "bit " << bit;
        }
        for (std::size_t bit = 0; bit < 8 * aad.size(); bit += 5) {
            auto tampered = aad;
            tampered[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
            const auto opened = cipher.decrypt(tampered, *sealed);
            ASSERT_FALSE(opened.has_value());
            EXPECT_EQ(opened.error(), make_error_code(errc::integrity_check_failed));
        }
    }
}

TEST(sk_payload, short_or_misaligned_bodies_are_refused_before_crypto) {
    for (const auto& s : every_suite()) {
        auto cipher = make(s);
        const auto sealed = cipher.encrypt(header(), unhex("00112233"));
        ASSERT_TRUE(sealed.has_value());
        const std::size_t minimum = cipher.iv_size() + find_encryption(s.encryption)->block_size + cipher.icv_size();
        const auto too_short = cipher.decrypt(header(), std::span(*sealed).first(minimum - 1));
        ASSERT_FALSE(too_short.has_value());
        EXPECT_EQ(too_short.error(), make_error_code(errc::invalid_sk_length));
        EXPECT_FALSE(cipher.decrypt(header(), {}).has_value());
        if (!find_encryption(s.encryption)->aead()) {
            auto misaligned = *sealed;
            misaligned.push_back(0);
            const auto opened = cipher.decrypt(header(), misaligned);
            ASSERT_FALSE(opened.has_value());
            EXPECT_EQ(opened.error(), make_error_code(errc::invalid_sk_length));
        }
    }
}

// A body whose ICV is right but whose Pad Length runs past the data: built by
// hand (RFC 3602 case 1 ends in 'g' = 103 > 15) and authenticated here.
TEST(sk_payload, a_pad_length_past_the_data_is_refused) {
    const secret_bytes sk_e(unhex("06a9214036b8a15b512e03d534120006"));
    const secret_bytes sk_a = pattern_key(20, 1);
    const auto cipher = sk_cipher::create({encryption_id::aes_cbc, 128}, integrity_id::hmac_sha1_96, sk_e, sk_a);
    ASSERT_TRUE(cipher.has_value());
    const auto aad = header();
    auto body = unhex("3dafba429d9eb430b422da802c9fac41 e353779c1079aeb82708942dbe77181a");
    auto covered = aad;
    covered.insert(covered.end(), body.begin(), body.end());
    const auto icv = compute_icv(integrity_id::hmac_sha1_96, sk_a.expose(), covered);
    body.insert(body.end(), icv->begin(), icv->end());
    const auto opened = cipher->decrypt(aad, body);
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error(), make_error_code(errc::invalid_padding));
}

TEST(sk_payload, keys_of_the_wrong_size_are_refused) {
    const auto bad_e = sk_cipher::create({encryption_id::aes_gcm_16, 128}, integrity_id::none, pattern_key(16, 0), {});
    EXPECT_EQ(bad_e.error(), make_error_code(errc::invalid_key_length));  // salt missing
    const auto bad_a = sk_cipher::create({encryption_id::aes_cbc, 256}, integrity_id::hmac_sha2_256_128,
                                         pattern_key(32, 0), pattern_key(16, 0));
    EXPECT_EQ(bad_a.error(), make_error_code(errc::invalid_key_length));
    const auto mixed = sk_cipher::create({encryption_id::aes_gcm_16, 128}, integrity_id::hmac_sha2_256_128,
                                         pattern_key(20, 0), pattern_key(32, 0));
    EXPECT_EQ(mixed.error(), make_error_code(errc::aead_with_integrity));
    auto cipher = make({{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha1_96});
    const auto bad_iv = cipher.encrypt_with_iv(header(), {}, unhex("0011"));
    EXPECT_EQ(bad_iv.error(), make_error_code(errc::invalid_iv));
}

TEST(sk_payload, aead_ivs_never_repeat_and_cbc_ivs_are_random) {
    const auto iv_of = [](const std::vector<std::uint8_t>& sealed) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < 8; ++i) v = v << 8 | sealed[i];
        return v;
    };
    auto gcm = make({{encryption_id::aes_gcm_16, 256}, integrity_id::none});
    const auto a = gcm.encrypt(header(), {});
    const auto b = gcm.encrypt(header(), {});
    EXPECT_EQ(iv_of(*b), iv_of(*a) + 1);  // a counter (RFC 5282 §3.1)...
    auto same_key = make({{encryption_id::aes_gcm_16, 256}, integrity_id::none});
    const auto c_first = same_key.encrypt(header(), {});
    EXPECT_NE(iv_of(*c_first), iv_of(*a));  // ... from a random start (fails with p = 2^-64)
    auto cbc = make({{encryption_id::aes_cbc, 256}, integrity_id::hmac_sha2_512_256});
    const auto c = cbc.encrypt(header(), {});
    const auto d = cbc.encrypt(header(), {});
    EXPECT_NE(hex(std::span(*c).first(16)), hex(std::span(*d).first(16)));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
