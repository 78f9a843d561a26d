#pragma once
// IKEv2 wire constants owned by the codec: payload and exchange types, header flag
// bits, the strong types of header identifiers, and the limits the parser enforces.
// Values from the IANA "IKEv2 Parameters" registry; algorithm identifiers live in
// control-plane/ike/iana.hpp.

#include <compare>
#include <cstddef>
#include <cstdint>

namespace ravelin::cp::ike {

// RFC 7296 §3.1 IKE SPI: 8 octets chosen by each side, zero for an unknown responder.
struct ike_spi {
    std::uint64_t value = 0;
    friend auto operator<=>(const ike_spi&, const ike_spi&) = default;
};

// RFC 7296 §3.1 Message ID: 32-bit sequence number of the request/response pair.
struct message_id {
    std::uint32_t value = 0;
    friend auto operator<=>(const message_id&, const message_id&) = default;
};

// RFC 7296 §3.2 payload types (IANA "IKEv2 Payload Types").
enum class payload_type : std::uint8_t {
    none = 0,                   // No Next Payload
    sa = 33,                    // Security Association
    ke = 34,                    // Key Exchange
    idi = 35,                   // Identification - Initiator
    idr = 36,                   // Identification - Responder
    cert = 37,                  // Certificate
    certreq = 38,               // Certificate Request
    auth = 39,                  // Authentication
    nonce = 40,                 // Nonce (Ni, Nr)
    notify = 41,                // Notify
    del = 42,                   // Delete ("delete" is a C++ keyword)
    vendor_id = 43,             // Vendor ID
    tsi = 44,                   // Traffic Selector - Initiator
    tsr = 45,                   // Traffic Selector - Responder
    sk = 46,                    // Encrypted and Authenticated
    cp = 47,                    // Configuration
    eap = 48,                   // Extensible Authentication
    gspm = 49,                  // Generic Secure Password Method (RFC 6467), not decoded
    idg = 50,                   // Group Identification (G-IKEv2), not decoded
    gsa = 51,                   // Group Security Association (G-IKEv2), not decoded
    kd = 52,                    // Key Download (G-IKEv2), not decoded
    skf = 53,                   // Encrypted and Authenticated Fragment (RFC 7383)
    ps = 54,                    // Puzzle Solution (RFC 8019), not decoded
};

// RFC 7296 §3.1 exchange types (IANA "IKEv2 Exchange Types").
enum class exchange_type : std::uint8_t {
    ike_sa_init = 34,
    ike_auth = 35,
    create_child_sa = 36,
    informational = 37,
    ike_session_resume = 38,    // RFC 5723
    gsa_auth = 39,              // G-IKEv2
    gsa_registration = 40,      // G-IKEv2
    gsa_rekey = 41,             // G-IKEv2
    ike_intermediate = 43,      // RFC 9242
    ike_followup_ke = 44,       // RFC 9370
};

// RFC 7296 §3.1 header flag bits.
namespace header_flag {
inline constexpr std::uint8_t initiator = 0x08;  // I: sent by the original initiator
inline constexpr std::uint8_t version = 0x10;    // V: sender can speak a higher major version
inline constexpr std::uint8_t response = 0x20;   // R: this message is a response
}  // namespace header_flag

// RFC 7296 §3.2 generic payload header: bit 7 of the second octet.
inline constexpr std::uint8_t critical_bit = 0x80;

// Limits. RFC 7296 §2 leaves message size open; UDP bounds it, and nothing an IKE
// peer legitimately sends comes close to the payload count below.
inline constexpr std::size_t ike_header_size = 28;          // RFC 7296 §3.1
inline constexpr std::size_t generic_header_size = 4;       // RFC 7296 §3.2
inline constexpr std::size_t max_message_size = 65535 - 8;  // UDP Length field bound
inline constexpr std::size_t max_payloads_per_message = 128;
inline constexpr std::size_t min_nonce_size = 16;           // RFC 7296 §3.9
inline constexpr std::size_t max_nonce_size = 256;          // RFC 7296 §3.9
inline constexpr std::uint8_t ike_major_version = 2;        // RFC 7296 §3.1
inline constexpr std::uint8_t ike_minor_version = 0;

}  // namespace ravelin::cp::ike
