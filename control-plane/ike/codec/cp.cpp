#include "control-plane/ike/codec/cp.hpp"

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {

common::result<cp_payload> parse_cp(common::byte_reader body) {
    cp_payload out;
    RAVELIN_TRY(const std::uint8_t type, body.read_u8());
    RAVELIN_CHECK(body.skip(3));  // RESERVED
    out.type = static_cast<cfg_type>(type);
    while (!body.empty()) {
        if (body.remaining() < 4) return codec_errc::malformed_configuration;
        RAVELIN_TRY(const std::uint16_t type_field, body.read_u16());
        RAVELIN_TRY(const std::uint16_t length, body.read_u16());
        auto value = body.read_bytes(length);
        if (!value) return codec_errc::malformed_configuration;
        // §3.15.1: the R bit "MUST be set to zero and MUST be ignored on receipt".
        out.attributes.push_back({static_cast<std::uint16_t>(type_field & 0x7fff), {value->begin(), value->end()}});
    }
    return out;
}

common::result<void> write_cp(const cp_payload& p, common::byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.type)));
    RAVELIN_CHECK(writer.write_zeros(3));
    for (const auto& attribute : p.attributes) {
        if (attribute.type > 0x7fff || attribute.value.size() > 0xffff) return codec_errc::value_too_large;
        RAVELIN_CHECK(writer.write_u16(attribute.type));
        RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(attribute.value.size())));
        RAVELIN_CHECK(writer.write_bytes(attribute.value));
    }
    return {};
}

}  // namespace ravelin::cp::ike
