#include "control-plane/ike/codec/cert.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {

common::result<cert_payload> parse_cert(common::byte_reader body) {
    cert_payload out;
    RAVELIN_TRY(const std::uint8_t encoding, body.read_u8());
    out.encoding = static_cast<cert_encoding>(encoding);
    if (body.empty()) return codec_errc::empty_body;  // a CERT without a certificate
    out.data = take_rest(body);
    return out;
}

common::result<certreq_payload> parse_certreq(common::byte_reader body) {
    certreq_payload out;
    RAVELIN_TRY(const std::uint8_t encoding, body.read_u8());
    out.encoding = static_cast<cert_encoding>(encoding);
    out.authorities = take_rest(body);
    return out;
}

common::result<void> write_cert(const cert_payload& p, common::byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.encoding)));
    return writer.write_bytes(p.data);
}

common::result<void> write_certreq(const certreq_payload& p, common::byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.encoding)));
    return writer.write_bytes(p.authorities);
}

}  // namespace ravelin::cp::ike
