#pragma once
// Helpers shared by the codec tests: hex literals and one-payload messages.

#include <cstdint>
#include <string_view>
#include <vector>

#include "control-plane/ike/codec/message.hpp"

namespace ravelin::cp::ike::test {

inline std::vector<std::uint8_t> hex(std::string_view text) {
    std::vector<std::uint8_t> out;
    int high = -1;
    for (const char c : text) {
        int nibble;
        if (c >= '0' && c <= '9') nibble = c - '0';
        else if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
        else continue;  // spaces and separators
        if (high < 0) {
            high = nibble;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | nibble));
            high = -1;
        }
    }
    return out;
}

inline std::vector<std::uint8_t> bytes_of(std::size_t count, std::uint8_t fill) {
    return std::vector<std::uint8_t>(count, fill);
}

inline ike_header sample_header(exchange_type exchange = exchange_type::ike_auth) {
    ike_header h;
    h.initiator_spi = {0x0011223344556677};
    h.responder_spi = {0x8899aabbccddeeff};
    h.exchange = exchange;
    h.flags = header_flag::initiator;
    h.id = {1};
    return h;
}

inline message message_with(std::vector<payload> payloads, exchange_type exchange = exchange_type::ike_auth) {
    return message{sample_header(exchange), std::move(payloads)};
}

// An IKE header (28 octets) naming `next` and a Length of 28 + body size, then body.
inline std::vector<std::uint8_t> raw_message(std::uint8_t next, const std::vector<std::uint8_t>& body) {
    std::vector<std::uint8_t> out = hex("0011223344556677 8899aabbccddeeff");
    out.push_back(next);
    const std::uint32_t length = static_cast<std::uint32_t>(28 + body.size());
    for (std::uint8_t b : {std::uint8_t{0x20}, std::uint8_t{35}, std::uint8_t{0x08}, std::uint8_t{0},
                           std::uint8_t{0}, std::uint8_t{0}, std::uint8_t{1}})
        out.push_back(b);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(length >> shift));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

}  // namespace ravelin::cp::ike::test
