#include "common/result.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace ravelin::common {
namespace {

result<int> half(int value) {
    if (value % 2 != 0) return errc::invalid_range;
    return value / 2;
}

result<int> quarter(int value) {
    RAVELIN_TRY(int h, half(value));
    RAVELIN_TRY(int q, half(h));
    return q;
}

result<void> check_even(int value) {
    RAVELIN_CHECK(half(value));
    return {};
}

TEST(result, carries_a_value_or_an_error) {
    EXPECT_EQ(*half(8), 4);
    EXPECT_FALSE(half(3).has_value());
    EXPECT_EQ(half(3).error(), errc::invalid_range);
    EXPECT_EQ(half(3).error().message(), "range start lies after its end");
    EXPECT_FALSE(half(8).error());
}

TEST(result, try_propagates_the_first_error) {
    EXPECT_EQ(*quarter(8), 2);
    EXPECT_EQ(quarter(6).error(), errc::invalid_range);
    EXPECT_TRUE(check_even(2).has_value());
    EXPECT_EQ(check_even(1).error(), errc::invalid_range);
}

TEST(result, reading_the_value_of_an_error_is_a_broken_invariant) {
    EXPECT_THROW((void)half(3).value(), std::system_error);
    EXPECT_THROW(result<void>(errc::truncated).value(), std::system_error);
}

TEST(result, holds_move_only_values) {
    result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("key");
    ASSERT_TRUE(r.has_value());
    auto owned = std::move(r).value();
    EXPECT_EQ(*owned, "key");
}

}  // namespace
}  // namespace ravelin::common
