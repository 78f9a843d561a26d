#include "control-plane/ike/codec/payload.hpp"

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {
namespace {

using common::byte_reader;
using common::byte_writer;
using common::result;

// Wraps a body parser so that its result converts to payload_body.
template <typename T>
result<payload_body> as_body(result<T> parsed) {
    if (!parsed) return parsed.error();
    return payload_body(std::move(parsed).value());
}

result<payload_body> dispatch(payload_type type, byte_reader body) {
    using enum payload_type;
    switch (type) {
    case sa: return as_body(parse_sa(body));
    case ke: return as_body(parse_ke(body));
    case idi:
    case idr: return as_body(parse_id(body));
    case cert: return as_body(parse_cert(body));
    case certreq: return as_body(parse_certreq(body));
    case auth: return as_body(parse_auth(body));
    case nonce: return as_body(parse_nonce(body));
    case notify: return as_body(parse_notify(body));
    case del: return as_body(parse_delete(body));
    case vendor_id: return as_body(parse_vendor_id(body));
    case tsi:
    case tsr: return as_body(parse_ts(body));
    case sk: return as_body(parse_sk(body));
    case cp: return as_body(parse_cp(body));
    case eap: return as_body(parse_eap(body));
    case skf: return as_body(parse_skf(body));
    default: {
        const auto rest = body.rest();
        return payload_body(unknown_payload{{rest.begin(), rest.end()}});
    }
    }
}

// The variant alternative each decoded payload type must carry.
template <typename T>
bool holds(const payload& p) noexcept {
    return std::holds_alternative<T>(p.body);
}

bool body_matches(const payload& p) noexcept {
    using enum payload_type;
    switch (p.type) {
    case sa: return holds<sa_payload>(p);
    case ke: return holds<ke_payload>(p);
    case idi:
    case idr: return holds<id_payload>(p);
    case cert: return holds<cert_payload>(p);
    case certreq: return holds<certreq_payload>(p);
    case auth: return holds<auth_payload>(p);
    case nonce: return holds<nonce_payload>(p);
    case notify: return holds<notify_payload>(p);
    case del: return holds<delete_payload>(p);
    case vendor_id: return holds<vendor_id_payload>(p);
    case tsi:
    case tsr: return holds<ts_payload>(p);
    case sk: return holds<sk_payload>(p);
    case cp: return holds<cp_payload>(p);
    case eap: return holds<eap_payload>(p);
    case skf: return holds<skf_payload>(p);
    case none: return false;
    default: return holds<unknown_payload>(p);
    }
}

struct body_writer {
    byte_writer& writer;
    result<void> operator()(const sa_payload& b) const noexcept { return write_sa(b, writer); }
    result<void> operator()(const ke_payload& b) const noexcept { return write_ke(b, writer); }
    result<void> operator()(const id_payload& b) const noexcept { return write_id(b, writer); }
    result<void> operator()(const cert_payload& b) const noexcept { return write_cert(b, writer); }
    result<void> operator()(const certreq_payload& b) const noexcept { return write_certreq(b, writer); }
    result<void> operator()(const auth_payload& b) const noexcept { return write_auth(b, writer); }
    result<void> operator()(const nonce_payload& b) const noexcept { return write_nonce(b, writer); }
    result<void> operator()(const notify_payload& b) const noexcept { return write_notify(b, writer); }
    result<void> operator()(const delete_payload& b) const noexcept { return write_delete(b, writer); }
    result<void> operator()(const vendor_id_payload& b) const noexcept { return write_vendor_id(b, writer); }
    result<void> operator()(const ts_payload& b) const noexcept { return write_ts(b, writer); }
    result<void> operator()(const sk_payload& b) const noexcept { return write_sk(b, writer); }
    result<void> operator()(const cp_payload& b) const noexcept { return write_cp(b, writer); }
    result<void> operator()(const eap_payload& b) const noexcept { return write_eap(b, writer); }
    result<void> operator()(const skf_payload& b) const noexcept { return write_skf(b, writer); }
    result<void> operator()(const unknown_payload& b) const noexcept { return writer.write_bytes(b.body); }
};

}  // namespace

bool is_decoded(payload_type type) noexcept {
    const auto value = static_cast<std::uint8_t>(type);
    return (value >= 33 && value <= 48) || type == payload_type::skf;
}

result<payload_body> parse_payload_body(payload_type type, byte_reader body) {
    auto parsed = dispatch(type, body);
    // A body shorter than its fixed fields surfaces from the reader as a common
    // truncation; report it in codec terms so that one table maps every error.
    if (!parsed && parsed.error().category() != codec_category()) return codec_errc::body_too_short;
    return parsed;
}

result<void> write_payload_body(const payload& p, byte_writer& writer) noexcept {
    if (!body_matches(p)) return codec_errc::body_mismatch;
    return std::visit(body_writer{writer}, p.body);
}

}  // namespace ravelin::cp::ike
