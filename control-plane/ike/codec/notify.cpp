#include "control-plane/ike/codec/notify.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {

common::result<notify_payload> parse_notify(common::byte_reader body) {
    notify_payload out;
    RAVELIN_TRY(const std::uint8_t protocol, body.read_u8());
    RAVELIN_TRY(const std::uint8_t spi_size, body.read_u8());
    RAVELIN_TRY(const std::uint16_t type, body.read_u16());
    out.protocol = static_cast<protocol_id>(protocol);
    out.type = static_cast<notify_type>(type);
    auto spi = body.read_bytes(spi_size);
    if (!spi) return codec_errc::malformed_notify;
    out.spi.assign(spi->begin(), spi->end());
    out.data = take_rest(body);
    return out;
}

common::result<void> write_notify(const notify_payload& p, common::byte_writer& writer) noexcept {
    if (p.spi.size() > 0xff) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.protocol)));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.spi.size())));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(p.type)));
    RAVELIN_CHECK(writer.write_bytes(p.spi));
    return writer.write_bytes(p.data);
}

}  // namespace ravelin::cp::ike
