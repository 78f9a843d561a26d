// sk_decryptor with RFC 7383 fragments: each SKF is decrypted on arrival, the inner
// chain is shown once every fragment is in, in fragment-number order.
#include <gtest/gtest.h>

#include <sstream>

#include "control-plane/dissect/decrypt.hpp"
#include "control-plane/ike/codec/message.hpp"

namespace ravelin::cp::dissect {
namespace {

using namespace ravelin::cp::ike;

constexpr const char* key_line =
    "0102030405060708 1112131415161718 aes128gcm16 "
    "000102030405060708090a0b0c0d0e0f10111213 202122232425262728292a2b2c2d2e2f30313233\n";

key_table load_keys() {
    std::istringstream in(key_line);
    std::string error;
    key_table keys = key_table::load(in, error);
    EXPECT_EQ(error, "");
    return keys;
}

crypto::sk_cipher initiator_cipher() {
    const std::uint8_t key[20] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                  0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13};
    return *crypto::sk_cipher::create({encryption_id::aes_gcm_16, 128}, integrity_id::none,
                                      common::secret_bytes(key), common::secret_bytes());
}

// One IKE_AUTH request fragment from the initiator, sealed the way a peer would:
// lengths final first, then everything before the IV authenticated.
std::vector<std::uint8_t> sealed_fragment(crypto::sk_cipher& cipher, std::uint16_t number, std::uint16_t total,
                                          common::bytes_view plaintext) {
    message m;
    m.header.initiator_spi = ike_spi{0x0102030405060708};
    m.header.responder_spi = ike_spi{0x1112131415161718};
    m.header.exchange = exchange_type::ike_auth;
    m.header.flags = header_flag::initiator;
    m.header.id = message_id{1};
    skf_payload skf{number == 1 ? payload_type::nonce : payload_type::none, number, total, {}};
    skf.encrypted.assign(cipher.sealed_size(plaintext.size()), 0);
    m.payloads.push_back(payload_of(payload_type::skf, skf));
    auto wire = *serialize(m);
    const auto associated = common::bytes_view(wire).first(wire.size() - skf.encrypted.size());
    auto sealed = *cipher.encrypt(associated, plaintext);
    std::copy(sealed.begin(), sealed.end(), wire.end() - static_cast<std::ptrdiff_t>(sealed.size()));
    return wire;
}

TEST(sk_decryptor, reassembles_fragments_in_number_order) {
    const key_table keys = load_keys();
    sk_decryptor decrypt(keys);
    crypto::sk_cipher cipher = initiator_cipher();
    // The inner chain "Nonce(32 x 0xab)" split across two fragments.
    const auto chain = *serialize_payload_chain({payload_of(payload_type::nonce, nonce_payload{std::vector<std::uint8_t>(32, 0xab)})});
    const common::bytes_view whole(chain);
    const auto first = sealed_fragment(cipher, 1, 2, whole.first(10));
    const auto second = sealed_fragment(cipher, 2, 2, whole.subspan(10));

    // Second fragment first: held back until the set is complete.
    const auto held = decrypt(*parse_message(second), second);
    ASSERT_TRUE(held);
    EXPECT_EQ((*held)["fragments_received"], 1);
    EXPECT_FALSE(held->contains("payloads"));

    const auto done = decrypt(*parse_message(first), first);
    ASSERT_TRUE(done);
    ASSERT_TRUE(done->contains("payloads")) << done->dump();
    EXPECT_EQ((*done)["payloads"][0]["name"], "Nonce");
    EXPECT_EQ((*done)["payloads"][0]["nonce_length"], 32);
}

TEST(sk_decryptor, unknown_spis_and_too_many_fragments) {
    const key_table keys = load_keys();
    sk_decryptor decrypt(keys);
    crypto::sk_cipher cipher = initiator_cipher();
    const std::uint8_t some[8] = {};
    auto wire = sealed_fragment(cipher, 1, 65, some);
    const auto out = decrypt(*parse_message(wire), wire);
    ASSERT_TRUE(out);
    EXPECT_EQ((*out)["error"], "more than 64 fragments");

    wire[0] ^= 1;  // another initiator SPI: no keys for it (and no longer the AAD that was sealed)
    EXPECT_FALSE(decrypt(*parse_message(wire), wire));
}

TEST(key_table, rejects_malformed_lines_with_their_number) {
    for (const char* text : {"1 2\n", "x 2 aes128gcm16 00 00\n", "1 2 aes128gcm16 0g 00\n", "1 2 nothing 00 00\n",
                             "1 2 aes128gcm16 00 00 00\n"}) {
        std::istringstream in(std::string("# comment\n") + text);
        std::string error;
        const key_table keys = key_table::load(in, error);
        EXPECT_EQ(error.rfind("line 2: ", 0), 0u) << text << " -> " << error;
        EXPECT_EQ(keys.size(), 0u);
    }
}

}  // namespace
}  // namespace ravelin::cp::dissect
