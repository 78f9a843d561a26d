// Payload chains: edges (empty, one octet short, largest size), unknown payloads,
// SK placement, the payload count limit, and strongSwan's real messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "control-plane/ike/codec/message.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::bytes_of;
using test::hex;
using test::raw_message;

std::vector<std::uint8_t> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(message, header_only_message_has_no_payloads) {
    auto m = parse_message(raw_message(0, {}));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->payloads.empty());
}

TEST(message, octets_after_the_last_payload_are_trailing_data) {
    parse_report report;
    auto m = parse_message(raw_message(0, hex("00")), &report);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error(), codec_errc::trailing_data);
    EXPECT_EQ(report.offset, 28u);
}

TEST(message, one_octet_short_of_a_payload_is_truncated) {
    auto body = hex("00 00 0014") ;
    auto nonce = bytes_of(16, 7);
    body.insert(body.end(), nonce.begin(), nonce.end());
    ASSERT_TRUE(parse_message(raw_message(40, body)));
    body.pop_back();
    EXPECT_EQ(parse_message(raw_message(40, body)).error(), codec_errc::payload_truncated);
}

TEST(message, unknown_non_critical_payload_is_skipped_and_kept) {
    const auto bytes = raw_message(43, hex("c8 00 0005 61  28 00 0006 0102  00 00 0014 000102030405060708090a0b0c0d0e0f"));
    auto m = parse_message(bytes);
    // type 200 after VID, then its Next Payload (40) continues the chain past it
    ASSERT_TRUE(m) << m.error().message();
    ASSERT_EQ(m->payloads.size(), 3u);
    EXPECT_EQ(m->payloads[1].type, static_cast<payload_type>(200));
    EXPECT_EQ(std::get<unknown_payload>(m->payloads[1].body).body, hex("0102"));
    EXPECT_EQ(m->payloads[2].type, payload_type::nonce);
    EXPECT_EQ(serialize(*m).value(), bytes);
}

TEST(message, payload_count_is_limited) {
    std::vector<payload> many(max_payloads_per_message + 1, payload_of(payload_type::vendor_id, vendor_id_payload{}));
    auto bytes = serialize(test::message_with(many));
    ASSERT_TRUE(bytes);
    EXPECT_EQ(parse_message(*bytes).error(), codec_errc::too_many_payloads);
    many.pop_back();
    bytes = serialize(test::message_with(many));
    ASSERT_TRUE(parse_message(bytes.value()));
}

TEST(message, largest_message_parses_and_one_more_octet_does_not_serialize) {
    // One vendor ID payload filling the message to max_message_size exactly.
    const std::size_t body = max_message_size - 28 - 4;
    const message m = test::message_with({payload_of(payload_type::vendor_id, vendor_id_payload{bytes_of(body, 1)})});
    auto bytes = serialize(m);
    ASSERT_TRUE(bytes) << bytes.error().message();
    EXPECT_EQ(bytes->size(), max_message_size);
    EXPECT_TRUE(parse_message(*bytes));
    const message too_big = test::message_with({payload_of(payload_type::vendor_id, vendor_id_payload{bytes_of(body + 1, 1)})});
    EXPECT_FALSE(serialize(too_big));
}

TEST(message, sk_must_be_last_when_serializing) {
    const message m = test::message_with({
        payload_of(payload_type::sk, sk_payload{payload_type::idi, bytes_of(16, 1)}),
        payload_of(payload_type::nonce, nonce_payload{bytes_of(16, 1)}),
    });
    EXPECT_EQ(serialize(m).error(), codec_errc::misplaced_encrypted);
}

TEST(message, payload_type_and_body_must_agree) {
    EXPECT_EQ(serialize(test::message_with({payload_of(payload_type::nonce, ke_payload{})})).error(),
              codec_errc::body_mismatch);
    EXPECT_EQ(serialize(test::message_with({payload_of(payload_type::none, unknown_payload{})})).error(),
              codec_errc::body_mismatch);
}

TEST(message, decrypted_chain_parses_with_its_first_type) {
    // What the crypto layer hands over after decrypting SK {IDi, AUTH}.
    const std::vector<payload> inner = {
        payload_of(payload_type::idi, id_payload{id_type::ipv4_addr, hex("0a630001")}),
        payload_of(payload_type::auth, auth_payload{auth_method::shared_key_mic, bytes_of(32, 4)}),
    };
    auto plain = serialize_payload_chain(inner);
    ASSERT_TRUE(plain);
    auto parsed = parse_payload_chain(payload_type::idi, *plain);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, inner);
}

TEST(message, every_captured_strongswan_message_round_trips_exactly) {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(RAVELIN_IKE_CORPUS)) {
        if (entry.path().filename().string().starts_with("regression-")) continue;  // fuzz finds
        const auto bytes = read_file(entry.path());
        auto m = parse_message(bytes);
        ASSERT_TRUE(m) << entry.path() << ": " << m.error().message();
        EXPECT_EQ(serialize(*m).value(), bytes) << entry.path();
        ++count;
    }
    EXPECT_GE(count, 30u);
}

}  // namespace
}  // namespace ravelin::cp::ike
