#include "control-plane/ike/crypto/signature_encoding.hpp"

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using bytes = std::vector<std::uint8_t>;

// Short-form DER lengths suffice: every AlgorithmIdentifier here is < 128 bytes.
bytes tlv(std::uint8_t tag, const bytes& content) {
    bytes out{tag, static_cast<std::uint8_t>(content.size())};
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

bytes join(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

const bytes null_params{0x05, 0x00};
const bytes oid_rsa_pss{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
const bytes oid_mgf1{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};

// 1.2.840.113549.1.1.{5,11,12,13}: sha1/256/384/512WithRSAEncryption.
bytes oid_rsa_pkcs1(std::uint8_t last) { return {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last}; }
// 1.2.840.10045.4.1 (ecdsa-with-SHA1), 1.2.840.10045.4.3.{2,3,4}.
bytes oid_ecdsa(hash_algorithm hash) {
    if (hash == hash_algorithm::sha1) return {0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01};
    return {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, static_cast<std::uint8_t>(static_cast<int>(hash))};
}
// 2.16.840.1.101.3.4.2.{1,2,3}: sha256/384/512.
bytes oid_sha2(hash_algorithm hash) {
    return {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, static_cast<std::uint8_t>(static_cast<int>(hash) - 1)};
}

// RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 with the same hash, salt = hash length.
result<bytes> pss_identifier(hash_algorithm hash) {
    if (hash != hash_algorithm::sha2_256 && hash != hash_algorithm::sha2_384 && hash != hash_algorithm::sha2_512) {
        return errc::unsupported_auth_method;
    }
    const bytes hash_id = tlv(0x30, join({oid_sha2(hash), null_params}));
    const bytes salt{0x02, 0x01, static_cast<std::uint8_t>(digest_size(hash))};
    const bytes params = tlv(0x30, join({tlv(0xa0, hash_id), tlv(0xa1, tlv(0x30, join({oid_mgf1, hash_id}))), tlv(0xa2, salt)}));
    return tlv(0x30, join({oid_rsa_pss, params}));
}

hash_algorithm hash_of_nid(int nid) {
    switch (nid) {
        case NID_sha1: return hash_algorithm::sha1;
        case NID_sha256: return hash_algorithm::sha2_256;
        case NID_sha384: return hash_algorithm::sha2_384;
        case NID_sha512: return hash_algorithm::sha2_512;
        default: return hash_algorithm::identity;  // "not one we accept"
    }
}

result<signature_scheme> parse_pss(const X509_ALGOR* algorithm) {
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(nullptr, &type, &value, algorithm);
    if (type != V_ASN1_SEQUENCE) return errc::invalid_signature_encoding;
    const auto* sequence = static_cast<const ASN1_STRING*>(value);
    const unsigned char* p = ASN1_STRING_get0_data(sequence);
    ossl::owned<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free> params(d2i_RSA_PSS_PARAMS(nullptr, &p, ASN1_STRING_length(sequence)));
    if (!params || params->hashAlgorithm == nullptr || params->maskGenAlgorithm == nullptr ||
        params->saltLength == nullptr) {
        return errc::invalid_signature_encoding;  // the SHA-1 defaults are not accepted
    }
    const hash_algorithm hash = hash_of_nid(OBJ_obj2nid(params->hashAlgorithm->algorithm));
    // MGF1's parameter is itself an AlgorithmIdentifier naming the hash.
    if (OBJ_obj2nid(params->maskGenAlgorithm->algorithm) != NID_mgf1 ||
        params->maskGenAlgorithm->parameter == nullptr ||
        params->maskGenAlgorithm->parameter->type != V_ASN1_SEQUENCE) {
        return errc::invalid_signature_encoding;
    }
    const ASN1_STRING* mgf_seq = params->maskGenAlgorithm->parameter->value.sequence;
    const unsigned char* q = ASN1_STRING_get0_data(mgf_seq);
    const ossl::x509_algor mgf_hash(d2i_X509_ALGOR(nullptr, &q, ASN1_STRING_length(mgf_seq)));
    if (!mgf_hash || hash_of_nid(OBJ_obj2nid(mgf_hash->algorithm)) != hash) return errc::unsupported_auth_method;
    if (hash == hash_algorithm::identity || hash == hash_algorithm::sha1) return errc::unsupported_auth_method;
    if (ASN1_INTEGER_get(params->saltLength) != static_cast<long>(digest_size(hash))) return errc::unsupported_auth_method;
    return signature_scheme{signature_algorithm::rsa_pss, hash};
}

}  // namespace

const char* digest_name(hash_algorithm hash) noexcept {
    switch (hash) {
        case hash_algorithm::sha1: return "SHA1";
        case hash_algorithm::sha2_256: return "SHA256";
        case hash_algorithm::sha2_384: return "SHA384";
        case hash_algorithm::sha2_512: return "SHA512";
        case hash_algorithm::identity: break;
    }
    return nullptr;
}

std::size_t digest_size(hash_algorithm hash) noexcept {
    switch (hash) {
        case hash_algorithm::sha1: return 20;
        case hash_algorithm::sha2_256: return 32;
        case hash_algorithm::sha2_384: return 48;
        case hash_algorithm::sha2_512: return 64;
        case hash_algorithm::identity: break;
    }
    return 0;
}

result<std::vector<std::uint8_t>> encode_algorithm_identifier(const signature_scheme& scheme) {
    switch (scheme.algorithm) {
        case signature_algorithm::rsa_pkcs1:
            switch (scheme.hash) {
                case hash_algorithm::sha1: return tlv(0x30, join({oid_rsa_pkcs1(0x05), null_params}));
                case hash_algorithm::sha2_256: return tlv(0x30, join({oid_rsa_pkcs1(0x0b), null_params}));
                case hash_algorithm::sha2_384: return tlv(0x30, join({oid_rsa_pkcs1(0x0c), null_params}));
                case hash_algorithm::sha2_512: return tlv(0x30, join({oid_rsa_pkcs1(0x0d), null_params}));
                case hash_algorithm::identity: break;
            }
            return errc::unsupported_auth_method;
        case signature_algorithm::rsa_pss: return pss_identifier(scheme.hash);
        case signature_algorithm::ecdsa:
            if (scheme.hash == hash_algorithm::identity) return errc::unsupported_auth_method;
            return tlv(0x30, oid_ecdsa(scheme.hash));  // RFC 5758 §3.2: parameters absent
        case signature_algorithm::ed25519:
            if (scheme.hash != hash_algorithm::identity) return errc::unsupported_auth_method;
            return bytes{0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70};  // id-Ed25519 (RFC 8410 §3)
    }
    return errc::unsupported_auth_method;
}

result<signature_scheme> parse_algorithm_identifier(bytes_view der) {
    const unsigned char* p = der.data();
    const ossl::x509_algor algorithm(d2i_X509_ALGOR(nullptr, &p, static_cast<long>(der.size())));
    if (!algorithm || p != der.data() + der.size()) return errc::invalid_signature_encoding;
    using enum signature_algorithm;
    switch (OBJ_obj2nid(algorithm->algorithm)) {
        case NID_sha1WithRSAEncryption: return signature_scheme{rsa_pkcs1, hash_algorithm::sha1};
        case NID_sha256WithRSAEncryption: return signature_scheme{rsa_pkcs1, hash_algorithm::sha2_256};
        case NID_sha384WithRSAEncryption: return signature_scheme{rsa_pkcs1, hash_algorithm::sha2_384};
        case NID_sha512WithRSAEncryption: return signature_scheme{rsa_pkcs1, hash_algorithm::sha2_512};
        case NID_ecdsa_with_SHA1: return signature_scheme{ecdsa, hash_algorithm::sha1};
        case NID_ecdsa_with_SHA256: return signature_scheme{ecdsa, hash_algorithm::sha2_256};
        case NID_ecdsa_with_SHA384: return signature_scheme{ecdsa, hash_algorithm::sha2_384};
        case NID_ecdsa_with_SHA512: return signature_scheme{ecdsa, hash_algorithm::sha2_512};
        case NID_ED25519: return signature_scheme{ed25519, hash_algorithm::identity};
        case NID_rsassaPss: return parse_pss(algorithm.get());
        default: return errc::unsupported_auth_method;
    }
}

result<std::vector<std::uint8_t>> ecdsa_der_to_raw(bytes_view der, std::size_t field_size) {
    const unsigned char* p = der.data();
    const ossl::owned<ECDSA_SIG, ECDSA_SIG_free> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig) return errc::invalid_signature_encoding;
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    bytes raw(2 * field_size);
    const int width = static_cast<int>(field_size);
    if (BN_bn2binpad(r, raw.data(), width) < 0 || BN_bn2binpad(s, raw.data() + field_size, width) < 0) {
        return errc::invalid_signature_encoding;
    }
    return raw;
}

result<std::vector<std::uint8_t>> ecdsa_raw_to_der(bytes_view raw) {
    if (raw.empty() || raw.size() % 2 != 0) return errc::invalid_signature_encoding;
    const int half = static_cast<int>(raw.size() / 2);
    ossl::owned<ECDSA_SIG, ECDSA_SIG_free> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + half, half, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return openssl_error("ECDSA_SIG_set0");
    }
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) return openssl_error("i2d_ECDSA_SIG");
    bytes out(der, der + length);
    OPENSSL_free(der);
    return out;
}

}  // namespace ravelin::cp::ike::crypto
