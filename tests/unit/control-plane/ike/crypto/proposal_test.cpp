#include "control-plane/ike/crypto/proposal.hpp"

#include <gtest/gtest.h>

#include "control-plane/ike/crypto/error.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

proposal parse_ok(std::string_view text, protocol_id protocol = protocol_id::ike) {
    auto parsed = parse_proposal(text, protocol);
    EXPECT_TRUE(parsed.value.has_value()) << text << ": " << parsed.message();
    return parsed.value.has_value() ? parsed.value.value() : proposal{};
}

TEST(proposal, aead_ike_proposal_with_explicit_prf) {
    const auto p = parse_ok("aes256gcm16-prfsha384-ecp384");
    ASSERT_EQ(p.encryption.size(), 1u);
    EXPECT_EQ(p.encryption[0], (encryption_transform{encryption_id::aes_gcm_16, 256}));
    EXPECT_TRUE(p.integrity.empty());
    EXPECT_EQ(p.prfs, std::vector{prf_id::hmac_sha2_384});
    EXPECT_EQ(p.ke_groups, std::vector{ke_group::ecp384});
    EXPECT_TRUE(p.aead());
}

TEST(proposal, cbc_integrity_implies_prf_as_strongswan_does) {
    const auto p = parse_ok("aes128-sha256-modp2048");
    EXPECT_EQ(p.encryption[0], (encryption_transform{encryption_id::aes_cbc, 128}));
    EXPECT_EQ(p.integrity, std::vector{integrity_id::hmac_sha2_256_128});
    EXPECT_EQ(p.prfs, std::vector{prf_id::hmac_sha2_256});
    EXPECT_EQ(p.ke_groups, std::vector{ke_group::modp2048});
    EXPECT_FALSE(p.aead());
}

TEST(proposal, chacha_and_curve_aliases) {
    const auto p = parse_ok("chacha20poly1305-prfsha256-x25519");
    EXPECT_EQ(p.encryption[0], (encryption_transform{encryption_id::chacha20_poly1305, 0}));
    EXPECT_EQ(p.ke_groups, std::vector{ke_group::curve25519});
    EXPECT_EQ(parse_ok("chacha20poly1305-prfsha256-curve25519"), p);
    EXPECT_EQ(parse_ok("aes128-sha1-x448").ke_groups, std::vector{ke_group::curve448});
    EXPECT_EQ(parse_ok("aes128-sha1-curve448").ke_groups, std::vector{ke_group::curve448});
}

TEST(proposal, strongswan_keyword_semantics) {
    EXPECT_EQ(parse_ok("aes-sha1-modp3072").encryption[0], (encryption_transform{encryption_id::aes_cbc, 128}));
    EXPECT_EQ(parse_ok("aes192-sha384-ecp256").integrity, std::vector{integrity_id::hmac_sha2_384_192});
    EXPECT_EQ(parse_ok("aes256-sha512-ecp521").prfs, std::vector{prf_id::hmac_sha2_512});
    EXPECT_EQ(parse_ok("aes128gcm128-prfsha256-modp8192").encryption[0],
              (encryption_transform{encryption_id::aes_gcm_16, 128}));
    EXPECT_EQ(parse_ok("aes256gcm8-prfsha1-modp4096").encryption[0],
              (encryption_transform{encryption_id::aes_gcm_8, 256}));
    EXPECT_EQ(parse_ok("aes128gcm12-prfsha512-modp6144").encryption[0],
              (encryption_transform{encryption_id::aes_gcm_12, 128}));
}

TEST(proposal, several_algorithms_per_type_keep_their_order) {
    const auto p = parse_ok("aes256-aes128-sha384-sha256-ecp384-modp2048");
    EXPECT_EQ(p.encryption.size(), 2u);
    EXPECT_EQ(p.encryption[0].key_bits, 256);
    EXPECT_EQ(p.integrity, (std::vector{integrity_id::hmac_sha2_384_192, integrity_id::hmac_sha2_256_128}));
    EXPECT_EQ(p.prfs, (std::vector{prf_id::hmac_sha2_384, prf_id::hmac_sha2_256}));
    EXPECT_EQ(p.ke_groups, (std::vector{ke_group::ecp384, ke_group::modp2048}));
}

TEST(proposal, esp_proposals) {
    const auto gcm = parse_ok("aes128gcm16", protocol_id::esp);
    EXPECT_EQ(gcm.encryption[0], (encryption_transform{encryption_id::aes_gcm_16, 128}));
    EXPECT_TRUE(gcm.ke_groups.empty());
    EXPECT_EQ(gcm.esn, std::vector{esn_id::no});

    const auto cbc = parse_ok("aes256-sha256", protocol_id::esp);
    EXPECT_EQ(cbc.integrity, std::vector{integrity_id::hmac_sha2_256_128});
    EXPECT_TRUE(cbc.prfs.empty());

    const auto pfs = parse_ok("aes128gcm16-x25519", protocol_id::esp);
    EXPECT_EQ(pfs.ke_groups, std::vector{ke_group::curve25519});

    EXPECT_EQ(parse_ok("aes128gcm16-esn", protocol_id::esp).esn, std::vector{esn_id::yes});
    EXPECT_EQ(parse_ok("aes128gcm16-esn-noesn", protocol_id::esp).esn, (std::vector{esn_id::yes, esn_id::no}));
}

TEST(proposal, error_names_the_bad_keyword) {
    const auto parsed = parse_proposal("aes128-sha256-modp2049", protocol_id::ike);
    ASSERT_FALSE(parsed.value.has_value());
    EXPECT_EQ(parsed.value.error(), make_error_code(errc::unknown_keyword));
    EXPECT_EQ(parsed.keyword, "modp2049");
    EXPECT_EQ(parsed.message(), "unknown proposal keyword 'modp2049'");
}

struct bad_case {
    const char* text;
    protocol_id protocol;
    errc expected;
};

TEST(proposal, incomplete_or_inconsistent_proposals_are_refused) {
    const bad_case cases[] = {
        {"", protocol_id::ike, errc::empty_proposal},
        {"aes128--sha256-modp2048", protocol_id::ike, errc::empty_proposal},
        {"aes128-sha256-modp2048-", protocol_id::ike, errc::empty_proposal},
        {"sha256-modp2048", protocol_id::ike, errc::missing_encryption},
        {"aes128-modp2048", protocol_id::ike, errc::missing_integrity},
        {"aes128gcm16-ecp256", protocol_id::ike, errc::missing_prf},
        {"aes128-sha256", protocol_id::ike, errc::missing_key_exchange},
        {"aes128gcm16-sha256-prfsha256-ecp256", protocol_id::ike, errc::aead_with_integrity},
        {"aes128gcm16-aes128-sha256-ecp256", protocol_id::ike, errc::aead_with_integrity},
        {"aes128-sha256-modp2048-esn", protocol_id::ike, errc::not_for_protocol},
        {"aes128gcm16-prfsha256", protocol_id::esp, errc::not_for_protocol},
        {"aes128", protocol_id::esp, errc::missing_integrity},
        {"AES128-sha256-modp2048", protocol_id::ike, errc::unknown_keyword},
    };
    for (const auto& c : cases) {
        const auto parsed = parse_proposal(c.text, c.protocol);
        ASSERT_FALSE(parsed.value.has_value()) << c.text;
        EXPECT_EQ(parsed.value.error(), make_error_code(c.expected)) << c.text << ": " << parsed.message();
    }
}

TEST(proposal, format_round_trips) {
    const std::pair<const char*, protocol_id> cases[] = {
        {"aes256gcm16-prfsha384-ecp384", protocol_id::ike},
        {"aes128-sha256-modp2048", protocol_id::ike},
        {"chacha20poly1305-prfsha256-x25519", protocol_id::ike},
        {"aes256-aes128-sha512-sha1-prfsha256-curve448-modp3072", protocol_id::ike},
        {"aes128gcm16", protocol_id::esp},
        {"aes256-sha256", protocol_id::esp},
        {"aes128gcm16-x25519-esn", protocol_id::esp},
    };
    for (const auto& [text, protocol] : cases) {
        const auto p = parse_ok(text, protocol);
        const auto again = parse_ok(format_proposal(p), protocol);
        EXPECT_EQ(again, p) << text << " -> " << format_proposal(p);
    }
    EXPECT_EQ(format_proposal(parse_ok("aes128-sha256-modp2048")), "aes128-sha256-prfsha256-modp2048");
    EXPECT_EQ(format_proposal(parse_ok("aes128gcm16", protocol_id::esp)), "aes128gcm16-noesn");
}

TEST(transforms, sizes_follow_the_rfcs) {
    const auto gcm = find_encryption({encryption_id::aes_gcm_16, 256});
    ASSERT_TRUE(gcm);
    EXPECT_EQ(gcm->keymat_size(), 36u);  // RFC 5282 §7.1: key + 4-byte salt
    EXPECT_EQ(gcm->iv_size, 8u);
    const auto cbc = find_encryption({encryption_id::aes_cbc, 192});
    ASSERT_TRUE(cbc);
    EXPECT_EQ(cbc->keymat_size(), 24u);
    EXPECT_EQ(cbc->iv_size, 16u);
    EXPECT_FALSE(find_encryption({encryption_id::aes_cbc, 100}));
    EXPECT_EQ(find_integrity(integrity_id::hmac_sha2_384_192)->icv_size, 24u);
    EXPECT_EQ(find_integrity(integrity_id::hmac_sha1_96)->key_size, 20u);
    EXPECT_EQ(find_ke(ke_group::ecp521)->public_size, 132u);
    EXPECT_EQ(find_ke(ke_group::modp8192)->public_size, 1024u);
    EXPECT_FALSE(find_ke(ke_group::modp1024));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
