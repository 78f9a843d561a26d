#include "control-plane/ike/codec/simple.hpp"

#include "control-plane/ike/codec/constants.hpp"
#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {

using common::byte_reader;
using common::byte_writer;
using common::result;

result<ke_payload> parse_ke(byte_reader body) {
    ke_payload out;
    RAVELIN_TRY(const std::uint16_t group, body.read_u16());
    RAVELIN_CHECK(body.skip(2));  // RESERVED
    out.group = static_cast<ke_group>(group);
    if (body.empty()) return codec_errc::empty_body;
    out.data = take_rest(body);
    return out;
}

result<nonce_payload> parse_nonce(byte_reader body) {
    // RFC 7296 §2.10: "Nonces used in IKEv2 MUST be randomly chosen, MUST be at least
    // 128 bits in size" ... §3.9: "between 16 and 256 octets inclusive".
    if (body.remaining() < min_nonce_size || body.remaining() > max_nonce_size)
        return codec_errc::invalid_nonce_length;
    return nonce_payload{take_rest(body)};
}

result<auth_payload> parse_auth(byte_reader body) {
    auth_payload out;
    RAVELIN_TRY(const std::uint8_t method, body.read_u8());
    RAVELIN_CHECK(body.skip(3));  // RESERVED
    out.method = static_cast<auth_method>(method);
    if (body.empty()) return codec_errc::empty_body;
    out.data = take_rest(body);
    return out;
}

result<vendor_id_payload> parse_vendor_id(byte_reader body) {
    return vendor_id_payload{take_rest(body)};
}

result<void> write_ke(const ke_payload& p, byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(p.group)));
    RAVELIN_CHECK(writer.write_u16(0));
    return writer.write_bytes(p.data);
}

result<void> write_nonce(const nonce_payload& p, byte_writer& writer) noexcept {
    return writer.write_bytes(p.data);
}

result<void> write_auth(const auth_payload& p, byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.method)));
    RAVELIN_CHECK(writer.write_zeros(3));
    return writer.write_bytes(p.data);
}

result<void> write_vendor_id(const vendor_id_payload& p, byte_writer& writer) noexcept {
    return writer.write_bytes(p.data);
}

}  // namespace ravelin::cp::ike
