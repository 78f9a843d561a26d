#include "control-plane/ike/codec/sa.hpp"

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {
namespace {

using common::byte_reader;
using common::byte_writer;
using common::result;

// RFC 7296 §3.3.1/§3.3.2: "Last Substruc" is 0 on the last substructure, 2 before
// another proposal, 3 before another transform.
constexpr std::uint8_t last_substructure = 0;
constexpr std::uint8_t more_proposals = 2;
constexpr std::uint8_t more_transforms = 3;
constexpr std::size_t proposal_fixed_size = 8;
constexpr std::size_t transform_fixed_size = 8;
constexpr std::uint16_t attribute_format_tv = 0x8000;

result<sa_attribute> parse_attribute(byte_reader& reader) {
    if (reader.remaining() < 4) return codec_errc::malformed_attribute;
    RAVELIN_TRY(const std::uint16_t type_field, reader.read_u16());
    RAVELIN_TRY(const std::uint16_t second, reader.read_u16());
    sa_attribute attribute;
    attribute.type = static_cast<std::uint16_t>(type_field & ~attribute_format_tv);
    attribute.tv = (type_field & attribute_format_tv) != 0;
    if (attribute.tv) {
        attribute.value = second;
        return attribute;
    }
    auto value = reader.read_bytes(second);
    if (!value) return codec_errc::malformed_attribute;
    attribute.data.assign(value->begin(), value->end());
    return attribute;
}

result<transform> parse_transform(byte_reader& reader, bool& last) {
    if (reader.remaining() < transform_fixed_size) return codec_errc::malformed_proposal;
    RAVELIN_TRY(const std::uint8_t substructure, reader.read_u8());
    RAVELIN_CHECK(reader.skip(1));  // RESERVED
    RAVELIN_TRY(const std::uint16_t length, reader.read_u16());
    if (substructure != last_substructure && substructure != more_transforms)
        return codec_errc::malformed_proposal;
    if (length < transform_fixed_size || length - 4u > reader.remaining())
        return codec_errc::malformed_proposal;
    last = substructure == last_substructure;
    RAVELIN_TRY(byte_reader body, reader.read_sub_reader(length - 4u));
    transform out;
    RAVELIN_TRY(const std::uint8_t type, body.read_u8());
    RAVELIN_CHECK(body.skip(1));  // RESERVED
    RAVELIN_TRY(out.id, body.read_u16());
    out.type = static_cast<transform_type>(type);
    while (!body.empty()) {
        RAVELIN_TRY(auto attribute, parse_attribute(body));
        out.attributes.push_back(std::move(attribute));
    }
    return out;
}

result<proposal> parse_proposal(byte_reader& reader, bool& last) {
    if (reader.remaining() < proposal_fixed_size) return codec_errc::malformed_proposal;
    RAVELIN_TRY(const std::uint8_t substructure, reader.read_u8());
    RAVELIN_CHECK(reader.skip(1));  // RESERVED
    RAVELIN_TRY(const std::uint16_t length, reader.read_u16());
    if (substructure != last_substructure && substructure != more_proposals)
        return codec_errc::malformed_proposal;
    if (length < proposal_fixed_size || length - 4u > reader.remaining())
        return codec_errc::malformed_proposal;
    last = substructure == last_substructure;
    RAVELIN_TRY(byte_reader body, reader.read_sub_reader(length - 4u));
    proposal out;
    RAVELIN_TRY(out.number, body.read_u8());
    RAVELIN_TRY(const std::uint8_t protocol, body.read_u8());
    RAVELIN_TRY(const std::uint8_t spi_size, body.read_u8());
    RAVELIN_TRY(const std::uint8_t transform_count, body.read_u8());
    out.protocol = static_cast<protocol_id>(protocol);
    auto spi = body.read_bytes(spi_size);
    if (!spi) return codec_errc::malformed_proposal;
    out.spi.assign(spi->begin(), spi->end());
    // RFC 7296 §3.3.1: SPI Size is 0 or 8 for IKE (initial / rekey), 4 for AH and ESP.
    if (out.protocol == protocol_id::ike && spi_size != 0 && spi_size != 8) return codec_errc::malformed_proposal;
    if ((out.protocol == protocol_id::ah || out.protocol == protocol_id::esp) && spi_size != 4)
        return codec_errc::malformed_proposal;
    bool last_transform = transform_count == 0;
    while (!body.empty()) {
        if (last_transform) return codec_errc::malformed_proposal;  // transform after the last one
        RAVELIN_TRY(auto t, parse_transform(body, last_transform));
        out.transforms.push_back(std::move(t));
    }
    if (!last_transform || out.transforms.size() != transform_count || transform_count == 0)
        return codec_errc::malformed_proposal;
    return out;
}

result<void> write_attribute(const sa_attribute& a, byte_writer& writer) noexcept {
    if (a.type >= attribute_format_tv) return codec_errc::value_too_large;
    if (a.tv) {
        RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(a.type | attribute_format_tv)));
        return writer.write_u16(a.value);
    }
    if (a.data.size() > 0xffff) return codec_errc::value_too_large;
    RAVELIN_CHECK(writer.write_u16(a.type));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(a.data.size())));
    return writer.write_bytes(a.data);
}

result<void> write_transform(const transform& t, bool last, byte_writer& writer) noexcept {
    const std::size_t start = writer.position();
    RAVELIN_CHECK(writer.write_u8(last ? last_substructure : more_transforms));
    RAVELIN_CHECK(writer.write_u8(0));
    RAVELIN_TRY(const auto length_at, writer.reserve_u16());
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(t.type)));
    RAVELIN_CHECK(writer.write_u8(0));
    RAVELIN_CHECK(writer.write_u16(t.id));
    for (const auto& attribute : t.attributes) RAVELIN_CHECK(write_attribute(attribute, writer));
    return writer.patch_u16(length_at, writer.position() - start);
}

result<void> write_proposal(const proposal& p, bool last, byte_writer& writer) noexcept {
    if (p.spi.size() > 0xff || p.transforms.size() > 0xff) return codec_errc::value_too_large;
    const std::size_t start = writer.position();
    RAVELIN_CHECK(writer.write_u8(last ? last_substructure : more_proposals));
    RAVELIN_CHECK(writer.write_u8(0));
    RAVELIN_TRY(const auto length_at, writer.reserve_u16());
    RAVELIN_CHECK(writer.write_u8(p.number));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.protocol)));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.spi.size())));
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(p.transforms.size())));
    RAVELIN_CHECK(writer.write_bytes(p.spi));
    for (std::size_t i = 0; i < p.transforms.size(); ++i)
        RAVELIN_CHECK(write_transform(p.transforms[i], i + 1 == p.transforms.size(), writer));
    return writer.patch_u16(length_at, writer.position() - start);
}

}  // namespace

std::optional<std::uint16_t> transform::key_length() const noexcept {
    for (const auto& attribute : attributes) {
        if (attribute.tv && attribute.type == static_cast<std::uint16_t>(transform_attribute::key_length))
            return attribute.value;
    }
    return std::nullopt;
}

result<sa_payload> parse_sa(byte_reader body) {
    sa_payload out;
    bool last = body.empty();
    if (last) return codec_errc::empty_body;  // §3.3: an SA carries at least one proposal
    while (!body.empty()) {
        if (last) return codec_errc::malformed_proposal;  // proposal after the last one
        RAVELIN_TRY(auto p, parse_proposal(body, last));
        out.proposals.push_back(std::move(p));
    }
    if (!last) return codec_errc::malformed_proposal;  // "more" announced, none followed
    return out;
}

result<void> write_sa(const sa_payload& sa, byte_writer& writer) noexcept {
    for (std::size_t i = 0; i < sa.proposals.size(); ++i)
        RAVELIN_CHECK(write_proposal(sa.proposals[i], i + 1 == sa.proposals.size(), writer));
    return {};
}

}  // namespace ravelin::cp::ike
