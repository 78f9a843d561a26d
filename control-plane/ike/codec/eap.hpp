#pragma once
// RFC 7296 §3.16 EAP payload: one EAP message (RFC 3748 §4).
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Code      | Identifier    |           Length              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      | Type_Data...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// (Type and Type_Data only for Request and Response.)

#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

// RFC 3748 §4 EAP codes.
enum class eap_code : std::uint8_t { request = 1, response = 2, success = 3, failure = 4 };

struct eap_payload {
    eap_code code = eap_code::request;
    std::uint8_t identifier = 0;
    std::optional<std::uint8_t> type;  // present for Request and Response
    std::vector<std::uint8_t> type_data;
    friend bool operator==(const eap_payload&, const eap_payload&) = default;
};

common::result<eap_payload> parse_eap(common::byte_reader body);
common::result<void> write_eap(const eap_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
