#include "control-plane/ike/codec/id.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {

common::result<id_payload> parse_id(common::byte_reader body) {
    id_payload out;
    RAVELIN_TRY(const std::uint8_t type, body.read_u8());
    RAVELIN_CHECK(body.skip(3));  // RESERVED
    out.type = static_cast<id_type>(type);
    out.data = take_rest(body);
    // RFC 7296 §3.5: address types carry exactly one address; every other type names
    // something, so empty data is malformed (ID_NULL, RFC 7619, names nothing).
    switch (out.type) {
    case id_type::ipv4_addr:
        if (out.data.size() != 4) return codec_errc::malformed_identification;
        break;
    case id_type::ipv6_addr:
        if (out.data.size() != 16) return codec_errc::malformed_identification;
        break;
    case id_type::null_id:
        break;
    default:
        if (out.data.empty()) return codec_errc::empty_body;
    }
    return out;
}

common::result<void> write_id(const id_payload& p, common::byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.type)));
    RAVELIN_CHECK(writer.write_zeros(3));
    return writer.write_bytes(p.data);
}

}  // namespace ravelin::cp::ike
