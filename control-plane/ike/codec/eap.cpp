#include "control-plane/ike/codec/eap.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {

namespace {
bool carries_type(eap_code code) noexcept { return code == eap_code::request || code == eap_code::response; }
}  // namespace

common::result<eap_payload> parse_eap(common::byte_reader body) {
    eap_payload out;
    const std::size_t size = body.remaining();
    RAVELIN_TRY(const std::uint8_t code, body.read_u8());
    RAVELIN_TRY(out.identifier, body.read_u8());
    RAVELIN_TRY(const std::uint16_t length, body.read_u16());
    out.code = static_cast<eap_code>(code);
    // The EAP message fills the payload exactly (RFC 3748 §4.1: octets past Length
    // are padding on links that pad; IKE does not pad).
    if (length != size) return codec_errc::malformed_eap;
    if (carries_type(out.code)) {
        if (body.empty()) return codec_errc::malformed_eap;
        RAVELIN_TRY(out.type, body.read_u8());
    } else if (out.code != eap_code::success && out.code != eap_code::failure) {
        return codec_errc::malformed_eap;  // RFC 3748 §4: codes 1..4 only
    }
    out.type_data = take_rest(body);
    if (!carries_type(out.code) && !out.type_data.empty()) return codec_errc::malformed_eap;
    return out;
}

common::result<void> write_eap(const eap_payload& p, common::byte_writer& writer) noexcept {
    if (carries_type(p.code) != p.type.has_value()) return codec_errc::body_mismatch;
    const std::size_t length = 4 + (p.type ? 1 : 0) + p.type_data.size();
    if (length > 0xffff) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.code)));
    RAVELIN_CHECK(writer.write_u8(p.identifier));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(length)));
    if (p.type) RAVELIN_CHECK(writer.write_u8(*p.type));
    return writer.write_bytes(p.type_data);
}

}  // namespace ravelin::cp::ike
