#include "control-plane/ike/engine/fragmentation.hpp"

#include "control-plane/ike/engine/protection.hpp"

namespace ravelin::cp::ike {
namespace {

constexpr std::size_t skf_header_size = generic_header_size + 4;  // + Fragment Number, Total Fragments

// HDR, SKF {chunk}: the associated data is the IKE header and the first 8 octets of SKF (§2.5).
common::result<std::vector<std::uint8_t>> seal_one(ike_header header, payload_type first, std::uint16_t number,
                                                   std::uint16_t total, common::bytes_view chunk,
                                                   crypto::sk_cipher& cipher) {
    const std::size_t sealed = cipher.sealed_size(chunk.size());
    std::vector<std::uint8_t> out(ike_header_size + skf_header_size);
    common::byte_writer writer(out);
    const wire_header wire{header, payload_type::skf,
                           static_cast<std::uint32_t>(ike_header_size + skf_header_size + sealed)};
    RAVELIN_CHECK(write_header(wire, writer));
    // Only the first fragment names the first inner payload (§2.5).
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(number == 1 ? first : payload_type::none)));
    RAVELIN_CHECK(writer.write_u8(0));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(skf_header_size + sealed)));
    RAVELIN_CHECK(writer.write_u16(number));
    RAVELIN_CHECK(writer.write_u16(total));
    RAVELIN_TRY(const auto body, cipher.encrypt(out, chunk));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

}  // namespace

std::size_t ike_space(std::size_t ip_datagram_size, bool ipv6, bool natt) {
    const std::size_t overhead = (ipv6 ? 40 : 20) + 8 + (natt ? 4 : 0);
    return ip_datagram_size > overhead ? ip_datagram_size - overhead : 0;
}

common::result<std::vector<std::vector<std::uint8_t>>> seal_fragments(const ike_header& header,
                                                                      const std::vector<payload>& inner,
                                                                      crypto::sk_cipher& cipher, std::size_t space) {
    RAVELIN_TRY(const auto plaintext, serialize_payload_chain(inner));
    const std::size_t fixed = ike_header_size + generic_header_size;
    if (fixed + cipher.sealed_size(plaintext.size()) <= space) {
        RAVELIN_TRY(auto whole, seal_message(header, inner, cipher));
        return std::vector<std::vector<std::uint8_t>>{std::move(whole)};
    }
    // The largest chunk whose sealed SKF datagram still fits.
    std::size_t chunk = space > ike_header_size + skf_header_size ? space - ike_header_size - skf_header_size : 0;
    while (chunk > 0 && cipher.sealed_size(chunk) > space - ike_header_size - skf_header_size) --chunk;
    if (chunk == 0) return codec_errc::message_too_large;
    const std::size_t count = (plaintext.size() + chunk - 1) / chunk;
    if (count > max_fragments) return codec_errc::message_too_large;
    std::vector<std::vector<std::uint8_t>> out;
    const auto first = inner.empty() ? payload_type::none : inner.front().type;
    for (std::size_t i = 0; i < count; ++i) {
        const auto part = common::bytes_view(plaintext).subspan(i * chunk, std::min(chunk, plaintext.size() - i * chunk));
        RAVELIN_TRY(auto datagram, seal_one(header, first, static_cast<std::uint16_t>(i + 1),
                                            static_cast<std::uint16_t>(count), part, cipher));
        out.push_back(std::move(datagram));
    }
    return out;
}

reassembly::status reassembly::add(common::bytes_view datagram, const message& parsed,
                                   const crypto::sk_cipher& cipher) {
    const auto& skf = std::get<skf_payload>(parsed.payloads.back().body);
    const auto& h = parsed.header;
    if (skf.total_fragments == 0 || skf.total_fragments > max_fragments) return status::invalid;
    if (!for_message(h.id, h.response()) || skf.total_fragments != _total) {
        // A new message, or a different split of it (§2.6.1): start over.
        *this = reassembly{};
        _active = true;
        _id = h.id;
        _response = h.response();
        _total = skf.total_fragments;
    }
    if (_parts.contains(skf.fragment_number)) return status::incomplete;
    const auto aad = datagram.first(datagram.size() - skf.encrypted.size());
    auto plain = cipher.decrypt(aad, skf.encrypted);
    if (!plain) return status::invalid;
    if (_bytes + plain->size() > max_reassembled_size) {
        *this = reassembly{};
        return status::invalid;
    }
    if (skf.fragment_number == 1) _first = skf.first_inner;
    _bytes += plain->size();
    _parts.emplace(skf.fragment_number, std::move(plain).value());
    return _parts.size() == _total ? status::complete : status::incomplete;
}

common::result<std::vector<payload>> reassembly::take() {
    std::vector<std::uint8_t> whole;
    whole.reserve(_bytes);
    for (const auto& [number, part] : _parts) whole.insert(whole.end(), part.begin(), part.end());
    const auto first = _first;
    *this = reassembly{};
    return parse_payload_chain(first, whole);
}

}  // namespace ravelin::cp::ike
