#include "common/constant_time.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace ravelin::common {
namespace {

TEST(constant_time_equal, equal_and_unequal_contents) {
    const std::array<std::uint8_t, 4> a = {1, 2, 3, 4};
    std::array<std::uint8_t, 4> b = a;
    EXPECT_TRUE(constant_time_equal(a, b));
    for (std::size_t i = 0; i < b.size(); ++i) {
        b = a;
        b[i] ^= 0x80;
        EXPECT_FALSE(constant_time_equal(a, b)) << "difference at byte " << i;
    }
}

TEST(constant_time_equal, lengths_must_match) {
    const std::array<std::uint8_t, 4> a = {1, 2, 3, 4};
    EXPECT_FALSE(constant_time_equal(a, std::span(a).first(3)));
    EXPECT_TRUE(constant_time_equal({}, {}));
}

TEST(secure_wipe, zeroes_the_buffer) {
    std::vector<std::uint8_t> key(32, 0xa5);
    secure_wipe(key.data(), key.size());
    for (auto byte : key) EXPECT_EQ(byte, 0);
    secure_wipe(nullptr, 0);  // harmless
}

}  // namespace
}  // namespace ravelin::common
