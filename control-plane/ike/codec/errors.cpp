#include "control-plane/ike/codec/errors.hpp"

#include <string>

namespace ravelin::cp::ike {
namespace {

struct error_info {
    const char* message;
    ike_action action;
    notify_type type;
};

// One row per codec_errc: the message, and what RFC 7296 asks the receiver to do.
//  * §2.21 / §2.21.1: a malformed request gets INVALID_SYNTAX; problems that leave no
//    trustworthy header (truncation, length disagreeing with the datagram) are dropped.
//  * §2.5: unknown critical payload -> UNSUPPORTED_CRITICAL_PAYLOAD; higher major
//    version -> drop and SHOULD send INVALID_MAJOR_VERSION; §3.1 lower major: not IKEv2.
//  * RFC 7383 §2.6.2: fragments with a bad Fragment Number are discarded.
error_info info_for(codec_errc e) noexcept {
    using enum codec_errc;
    constexpr auto drop = ike_action::drop;
    constexpr auto answer = ike_action::notify;
    constexpr auto syntax = notify_type::invalid_syntax;
    switch (e) {
    case truncated_header: return {"datagram shorter than the IKE header", drop, syntax};
    case length_mismatch: return {"IKE header length disagrees with the datagram size", drop, syntax};
    case message_too_large: return {"IKE message larger than the maximum size", drop, syntax};
    case not_ikev2: return {"major version below 2: not an IKEv2 message", drop, syntax};
    case unsupported_major_version:
        return {"major version above 2", answer, notify_type::invalid_major_version};
    case payload_truncated: return {"payload runs past the end of the message", answer, syntax};
    case payload_length_invalid: return {"payload length below the generic header size", answer, syntax};
    case trailing_data: return {"octets after the last payload", answer, syntax};
    case too_many_payloads: return {"more payloads than the codec accepts", answer, syntax};
    case unsupported_critical_payload:
        return {"unknown payload type with the critical bit set", answer,
                notify_type::unsupported_critical_payload};
    case body_too_short: return {"payload body shorter than its fixed fields", answer, syntax};
    case empty_body: return {"payload data empty where the RFC requires some", answer, syntax};
    case invalid_nonce_length: return {"nonce length outside 16..256 octets", answer, syntax};
    case malformed_proposal: return {"malformed proposal or transform", answer, syntax};
    case malformed_attribute: return {"malformed transform attribute", answer, syntax};
    case malformed_identification: return {"identification data of the wrong size", answer, syntax};
    case malformed_notify: return {"notify SPI size exceeds the payload", answer, syntax};
    case malformed_delete: return {"delete SPI size or count disagrees with the payload", answer, syntax};
    case malformed_traffic_selector: return {"malformed traffic selector", answer, syntax};
    case malformed_configuration: return {"malformed configuration attribute", answer, syntax};
    case malformed_eap: return {"EAP length disagrees with the payload", answer, syntax};
    case misplaced_encrypted: return {"SK/SKF payload is not the last payload", answer, syntax};
    case invalid_fragment_number: return {"invalid fragment number or total fragments", drop, syntax};
    case body_mismatch: return {"payload type and body disagree", drop, syntax};
    case value_too_large: return {"field value does not fit its wire width", drop, syntax};
    }
    return {"unknown codec error", drop, syntax};
}

class codec_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "ike-codec"; }
    std::string message(int value) const override {
        return info_for(static_cast<codec_errc>(value)).message;
    }
};

}  // namespace

const std::error_category& codec_category() noexcept {
    static const codec_category_impl category;
    return category;
}

ike_reaction ike_reaction_for(std::error_code error, const parse_report& report) noexcept {
    // Errors of other categories (a reader's truncation that escaped the payload
    // parsers) are malformed input all the same.
    if (error.category() != codec_category()) return {ike_action::notify, notify_type::invalid_syntax, {}};
    const auto code = static_cast<codec_errc>(error.value());
    const error_info info = info_for(code);
    ike_reaction reaction{info.action, info.type, {}};
    if (code == codec_errc::unsupported_critical_payload && report.payload)
        reaction.data = static_cast<std::uint8_t>(*report.payload);
    return reaction;
}

}  // namespace ravelin::cp::ike
