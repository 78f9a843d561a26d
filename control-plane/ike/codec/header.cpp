#include "control-plane/ike/codec/header.hpp"

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {

common::result<wire_header> read_header(common::byte_reader& reader) noexcept {
    if (reader.remaining() < ike_header_size) return codec_errc::truncated_header;
    wire_header out;
    RAVELIN_TRY(out.header.initiator_spi.value, reader.read_u64());
    RAVELIN_TRY(out.header.responder_spi.value, reader.read_u64());
    RAVELIN_TRY(const std::uint8_t next, reader.read_u8());
    RAVELIN_TRY(const std::uint8_t version, reader.read_u8());
    RAVELIN_TRY(const std::uint8_t exchange, reader.read_u8());
    RAVELIN_TRY(out.header.flags, reader.read_u8());
    RAVELIN_TRY(out.header.id.value, reader.read_u32());
    RAVELIN_TRY(out.length, reader.read_u32());
    out.next_payload = static_cast<payload_type>(next);
    out.header.major_version = static_cast<std::uint8_t>(version >> 4);
    out.header.minor_version = static_cast<std::uint8_t>(version & 0x0f);
    out.header.exchange = static_cast<exchange_type>(exchange);
    return out;
}

common::result<void> write_header(const wire_header& wire, common::byte_writer& writer) noexcept {
    const ike_header& h = wire.header;
    if (h.major_version > 0x0f || h.minor_version > 0x0f) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u64(h.initiator_spi.value));
    RAVELIN_CHECK(writer.write_u64(h.responder_spi.value));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(wire.next_payload)));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(h.major_version << 4 | h.minor_version)));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(h.exchange)));
    RAVELIN_CHECK(writer.write_u8(h.flags));
    RAVELIN_CHECK(writer.write_u32(h.id.value));
    return writer.write_u32(wire.length);
}

}  // namespace ravelin::cp::ike
