#include "control-plane/ike/engine/tasks/cert_auth.hpp"

#include <algorithm>
#include <array>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "common/log.hpp"
#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/certificate.hpp"
#include "control-plane/ike/engine/identity.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

constexpr std::array<hash_algorithm, 3> hashes{hash_algorithm::sha2_256, hash_algorithm::sha2_384,
                                               hash_algorithm::sha2_512};

// The hash that suits the key (RFC 7427 §3; strongSwan's choice for ECDSA
// curves), and the classic method for the same key (RFC 7296 §3.8, RFC 4754).
struct key_profile {
    hash_algorithm hash = hash_algorithm::sha2_256;
    auth_method classic = auth_method::rsa_signature;
    bool rsa = false;
};

key_profile profile_of(EVP_PKEY* key) {
    if (EVP_PKEY_is_a(key, "RSA")) return {hash_algorithm::sha2_256, auth_method::rsa_signature, true};
    switch (EVP_PKEY_get_bits(key)) {
        case 384: return {hash_algorithm::sha2_384, auth_method::ecdsa_sha384_p384, false};
        case 521: return {hash_algorithm::sha2_512, auth_method::ecdsa_sha512_p521, false};
        default: return {hash_algorithm::sha2_256, auth_method::ecdsa_sha256_p256, false};
    }
}

std::vector<crypto::certificate> peer_certificates(const std::vector<payload>& message) {
    std::vector<crypto::certificate> out;
    for (const auto& p : message) {
        const auto* c = std::get_if<cert_payload>(&p.body);
        if (!c || c->encoding != cert_encoding::x509_signature) continue;
        if (auto cert = crypto::certificate::load(c->data)) out.push_back(std::move(cert).value());
    }
    return out;
}

bool trusted(const ike_sa& sa, const std::vector<crypto::certificate>& chain) {
    crypto::trust_store store;
    for (const auto& path : sa.connection.remote.cacerts) {
        auto ca = crypto::certificate::load_file(path);
        if (!ca || !store.add_ca(*ca)) {
            logger().warn("{} cannot load CA certificate {}", sa.describe(), path);
            return false;
        }
    }
    const auto verified = store.verify(chain.front(), std::span(chain).subspan(1));
    if (!verified) logger().info("{} peer certificate {} not trusted", sa.describe(), chain.front().subject());
    return verified.has_value();
}

}  // namespace

std::span<const hash_algorithm> accepted_signature_hashes() noexcept { return hashes; }

common::result<std::vector<payload>> local_cert_payloads(const config::connection_config& conn) {
    std::vector<payload> out;
    for (const auto& path : conn.local.certs) {
        RAVELIN_TRY(const auto cert, crypto::certificate::load_file(path));
        out.push_back(payload_of(payload_type::cert, cert_payload{cert_encoding::x509_signature, cert.der()}));
    }
    return out;
}

std::optional<payload> certreq_for(const config::connection_config& conn) {
    if (conn.remote.auth != config::auth_class::pubkey) return std::nullopt;
    certreq_payload req{cert_encoding::x509_signature, {}};
    for (const auto& path : conn.remote.cacerts) {
        const auto ca = crypto::certificate::load_file(path);
        if (!ca) continue;
        unsigned char* der = nullptr;
        const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(ca->native()), &der);
        if (size <= 0) continue;
        std::array<std::uint8_t, SHA_DIGEST_LENGTH> digest{};
        SHA1(der, static_cast<std::size_t>(size), digest.data());
        OPENSSL_free(der);
        req.authorities.insert(req.authorities.end(), digest.begin(), digest.end());
    }
    return payload_of(payload_type::certreq, std::move(req));
}

common::result<auth_payload> sign_octets(const ike_sa& sa, common::bytes_view octets) {
    RAVELIN_TRY(const auto key, crypto::private_key::load_file(sa.connection.local.key));
    const auto profile = profile_of(key.native());
    crypto::signing_options options;
    const bool peer_has_hash = std::find(sa.peer_signature_hashes.begin(), sa.peer_signature_hashes.end(),
                                         profile.hash) != sa.peer_signature_hashes.end();
    if (peer_has_hash) {
        // RFC 7427 §3: Digital Signature; RSA goes with PSS (RFC 8247 §3.2 prefers it).
        options.method = auth_method::digital_signature;
        options.hash = profile.hash;
        options.padding = profile.rsa ? crypto::rsa_padding::pss : crypto::rsa_padding::pkcs1_v15;
    } else {
        options.method = profile.classic;
    }
    RAVELIN_TRY(auto data, crypto::sign_auth(key, octets, options));
    return auth_payload{options.method, std::move(data)};
}

bool verify_signature(const ike_sa& sa, const id_payload& peer, const auth_payload& auth,
                      const std::vector<payload>& message, common::bytes_view octets) {
    const auto chain = peer_certificates(message);
    if (chain.empty()) {
        logger().info("{} peer sent no certificate", sa.describe());
        return false;
    }
    if (!trusted(sa, chain)) return false;
    if (!crypto::check_identity(chain.front(), static_cast<crypto::identity_type>(peer.type), peer.data)) {
        logger().info("{} identity {} is not in certificate {}", sa.describe(), identity_to_string(peer),
                      chain.front().subject());
        return false;
    }
    const auto verified = crypto::verify_auth(auth.method, chain.front().public_key(), octets, auth.data, hashes);
    if (!verified) logger().info("{} signature check failed: {}", sa.describe(), verified.error().message());
    return verified.has_value();
}

}  // namespace ravelin::cp::ike
