// RFC 7296 §3.1 header: field layout, flags, version and length checks.
#include <gtest/gtest.h>

#include "control-plane/ike/codec/message.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::hex;

TEST(ike_header, serializes_every_field_at_its_rfc_offset) {
    message m{test::sample_header(exchange_type::ike_sa_init), {}};
    m.header.flags = header_flag::initiator | header_flag::version;
    m.header.id = {0x01020304};
    auto bytes = serialize(m);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, hex("0011223344556677 8899aabbccddeeff 00 20 22 18 01020304 0000001c"));
}

TEST(ike_header, parses_flags_and_round_trips) {
    const auto bytes = hex("0011223344556677 8899aabbccddeeff 00 20 25 20 00000007 0000001c");
    auto m = parse_message(bytes);
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->header.initiator_spi.value, 0x0011223344556677u);
    EXPECT_EQ(m->header.responder_spi.value, 0x8899aabbccddeeffu);
    EXPECT_EQ(m->header.exchange, exchange_type::informational);
    EXPECT_TRUE(m->header.response());
    EXPECT_FALSE(m->header.initiator());
    EXPECT_FALSE(m->header.higher_version());
    EXPECT_EQ(m->header.id.value, 7u);
    EXPECT_TRUE(m->payloads.empty());
    EXPECT_EQ(serialize(*m).value(), bytes);
}

TEST(ike_header, minor_version_is_ignored_but_kept) {
    // §3.1: minor version 0xf must still parse, and re-serialize as received.
    const auto bytes = hex("0011223344556677 8899aabbccddeeff 00 2f 22 08 00000000 0000001c");
    auto m = parse_message(bytes);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->header.minor_version, 0xf);
    EXPECT_EQ(serialize(*m).value(), bytes);
}

TEST(ike_header, higher_major_version_asks_for_invalid_major_version) {
    const auto bytes = hex("0011223344556677 8899aabbccddeeff 00 30 22 08 00000000 0000001c");
    auto m = parse_message(bytes);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error(), codec_errc::unsupported_major_version);
    const auto reaction = ike_reaction_for(m.error());
    EXPECT_EQ(reaction.action, ike_action::notify);
    EXPECT_EQ(reaction.type, notify_type::invalid_major_version);
}

TEST(ike_header, ikev1_major_version_is_dropped) {
    const auto bytes = hex("0011223344556677 8899aabbccddeeff 01 10 02 00 00000000 0000001c");
    auto m = parse_message(bytes);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error(), codec_errc::not_ikev2);
    EXPECT_EQ(ike_reaction_for(m.error()).action, ike_action::drop);
}

TEST(ike_header, length_must_equal_the_datagram_size) {
    auto bytes = hex("0011223344556677 8899aabbccddeeff 00 20 22 08 00000000 0000001d");
    EXPECT_EQ(parse_message(bytes).error(), codec_errc::length_mismatch);  // claims one more
    bytes.back() = 0x1c;
    bytes.push_back(0);
    EXPECT_EQ(parse_message(bytes).error(), codec_errc::length_mismatch);  // datagram one longer
    EXPECT_EQ(ike_reaction_for(make_error_code(codec_errc::length_mismatch)).action, ike_action::drop);
}

TEST(ike_header, shorter_than_28_octets_is_truncated) {
    const auto bytes = hex("0011223344556677 8899aabbccddeeff 00 20 22 08 00000000 0000001c");
    EXPECT_EQ(parse_message(std::span(bytes).first(27)).error(), codec_errc::truncated_header);
    EXPECT_EQ(parse_message({}).error(), codec_errc::truncated_header);
}

}  // namespace
}  // namespace ravelin::cp::ike
