#include "control-plane/ike/crypto/sk_payload.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/constant_time.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/prf.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using bytes = std::vector<std::uint8_t>;

const char* cipher_name(const encryption_info& info) {
    if (info.transform.id == encryption_id::chacha20_poly1305) return "ChaCha20-Poly1305";
    const bool gcm = info.aead();
    switch (info.transform.key_bits) {
        case 128: return gcm ? "AES-128-GCM" : "AES-128-CBC";
        case 192: return gcm ? "AES-192-GCM" : "AES-192-CBC";
        default: return gcm ? "AES-256-GCM" : "AES-256-CBC";
    }
}

// Inner payloads | Padding | Pad Length (RFC 7296 §3.14), the shortest padding
// that block-aligns the whole (AEADs need none: block size 1). Padding is zeros.
bytes pad(bytes_view plaintext, std::size_t block_size) {
    const std::size_t pad_length = (block_size - (plaintext.size() + 1) % block_size) % block_size;
    bytes padded(plaintext.begin(), plaintext.end());
    padded.resize(plaintext.size() + pad_length + 1, 0);
    padded.back() = static_cast<std::uint8_t>(pad_length);
    return padded;
}

// Strip Padding and Pad Length; the pad bytes themselves may hold any value.
result<bytes> unpad(bytes decrypted) {
    if (decrypted.empty()) return errc::invalid_padding;
    const std::size_t pad_length = decrypted.back();
    if (pad_length + 1 > decrypted.size()) {
        common::secure_wipe(decrypted.data(), decrypted.size());
        return errc::invalid_padding;
    }
    decrypted.resize(decrypted.size() - pad_length - 1);
    return decrypted;
}

bytes concat(bytes_view a, bytes_view b) {
    bytes out(a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

// One EVP pass; `tag` is read (decrypt) or written (encrypt) when the cipher is AEAD.
struct evp_job {
    EVP_CIPHER* cipher;
    bool encrypt;
    bytes_view key;
    bytes_view iv;  // full nonce for AEADs
    bytes_view aad;
    bytes_view input;
    std::span<std::uint8_t> tag;
};

result<bytes> run_cipher(const evp_job& job) {
    ossl::cipher_ctx ctx(EVP_CIPHER_CTX_new());
    const int enc = job.encrypt ? 1 : 0;
    if (!ctx || EVP_CipherInit_ex2(ctx.get(), job.cipher, nullptr, nullptr, enc, nullptr) != 1) {
        return openssl_error("EVP_CipherInit");
    }
    const bool aead = !job.tag.empty();
    if (aead && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(job.iv.size()), nullptr) != 1) {
        return openssl_error("EVP_CTRL_AEAD_SET_IVLEN");
    }
    if (EVP_CipherInit_ex2(ctx.get(), nullptr, job.key.data(), job.iv.data(), enc, nullptr) != 1) {
        return openssl_error("EVP_CipherInit(key)");
    }
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);  // IKE pads itself (§3.14)
    int length = 0;
    if (aead && !job.aad.empty() &&
        EVP_CipherUpdate(ctx.get(), nullptr, &length, job.aad.data(), static_cast<int>(job.aad.size())) != 1) {
        return openssl_error("EVP_CipherUpdate(aad)");
    }
    bytes out(job.input.size() + EVP_MAX_BLOCK_LENGTH);
    if (EVP_CipherUpdate(ctx.get(), out.data(), &length, job.input.data(), static_cast<int>(job.input.size())) != 1) {
        return openssl_error("EVP_CipherUpdate");
    }
    std::size_t total = static_cast<std::size_t>(length);
    if (aead && !job.encrypt &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(job.tag.size()), job.tag.data()) != 1) {
        return openssl_error("EVP_CTRL_AEAD_SET_TAG");
    }
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + total, &length) != 1) {
        common::secure_wipe(out.data(), out.size());
        ERR_clear_error();
        if (aead && !job.encrypt) return errc::integrity_check_failed;
        return openssl_error("EVP_CipherFinal");
    }
    total += static_cast<std::size_t>(length);
    if (aead && job.encrypt &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(job.tag.size()), job.tag.data()) != 1) {
        return openssl_error("EVP_CTRL_AEAD_GET_TAG");
    }
    out.resize(total);
    return out;
}

}  // namespace

sk_cipher::sk_cipher(const encryption_info& encryption, std::optional<integrity_info> integrity, ossl::cipher cipher,
                     secret_bytes key, secret_bytes salt, secret_bytes integrity_key)
    : _encryption(encryption),
      _integrity(integrity),
      _cipher(std::move(cipher)),
      _key(std::move(key)),
      _salt(std::move(salt)),
      _integrity_key(std::move(integrity_key)) {}

result<sk_cipher> sk_cipher::create(encryption_transform encryption, integrity_id integrity,
                                    const secret_bytes& sk_e, const secret_bytes& sk_a) {
    const auto info = find_encryption(encryption);
    if (!info) return errc::unsupported_transform;
    std::optional<integrity_info> integ;
    if (info->aead()) {
        if (integrity != integrity_id::none || !sk_a.empty()) return errc::aead_with_integrity;
    } else {
        integ = find_integrity(integrity);
        if (!integ) return errc::unsupported_transform;
        if (sk_a.size() != integ->key_size) return errc::invalid_key_length;
    }
    if (sk_e.size() != info->keymat_size()) return errc::invalid_key_length;
    ossl::cipher cipher(EVP_CIPHER_fetch(nullptr, cipher_name(*info), nullptr));
    if (!cipher) return openssl_error("EVP_CIPHER_fetch");
    // RFC 5282 §7.1, RFC 7634 §2: the salt is the last bytes of SK_e.
    return sk_cipher(*info, integ, std::move(cipher), sk_e.slice(0, info->key_size),
                     sk_e.slice(info->key_size, info->salt_size), sk_a.clone());
}

std::size_t sk_cipher::icv_size() const noexcept {
    return _encryption.aead() ? _encryption.icv_size : _integrity->icv_size;
}

std::size_t sk_cipher::sealed_size(std::size_t plaintext_size) const noexcept {
    const std::size_t block = _encryption.block_size;
    const std::size_t padded = (plaintext_size + 1 + block - 1) / block * block;
    return _encryption.iv_size + padded + icv_size();
}

result<std::vector<std::uint8_t>> sk_cipher::encrypt(bytes_view associated_data, bytes_view plaintext) {
    bytes iv(_encryption.iv_size);
    if (_encryption.aead()) {
        if (_ivs_used == UINT64_MAX) return errc::invalid_iv;  // key exhausted: rekey
        if (_ivs_used == 0 &&
            RAND_bytes(reinterpret_cast<unsigned char*>(&_iv_base), sizeof _iv_base) != 1) {
            return openssl_error("RAND_bytes");
        }
        const std::uint64_t counter = _iv_base + _ivs_used++;  // wraps modulo 2^64: still unique
        for (std::size_t i = 0; i < 8; ++i) iv[i] = static_cast<std::uint8_t>(counter >> (56 - 8 * i));
    } else if (RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1) {
        return openssl_error("RAND_bytes");
    }
    return encrypt_with_iv(associated_data, plaintext, iv);
}

result<std::vector<std::uint8_t>> sk_cipher::encrypt_with_iv(bytes_view associated_data, bytes_view plaintext,
                                                             bytes_view iv) const {
    if (iv.size() != _encryption.iv_size) return errc::invalid_iv;
    bytes padded = pad(plaintext, _encryption.block_size);
    auto sealed = _encryption.aead() ? seal_aead(associated_data, padded, iv) : seal_cbc(associated_data, padded, iv);
    common::secure_wipe(padded.data(), padded.size());
    return sealed;
}

result<std::vector<std::uint8_t>> sk_cipher::decrypt(bytes_view associated_data, bytes_view sealed) const {
    // The smallest body: IV, one block (or the lone Pad Length byte), ICV.
    const std::size_t minimum = _encryption.iv_size + _encryption.block_size + icv_size();
    if (sealed.size() < minimum) return errc::invalid_sk_length;
    const std::size_t encrypted = sealed.size() - _encryption.iv_size - icv_size();
    if (encrypted % _encryption.block_size != 0) return errc::invalid_sk_length;
    return _encryption.aead() ? open_aead(associated_data, sealed) : open_cbc(associated_data, sealed);
}

result<std::vector<std::uint8_t>> sk_cipher::seal_cbc(bytes_view aad, bytes_view padded, bytes_view iv) const {
    RAVELIN_TRY(bytes ciphertext, run_cipher({_cipher.get(), true, _key.expose(), iv, {}, padded, {}}));
    bytes body = concat(iv, ciphertext);
    // §3.14: the ICV covers the message from the IKE header through the ciphertext.
    RAVELIN_TRY(const bytes icv, compute_icv(_integrity->id, _integrity_key.expose(), concat(aad, body)));
    body.insert(body.end(), icv.begin(), icv.end());
    return body;
}

result<std::vector<std::uint8_t>> sk_cipher::open_cbc(bytes_view aad, bytes_view sealed) const {
    const bytes_view covered = sealed.first(sealed.size() - icv_size());
    const bytes_view received_icv = sealed.last(icv_size());
    RAVELIN_TRY(const bytes icv, compute_icv(_integrity->id, _integrity_key.expose(), concat(aad, covered)));
    // Verify before decrypting, and without an early exit on the first difference.
    if (!common::constant_time_equal(icv, received_icv)) return errc::integrity_check_failed;
    const bytes_view iv = covered.first(_encryption.iv_size);
    RAVELIN_TRY(bytes decrypted, run_cipher({_cipher.get(), false, _key.expose(), iv, {}, covered.subspan(iv.size()), {}}));
    return unpad(std::move(decrypted));
}

result<std::vector<std::uint8_t>> sk_cipher::seal_aead(bytes_view aad, bytes_view padded, bytes_view iv) const {
    const bytes nonce = concat(_salt.expose(), iv);
    bytes tag(_encryption.icv_size);
    RAVELIN_TRY(bytes ciphertext, run_cipher({_cipher.get(), true, _key.expose(), nonce, aad, padded, tag}));
    bytes body = concat(iv, ciphertext);
    body.insert(body.end(), tag.begin(), tag.end());
    return body;
}

result<std::vector<std::uint8_t>> sk_cipher::open_aead(bytes_view aad, bytes_view sealed) const {
    const bytes_view iv = sealed.first(_encryption.iv_size);
    const bytes_view ciphertext = sealed.subspan(iv.size(), sealed.size() - iv.size() - icv_size());
    bytes tag(sealed.end() - static_cast<std::ptrdiff_t>(icv_size()), sealed.end());
    const bytes nonce = concat(_salt.expose(), iv);
    // The tag is checked inside EVP_CipherFinal (OpenSSL compares in constant time).
    RAVELIN_TRY(bytes decrypted, run_cipher({_cipher.get(), false, _key.expose(), nonce, aad, ciphertext, tag}));
    return unpad(std::move(decrypted));
}

}  // namespace ravelin::cp::ike::crypto
