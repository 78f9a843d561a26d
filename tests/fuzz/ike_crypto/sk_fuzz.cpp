// Fuzzes SK payload decryption, the first thing done to bytes from the network
// once an IKE SA exists. Byte 0 picks a suite; then either the input is offered
// as header | body to decrypt (must fail cleanly: it carries no valid ICV), or
// (odd byte 1) it is encrypted, must decrypt back, and must be refused once a
// byte of the result is changed.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "control-plane/ike/crypto/sk_payload.hpp"

using namespace ravelin::cp::ike;
using namespace ravelin::cp::ike::crypto;

namespace {

struct suite {
    encryption_transform encryption;
    integrity_id integrity;
};

constexpr suite suites[] = {
    {{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128},
    {{encryption_id::aes_cbc, 256}, integrity_id::hmac_sha1_96},
    {{encryption_id::aes_gcm_16, 256}, integrity_id::none},
    {{encryption_id::aes_gcm_8, 128}, integrity_id::none},
    {{encryption_id::chacha20_poly1305, 0}, integrity_id::none},
};

sk_cipher make(const suite& s) {
    const auto info = find_encryption(s.encryption);
    const auto integ = find_integrity(s.integrity);
    const secret_bytes sk_e(std::vector<std::uint8_t>(info->keymat_size(), 0x5a));
    const secret_bytes sk_a = integ ? secret_bytes(std::vector<std::uint8_t>(integ->key_size, 0xa5)) : secret_bytes{};
    return sk_cipher::create(s.encryption, s.integrity, sk_e, sk_a).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    auto cipher = make(suites[data[0] % std::size(suites)]);
    const bool round_trip = (data[1] & 1) != 0;
    const std::span<const std::uint8_t> rest(data + 2, size - 2);
    const std::size_t header = rest.size() < 32 ? rest.size() : 32;
    const auto aad = rest.first(header);
    const auto body = rest.subspan(header);
    if (!round_trip) {
        if (cipher.decrypt(aad, body).has_value()) std::abort();  // forged without the key
        return 0;
    }
    const auto sealed = cipher.encrypt(aad, body);
    if (!sealed.has_value() || sealed->size() != cipher.sealed_size(body.size())) std::abort();
    const auto opened = cipher.decrypt(aad, *sealed);
    if (!opened.has_value() || *opened != std::vector<std::uint8_t>(body.begin(), body.end())) std::abort();
    auto tampered = *sealed;
    tampered[data[1] % tampered.size()] ^= 0x01;
    if (cipher.decrypt(aad, tampered).has_value()) std::abort();
    return 0;
}
