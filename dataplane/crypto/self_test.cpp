// Known-answer self-test run when a manager is created: one vector per
// algorithm family the ESP engine uses, through the same job API, so that a
// wrong architecture path or a broken library is caught before any traffic.
#include <array>
#include <cstring>
#include <string_view>
#include <vector>

#include "dataplane/crypto/keys.hpp"
#include "dataplane/crypto/mb_manager.hpp"

namespace ravelin::dp::crypto {
namespace {

std::vector<std::uint8_t> hex(std::string_view text) {
    std::vector<std::uint8_t> out;
    const auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
    }
    return out;
}

bool equal(const std::uint8_t* a, const std::vector<std::uint8_t>& b) { return std::memcmp(a, b.data(), b.size()) == 0; }

IMB_JOB blank_job() {
    IMB_JOB job;
    std::memset(&job, 0, sizeof job);
    return job;
}

// The GCM specification's test case 4 (McGrew & Viega), AES-128.
bool gcm_kat(IMB_MGR* mgr) {
    const auto key = hex("feffe9928665731c6d6a8f9467308308");
    const auto iv = hex("cafebabefacedbaddecaf888");
    const auto aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const auto pt = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    const auto ct = hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
    const auto tag = hex("5bc94fbc3221a5db94fae95ae7121a47");
    alignas(64) static thread_local gcm_key_data keys;
    if (!expand_gcm_key(mgr, key, keys)) return false;
    std::vector<std::uint8_t> buf = pt;
    std::array<std::uint8_t, 16> out_tag{};
    IMB_JOB job = blank_job();
    job.cipher_mode = IMB_CIPHER_GCM;
    job.hash_alg = IMB_AUTH_AES_GMAC;
    job.enc_keys = job.dec_keys = &keys;
    job.key_len_in_bytes = IMB_KEY_128_BYTES;
    job.src = job.dst = buf.data();
    job.msg_len_to_cipher_in_bytes = job.msg_len_to_hash_in_bytes = buf.size();
    job.iv = iv.data();
    job.iv_len_in_bytes = iv.size();
    job.u.GCM.aad = aad.data();
    job.u.GCM.aad_len_in_bytes = aad.size();
    job.auth_tag_output = out_tag.data();
    job.auth_tag_output_len_in_bytes = out_tag.size();
    job.cipher_direction = IMB_DIR_ENCRYPT;
    job.chain_order = IMB_ORDER_CIPHER_HASH;
    if (run_one_job(mgr, job) != IMB_STATUS_COMPLETED || !equal(buf.data(), ct) || !equal(out_tag.data(), tag)) return false;
    job.cipher_direction = IMB_DIR_DECRYPT;
    job.chain_order = IMB_ORDER_HASH_CIPHER;
    out_tag.fill(0);
    return run_one_job(mgr, job) == IMB_STATUS_COMPLETED && equal(buf.data(), pt) && equal(out_tag.data(), tag);
}

// RFC 3602 §4 case #1: AES-128-CBC, one block.
bool cbc_kat(IMB_MGR* mgr) {
    const auto key = hex("06a9214036b8a15b512e03d534120006");
    const auto iv = hex("3dafba429d9eb430b422da802c9fac41");
    const auto ct = hex("e353779c1079aeb82708942dbe77181a");
    std::vector<std::uint8_t> buf = {'S', 'i', 'n', 'g', 'l', 'e', ' ', 'b', 'l', 'o', 'c', 'k', ' ', 'm', 's', 'g'};
    aes_key_schedule keys;
    if (!expand_aes_key(mgr, key, keys)) return false;
    IMB_JOB job = blank_job();
    job.cipher_mode = IMB_CIPHER_CBC;
    job.hash_alg = IMB_AUTH_NULL;
    job.cipher_direction = IMB_DIR_ENCRYPT;
    job.chain_order = IMB_ORDER_CIPHER_HASH;
    job.enc_keys = keys.enc;
    job.dec_keys = keys.dec;
    job.key_len_in_bytes = IMB_KEY_128_BYTES;
    job.src = job.dst = buf.data();
    job.msg_len_to_cipher_in_bytes = buf.size();
    job.iv = iv.data();
    job.iv_len_in_bytes = iv.size();
    return run_one_job(mgr, job) == IMB_STATUS_COMPLETED && equal(buf.data(), ct);
}

// RFC 2202 §3 / RFC 4231 §4.3 test case 2 ("Jefe"), truncated as ESP uses them.
bool hmac_kat(IMB_MGR* mgr, hmac_hash h, std::size_t tag_len, std::string_view expected) {
    const std::string_view key = "Jefe";
    const std::string_view data = "what do ya want for nothing?";
    hmac_key keys;
    if (!precompute_hmac(mgr, h, {reinterpret_cast<const std::uint8_t*>(key.data()), key.size()}, keys)) return false;
    std::array<std::uint8_t, 64> tag{};
    IMB_JOB job = blank_job();
    job.cipher_mode = IMB_CIPHER_NULL;
    job.cipher_direction = IMB_DIR_ENCRYPT;
    job.chain_order = IMB_ORDER_HASH_CIPHER;
    job.hash_alg = hmac_imb_alg(h);
    job.src = reinterpret_cast<const std::uint8_t*>(data.data());
    job.msg_len_to_hash_in_bytes = data.size();
    job.u.HMAC._hashed_auth_key_xor_ipad = keys.ipad;
    job.u.HMAC._hashed_auth_key_xor_opad = keys.opad;
    job.auth_tag_output = tag.data();
    job.auth_tag_output_len_in_bytes = tag_len;
    return run_one_job(mgr, job) == IMB_STATUS_COMPLETED && equal(tag.data(), hex(expected.substr(0, 2 * tag_len)));
}

// RFC 8439 §2.8.2 AEAD_CHACHA20_POLY1305 example.
bool chacha_kat(IMB_MGR* mgr) {
    std::array<std::uint8_t, 32> key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(0x80 + i);
    const auto nonce = hex("070000004041424344454647");
    const auto aad = hex("50515253c0c1c2c3c4c5c6c7");
    const std::string_view text = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
    const auto ct = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116");
    const auto tag = hex("1ae10b594f09e26a7e902ecbd0600691");
    std::vector<std::uint8_t> buf(text.begin(), text.end());
    std::array<std::uint8_t, 16> out_tag{};
    IMB_JOB job = blank_job();
    job.cipher_mode = IMB_CIPHER_CHACHA20_POLY1305;
    job.hash_alg = IMB_AUTH_CHACHA20_POLY1305;
    job.cipher_direction = IMB_DIR_ENCRYPT;
    job.chain_order = IMB_ORDER_CIPHER_HASH;
    job.enc_keys = job.dec_keys = key.data();
    job.key_len_in_bytes = 32;
    job.src = job.dst = buf.data();
    job.msg_len_to_cipher_in_bytes = job.msg_len_to_hash_in_bytes = buf.size();
    job.iv = nonce.data();
    job.iv_len_in_bytes = nonce.size();
    job.u.CHACHA20_POLY1305.aad = aad.data();
    job.u.CHACHA20_POLY1305.aad_len_in_bytes = aad.size();
    job.auth_tag_output = out_tag.data();
    job.auth_tag_output_len_in_bytes = out_tag.size();
    return run_one_job(mgr, job) == IMB_STATUS_COMPLETED && equal(buf.data(), ct) && equal(out_tag.data(), tag);
}

}  // namespace

result<void> run_self_test(IMB_MGR* mgr) noexcept {
    try {
        const bool ok = gcm_kat(mgr) && cbc_kat(mgr) &&
                        hmac_kat(mgr, hmac_hash::sha1, 12, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79") &&
                        hmac_kat(mgr, hmac_hash::sha256, 16, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843") &&
                        hmac_kat(mgr, hmac_hash::sha384, 24, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649") &&
                        hmac_kat(mgr, hmac_hash::sha512, 32, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737") &&
                        chacha_kat(mgr);
        if (!ok) return errc::self_test_failed;
    } catch (...) {  // vector allocation at start-up only
        return errc::self_test_failed;
    }
    return {};
}

}  // namespace ravelin::dp::crypto
