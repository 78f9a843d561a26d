#pragma once
// Certificate authentication (RFC 7296 §2.15, §3.6-§3.8; RFC 7427): our CERT
// payloads and signature AUTH, the peer's chain checked against the configured
// CAs and its identity against the certificate, and CERTREQ for our CAs
// (strongSwan sends its certificate only when asked: send_cert = ifasked).

#include <span>
#include <vector>

#include "control-plane/ike/codec/payload.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"

namespace ravelin::cp::ike {

// RFC 7427 §4: the hashes we accept in signatures, in SIGNATURE_HASH_ALGORITHMS.
std::span<const hash_algorithm> accepted_signature_hashes() noexcept;

// CERT payloads of our chain (end entity first).
common::result<std::vector<payload>> local_cert_payloads(const config::connection_config& conn);

// CERTREQ naming our trust anchors: SHA-1 of each CA's SubjectPublicKeyInfo (§3.7).
std::optional<payload> certreq_for(const config::connection_config& conn);

// AUTH over `octets` with our private key: RFC 7427 Digital Signature when the
// peer announced a hash we can use, else the key's classic method.
common::result<auth_payload> sign_octets(const ike_sa& sa, common::bytes_view octets);

// Chain, identity and signature of the peer's AUTH; false (logged) on any failure.
bool verify_signature(const ike_sa& sa, const id_payload& peer, const auth_payload& auth,
                      const std::vector<payload>& message, common::bytes_view octets);

}  // namespace ravelin::cp::ike
