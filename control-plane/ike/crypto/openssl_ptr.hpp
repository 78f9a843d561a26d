#pragma once
// Owning pointers for OpenSSL objects, so every exit path frees them.

#include <memory>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace ravelin::cp::ike::crypto::ossl {

template <typename T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};

template <typename T, void (*Free)(T*)>
using owned = std::unique_ptr<T, deleter<T, Free>>;

using pkey = owned<EVP_PKEY, EVP_PKEY_free>;
using pkey_ctx = owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using cipher_ctx = owned<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using cipher = owned<EVP_CIPHER, EVP_CIPHER_free>;
using mac = owned<EVP_MAC, EVP_MAC_free>;
using mac_ctx = owned<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using md_ctx = owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using bignum = owned<BIGNUM, BN_clear_free>;
using bn_ctx = owned<BN_CTX, BN_CTX_free>;
using x509 = owned<X509, X509_free>;
using x509_crl = owned<X509_CRL, X509_CRL_free>;
using x509_store = owned<X509_STORE, X509_STORE_free>;
using x509_store_ctx = owned<X509_STORE_CTX, X509_STORE_CTX_free>;
using x509_algor = owned<X509_ALGOR, X509_ALGOR_free>;
using x509_name = owned<X509_NAME, X509_NAME_free>;

}  // namespace ravelin::cp::ike::crypto::ossl
