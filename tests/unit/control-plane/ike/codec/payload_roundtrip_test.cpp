// Every payload type of RFC 7296 §3 and RFC 7383 §2.5, and every ID and TS type:
// the constructed struct serializes to the octets the RFC diagram gives, and
// those octets parse back to the same struct.
#include <gtest/gtest.h>

#include "control-plane/ike/codec/message.hpp"
#include "test_support.hpp"

namespace ravelin::cp::ike {
namespace {

using test::bytes_of;
using test::hex;

// Serializes `p` alone in a message, checks its generic header and body octets,
// then parses the message back and expects the same payload.
void expect_round_trip(const payload& p, const std::vector<std::uint8_t>& body) {
    const message m = test::message_with({p});
    auto bytes = serialize(m);
    ASSERT_TRUE(bytes) << bytes.error().message();
    ASSERT_EQ(bytes->size(), 28 + 4 + body.size());
    EXPECT_EQ((*bytes)[16], static_cast<std::uint8_t>(p.type));  // header Next Payload
    const std::uint8_t next = is_encrypted(p.type)
        ? static_cast<std::uint8_t>(std::holds_alternative<sk_payload>(p.body)
                                        ? std::get<sk_payload>(p.body).first_inner
                                        : std::get<skf_payload>(p.body).first_inner)
        : 0;
    EXPECT_EQ((*bytes)[28], next);
    EXPECT_EQ((*bytes)[29], p.critical ? 0x80 : 0x00);
    EXPECT_EQ((*bytes)[30] << 8 | (*bytes)[31], static_cast<int>(4 + body.size()));
    EXPECT_EQ(std::vector<std::uint8_t>(bytes->begin() + 32, bytes->end()), body);
    auto parsed = parse_message(*bytes);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(*parsed, m);
    EXPECT_EQ(serialize(*parsed).value(), *bytes);
}

TEST(payload_round_trip, sa_with_two_proposals_spi_and_key_length) {
    sa_payload sa;
    sa.proposals.push_back({1, protocol_id::ike, {}, {
        {transform_type::encryption, 20, {{14, true, 256, {}}}},
        {transform_type::prf, 5, {}},
        {transform_type::key_exchange, 31, {}},
    }});
    sa.proposals.push_back({2, protocol_id::esp, {0xc0, 0x01, 0x02, 0x03}, {
        {transform_type::encryption, 12, {{14, true, 128, {}}}},
        {transform_type::integrity, 12, {}},
        {transform_type::esn, 0, {}},
    }});
    EXPECT_EQ(sa.proposals[0].transforms[0].key_length(), 256);
    EXPECT_EQ(sa.proposals[0].transforms[1].key_length(), std::nullopt);
    expect_round_trip(payload_of(payload_type::sa, sa), hex(
        // proposal 1: more follows (2), length 36, #1 IKE, SPI size 0, 3 transforms
        "02 00 0024 01 01 00 03"
        "03 00 000c 01 00 0014 800e 0100"   // ENCR AES-GCM-16, Key Length 256 (TV)
        "03 00 0008 02 00 0005"             // PRF HMAC-SHA2-256
        "00 00 0008 04 00 001f"             // KE Curve25519, last transform
        // proposal 2: last (0), length 40, #2 ESP, SPI size 4, 3 transforms
        "00 00 0028 02 03 04 03 c0010203"
        "03 00 000c 01 00 000c 800e 0080"
        "03 00 0008 03 00 000c"
        "00 00 0008 05 00 0000"));
}

TEST(payload_round_trip, sa_keeps_tlv_attributes) {
    sa_payload sa;
    sa.proposals.push_back({1, protocol_id::ike, {}, {{transform_type::encryption, 12, {{0x1234, false, 0, {0xaa, 0xbb}}}}}});
    expect_round_trip(payload_of(payload_type::sa, sa),
                      hex("00 00 0016 01 01 00 01  00 00 000e 01 00 000c 1234 0002 aabb"));
}

TEST(payload_round_trip, ke) {
    expect_round_trip(payload_of(payload_type::ke, ke_payload{ke_group::curve25519, bytes_of(32, 0x5a)}),
                      [] { auto b = hex("001f 0000"); auto d = bytes_of(32, 0x5a); b.insert(b.end(), d.begin(), d.end()); return b; }());
}

TEST(payload_round_trip, nonce_at_both_length_limits) {
    for (std::size_t size : {std::size_t{16}, std::size_t{256}})
        expect_round_trip(payload_of(payload_type::nonce, nonce_payload{bytes_of(size, 0x42)}), bytes_of(size, 0x42));
}

struct id_case {
    id_type type;
    std::vector<std::uint8_t> data;
};

TEST(payload_round_trip, every_id_type_as_idi_and_idr) {
    const std::vector<id_case> cases = {
        {id_type::ipv4_addr, hex("0a010203")},
        {id_type::fqdn, {'g', 'w', '.', 'e', 'x'}},
        {id_type::rfc822_addr, {'a', '@', 'e', 'x'}},
        {id_type::ipv6_addr, hex("fd000000000000000000000000000001")},
        {id_type::der_asn1_dn, hex("300d310b300906035504030c026777")},
        {id_type::der_asn1_gn, hex("820267 77")},
        {id_type::key_id, hex("01020304")},
        {id_type::fc_name, hex("0102")},
        {id_type::null_id, {}},
    };
    for (const auto& c : cases) {
        for (payload_type type : {payload_type::idi, payload_type::idr}) {
            SCOPED_TRACE(static_cast<int>(c.type));
            auto body = std::vector<std::uint8_t>{static_cast<std::uint8_t>(c.type), 0, 0, 0};
            body.insert(body.end(), c.data.begin(), c.data.end());
            expect_round_trip(payload_of(type, id_payload{c.type, c.data}), body);
        }
    }
}

TEST(payload_round_trip, cert_and_certreq) {
    expect_round_trip(payload_of(payload_type::cert, cert_payload{cert_encoding::x509_signature, hex("3082")}),
                      hex("04 3082"));
    expect_round_trip(payload_of(payload_type::certreq, certreq_payload{cert_encoding::x509_signature, bytes_of(20, 1)}),
                      [] { auto b = hex("04"); auto d = bytes_of(20, 1); b.insert(b.end(), d.begin(), d.end()); return b; }());
    // §3.7: an empty Certification Authority list is allowed.
    expect_round_trip(payload_of(payload_type::certreq, certreq_payload{cert_encoding::x509_signature, {}}), hex("04"));
}

TEST(payload_round_trip, auth) {
    expect_round_trip(payload_of(payload_type::auth, auth_payload{auth_method::shared_key_mic, hex("0102")}),
                      hex("02 000000 0102"));
}

TEST(payload_round_trip, notify_with_and_without_spi) {
    expect_round_trip(payload_of(payload_type::notify, notify_payload{protocol_id::esp, hex("c0010203"), notify_type::rekey_sa, {}}),
                      hex("03 04 4009 c0010203"));
    expect_round_trip(payload_of(payload_type::notify, notify_payload{protocol_id::none, {}, notify_type::invalid_ke_payload, hex("001f")}),
                      hex("00 00 0011 001f"));
}

TEST(payload_round_trip, delete_esp_and_ike) {
    expect_round_trip(payload_of(payload_type::del, delete_payload{protocol_id::esp, 4, {hex("c0010203"), hex("c0040506")}}),
                      hex("03 04 0002 c0010203 c0040506"));
    expect_round_trip(payload_of(payload_type::del, delete_payload{protocol_id::ike, 0, {}}), hex("01 00 0000"));
}

TEST(payload_round_trip, vendor_id) {
    expect_round_trip(payload_of(payload_type::vendor_id, vendor_id_payload{{'r', 'v'}}), hex("7276"));
}

TEST(payload_round_trip, every_ts_type_as_tsi_and_tsr) {
    ts_payload ts;
    ts.selectors.push_back({ts_type::ipv4_addr_range, 6, 80, 443, hex("0a010000"), hex("0a0100ff"), {}});
    ts.selectors.push_back({ts_type::ipv6_addr_range, 0, 0, 65535, hex("fd010000000000000000000000000000"),
                            hex("fd01000000000000ffffffffffffffff"), {}});
    ts.selectors.push_back({ts_type::fc_addr_range, 0x00, 0, 0xffff, {}, {}, hex("00112233 44556677")});
    const auto body = hex(
        "03 000000"
        "07 06 0010 0050 01bb 0a010000 0a0100ff"
        "08 00 0028 0000 ffff fd010000000000000000000000000000 fd01000000000000ffffffffffffffff"
        "09 00 000c 00112233 44556677");
    expect_round_trip(payload_of(payload_type::tsi, ts), body);
    expect_round_trip(payload_of(payload_type::tsr, ts), body);
}

TEST(payload_round_trip, sk_names_its_first_inner_payload) {
    expect_round_trip(payload_of(payload_type::sk, sk_payload{payload_type::idi, bytes_of(40, 0xee)}), bytes_of(40, 0xee));
}

TEST(payload_round_trip, cp_request_reply_set_ack) {
    for (cfg_type type : {cfg_type::request, cfg_type::reply, cfg_type::set, cfg_type::ack}) {
        cp_payload cp{type, {{1, {}}, {3, hex("0a030001")}}};
        auto body = hex("00 000000 0001 0000 0003 0004 0a030001");
        body[0] = static_cast<std::uint8_t>(type);
        expect_round_trip(payload_of(payload_type::cp, cp), body);
    }
}

TEST(payload_round_trip, eap_request_and_success) {
    expect_round_trip(payload_of(payload_type::eap, eap_payload{eap_code::request, 7, 1, {'h', 'i'}}),
                      hex("01 07 0007 01 6869"));
    expect_round_trip(payload_of(payload_type::eap, eap_payload{eap_code::success, 7, std::nullopt, {}}),
                      hex("03 07 0004"));
}

TEST(payload_round_trip, skf_fragment_fields) {
    // RFC 7383 §2.5: fragment 1 names the first inner payload, the others zero.
    expect_round_trip(payload_of(payload_type::skf, skf_payload{payload_type::idi, 1, 3, bytes_of(24, 1)}),
                      [] { auto b = hex("0001 0003"); auto d = bytes_of(24, 1); b.insert(b.end(), d.begin(), d.end()); return b; }());
    expect_round_trip(payload_of(payload_type::skf, skf_payload{payload_type::none, 3, 3, bytes_of(24, 2)}),
                      [] { auto b = hex("0003 0003"); auto d = bytes_of(24, 2); b.insert(b.end(), d.begin(), d.end()); return b; }());
}

TEST(payload_round_trip, unknown_non_critical_payload_is_kept) {
    expect_round_trip(payload_of(static_cast<payload_type>(200), unknown_payload{hex("01020304")}), hex("01020304"));
    // Payload types assigned but not decoded here (GSPM, PS) are kept the same way.
    expect_round_trip(payload_of(payload_type::ps, unknown_payload{hex("ff")}), hex("ff"));
}

TEST(payload_round_trip, critical_bit_of_a_known_payload_is_kept) {
    expect_round_trip(payload_of(payload_type::vendor_id, vendor_id_payload{{1}}, true), hex("01"));
}

TEST(payload_round_trip, a_full_chain_parses_back_equal) {
    const message m = test::message_with({
        payload_of(payload_type::idi, id_payload{id_type::fqdn, {'a'}}),
        payload_of(payload_type::auth, auth_payload{auth_method::shared_key_mic, bytes_of(32, 3)}),
        payload_of(payload_type::tsi, ts_payload{{{ts_type::ipv4_addr_range, 0, 0, 65535, hex("00000000"), hex("ffffffff"), {}}}}),
        payload_of(payload_type::notify, notify_payload{protocol_id::none, {}, notify_type::initial_contact, {}}),
        payload_of(payload_type::sk, sk_payload{payload_type::idr, bytes_of(16, 9)}),
    });
    auto bytes = serialize(m);
    ASSERT_TRUE(bytes);
    auto parsed = parse_message(*bytes);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(*parsed, m);
}

}  // namespace
}  // namespace ravelin::cp::ike
