// Fuzzes the crypto suite's parsers of peer-controlled data: KE payload data
// for every group (RFC 7296 §3.4 validation), the RFC 7427 AlgorithmIdentifier
// and signature of a method-14 AUTH payload, SIGNATURE_HASH_ALGORITHMS notify
// data, and CERT payload contents (X.509 DER). Byte 0 picks the parser.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/certificate.hpp"
#include "control-plane/ike/crypto/key_exchange.hpp"
#include "control-plane/ike/crypto/signature_encoding.hpp"
#include "control-plane/ike/crypto/transforms.hpp"

using namespace ravelin::cp::ike;
using namespace ravelin::cp::ike::crypto;

namespace {

// An Ed25519 key (RFC 8032 §7.1 test 1) to verify fuzzed AUTH data against.
EVP_PKEY* verify_key() {
    static const ossl::pkey key([] {
        static const std::uint8_t raw[] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
                                           0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
                                           0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
        return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw, sizeof raw);
    }());
    return key.get();
}

// The ECDH groups only: MODP validation costs a modular exponentiation per input.
constexpr ke_group fast_groups[] = {ke_group::ecp256, ke_group::ecp384, ke_group::ecp521, ke_group::curve25519,
                                    ke_group::curve448, ke_group::modp2048};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::span<const std::uint8_t> input(data + 2, size - 2);
    switch (data[0] % 5) {
        case 0: {
            const ke_group group = fast_groups[data[1] % std::size(fast_groups)];
            // Pad or cut to the group's size half of the time, to reach past the length check.
            std::vector<std::uint8_t> value(input.begin(), input.end());
            if ((data[1] & 0x80) != 0) value.resize(find_ke(group)->public_size);
            (void)validate_public_value(group, value);
            break;
        }
        case 1: (void)parse_algorithm_identifier(input); break;
        case 2: {
            static const std::uint8_t octets[] = {'o', 'c', 't', 'e', 't', 's'};
            if (verify_auth(auth_method::digital_signature, verify_key(), octets, input).has_value()) std::abort();
            break;
        }
        case 3: (void)parse_signature_hash_algorithms(input); break;
        default: (void)certificate::load(input); break;
    }
    return 0;
}
