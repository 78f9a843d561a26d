#pragma once
// RFC 7296 §3.2 generic payload: one payload of a chain, its type, its critical
// bit and its decoded body.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Next Payload  |C|  RESERVED   |         Payload Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Next Payload and Payload Length are derived when serializing; the type of a
// payload is the Next Payload field of the one before it (or of the header).

#include <cstdint>
#include <variant>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/cert.hpp"
#include "control-plane/ike/codec/constants.hpp"
#include "control-plane/ike/codec/cp.hpp"
#include "control-plane/ike/codec/delete.hpp"
#include "control-plane/ike/codec/eap.hpp"
#include "control-plane/ike/codec/id.hpp"
#include "control-plane/ike/codec/notify.hpp"
#include "control-plane/ike/codec/sa.hpp"
#include "control-plane/ike/codec/simple.hpp"
#include "control-plane/ike/codec/sk.hpp"
#include "control-plane/ike/codec/ts.hpp"

namespace ravelin::cp::ike {

// RFC 7296 §2.5: a payload type this codec does not decode, skipped (not critical)
// and kept byte for byte so that the message re-serializes unchanged.
struct unknown_payload {
    std::vector<std::uint8_t> body;
    friend bool operator==(const unknown_payload&, const unknown_payload&) = default;
};

// IDi/IDr share id_payload and TSi/TSr share ts_payload: payload::type tells them apart.
using payload_body = std::variant<sa_payload, ke_payload, id_payload, cert_payload, certreq_payload,
                                  auth_payload, nonce_payload, notify_payload, delete_payload,
                                  vendor_id_payload, ts_payload, sk_payload, cp_payload, eap_payload,
                                  skf_payload, unknown_payload>;

struct payload {
    payload_type type = payload_type::none;
    // §2.5: ignored on receipt for decoded types, but kept for an exact round trip.
    bool critical = false;
    payload_body body;
    friend bool operator==(const payload&, const payload&) = default;
};

// True for the payload types this codec decodes ("understands", §2.5).
bool is_decoded(payload_type type) noexcept;

// True for SK and SKF, whose Next Payload names the first encrypted payload and
// which therefore end the chain (§3.14, RFC 7383 §2.5).
inline bool is_encrypted(payload_type type) noexcept {
    return type == payload_type::sk || type == payload_type::skf;
}

// The body of one payload (the octets after its generic header).
common::result<payload_body> parse_payload_body(payload_type type, common::byte_reader body);
common::result<void> write_payload_body(const payload& p, common::byte_writer& writer) noexcept;

// Convenience for building messages: payload_of(payload_type::nonce, nonce_payload{...}).
inline payload payload_of(payload_type type, payload_body body, bool critical = false) {
    return payload{type, critical, std::move(body)};
}

}  // namespace ravelin::cp::ike
