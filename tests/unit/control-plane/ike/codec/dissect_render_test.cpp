// ravelin-dissect's JSON for a message and for an error.
#include <gtest/gtest.h>

#include "control-plane/dissect/render.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::hex;

TEST(dissect_render, message_fields_and_names) {
    const auto bytes = test::raw_message(41, hex("00 00 000a 00 00 0011 001f"));
    const auto out = dissect::dissect_ike(bytes);
    ASSERT_FALSE(out.contains("error")) << out.dump();
    EXPECT_EQ(out["header"]["exchange_name"], "IKE_AUTH");
    EXPECT_EQ(out["header"]["length"], bytes.size());
    const auto& n = out["payloads"][0];
    EXPECT_EQ(n["name"], "N");
    EXPECT_EQ(n["notify_type"], 17);
    EXPECT_EQ(n["notify_name"], "INVALID_KE_PAYLOAD");
    EXPECT_EQ(n["data"], "001f");
    EXPECT_EQ(n["length"], 10);
}

TEST(dissect_render, error_names_the_notify_to_send) {
    const auto out = dissect::dissect_ike(test::raw_message(200, hex("00 80 0004")));
    EXPECT_EQ(out["notify_name"], "UNSUPPORTED_CRITICAL_PAYLOAD");
    EXPECT_EQ(out["notify_data"], 200);
    EXPECT_EQ(out["offset"], 28);
}

TEST(dissect_render, non_text_fqdn_is_printed_as_hex_and_never_throws) {
    // Found by the fuzzer: an ID_FQDN of arbitrary octets made the JSON dump throw.
    const auto out = dissect::dissect_ike(test::raw_message(35, hex("00 00 000a 02 000000 ff26")));
    ASSERT_FALSE(out.contains("error")) << out.dump();
    EXPECT_EQ(out["payloads"][0]["value"], "ff26");
    EXPECT_NO_THROW((void)dissect::to_line(out));
}

}  // namespace
}  // namespace ravelin::cp::ike
