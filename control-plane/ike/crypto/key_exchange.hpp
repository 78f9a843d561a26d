#pragma once
// Key exchange methods of transform type 4: MODP groups 14-18 (RFC 3526), ECP
// groups 19-21 (RFC 5903) and Curve25519/Curve448 (RFC 8031). Public values use
// the KE payload encodings (RFC 7296 §3.4); peer values are validated before use
// (RFC 7296 §5, RFC 6989), and the shared secret is g^ir as §2.14 wants it.

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;
using common::secret_bytes;

class key_exchange {
public:
    // A fresh ephemeral key pair.
    static result<key_exchange> generate(ke_group group);

    // A key pair from a known private value, for known-answer tests: the
    // big-endian exponent/scalar for MODP/ECP, the raw scalar for X25519/X448.
    static result<key_exchange> from_private(ke_group group, const secret_bytes& private_value);

    [[nodiscard]] ke_group group() const noexcept { return _group; }

    // Key Exchange Data of the KE payload: g^x zero-padded to the modulus (MODP),
    // x || y (ECP, RFC 5903 §7), the u-coordinate (RFC 8031 §2).
    [[nodiscard]] const std::vector<std::uint8_t>& public_value() const noexcept { return _public; }

    // g^ir from the peer's Key Exchange Data: zero-padded to the modulus (MODP),
    // the x coordinate (ECP, RFC 5903 §7), the X25519/X448 output (RFC 8031 §2).
    // An invalid peer value fails with errc::invalid_public_value, an all-zero
    // Curve25519/448 result with errc::invalid_shared_secret.
    [[nodiscard]] result<secret_bytes> shared_secret(bytes_view peer_public) const;

private:
    key_exchange(ke_group group, ossl::pkey key, std::vector<std::uint8_t> public_value);

    ke_group _group;
    ossl::pkey _key;
    std::vector<std::uint8_t> _public;
};

// RFC 7296 §5 / RFC 6989 checks of a peer's Key Exchange Data without deriving:
// length, 1 < y < p-1 (MODP), a point on the curve (ECP).
result<void> validate_public_value(ke_group group, bytes_view peer_public);

}  // namespace ravelin::cp::ike::crypto
