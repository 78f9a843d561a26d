#pragma once
// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" shared by the codec
// (wire values) and the crypto suite (what each value means). Values only: names
// for printing live with the dissector, strongSwan keywords with the crypto
// suite's proposal parser.

#include <cstdint>

namespace ravelin::cp::ike {

// RFC 7296 §3.3.1 Protocol ID of a proposal (and of Delete/Notify payloads).
enum class protocol_id : std::uint8_t { none = 0, ike = 1, ah = 2, esp = 3 };

// RFC 7296 §3.3.2 transform types.
enum class transform_type : std::uint8_t {
    encryption = 1,   // ENCR
    prf = 2,          // PRF
    integrity = 3,    // INTEG
    key_exchange = 4, // D-H (renamed "Key Exchange Method" by RFC 9370)
    esn = 5,          // Extended Sequence Numbers
};

// Transform type 1: encryption algorithms (RFC 7296, RFC 5282, RFC 4106, RFC 7634).
enum class encryption_id : std::uint16_t {
    des_iv64 = 1, des = 2, des3 = 3, rc5 = 4, idea = 5, cast = 6, blowfish = 7, idea3 = 8,
    des_iv32 = 9, null = 11, aes_cbc = 12, aes_ctr = 13,
    aes_ccm_8 = 14, aes_ccm_12 = 15, aes_ccm_16 = 16,
    aes_gcm_8 = 18, aes_gcm_12 = 19, aes_gcm_16 = 20,
    null_auth_aes_gmac = 21, camellia_cbc = 23, camellia_ctr = 24,
    camellia_ccm_8 = 25, camellia_ccm_12 = 26, camellia_ccm_16 = 27,
    chacha20_poly1305 = 28,
};

// Transform type 2: pseudorandom functions (RFC 7296, RFC 4868).
enum class prf_id : std::uint16_t {
    hmac_md5 = 1, hmac_sha1 = 2, hmac_tiger = 3, aes128_xcbc = 4,
    hmac_sha2_256 = 5, hmac_sha2_384 = 6, hmac_sha2_512 = 7, aes128_cmac = 8,
};

// Transform type 3: integrity algorithms (RFC 7296, RFC 4868, RFC 4543).
enum class integrity_id : std::uint16_t {
    none = 0, hmac_md5_96 = 1, hmac_sha1_96 = 2, des_mac = 3, kpdk_md5 = 4, aes_xcbc_96 = 5,
    hmac_md5_128 = 6, hmac_sha1_160 = 7, aes_cmac_96 = 8,
    aes_128_gmac = 9, aes_192_gmac = 10, aes_256_gmac = 11,
    hmac_sha2_256_128 = 12, hmac_sha2_384_192 = 13, hmac_sha2_512_256 = 14,
};

// Transform type 4: key exchange methods (RFC 7296, RFC 3526, RFC 5903, RFC 8031).
enum class ke_group : std::uint16_t {
    none = 0, modp768 = 1, modp1024 = 2, modp1536 = 5,
    modp2048 = 14, modp3072 = 15, modp4096 = 16, modp6144 = 17, modp8192 = 18,
    ecp256 = 19, ecp384 = 20, ecp521 = 21,
    modp1024_160 = 22, modp2048_224 = 23, modp2048_256 = 24, ecp192 = 25, ecp224 = 26,
    brainpool224 = 27, brainpool256 = 28, brainpool384 = 29, brainpool512 = 30,
    curve25519 = 31, curve448 = 32,
};

// Transform type 5: extended sequence numbers.
enum class esn_id : std::uint16_t { no = 0, yes = 1 };

// RFC 7296 §3.3.5 transform attribute types (TV format when the AF bit is set).
enum class transform_attribute : std::uint16_t { key_length = 14 };

// RFC 7296 §3.8, RFC 7427 §3: AUTH payload methods.
enum class auth_method : std::uint8_t {
    rsa_signature = 1, shared_key_mic = 2, dss_signature = 3,
    ecdsa_sha256_p256 = 9, ecdsa_sha384_p384 = 10, ecdsa_sha512_p521 = 11,
    generic_secure_password = 12, null_auth = 13, digital_signature = 14,
};

// RFC 7427 §4: hash algorithms of the SIGNATURE_HASH_ALGORITHMS notify.
enum class hash_algorithm : std::uint16_t {
    sha1 = 1, sha2_256 = 2, sha2_384 = 3, sha2_512 = 4, identity = 5,
};

}  // namespace ravelin::cp::ike
