#pragma once
// RFC 7296 §3.5 Identification payloads (IDi, IDr).
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   ID Type     |                 RESERVED                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                   Identification Data                         ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

// IANA "IKEv2 Identification Payload ID Types".
enum class id_type : std::uint8_t {
    ipv4_addr = 1,     // 4 octets
    fqdn = 2,          // ASCII name, no terminator
    rfc822_addr = 3,   // ASCII user@domain
    ipv6_addr = 5,     // 16 octets
    der_asn1_dn = 9,   // DER Distinguished Name
    der_asn1_gn = 10,  // DER GeneralName
    key_id = 11,       // opaque octets
    fc_name = 12,      // RFC 4595
    null_id = 13,      // RFC 7619 ID_NULL: carries no identity
};

struct id_payload {
    id_type type = id_type::ipv4_addr;
    std::vector<std::uint8_t> data;
    friend bool operator==(const id_payload&, const id_payload&) = default;
};

common::result<id_payload> parse_id(common::byte_reader body);
common::result<void> write_id(const id_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
