#pragma once
// Encrypted messages (RFC 7296 §3.14): inner payloads in, datagram out, and back.
// The associated data is everything from the IKE header through the SK payload
// header (RFC 5282 §5.1); for CBC+HMAC the ICV covers the same octets plus the
// ciphertext, which sk_cipher handles.

#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"

namespace ravelin::cp::ike {

// HDR, SK {inner...}
common::result<std::vector<std::uint8_t>> seal_message(const ike_header& header, const std::vector<payload>& inner,
                                                       crypto::sk_cipher& cipher);

// The inner payloads of a parsed message whose last payload is SK. The check
// that the message holds nothing but SK is the caller's (§3.14 allows payloads
// before SK; IKEv2 never sends any after IKE_SA_INIT).
common::result<std::vector<payload>> open_message(common::bytes_view datagram, const message& parsed,
                                                  const crypto::sk_cipher& cipher);

// RFC 7296 §2.23 NAT_DETECTION_*_IP data: SHA-1(SPIi | SPIr | IP | Port).
std::vector<std::uint8_t> natd_hash(ike_spi spi_i, ike_spi spi_r, const common::ip_address& address,
                                    std::uint16_t port);

}  // namespace ravelin::cp::ike
