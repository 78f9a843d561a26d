#pragma once
// Codec errors and, in one place, what IKE does about each (RFC 7296 §2.21, §2.5,
// §3.1). The parser reports *what* is wrong; ike_reaction_for() says whether the
// receiver answers with a notification (and which) or drops the message silently.
// docs/CODEC.md tabulates the same mapping.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>

#include "control-plane/ike/codec/constants.hpp"
#include "control-plane/ike/codec/notify_types.hpp"

namespace ravelin::cp::ike {

enum class codec_errc {
    // The datagram as a whole: not a message we can answer.
    truncated_header = 1,     // shorter than the 28-octet IKE header
    length_mismatch,          // header Length disagrees with the datagram size
    message_too_large,        // Length above max_message_size
    not_ikev2,                // major version below 2 (IKEv1 and older)
    unsupported_major_version,// major version above 2
    // The payload chain: malformed, answer INVALID_SYNTAX.
    payload_truncated,        // a payload header or body runs past the end
    payload_length_invalid,   // payload Length below 4
    trailing_data,            // octets after the last payload of the chain
    too_many_payloads,        // more than max_payloads_per_message
    unsupported_critical_payload,  // unknown payload type with the critical bit
    body_too_short,           // body shorter than the payload's fixed fields
    empty_body,               // zero-length data where the RFC requires some
    invalid_nonce_length,     // nonce outside 16..256 octets
    malformed_proposal,       // SA: proposal/transform structure inconsistent
    malformed_attribute,      // SA: transform attribute runs past its transform
    malformed_identification, // ID: address data of the wrong size
    malformed_notify,         // Notify: SPI Size larger than the body
    malformed_delete,         // Delete: SPI Size / #SPIs disagree with the body
    malformed_traffic_selector, // TS: selector length wrong or count mismatch
    malformed_configuration,  // CP: attribute runs past the payload
    malformed_eap,            // EAP: EAP Length disagrees with the payload
    misplaced_encrypted,      // SK/SKF not the last payload
    invalid_fragment_number,  // SKF: Fragment Number 0 or above Total Fragments
    // Serialization of a constructed message.
    body_mismatch,            // payload type and body struct disagree
    value_too_large,          // a field does not fit its wire width
};

const std::error_category& codec_category() noexcept;

inline std::error_code make_error_code(codec_errc e) noexcept {
    return {static_cast<int>(e), codec_category()};
}

// Where a parse failed: filled by the parser when a report is asked for.
struct parse_report {
    std::size_t offset = 0;                       // octet offset in the parsed input
    std::optional<payload_type> payload;          // payload being parsed, if any
};

// What RFC 7296 asks the receiver to do about a malformed message.
enum class ike_action {
    drop,          // discard silently (no reliable way, or no duty, to answer)
    notify,        // answer with an unprotected/protected Notify of `type`
};

struct ike_reaction {
    ike_action action = ike_action::drop;
    notify_type type = notify_type::invalid_syntax;
    // Notification Data: the one-octet payload type for UNSUPPORTED_CRITICAL_PAYLOAD
    // (§2.5). INVALID_MAJOR_VERSION carries none: the version goes in the reply header
    // (§3.10.1).
    std::optional<std::uint8_t> data;
    friend bool operator==(const ike_reaction&, const ike_reaction&) = default;
};

// The single mapping from a parse error to the IKE behaviour (RFC 7296 §2.21).
ike_reaction ike_reaction_for(std::error_code error, const parse_report& report = {}) noexcept;

}  // namespace ravelin::cp::ike

template <>
struct std::is_error_code_enum<ravelin::cp::ike::codec_errc> : std::true_type {};
