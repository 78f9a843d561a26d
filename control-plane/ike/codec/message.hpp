#pragma once
// RFC 7296 §3: an IKE message is the header followed by a chain of payloads, each
// naming the type of the next. parse_message() takes one UDP datagram as it arrives
// on port 500 (or on 4500 after classify_udp4500() removed the non-ESP marker).

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/header.hpp"
#include "control-plane/ike/codec/payload.hpp"

namespace ravelin::cp::ike {

struct message {
    ike_header header;
    std::vector<payload> payloads;  // in wire order; SK/SKF, if present, is last
    friend bool operator==(const message&, const message&) = default;
};

// Parses a whole datagram. Checks, in order: header present, major version (§3.1),
// Length equal to the datagram size, size limit, then the payload chain.
// On failure `report`, if given, says where and in which payload.
common::result<message> parse_message(common::bytes_view datagram, parse_report* report = nullptr);

// Parses a payload chain starting with `first` that must fill `input` exactly: the
// body of a message, or the plaintext of a decrypted SK payload (§3.14).
// `base_offset` is added to offsets written to `report`.
common::result<std::vector<payload>> parse_payload_chain(payload_type first, common::bytes_view input,
                                                         parse_report* report = nullptr,
                                                         std::size_t base_offset = 0);

common::result<std::vector<std::uint8_t>> serialize(const message& m);

// Serializes a chain; its first payload's type is what the enclosing header (or SK
// payload) names as Next Payload.
common::result<std::vector<std::uint8_t>> serialize_payload_chain(const std::vector<payload>& payloads);

}  // namespace ravelin::cp::ike
