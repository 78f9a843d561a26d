#pragma once
// RFC 7296 §3.14 Encrypted and Authenticated payload (SK) and RFC 7383 §2.5
// Encrypted and Authenticated Fragment payload (SKF). Kept opaque here: the crypto
// layer decrypts them and hands the plaintext to parse_payload_chain().
//
// SK (after the generic header, whose Next Payload names the first inner payload):
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Initialization Vector                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                    Encrypted IKE Payloads                     ~
// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               |             Padding (0-255 octets)            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                               |  Pad Length   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                    Integrity Checksum Data                    ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SKF (RFC 7383 §2.5): Next Payload is the first inner payload in fragment 1, zero
// in the others.
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Fragment Number        |        Total Fragments        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Initialization Vector                     |
// ~              Encrypted content, padding, ICV                  ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/constants.hpp"

namespace ravelin::cp::ike {

struct sk_payload {
    payload_type first_inner = payload_type::none;  // the SK header's Next Payload
    std::vector<std::uint8_t> encrypted;            // IV | ciphertext | padding | ICV
    friend bool operator==(const sk_payload&, const sk_payload&) = default;
};

struct skf_payload {
    payload_type first_inner = payload_type::none;
    std::uint16_t fragment_number = 1;
    std::uint16_t total_fragments = 1;
    std::vector<std::uint8_t> encrypted;
    friend bool operator==(const skf_payload&, const skf_payload&) = default;
};

// first_inner is filled in by the chain parser, which owns the Next Payload field.
common::result<sk_payload> parse_sk(common::byte_reader body);
common::result<skf_payload> parse_skf(common::byte_reader body);
common::result<void> write_sk(const sk_payload& p, common::byte_writer& writer) noexcept;
common::result<void> write_skf(const skf_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
