// Published vectors for the ESP transforms, run through the same IPsec-MB job
// fields the ESP engine uses, once per supported architecture:
//   AES-CBC        RFC 3602 §4 cases 1-4
//   HMAC-SHA1/2    RFC 2202 §3 and RFC 4231 §4.2 test case 1, truncated as in
//                  RFC 2404 and RFC 4868 §2.3 (96/128/192/256 bits)
//   AES-GCM        GCM specification (McGrew & Viega) test cases 3 (AES-128)
//                  and 16 (AES-256, with AAD), the cipher of RFC 4106
//   ChaCha20-Poly1305  RFC 8439 §2.8.2, the AEAD of RFC 7634
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "dataplane/crypto/keys.hpp"
#include "dataplane/crypto/mb_manager.hpp"

namespace ravelin::dp::crypto {
namespace {

using bytes = std::vector<std::uint8_t>;

bytes hex(const std::string& s) {
    bytes out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
    return out;
}

IMB_JOB blank() {
    IMB_JOB job;
    std::memset(&job, 0, sizeof job);
    return job;
}

class transform_vectors : public ::testing::TestWithParam<arch> {
protected:
    void SetUp() override {
        if (!arch_supported(GetParam())) GTEST_SKIP() << "CPU lacks " << arch_name(GetParam());
        auto m = mb_manager::create(GetParam());
        ASSERT_TRUE(m.has_value());
        mgr = std::make_unique<mb_manager>(std::move(m).value());
    }
    std::unique_ptr<mb_manager> mgr;
};

struct cbc_vector {
    const char *key, *iv, *pt, *ct;
};

TEST_P(transform_vectors, aes_cbc_rfc3602) {
    const cbc_vector vectors[] = {
        {"06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", "53696e676c6520626c6f636b206d7367",
         "e353779c1079aeb82708942dbe77181a"},
        {"c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
         "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"},
        {"6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
         "5468697320697320612034382d62797465206d657373616765202865786163746c7920332041455320626c6f636b7329",
         "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684"},
        {"56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9",
         "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
         "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55"},
    };
    for (const cbc_vector& v : vectors) {
        const bytes key = hex(v.key), iv = hex(v.iv), ct = hex(v.ct);
        bytes buf = hex(v.pt);
        aes_key_schedule keys;
        ASSERT_TRUE(expand_aes_key(mgr->raw(), key, keys));
        for (IMB_CIPHER_DIRECTION dir : {IMB_DIR_ENCRYPT, IMB_DIR_DECRYPT}) {
            IMB_JOB job = blank();
            job.cipher_mode = IMB_CIPHER_CBC;
            job.hash_alg = IMB_AUTH_NULL;
            job.cipher_direction = dir;
            job.chain_order = dir == IMB_DIR_ENCRYPT ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
            job.enc_keys = keys.enc;
            job.dec_keys = keys.dec;
            job.key_len_in_bytes = key.size();
            job.src = job.dst = buf.data();
            job.msg_len_to_cipher_in_bytes = buf.size();
            job.iv = iv.data();
            job.iv_len_in_bytes = 16;
            ASSERT_EQ(run_one_job(mgr->raw(), job), IMB_STATUS_COMPLETED);
            EXPECT_EQ(buf, dir == IMB_DIR_ENCRYPT ? ct : hex(v.pt)) << v.key;
        }
    }
}

TEST_P(transform_vectors, hmac_rfc4231_truncated_rfc4868) {
    const bytes key(20, 0x0b);
    const std::string data = "Hi There";
    const struct {
        hmac_hash h;
        std::size_t icv;
        const char* full;
    } vectors[] = {
        {hmac_hash::sha1, 12, "b617318655057264e28bc0b6fb378c8ef146be00"},
        {hmac_hash::sha256, 16, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {hmac_hash::sha384, 24, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
        {hmac_hash::sha512, 32, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
    };
    for (const auto& v : vectors) {
        hmac_key keys;
        ASSERT_TRUE(precompute_hmac(mgr->raw(), v.h, key, keys));
        bytes tag(v.icv);
        IMB_JOB job = blank();
        job.cipher_mode = IMB_CIPHER_NULL;
        job.cipher_direction = IMB_DIR_ENCRYPT;
        job.chain_order = IMB_ORDER_HASH_CIPHER;
        job.hash_alg = hmac_imb_alg(v.h);
        job.src = reinterpret_cast<const std::uint8_t*>(data.data());
        job.msg_len_to_hash_in_bytes = data.size();
        job.u.HMAC._hashed_auth_key_xor_ipad = keys.ipad;
        job.u.HMAC._hashed_auth_key_xor_opad = keys.opad;
        job.auth_tag_output = tag.data();
        job.auth_tag_output_len_in_bytes = v.icv;
        ASSERT_EQ(run_one_job(mgr->raw(), job), IMB_STATUS_COMPLETED);
        const bytes full = hex(v.full);
        EXPECT_EQ(tag, bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(v.icv))) << static_cast<int>(v.h);
    }
}

struct aead_vector {
    IMB_CIPHER_MODE mode;
    std::string key, nonce, aad, pt, ct, tag;
};

TEST_P(transform_vectors, aes_gcm_and_chacha20_poly1305) {
    std::string chacha_pt = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
    std::string chacha_hex;
    for (char c : chacha_pt) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", static_cast<unsigned char>(c));
        chacha_hex += b;
    }
    const std::string gcm_pt = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    const aead_vector vectors[] = {
        {IMB_CIPHER_GCM, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "", gcm_pt + "1aafd255",
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
         "4d5c2af327cd64a62cf35abd2ba6fab4"},
        {IMB_CIPHER_GCM, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2", gcm_pt,
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
         "76fc6ece0f4e1768cddf8853bb2d551b"},
        {IMB_CIPHER_CHACHA20_POLY1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
         "50515253c0c1c2c3c4c5c6c7", chacha_hex,
         "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
         "1ae10b594f09e26a7e902ecbd0600691"},
    };
    for (const aead_vector& v : vectors) {
        const bytes key = hex(v.key), nonce = hex(v.nonce), aad = hex(v.aad), ct = hex(v.ct), tag = hex(v.tag);
        alignas(64) static gcm_key_data gcm;
        if (v.mode == IMB_CIPHER_GCM) {
            ASSERT_TRUE(expand_gcm_key(mgr->raw(), key, gcm));
        }
        bytes buf = hex(v.pt);
        bytes out_tag(16);
        IMB_JOB job = blank();
        job.cipher_mode = v.mode;
        job.hash_alg = v.mode == IMB_CIPHER_GCM ? IMB_AUTH_AES_GMAC : IMB_AUTH_CHACHA20_POLY1305;
        job.cipher_direction = IMB_DIR_ENCRYPT;
        job.chain_order = IMB_ORDER_CIPHER_HASH;
        job.enc_keys = job.dec_keys = v.mode == IMB_CIPHER_GCM ? static_cast<const void*>(&gcm) : key.data();
        job.key_len_in_bytes = key.size();
        job.src = job.dst = buf.data();
        job.msg_len_to_cipher_in_bytes = job.msg_len_to_hash_in_bytes = buf.size();
        job.iv = nonce.data();
        job.iv_len_in_bytes = 12;
        if (v.mode == IMB_CIPHER_GCM) {
            job.u.GCM.aad = aad.data();
            job.u.GCM.aad_len_in_bytes = aad.size();
        } else {
            job.u.CHACHA20_POLY1305.aad = aad.data();
            job.u.CHACHA20_POLY1305.aad_len_in_bytes = aad.size();
        }
        job.auth_tag_output = out_tag.data();
        job.auth_tag_output_len_in_bytes = 16;
        ASSERT_EQ(run_one_job(mgr->raw(), job), IMB_STATUS_COMPLETED);
        EXPECT_EQ(buf, ct) << v.key;
        EXPECT_EQ(out_tag, tag) << v.key;
        job.cipher_direction = IMB_DIR_DECRYPT;
        job.chain_order = IMB_ORDER_HASH_CIPHER;
        std::fill(out_tag.begin(), out_tag.end(), 0);
        ASSERT_EQ(run_one_job(mgr->raw(), job), IMB_STATUS_COMPLETED);
        EXPECT_EQ(buf, hex(v.pt));
        EXPECT_EQ(out_tag, tag);
    }
}

INSTANTIATE_TEST_SUITE_P(arches, transform_vectors, ::testing::Values(arch::sse, arch::avx2, arch::avx512),
                         [](const auto& p) { return std::string(arch_name(p.param)); });

}  // namespace
}  // namespace ravelin::dp::crypto
