#include "control-plane/ike/codec/ts.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {
namespace {

using common::byte_reader;
using common::result;

constexpr std::size_t selector_header_size = 4;

std::size_t address_size(ts_type type) noexcept {
    if (type == ts_type::ipv4_addr_range) return 4;
    if (type == ts_type::ipv6_addr_range) return 16;
    return 0;
}

result<traffic_selector> parse_selector(byte_reader& reader) {
    if (reader.remaining() < selector_header_size) return codec_errc::malformed_traffic_selector;
    traffic_selector out;
    RAVELIN_TRY(const std::uint8_t type, reader.read_u8());
    RAVELIN_TRY(out.ip_protocol, reader.read_u8());
    RAVELIN_TRY(const std::uint16_t length, reader.read_u16());
    out.type = static_cast<ts_type>(type);
    if (length < selector_header_size || length - selector_header_size > reader.remaining())
        return codec_errc::malformed_traffic_selector;
    RAVELIN_TRY(byte_reader body, reader.read_sub_reader(length - selector_header_size));
    const std::size_t address = address_size(out.type);
    if (address == 0) {
        // Other selector types (TS_FC_ADDR_RANGE, unassigned) keep their octets after
        // Selector Length as they are; the second octet stays in ip_protocol.
        out.opaque = take_rest(body);
        return out;
    }
    if (length != selector_header_size + 4 + 2 * address) return codec_errc::malformed_traffic_selector;
    RAVELIN_TRY(out.start_port, body.read_u16());
    RAVELIN_TRY(out.end_port, body.read_u16());
    RAVELIN_TRY(const auto start, body.read_bytes(address));
    RAVELIN_TRY(const auto end, body.read_bytes(address));
    out.start_address.assign(start.begin(), start.end());
    out.end_address.assign(end.begin(), end.end());
    return out;
}

result<void> write_selector(const traffic_selector& ts, common::byte_writer& writer) noexcept {
    const std::size_t address = address_size(ts.type);
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(ts.type)));
    if (address == 0) {
        if (ts.opaque.size() > 0xffff - selector_header_size) return codec_errc::value_too_large;
        RAVELIN_CHECK(writer.write_u8(ts.ip_protocol));
        RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(ts.opaque.size() + selector_header_size)));
        return writer.write_bytes(ts.opaque);
    }
    if (ts.start_address.size() != address || ts.end_address.size() != address) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u8(ts.ip_protocol));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(selector_header_size + 4 + 2 * address)));
    RAVELIN_CHECK(writer.write_u16(ts.start_port));
    RAVELIN_CHECK(writer.write_u16(ts.end_port));
    RAVELIN_CHECK(writer.write_bytes(ts.start_address));
    return writer.write_bytes(ts.end_address);
}

}  // namespace

result<ts_payload> parse_ts(byte_reader body) {
    RAVELIN_TRY(const std::uint8_t count, body.read_u8());
    RAVELIN_CHECK(body.skip(3));  // RESERVED
    ts_payload out;
    for (std::uint8_t i = 0; i < count; ++i) {
        RAVELIN_TRY(auto selector, parse_selector(body));
        out.selectors.push_back(std::move(selector));
    }
    // Number of TSs must account for every octet.
    if (!body.empty()) return codec_errc::malformed_traffic_selector;
    return out;
}

result<void> write_ts(const ts_payload& p, common::byte_writer& writer) noexcept {
    if (p.selectors.size() > 0xff) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.selectors.size())));
    RAVELIN_CHECK(writer.write_zeros(3));
    for (const auto& selector : p.selectors) RAVELIN_CHECK(write_selector(selector, writer));
    return {};
}

}  // namespace ravelin::cp::ike
