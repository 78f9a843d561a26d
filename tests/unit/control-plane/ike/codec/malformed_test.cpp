// Each malformed-input class of docs/CODEC.md: the error the codec returns, the
// payload and offset it reports, and the IKE behaviour it maps to (RFC 7296 §2.21).
#include <gtest/gtest.h>

#include "control-plane/ike/codec/message.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::hex;
using test::raw_message;

struct malformed_case {
    const char* name;
    std::uint8_t first;
    const char* body;
    codec_errc expected;
};

class malformed : public ::testing::TestWithParam<malformed_case> {};

TEST_P(malformed, is_rejected_with_its_error) {
    const auto& c = GetParam();
    parse_report report;
    auto m = parse_message(raw_message(c.first, hex(c.body)), &report);
    ASSERT_FALSE(m) << c.name;
    EXPECT_EQ(m.error(), make_error_code(c.expected)) << c.name << ": " << m.error().message();
    EXPECT_GE(report.offset, 28u) << "errors in the chain point into the chain";
    ASSERT_TRUE(report.payload.has_value());
}

// Generic header: next 00, flags 00, length; bodies follow their RFC layout.
INSTANTIATE_TEST_SUITE_P(codec, malformed, ::testing::Values(
    malformed_case{"payload header cut short", 40, "00 00 00", codec_errc::payload_truncated},
    malformed_case{"payload length past the end", 40, "00 00 0030 0102", codec_errc::payload_truncated},
    malformed_case{"payload length below 4", 43, "00 00 0003", codec_errc::payload_length_invalid},
    malformed_case{"nonce of 15 octets", 40, "00 00 0013 000102030405060708090a0b0c0d0e", codec_errc::invalid_nonce_length},
    malformed_case{"empty nonce", 40, "00 00 0004", codec_errc::invalid_nonce_length},
    malformed_case{"KE without data", 34, "00 00 0008 001f 0000", codec_errc::empty_body},
    malformed_case{"KE shorter than its fixed fields", 34, "00 00 0006 001f", codec_errc::body_too_short},
    malformed_case{"AUTH without data", 39, "00 00 0008 02 000000", codec_errc::empty_body},
    malformed_case{"ID without data", 35, "00 00 0008 02 000000", codec_errc::empty_body},
    malformed_case{"IPv4 ID of 3 octets", 35, "00 00 000b 01 000000 0a0102", codec_errc::malformed_identification},
    malformed_case{"IPv6 ID of 4 octets", 36, "00 00 000c 05 000000 0a010203", codec_errc::malformed_identification},
    malformed_case{"CERT without data", 37, "00 00 0005 04", codec_errc::empty_body},
    malformed_case{"SA without proposals", 33, "00 00 0004", codec_errc::empty_body},
    malformed_case{"proposal announces more, none follow", 33, "00 00 0014 02 00 0010 01 01 00 01 00 00 0008 01 00 000c", codec_errc::malformed_proposal},
    malformed_case{"proposal with a bad Last Substruc", 33, "00 00 0014 07 00 0010 01 01 00 01 00 00 0008 01 00 000c", codec_errc::malformed_proposal},
    malformed_case{"transform count disagrees", 33, "00 00 0014 00 00 0010 01 01 00 02 00 00 0008 01 00 000c", codec_errc::malformed_proposal},
    malformed_case{"no transforms", 33, "00 00 000c 00 00 0008 01 01 00 00", codec_errc::malformed_proposal},
    malformed_case{"ESP proposal with an 8-octet SPI", 33, "00 00 001c 00 00 0018 01 03 08 01 0102030405060708 00 00 0008 01 00 000c", codec_errc::malformed_proposal},
    malformed_case{"transform length past its proposal", 33, "00 00 0014 00 00 0010 01 01 00 01 00 00 0009 01 00 000c", codec_errc::malformed_proposal},
    malformed_case{"TLV attribute past its transform", 33, "00 00 0018 00 00 0014 01 01 00 01 00 00 000c 01 00 000c 000e 0004", codec_errc::malformed_attribute},
    malformed_case{"notify SPI size past the payload", 41, "00 00 000a 03 04 4009 c001", codec_errc::malformed_notify},
    malformed_case{"delete count disagrees with the SPIs", 42, "00 00 000c 03 04 0002 c0010203", codec_errc::malformed_delete},
    malformed_case{"IKE delete naming an SPI", 42, "00 00 000c 01 04 0001 c0010203", codec_errc::malformed_delete},
    malformed_case{"TS count disagrees", 44, "00 00 0018 02 000000 07 00 0010 0000 ffff 00000000 ffffffff", codec_errc::malformed_traffic_selector},
    malformed_case{"IPv4 TS with an IPv6 length", 44, "00 00 0018 01 000000 07 00 0028 0000 ffff 00000000 ffffffff", codec_errc::malformed_traffic_selector},
    malformed_case{"octets after the last TS", 44, "00 00 001a 01 000000 07 00 0010 0000 ffff 00000000 ffffffff 0000", codec_errc::malformed_traffic_selector},
    malformed_case{"CP attribute past the payload", 47, "00 00 000c 01 000000 0001 0004", codec_errc::malformed_configuration},
    malformed_case{"EAP length disagrees", 48, "00 00 0009 01 07 0006 01", codec_errc::malformed_eap},
    malformed_case{"EAP success with data", 48, "00 00 0009 03 07 0005 00", codec_errc::malformed_eap},
    malformed_case{"EAP unknown code", 48, "00 00 0008 09 07 0004", codec_errc::malformed_eap},
    malformed_case{"empty SK", 46, "21 00 0004", codec_errc::empty_body},
    malformed_case{"SK not the last payload", 46, "21 00 0008 01020304 0000 0004", codec_errc::misplaced_encrypted},
    malformed_case{"SKF fragment number 0", 53, "23 00 000c 0000 0002 01020304", codec_errc::invalid_fragment_number},
    malformed_case{"SKF fragment above total", 53, "00 00 000c 0003 0002 01020304", codec_errc::invalid_fragment_number},
    malformed_case{"SKF total 0", 53, "00 00 000c 0001 0000 01020304", codec_errc::invalid_fragment_number},
    malformed_case{"unknown critical payload", 200, "00 80 0008 01020304", codec_errc::unsupported_critical_payload}
));

TEST(malformed_reaction, unknown_critical_payload_names_its_type_in_the_notify) {
    parse_report report;
    auto m = parse_message(raw_message(43, hex("c8 00 0004  00 80 0005 ff")), &report);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error(), codec_errc::unsupported_critical_payload);
    EXPECT_EQ(report.offset, 32u);  // the second payload, after header and a 4-octet VID
    const auto reaction = ike_reaction_for(m.error(), report);
    EXPECT_EQ(reaction, (ike_reaction{ike_action::notify, notify_type::unsupported_critical_payload, 200}));
}

TEST(malformed_reaction, syntax_errors_ask_for_invalid_syntax) {
    auto m = parse_message(raw_message(40, hex("00 00 0005 01")));
    ASSERT_FALSE(m);
    EXPECT_EQ(ike_reaction_for(m.error()), (ike_reaction{ike_action::notify, notify_type::invalid_syntax, {}}));
}

TEST(malformed_reaction, bad_fragments_are_dropped_silently) {
    // RFC 7383 §2.6.2: discard, do not answer.
    EXPECT_EQ(ike_reaction_for(make_error_code(codec_errc::invalid_fragment_number)).action, ike_action::drop);
}

TEST(malformed_reaction, every_error_has_a_message_and_a_reaction) {
    for (int value = 1; value <= static_cast<int>(codec_errc::value_too_large); ++value) {
        const auto error = make_error_code(static_cast<codec_errc>(value));
        EXPECT_NE(error.message(), "unknown codec error") << value;
        const auto reaction = ike_reaction_for(error);
        if (reaction.action == ike_action::notify) {
            EXPECT_TRUE(is_error(reaction.type)) << value;
        }
    }
}

TEST(malformed_reaction, errors_of_other_categories_count_as_invalid_syntax) {
    EXPECT_EQ(ike_reaction_for(make_error_code(common::errc::truncated)).type, notify_type::invalid_syntax);
}

}  // namespace
}  // namespace ravelin::cp::ike
