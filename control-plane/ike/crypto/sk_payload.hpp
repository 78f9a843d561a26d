#pragma once
// Protection of the Encrypted payload (SK, RFC 7296 §3.14) and of its fragments
// (SKF, RFC 7383 §2.5). The body of the payload is
//
//     IV | encrypted( inner payloads | Padding | Pad Length ) | ICV
//
// * AES-CBC (RFC 3602) with an HMAC integrity transform: the ICV is the truncated
//   HMAC under SK_a of the message from the IKE header through the ciphertext.
// * AES-GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634): nonce = salt (the last
//   4 bytes of SK_e) | 8-byte IV, associated data = the IKE header and the
//   SK/SKF payload header, ICV = the AEAD tag.
//
// The caller builds the headers (their length fields already count
// sealed_size()) and passes them as `associated_data`; the engine glues the
// result behind them.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"
#include "control-plane/ike/crypto/transforms.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;
using common::secret_bytes;

class sk_cipher {
public:
    // One direction's keys: SK_ei/SK_ai protect what the initiator sends.
    // `sk_a` is empty (and `integrity` none) for AEAD transforms.
    static result<sk_cipher> create(encryption_transform encryption, integrity_id integrity,
                                    const secret_bytes& sk_e, const secret_bytes& sk_a);

    [[nodiscard]] std::size_t iv_size() const noexcept { return _encryption.iv_size; }
    [[nodiscard]] std::size_t icv_size() const noexcept;

    // Bytes of payload body (after the 4-byte generic header) that
    // `plaintext_size` bytes of inner payloads become.
    [[nodiscard]] std::size_t sealed_size(std::size_t plaintext_size) const noexcept;

    // Encrypts with a fresh IV: random for CBC (§3.14 wants it unpredictable), a
    // counter for the AEADs (RFC 5282 §3.1, RFC 7634 §2: never repeated per key).
    // The counter starts at a random value, so even two sk_cipher objects made
    // from the same key by mistake do not walk the same IVs; still, keep one
    // object per SA direction for the SA's lifetime.
    result<std::vector<std::uint8_t>> encrypt(bytes_view associated_data, bytes_view plaintext);

    // The same with a given IV, for known-answer tests.
    result<std::vector<std::uint8_t>> encrypt_with_iv(bytes_view associated_data, bytes_view plaintext,
                                                      bytes_view iv) const;

    // The inner payloads, or a typed error: invalid_sk_length (too short, not
    // block aligned), integrity_check_failed (ICV or tag; compared in constant
    // time), invalid_padding (pad length past the data).
    result<std::vector<std::uint8_t>> decrypt(bytes_view associated_data, bytes_view sealed) const;

private:
    sk_cipher(const encryption_info& encryption, std::optional<integrity_info> integrity, ossl::cipher cipher,
              secret_bytes key, secret_bytes salt, secret_bytes integrity_key);

    result<std::vector<std::uint8_t>> seal_cbc(bytes_view aad, bytes_view padded, bytes_view iv) const;
    result<std::vector<std::uint8_t>> seal_aead(bytes_view aad, bytes_view padded, bytes_view iv) const;
    result<std::vector<std::uint8_t>> open_cbc(bytes_view aad, bytes_view sealed) const;
    result<std::vector<std::uint8_t>> open_aead(bytes_view aad, bytes_view sealed) const;

    encryption_info _encryption;
    std::optional<integrity_info> _integrity;
    ossl::cipher _cipher;
    secret_bytes _key;
    secret_bytes _salt;
    secret_bytes _integrity_key;
    std::uint64_t _iv_base = 0;   // random start of the AEAD IV counter
    std::uint64_t _ivs_used = 0;
};

}  // namespace ravelin::cp::ike::crypto
