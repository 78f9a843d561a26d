// IKEv2 crypto suite benchmarks (not a test): the per-IKE-SA costs that bound
// the SA setup rate. Figures and the command line: docs/PERFORMANCE-ike-crypto.md.
//   key_exchange/<group>   one side of a key exchange: generate a key pair and
//                          derive g^ir from the peer's value (which is validated)
//   sign|verify/<key>      one AUTH payload signature (method 14 unless noted)
//   sk_encrypt|decrypt     one 1 KiB SK payload
//   ike_sa_keys            SKEYSEED + the seven SK_* keys (prf+)
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>
#include <vector>

#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/key_exchange.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"

namespace {

using namespace ravelin::cp::ike;
using namespace ravelin::cp::ike::crypto;

void key_exchange_op(benchmark::State& state, ke_group group) {
    const auto peer = key_exchange::generate(group).value();
    for (auto _ : state) {
        const auto own = key_exchange::generate(group).value();
        benchmark::DoNotOptimize(own.shared_secret(peer.public_value()).value());
    }
}

private_key generate_key(const char* type, const char* param) {
    EVP_PKEY* raw = nullptr;
    if (std::string(type) == "RSA") raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(std::stoul(param)));
    else if (std::string(type) == "EC") raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", param);
    else raw = EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(out, raw, nullptr, nullptr, 0, nullptr, nullptr);
    char* pem = nullptr;
    const long length = BIO_get_mem_data(out, &pem);
    auto key = private_key::load(std::span(reinterpret_cast<const std::uint8_t*>(pem), static_cast<std::size_t>(length)));
    BIO_free(out);
    EVP_PKEY_free(raw);
    return std::move(key).value();
}

struct key_case {
    const char* type;
    const char* param;
    signing_options options;
};

const std::vector<std::uint8_t> octets(512, 0x42);  // about an IKE_SA_INIT message + nonce + MAC

void sign_op(benchmark::State& state, key_case c) {
    const auto key = generate_key(c.type, c.param);
    for (auto _ : state) benchmark::DoNotOptimize(sign_auth(key, octets, c.options).value());
}

void verify_op(benchmark::State& state, key_case c) {
    const auto key = generate_key(c.type, c.param);
    const auto auth = sign_auth(key, octets, c.options).value();
    for (auto _ : state) {
        if (!verify_auth(c.options.method, key.native(), octets, auth)) state.SkipWithError("verify failed");
    }
}

sk_cipher make_cipher(encryption_transform encryption, integrity_id integrity) {
    const auto info = find_encryption(encryption);
    const auto integ = find_integrity(integrity);
    const secret_bytes sk_e(std::vector<std::uint8_t>(info->keymat_size(), 0x11));
    const secret_bytes sk_a = integ ? secret_bytes(std::vector<std::uint8_t>(integ->key_size, 0x22)) : secret_bytes{};
    return sk_cipher::create(encryption, integrity, sk_e, sk_a).value();
}

const std::vector<std::uint8_t> header(32, 0x2e);
const std::vector<std::uint8_t> kib(1024, 0x5a);

void sk_encrypt(benchmark::State& state, encryption_transform e, integrity_id i) {
    auto cipher = make_cipher(e, i);
    for (auto _ : state) benchmark::DoNotOptimize(cipher.encrypt(header, kib).value());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1024);
}

void sk_decrypt(benchmark::State& state, encryption_transform e, integrity_id i) {
    auto cipher = make_cipher(e, i);
    const auto sealed = cipher.encrypt(header, kib).value();
    for (auto _ : state) benchmark::DoNotOptimize(cipher.decrypt(header, sealed).value());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1024);
}

void ike_sa_keys_op(benchmark::State& state) {
    const secret_bytes dh(std::vector<std::uint8_t>(256, 0x33));
    const std::vector<std::uint8_t> ni(32, 1), nr(32, 2);
    const ike_suite suite{{encryption_id::aes_cbc, 256}, integrity_id::hmac_sha2_256_128, prf_id::hmac_sha2_256,
                          ke_group::modp2048};
    for (auto _ : state) {
        const auto skeyseed = derive_skeyseed(suite.prf, ni, nr, dh).value();
        benchmark::DoNotOptimize(derive_ike_sa_keys(suite, skeyseed, ni, nr, 1, 2).value());
    }
}

using enum auth_method;
using enum hash_algorithm;

BENCHMARK_CAPTURE(key_exchange_op, modp2048, ke_group::modp2048)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, modp3072, ke_group::modp3072)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, modp4096, ke_group::modp4096)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, modp6144, ke_group::modp6144)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, modp8192, ke_group::modp8192)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, ecp256, ke_group::ecp256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, ecp384, ke_group::ecp384)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, ecp521, ke_group::ecp521)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, x25519, ke_group::curve25519)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(key_exchange_op, x448, ke_group::curve448)->Unit(benchmark::kMicrosecond);

#define RAVELIN_SIGN_VERIFY(name, ...)                                                             \
    BENCHMARK_CAPTURE(sign_op, name, key_case{__VA_ARGS__})->Unit(benchmark::kMicrosecond);        \
    BENCHMARK_CAPTURE(verify_op, name, key_case{__VA_ARGS__})->Unit(benchmark::kMicrosecond)

RAVELIN_SIGN_VERIFY(rsa2048_pkcs1_sha256, "RSA", "2048", {digital_signature, sha2_256, rsa_padding::pkcs1_v15});
RAVELIN_SIGN_VERIFY(rsa2048_pss_sha256, "RSA", "2048", {digital_signature, sha2_256, rsa_padding::pss});
RAVELIN_SIGN_VERIFY(rsa3072_pkcs1_sha256, "RSA", "3072", {digital_signature, sha2_256, rsa_padding::pkcs1_v15});
RAVELIN_SIGN_VERIFY(ecdsa_p256_method9, "EC", "P-256", {ecdsa_sha256_p256, sha2_256, {}});
RAVELIN_SIGN_VERIFY(ecdsa_p256_sha256, "EC", "P-256", {digital_signature, sha2_256, {}});
RAVELIN_SIGN_VERIFY(ecdsa_p384_sha384, "EC", "P-384", {digital_signature, sha2_384, {}});
RAVELIN_SIGN_VERIFY(ecdsa_p521_sha512, "EC", "P-521", {digital_signature, sha2_512, {}});
RAVELIN_SIGN_VERIFY(ed25519, "ED25519", "", {digital_signature, identity, {}});

#define RAVELIN_SK(name, ...)                            \
    BENCHMARK_CAPTURE(sk_encrypt, name, __VA_ARGS__);    \
    BENCHMARK_CAPTURE(sk_decrypt, name, __VA_ARGS__)

RAVELIN_SK(aes128_sha256, encryption_transform{encryption_id::aes_cbc, 128}, integrity_id::hmac_sha2_256_128);
RAVELIN_SK(aes256_sha512, encryption_transform{encryption_id::aes_cbc, 256}, integrity_id::hmac_sha2_512_256);
RAVELIN_SK(aes128gcm16, encryption_transform{encryption_id::aes_gcm_16, 128}, integrity_id::none);
RAVELIN_SK(aes256gcm16, encryption_transform{encryption_id::aes_gcm_16, 256}, integrity_id::none);
RAVELIN_SK(chacha20poly1305, encryption_transform{encryption_id::chacha20_poly1305, 0}, integrity_id::none);

BENCHMARK(ike_sa_keys_op);

}  // namespace

BENCHMARK_MAIN();
