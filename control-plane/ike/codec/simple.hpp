#pragma once
// Payloads with a few fixed fields and an opaque body: KE, Nonce, AUTH, Vendor ID.

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike {

// RFC 7296 §3.4 Key Exchange payload (after the generic payload header).
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Diffie-Hellman Group Num    |           RESERVED            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                       Key Exchange Data                       ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct ke_payload {
    ke_group group = ke_group::none;
    std::vector<std::uint8_t> data;  // never empty (§3.4: the public value)
    friend bool operator==(const ke_payload&, const ke_payload&) = default;
};

// RFC 7296 §3.9 Nonce payload: 16..256 octets of Nonce Data.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                            Nonce Data                         ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct nonce_payload {
    std::vector<std::uint8_t> data;
    friend bool operator==(const nonce_payload&, const nonce_payload&) = default;
};

// RFC 7296 §3.8 Authentication payload.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Auth Method   |                RESERVED                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                      Authentication Data                      ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct auth_payload {
    auth_method method = auth_method::shared_key_mic;
    std::vector<std::uint8_t> data;  // never empty
    friend bool operator==(const auth_payload&, const auth_payload&) = default;
};

// RFC 7296 §3.12 Vendor ID payload: an opaque identifier, possibly empty.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                        Vendor ID (VID)                        ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct vendor_id_payload {
    std::vector<std::uint8_t> data;
    friend bool operator==(const vendor_id_payload&, const vendor_id_payload&) = default;
};

common::result<ke_payload> parse_ke(common::byte_reader body);
common::result<nonce_payload> parse_nonce(common::byte_reader body);
common::result<auth_payload> parse_auth(common::byte_reader body);
common::result<vendor_id_payload> parse_vendor_id(common::byte_reader body);

common::result<void> write_ke(const ke_payload& p, common::byte_writer& writer) noexcept;
common::result<void> write_nonce(const nonce_payload& p, common::byte_writer& writer) noexcept;
common::result<void> write_auth(const auth_payload& p, common::byte_writer& writer) noexcept;
common::result<void> write_vendor_id(const vendor_id_payload& p, common::byte_writer& writer) noexcept;

// Copies the rest of a reader into a byte vector.
inline std::vector<std::uint8_t> take_rest(common::byte_reader& reader) {
    const auto rest = reader.rest();
    (void)reader.skip(rest.size());
    return {rest.begin(), rest.end()};
}

}  // namespace ravelin::cp::ike
