#pragma once
// ESP (RFC 4303) and AH (RFC 4302) burst functions, one instantiation per
// direction x mode x outer family x transform kind, picked once when an SA is installed.

#include "dataplane/ipsec/sa.hpp"

namespace ravelin::dp::ipsec {

// How the transform uses IPsec-MB.
enum class transform_kind : std::uint8_t {
    aead,         // AES-GCM, ChaCha20-Poly1305: one AEAD job, AAD = SPI | SEQ
    cipher_hmac,  // AES-CBC then HMAC over SPI .. ciphertext (encrypt-then-MAC)
    gmac,         // AES-GMAC: no encryption, everything is AAD (RFC 4543 §3)
};

transform_kind kind_of(cipher_alg c) noexcept;

burst_fn select_burst_fn(const sa_info& info) noexcept;

// The instantiations, declared for select_burst_fn().
template <ipsec_mode M, bool OuterV6, transform_kind K>
std::uint16_t esp_outbound(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);
template <ipsec_mode M, transform_kind K>
std::uint16_t esp_inbound(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);

// AH (RFC 4302) burst functions, in ah.cpp.
template <ipsec_mode M, bool OuterV6>
std::uint16_t ah_outbound(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);
template <ipsec_mode M>
std::uint16_t ah_inbound(esp_engine&, sa_runtime&, sa_index, std::span<rte_mbuf*>, std::span<drop_reason>);

}  // namespace ravelin::dp::ipsec
