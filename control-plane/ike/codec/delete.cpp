#include "control-plane/ike/codec/delete.hpp"

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {

common::result<delete_payload> parse_delete(common::byte_reader body) {
    delete_payload out;
    RAVELIN_TRY(const std::uint8_t protocol, body.read_u8());
    RAVELIN_TRY(out.spi_size, body.read_u8());
    RAVELIN_TRY(const std::uint16_t count, body.read_u16());
    out.protocol = static_cast<protocol_id>(protocol);
    // §3.11: deleting the IKE SA names no SPI (size 0, count 0); AH and ESP SPIs
    // are 4 octets; the SPIs fill the rest of the payload exactly.
    if (out.protocol == protocol_id::ike && (out.spi_size != 0 || count != 0)) return codec_errc::malformed_delete;
    if ((out.protocol == protocol_id::ah || out.protocol == protocol_id::esp) && out.spi_size != 4)
        return codec_errc::malformed_delete;
    if (static_cast<std::size_t>(count) * out.spi_size != body.remaining()) return codec_errc::malformed_delete;
    if (out.spi_size == 0 && count != 0) return codec_errc::malformed_delete;
    out.spis.reserve(count);
    for (std::uint16_t i = 0; i < count; ++i) {
        RAVELIN_TRY(const auto spi, body.read_bytes(out.spi_size));
        out.spis.emplace_back(spi.begin(), spi.end());
    }
    return out;
}

common::result<void> write_delete(const delete_payload& p, common::byte_writer& writer) noexcept {
    if (p.spis.size() > 0xffff) return codec_errc::value_too_large;
    for (const auto& spi : p.spis)
        if (spi.size() != p.spi_size) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.protocol)));
    RAVELIN_CHECK(writer.write_u8(p.spi_size));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(p.spis.size())));
    for (const auto& spi : p.spis) RAVELIN_CHECK(writer.write_bytes(spi));
    return {};
}

}  // namespace ravelin::cp::ike
