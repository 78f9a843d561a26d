#include "common/secret.hpp"

#include <array>
#include <type_traits>

#include <gtest/gtest.h>

namespace ravelin::common {
namespace {

static_assert(!std::is_copy_constructible_v<secret_bytes>);
static_assert(!std::is_copy_assignable_v<secret_bytes>);
static_assert(std::is_nothrow_move_constructible_v<secret_bytes>);

const std::array<std::uint8_t, 4> key_bytes = {0xde, 0xad, 0xbe, 0xef};

TEST(secret_bytes, copies_input_and_exposes_it) {
    secret_bytes key(key_bytes);
    ASSERT_EQ(key.size(), 4u);
    EXPECT_TRUE(std::equal(key_bytes.begin(), key_bytes.end(), key.expose().begin()));
}

TEST(secret_bytes, sized_constructor_is_zero_filled) {
    secret_bytes key(16);
    for (auto byte : key.expose()) EXPECT_EQ(byte, 0);
    EXPECT_TRUE(secret_bytes(0).empty());
}

TEST(secret_bytes, move_leaves_the_source_empty) {
    secret_bytes key(key_bytes);
    secret_bytes moved(std::move(key));
    EXPECT_TRUE(key.empty());  // NOLINT(bugprone-use-after-move): the point of the test
    EXPECT_EQ(moved.size(), 4u);
    secret_bytes assigned;
    assigned = std::move(moved);
    EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(assigned, secret_bytes(key_bytes));
}

// The zeroing itself is secure_wipe's (see constant_time_test.cpp); here the
// buffer is released and the secret reads as empty afterwards.
TEST(secret_bytes, wipe_empties_the_secret) {
    secret_bytes key(key_bytes);
    key.wipe();
    EXPECT_TRUE(key.empty());
    EXPECT_EQ(key.expose().size(), 0u);
}

TEST(secret_bytes, equality_is_by_content_and_length) {
    EXPECT_EQ(secret_bytes(key_bytes), secret_bytes(key_bytes));
    EXPECT_FALSE(secret_bytes(key_bytes) == secret_bytes(std::span(key_bytes).first(3)));
    auto other = key_bytes;
    other[3] ^= 1;
    EXPECT_FALSE(secret_bytes(key_bytes) == secret_bytes(other));
}

TEST(secret_bytes, clone_and_slice) {
    secret_bytes key(key_bytes);
    EXPECT_EQ(key.clone(), key);
    const secret_bytes middle = key.slice(1, 2);
    ASSERT_EQ(middle.size(), 2u);
    EXPECT_EQ(middle.expose()[0], 0xad);
    EXPECT_EQ(middle.expose()[1], 0xbe);
    EXPECT_TRUE(key.slice(4, 0).empty());
    EXPECT_THROW((void)key.slice(3, 2), std::out_of_range);
    EXPECT_THROW((void)key.slice(5, 0), std::out_of_range);
}

}  // namespace
}  // namespace ravelin::common
