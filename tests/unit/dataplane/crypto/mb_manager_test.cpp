// IPsec-MB manager: every architecture this CPU supports initialises and passes
// the known-answer self-test; the best one is the default.
#include <gtest/gtest.h>

#include <array>

#include "dataplane/crypto/keys.hpp"
#include "dataplane/crypto/mb_manager.hpp"

namespace ravelin::dp::crypto {
namespace {

TEST(arch, names_round_trip) {
    for (arch a : {arch::sse, arch::avx2, arch::avx512}) EXPECT_EQ(parse_arch(arch_name(a)).value(), a);
    EXPECT_EQ(parse_arch("avx9000").error(), errc::unknown_arch_name);
}

TEST(mb_manager, every_supported_arch_passes_the_self_test) {
    int tested = 0;
    for (arch a : {arch::sse, arch::avx2, arch::avx512}) {
        if (!arch_supported(a)) continue;
        auto m = mb_manager::create(a);
        ASSERT_TRUE(m.has_value()) << arch_name(a) << ": " << m.error().message();
        EXPECT_EQ(m->architecture(), a);
        EXPECT_TRUE(run_self_test(m->raw()).has_value());
        ++tested;
    }
    EXPECT_GE(tested, 1);
}

TEST(mb_manager, default_is_the_best_arch) {
    auto m = mb_manager::create();
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->architecture(), best_arch());
    mb_manager moved = std::move(m).value();
    EXPECT_NE(moved.raw(), nullptr);
}

TEST(keys, wrong_lengths_are_refused) {
    auto m = mb_manager::create();
    ASSERT_TRUE(m.has_value());
    std::array<std::uint8_t, 24> key{};
    alignas(64) static gcm_key_data gcm;
    EXPECT_EQ(expand_gcm_key(m->raw(), key, gcm).error(), errc::bad_key_length);
    aes_key_schedule aes;
    EXPECT_EQ(expand_aes_key(m->raw(), key, aes).error(), errc::bad_key_length);
    hmac_key h;
    std::array<std::uint8_t, 65> long_key{};
    EXPECT_EQ(precompute_hmac(m->raw(), hmac_hash::sha256, long_key, h).error(), errc::bad_key_length);
    EXPECT_TRUE(precompute_hmac(m->raw(), hmac_hash::sha512, long_key, h).has_value());  // 128-byte block
}

}  // namespace
}  // namespace ravelin::dp::crypto
