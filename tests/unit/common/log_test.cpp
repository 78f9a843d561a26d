#include "common/log.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace ravelin::common::log {
namespace {

TEST(log, default_and_per_subsystem_levels) {
    ASSERT_TRUE(set_levels("warn,ike=debug,dp=error").has_value());
    EXPECT_EQ(get(subsystem::ike).level(), spdlog::level::debug);
    EXPECT_EQ(get(subsystem::dp).level(), spdlog::level::err);
    EXPECT_EQ(get(subsystem::net).level(), spdlog::level::warn);
    EXPECT_EQ(get(subsystem::ike).name(), "ike");
}

TEST(log, invalid_spec_changes_nothing) {
    ASSERT_TRUE(set_levels("info").has_value());
    EXPECT_EQ(set_levels("ike=debug,nosuch=info").error(), errc::invalid_log_spec);
    EXPECT_EQ(set_levels("ike=loud").error(), errc::invalid_log_spec);
    EXPECT_EQ(set_levels("").error(), errc::invalid_log_spec);
    EXPECT_EQ(get(subsystem::ike).level(), spdlog::level::info);
}

TEST(log, off_is_accepted_when_asked_for) {
    ASSERT_TRUE(set_levels("ring=off").has_value());
    EXPECT_EQ(get(subsystem::ring).level(), spdlog::level::off);
    ASSERT_TRUE(set_levels("info").has_value());
}

TEST(log, every_subsystem_has_a_name) {
    EXPECT_EQ(name(subsystem::main), "main");
    EXPECT_EQ(name(subsystem::metrics), "metrics");
}

}  // namespace
}  // namespace ravelin::common::log
