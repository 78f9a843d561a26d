#include "control-plane/ike/codec/message.hpp"

#include "common/byte_writer.hpp"

namespace ravelin::cp::ike {
namespace {

using common::byte_reader;
using common::byte_writer;
using common::bytes_view;
using common::result;

std::error_code fail(parse_report* report, std::error_code error, std::size_t offset,
                     std::optional<payload_type> type = std::nullopt) {
    if (report) *report = parse_report{offset, type};
    return error;
}

// Next Payload of the i-th payload of a chain being written.
payload_type next_of(const std::vector<payload>& payloads, std::size_t i) {
    const payload& p = payloads[i];
    if (const auto* sk = std::get_if<sk_payload>(&p.body)) return sk->first_inner;
    if (const auto* skf = std::get_if<skf_payload>(&p.body)) return skf->first_inner;
    return i + 1 < payloads.size() ? payloads[i + 1].type : payload_type::none;
}

result<void> write_chain(const std::vector<payload>& payloads, byte_writer& writer) noexcept {
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const payload& p = payloads[i];
        if (is_encrypted(p.type) && i + 1 != payloads.size()) return codec_errc::misplaced_encrypted;
        const std::size_t start = writer.position();
        RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(next_of(payloads, i))));
        RAVELIN_CHECK(writer.write_u8(p.critical ? critical_bit : 0));
        RAVELIN_TRY(const auto length_at, writer.reserve_u16());
        RAVELIN_CHECK(write_payload_body(p, writer));
        RAVELIN_CHECK(writer.patch_u16(length_at, writer.position() - start));
    }
    return {};
}

// Serialization works in one buffer of the largest permitted size, then trims.
template <typename Fill>
result<std::vector<std::uint8_t>> write_into_buffer(Fill&& fill) {
    std::vector<std::uint8_t> buffer(max_message_size);
    byte_writer writer(buffer);
    if (auto filled = fill(writer); !filled) {
        if (filled.error() == common::errc::no_space) return codec_errc::message_too_large;
        return filled.error();
    }
    buffer.resize(writer.position());
    return buffer;
}

}  // namespace

result<std::vector<payload>> parse_payload_chain(payload_type first, bytes_view input, parse_report* report,
                                                 std::size_t base_offset) {
    byte_reader reader(input);
    std::vector<payload> out;
    payload_type next = first;
    while (next != payload_type::none) {
        const std::size_t at = base_offset + reader.position();
        if (out.size() == max_payloads_per_message) return fail(report, codec_errc::too_many_payloads, at, next);
        if (reader.remaining() < generic_header_size) return fail(report, codec_errc::payload_truncated, at, next);
        const std::uint8_t following = reader.read_u8().value();
        const bool critical = (reader.read_u8().value() & critical_bit) != 0;
        const std::uint16_t length = reader.read_u16().value();
        if (length < generic_header_size) return fail(report, codec_errc::payload_length_invalid, at, next);
        auto body = reader.read_sub_reader(length - generic_header_size);
        if (!body) return fail(report, codec_errc::payload_truncated, at, next);
        // RFC 7296 §2.5: an unknown payload with the critical bit rejects the message.
        if (!is_decoded(next) && critical)
            return fail(report, codec_errc::unsupported_critical_payload, at, next);
        auto parsed = parse_payload_body(next, *body);
        if (!parsed) return fail(report, parsed.error(), at, next);
        payload p{next, critical, std::move(parsed).value()};
        if (auto* sk = std::get_if<sk_payload>(&p.body)) sk->first_inner = static_cast<payload_type>(following);
        if (auto* skf = std::get_if<skf_payload>(&p.body)) skf->first_inner = static_cast<payload_type>(following);
        const bool encrypted = is_encrypted(next);
        out.push_back(std::move(p));
        // §3.14: SK is the last payload; its Next Payload belongs to the plaintext.
        if (encrypted) {
            if (!reader.empty()) return fail(report, codec_errc::misplaced_encrypted, at, out.back().type);
            return out;
        }
        next = static_cast<payload_type>(following);
    }
    if (!reader.empty()) return fail(report, codec_errc::trailing_data, base_offset + reader.position());
    return out;
}

result<message> parse_message(bytes_view datagram, parse_report* report) {
    byte_reader reader(datagram);
    auto wire = read_header(reader);
    if (!wire) return fail(report, wire.error(), 0);
    // §3.1: "MUST drop the messages with a higher major version number"; §2.5 asks
    // for INVALID_MAJOR_VERSION in that case. Lower majors are not IKEv2 at all.
    if (wire->header.major_version > ike_major_version)
        return fail(report, codec_errc::unsupported_major_version, 17);
    if (wire->header.major_version < ike_major_version) return fail(report, codec_errc::not_ikev2, 17);
    if (wire->length != datagram.size()) return fail(report, codec_errc::length_mismatch, 24);
    if (wire->length > max_message_size) return fail(report, codec_errc::message_too_large, 24);
    RAVELIN_TRY(auto payloads, parse_payload_chain(wire->next_payload, reader.rest(), report, ike_header_size));
    return message{wire->header, std::move(payloads)};
}

result<std::vector<std::uint8_t>> serialize(const message& m) {
    return write_into_buffer([&](byte_writer& writer) -> result<void> {
        wire_header wire{m.header, m.payloads.empty() ? payload_type::none : m.payloads.front().type, 0};
        RAVELIN_CHECK(write_header(wire, writer));
        RAVELIN_CHECK(write_chain(m.payloads, writer));
        return writer.patch_u32({24}, writer.position());
    });
}

result<std::vector<std::uint8_t>> serialize_payload_chain(const std::vector<payload>& payloads) {
    return write_into_buffer([&](byte_writer& writer) { return write_chain(payloads, writer); });
}

}  // namespace ravelin::cp::ike
