#pragma once
// IKE identities (RFC 7296 §3.5) from and to swanctl's textual form: an IP
// address is ID_IPV4_ADDR/ID_IPV6_ADDR, "@name" or a bare name ID_FQDN,
// "user@name" ID_RFC822_ADDR, "%any" (or empty) matches every identity.

#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "control-plane/ike/codec/id.hpp"

namespace ravelin::cp::ike {

// The ID payload for a configured identity; an empty one is `fallback`.
id_payload make_identity(std::string_view text, const common::ip_address& fallback);

// Printable form for logs and status.
std::string identity_to_string(const id_payload& id);

// Whether a received identity is the configured one (empty/%any: any).
bool identity_matches(std::string_view configured, const id_payload& received);

// The body of an ID payload after its generic header: ID Type | RESERVED | data,
// the octets MACedIDFor[I|R] covers (§2.15).
std::vector<std::uint8_t> identity_body(const id_payload& id);

}  // namespace ravelin::cp::ike
