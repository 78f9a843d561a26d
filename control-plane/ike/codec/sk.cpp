#include "control-plane/ike/codec/sk.hpp"

#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/simple.hpp"

namespace ravelin::cp::ike {

common::result<sk_payload> parse_sk(common::byte_reader body) {
    // Every transform puts at least an IV or an ICV here; an empty SK is malformed.
    if (body.empty()) return codec_errc::empty_body;
    return sk_payload{payload_type::none, take_rest(body)};
}

common::result<skf_payload> parse_skf(common::byte_reader body) {
    skf_payload out;
    RAVELIN_TRY(out.fragment_number, body.read_u16());
    RAVELIN_TRY(out.total_fragments, body.read_u16());
    // RFC 7383 §2.6.2: Fragment Number must be 1..Total Fragments, else discard.
    if (out.fragment_number == 0 || out.total_fragments == 0 || out.fragment_number > out.total_fragments)
        return codec_errc::invalid_fragment_number;
    if (body.empty()) return codec_errc::empty_body;
    out.encrypted = take_rest(body);
    return out;
}

common::result<void> write_sk(const sk_payload& p, common::byte_writer& writer) noexcept {
    return writer.write_bytes(p.encrypted);
}

common::result<void> write_skf(const skf_payload& p, common::byte_writer& writer) noexcept {
    RAVELIN_CHECK(writer.write_u16(p.fragment_number));
    RAVELIN_CHECK(writer.write_u16(p.total_fragments));
    return writer.write_bytes(p.encrypted);
}

}  // namespace ravelin::cp::ike
