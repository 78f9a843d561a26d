#include "control-plane/ike/crypto/certificate.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "common/log.hpp"
#include "control-plane/ike/crypto/error.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

using bio = ossl::owned<BIO, BIO_free_all>;

bool is_pem(bytes_view data) {
    static constexpr std::string_view marker = "-----BEGIN";
    const auto text = std::string_view(reinterpret_cast<const char*>(data.data()), data.size());
    return text.find(marker) != std::string_view::npos;
}

result<std::vector<std::uint8_t>> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::make_error_code(std::errc::no_such_file_or_directory);
    return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bio memory_bio(bytes_view data) { return bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size()))); }

// d2i functions want a moving pointer and must consume exactly the input.
template <typename T, T* (*D2i)(T**, const unsigned char**, long)>
T* from_der(bytes_view data) {
    const unsigned char* p = data.data();
    T* object = D2i(nullptr, &p, static_cast<long>(data.size()));
    return object;
}

const char* verify_reason(X509_STORE_CTX* ctx) {
    return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
}

// Without a CRL for some CA, go on (strongSwan's default); a revoked
// certificate, a bad signature or an expired one still fail.
int soft_crl_callback(int ok, X509_STORE_CTX* ctx) {
    if (ok == 0 && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_UNABLE_TO_GET_CRL) return 1;
    return ok;
}

}  // namespace

result<certificate> certificate::load(bytes_view data) {
    X509* cert = nullptr;
    if (is_pem(data)) {
        const bio in = memory_bio(data);
        cert = PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr);
    } else {
        cert = from_der<X509, d2i_X509>(data);
    }
    if (cert == nullptr) {
        openssl_error("load certificate");
        return errc::invalid_certificate;
    }
    return certificate(ossl::x509(cert));
}

certificate::certificate(const certificate& other) {
    if (other._cert && X509_up_ref(other._cert.get()) == 1) _cert.reset(other._cert.get());
}

certificate& certificate::operator=(const certificate& other) {
    if (this != &other) *this = certificate(other);
    return *this;
}

result<certificate> certificate::load_file(const std::string& path) {
    RAVELIN_TRY(const auto data, read_file(path));
    return load(data);
}

std::vector<std::uint8_t> certificate::der() const {
    unsigned char* out = nullptr;
    const int length = i2d_X509(_cert.get(), &out);
    if (length <= 0) return {};
    std::vector<std::uint8_t> der(out, out + length);
    OPENSSL_free(out);
    return der;
}

std::string certificate::subject() const {
    const bio out(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(out.get(), X509_get_subject_name(_cert.get()), 0, XN_FLAG_RFC2253);
    char* text = nullptr;
    const long length = BIO_get_mem_data(out.get(), &text);
    return std::string(text, static_cast<std::size_t>(length));
}

result<private_key> private_key::load(bytes_view data) {
    EVP_PKEY* key = nullptr;
    if (is_pem(data)) {
        const bio in = memory_bio(data);
        key = PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr);
    } else {
        const unsigned char* p = data.data();
        key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(data.size()));
    }
    if (key == nullptr) {
        openssl_error("load private key");
        return errc::invalid_private_key;
    }
    return private_key(ossl::pkey(key));
}

result<private_key> private_key::load_file(const std::string& path) {
    RAVELIN_TRY(auto data, read_file(path));
    auto key = load(data);
    std::fill(data.begin(), data.end(), std::uint8_t{0});
    return key;
}

result<crl> crl::load(bytes_view data) {
    X509_CRL* list = nullptr;
    if (is_pem(data)) {
        const bio in = memory_bio(data);
        list = PEM_read_bio_X509_CRL(in.get(), nullptr, nullptr, nullptr);
    } else {
        list = from_der<X509_CRL, d2i_X509_CRL>(data);
    }
    if (list == nullptr) {
        openssl_error("load CRL");
        return errc::invalid_certificate;
    }
    return crl(ossl::x509_crl(list));
}

result<crl> crl::load_file(const std::string& path) {
    RAVELIN_TRY(const auto data, read_file(path));
    return load(data);
}

trust_store::trust_store() : _store(X509_STORE_new()) {}

result<void> trust_store::add_ca(const certificate& ca) {
    if (!_store || X509_STORE_add_cert(_store.get(), ca.native()) != 1) return openssl_error("X509_STORE_add_cert");
    return {};
}

result<void> trust_store::add_crl(const crl& list) {
    if (!_store || X509_STORE_add_crl(_store.get(), list.native()) != 1) return openssl_error("X509_STORE_add_crl");
    _has_crls = true;
    return {};
}

result<void> trust_store::verify(const certificate& end_entity, std::span<const certificate> intermediates,
                                 std::optional<std::time_t> at) const {
    // sk_X509_free is a macro, so the stack gets its own deleter (it does not own the certificates).
    struct stack_deleter {
        void operator()(STACK_OF(X509) * stack) const noexcept { sk_X509_free(stack); }
    };
    using chain = std::unique_ptr<STACK_OF(X509), stack_deleter>;
    const chain untrusted(sk_X509_new_null());
    for (const auto& c : intermediates) {
        if (!untrusted || sk_X509_push(untrusted.get(), c.native()) == 0) return openssl_error("sk_X509_push");
    }
    const ossl::x509_store_ctx ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), _store.get(), end_entity.native(), untrusted.get()) != 1) {
        return openssl_error("X509_STORE_CTX_init");
    }
    if (_has_crls) {
        X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
        X509_STORE_CTX_set_verify_cb(ctx.get(), soft_crl_callback);
    }
    if (at) X509_STORE_CTX_set_time(ctx.get(), 0, *at);
    if (X509_verify_cert(ctx.get()) == 1) return {};
    common::log::get(common::log::subsystem::crypto)
        .info("certificate '{}' not trusted: {}", end_entity.subject(), verify_reason(ctx.get()));
    if (X509_STORE_CTX_get_error(ctx.get()) == X509_V_ERR_CERT_REVOKED) return errc::certificate_revoked;
    return errc::certificate_untrusted;
}

result<void> check_identity(const certificate& cert, identity_type type, bytes_view id_data) {
    const auto* chars = reinterpret_cast<const char*>(id_data.data());
    int match = 0;
    switch (type) {
        case identity_type::ipv4_addr:
            if (id_data.size() != 4) return errc::id_mismatch;
            match = X509_check_ip(cert.native(), id_data.data(), id_data.size(), 0);
            break;
        case identity_type::ipv6_addr:
            if (id_data.size() != 16) return errc::id_mismatch;
            match = X509_check_ip(cert.native(), id_data.data(), id_data.size(), 0);
            break;
        case identity_type::fqdn:
            // subjectAltName dNSName only, never the subject CN (RFC 4945 §3.1.2).
            match = X509_check_host(cert.native(), chars, id_data.size(), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT |
                                    X509_CHECK_FLAG_NO_WILDCARDS, nullptr);
            break;
        case identity_type::rfc822_addr:
            match = X509_check_email(cert.native(), chars, id_data.size(), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
            break;
        case identity_type::der_asn1_dn: {
            const ossl::x509_name name(from_der<X509_NAME, d2i_X509_NAME>(id_data));
            match = name && X509_NAME_cmp(name.get(), X509_get_subject_name(cert.native())) == 0 ? 1 : 0;
            break;
        }
        default: return errc::id_mismatch;
    }
    return match == 1 ? result<void>{} : result<void>{errc::id_mismatch};
}

}  // namespace ravelin::cp::ike::crypto
