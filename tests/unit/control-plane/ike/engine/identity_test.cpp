#include "control-plane/ike/engine/identity.hpp"

#include <gtest/gtest.h>

namespace ravelin::cp::ike {
namespace {

const auto fallback = *common::ip_address::parse("192.0.2.1");

TEST(identity, swanctl_forms) {
    EXPECT_EQ(make_identity("10.0.0.1", fallback).type, id_type::ipv4_addr);
    EXPECT_EQ(make_identity("2001:db8::1", fallback).type, id_type::ipv6_addr);
    EXPECT_EQ(make_identity("moon.example", fallback).type, id_type::fqdn);
    const auto at = make_identity("@moon.example", fallback);
    EXPECT_EQ(at.type, id_type::fqdn);
    EXPECT_EQ(identity_to_string(at), "moon.example");
    EXPECT_EQ(make_identity("carol@example.org", fallback).type, id_type::rfc822_addr);
    EXPECT_EQ(identity_to_string(make_identity("", fallback)), "192.0.2.1");
}

TEST(identity, matching) {
    const auto id = make_identity("moon.example", fallback);
    EXPECT_TRUE(identity_matches("moon.example", id));
    EXPECT_TRUE(identity_matches("@moon.example", id));
    EXPECT_TRUE(identity_matches("%any", id));
    EXPECT_TRUE(identity_matches("", id));
    EXPECT_FALSE(identity_matches("sun.example", id));
    EXPECT_FALSE(identity_matches("10.0.0.1", id));
}

TEST(identity, body_is_type_reserved_data) {
    const auto body = identity_body(make_identity("10.0.0.1", fallback));
    EXPECT_EQ(body, (std::vector<std::uint8_t>{1, 0, 0, 0, 10, 0, 0, 1}));
}

}  // namespace
}  // namespace ravelin::cp::ike
