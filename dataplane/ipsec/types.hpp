#pragma once
// Vocabulary of the packet engine: strong identifiers, algorithm and mode
// enums, drop reasons and SA events.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ravelin::dp::ipsec {

// RFC 4302 §2.2 and §3.3.3.2.1: the AH header (next header, payload length,
// reserved, SPI, sequence number: 12 bytes, then the ICV) is a multiple of 32
// bits over IPv4, of 64 bits over IPv6; the padding is part of the ICV field.
inline constexpr std::size_t ah_fixed_length = 12;
constexpr std::size_t ah_header_length(std::size_t icv_len, bool v6) noexcept {
    const std::size_t n = ah_fixed_length + icv_len;
    return v6 ? (n + 7) & ~std::size_t{7} : (n + 3) & ~std::size_t{3};
}

// Security Parameters Index (RFC 4303 §2.1), host order.
struct spi {
    std::uint32_t value = 0;
    friend bool operator==(spi, spi) = default;
};

// Position of an SA in the preallocated SA table.
struct sa_index {
    std::uint32_t value = 0;
    friend bool operator==(sa_index, sa_index) = default;
};

enum class direction : std::uint8_t { inbound, outbound };
enum class ipsec_mode : std::uint8_t { tunnel, transport };
enum class ipsec_proto : std::uint8_t { esp, ah };  // RFC 4303, RFC 4302

// ESP transforms (RFC 8221 names in comments). aes_gmac is integrity-only (RFC 4543).
enum class cipher_alg : std::uint8_t {
    aes_gcm_16,         // AES-GCM with 16-octet ICV, RFC 4106 (key: 16 or 32 bytes + 4 salt)
    aes_cbc,            // AES-CBC, RFC 3602 (key: 16 or 32 bytes), needs an integ_alg
    chacha20_poly1305,  // RFC 7634 (key: 32 bytes + 4 salt)
    aes_gmac,           // ENCR_NULL_AUTH_AES_GMAC, RFC 4543 (key: 16 or 32 bytes + 4 salt)
};

enum class integ_alg : std::uint8_t {
    none,             // with AEAD transforms
    hmac_sha1_96,     // RFC 2404
    hmac_sha256_128,  // RFC 4868
    hmac_sha384_192,  // RFC 4868
    hmac_sha512_256,  // RFC 4868
};

// Why a packet left a burst. Each has its own per-SA counter.
enum class drop_reason : std::uint8_t {
    none = 0,
    bad_spi,          // SPI of the packet is not the SA's
    truncated,        // shorter than headers + IV + minimal trailer + ICV, or IP length wrong
    bad_length,       // ciphertext not a multiple of the cipher block size
    replayed,         // sequence number already seen in the window
    too_old,          // sequence number left of the window (or impossible ESN)
    icv_mismatch,     // integrity check failed; nothing else changed
    bad_padding,      // padding bytes not 1, 2, 3, ... (RFC 4303 §2.4)
    bad_next_header,  // next header not valid for the SA mode
    dummy_packet,     // next header 59 (RFC 4303 §2.6): silently discarded
    bad_header,       // outer or inner IP header malformed, or not ESP/UDP where expected
    no_room,          // mbuf lacks headroom/tailroom for encapsulation
    unsupported,      // multi-segment mbuf
    seq_overflow,     // outbound sequence space exhausted (RFC 4303 §3.3.3)
    lifetime_expired, // hard byte/packet lifetime reached
    crypto_error,     // IPsec-MB rejected the job
    decompress_failed,    // IPComp: wrong CPI or invalid DEFLATE data (RFC 3173 §3.3)
    decompress_too_large, // IPComp: would expand beyond the packet buffer (bomb bound)
    ecn_not_ect,          // outer CE over a Not-ECT inner packet (RFC 6040 §4.2)
};
inline constexpr std::size_t drop_reason_count = 19;

std::string_view drop_reason_name(drop_reason r) noexcept;

enum class sa_event_kind : std::uint8_t { soft_lifetime, hard_lifetime, seq_overflow };

struct sa_event {
    sa_index sa;
    sa_event_kind kind;
};

}  // namespace ravelin::dp::ipsec
