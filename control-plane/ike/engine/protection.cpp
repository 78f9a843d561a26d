#include "control-plane/ike/engine/protection.hpp"

#include <openssl/sha.h>

#include "control-plane/ike/codec/errors.hpp"

namespace ravelin::cp::ike {

common::result<std::vector<std::uint8_t>> seal_message(const ike_header& header, const std::vector<payload>& inner,
                                                       crypto::sk_cipher& cipher) {
    RAVELIN_TRY(const auto plaintext, serialize_payload_chain(inner));
    const std::size_t sealed = cipher.sealed_size(plaintext.size());
    const std::size_t total = ike_header_size + generic_header_size + sealed;
    if (total > max_message_size) return codec_errc::message_too_large;

    std::vector<std::uint8_t> out(ike_header_size + generic_header_size);
    common::byte_writer writer(out);
    const wire_header wire{header, payload_type::sk, static_cast<std::uint32_t>(total)};
    RAVELIN_CHECK(write_header(wire, writer));
    // SK generic header: Next Payload names the first inner payload (§3.14).
    RAVELIN_CHECK(writer.write_u8(static_cast<std::uint8_t>(inner.empty() ? payload_type::none : inner.front().type)));
    RAVELIN_CHECK(writer.write_u8(0));
    RAVELIN_CHECK(writer.write_u16(static_cast<std::uint16_t>(generic_header_size + sealed)));
    RAVELIN_TRY(const auto body, cipher.encrypt(out, plaintext));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

common::result<std::vector<payload>> open_message(common::bytes_view datagram, const message& parsed,
                                                  const crypto::sk_cipher& cipher) {
    if (parsed.payloads.empty() || parsed.payloads.back().type != payload_type::sk) {
        return codec_errc::misplaced_encrypted;
    }
    const auto& sk = std::get<sk_payload>(parsed.payloads.back().body);
    const auto aad = datagram.first(datagram.size() - sk.encrypted.size());
    RAVELIN_TRY(const auto plaintext, cipher.decrypt(aad, sk.encrypted));
    return parse_payload_chain(sk.first_inner, plaintext, nullptr, aad.size());
}

std::vector<std::uint8_t> natd_hash(ike_spi spi_i, ike_spi spi_r, const common::ip_address& address,
                                    std::uint16_t port) {
    std::vector<std::uint8_t> input(16 + address.size() + 2);
    common::byte_writer writer(input);
    (void)writer.write_u64(spi_i.value);
    (void)writer.write_u64(spi_r.value);
    (void)writer.write_bytes(address.bytes());
    (void)writer.write_u16(port);
    std::vector<std::uint8_t> digest(SHA_DIGEST_LENGTH);
    SHA1(input.data(), input.size(), digest.data());
    return digest;
}

}  // namespace ravelin::cp::ike
