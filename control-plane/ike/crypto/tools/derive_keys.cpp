// ravelin-ike-derive-keys: Ravelin's IKEv2 key derivation from inputs given as
// hex, for cross-checks against another implementation's key log (strongSwan's
// charon at ike/chd level 4). It PRINTS KEY MATERIAL and exists for tests only.
//
//   ravelin-ike-derive-keys --ike-proposal aes128-sha256-modp2048 --esp-proposal aes128-sha256
//       --ni HEX --nr HEX --spi-i HEX --spi-r HEX --dh HEX
//       [--child-ni HEX --child-nr HEX [--child-dh HEX]]   a CREATE_CHILD_SA's KEYMAT (§2.17)
//       [--rekey-ni HEX --rekey-nr HEX --rekey-spi-i HEX --rekey-spi-r HEX --rekey-dh HEX]
//                                                          a rekeyed IKE SA (§2.18)
//       [--decrypt-i HEX] [--decrypt-r HEX]                IKE messages to open with SK_ei / SK_er
//
//   ravelin-ike-derive-keys --peer-auth HEX --peer-cert HEX --peer-id HEX --octets HEX
//       --ca PEM --intermediate PEM
//       Checks a peer's certificate authentication as the engine will: chain to the CA,
//       identity in the certificate, AUTH payload over the signed octets (§2.15).
//       Payload bodies are given without their generic headers.
//
// Output: NAME=HEX lines (skeyseed, sk_d, ..., child_encr_i, ..., rekey_sk_d, ...).
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "control-plane/ike/crypto/auth.hpp"
#include "control-plane/ike/crypto/certificate.hpp"
#include "control-plane/ike/crypto/error.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/crypto/proposal.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"

namespace {

using namespace ravelin::cp::ike;
using namespace ravelin::cp::ike::crypto;
using bytes = std::vector<std::uint8_t>;

bytes unhex(const std::string& text) {
    bytes out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(text.substr(i, 2), nullptr, 16)));
    }
    return out;
}

std::uint64_t be64(const bytes& b) {
    std::uint64_t v = 0;
    for (const auto x : b) v = v << 8 | x;
    return v;
}

void print(const char* name, std::span<const std::uint8_t> value) {
    std::printf("%s=", name);
    for (const auto b : value) std::printf("%02x", b);
    std::printf("\n");
}

struct args {
    std::map<std::string, std::string> values;
    [[nodiscard]] bool has(const std::string& k) const { return values.count(k) != 0; }
    [[nodiscard]] bytes hex(const std::string& k) const { return unhex(values.at(k)); }
};

void print_ike_keys(const char* prefix, const ike_sa_keys& keys, const secret_bytes& skeyseed) {
    const std::string p(prefix);
    print((p + "skeyseed").c_str(), skeyseed.expose());
    print((p + "sk_d").c_str(), keys.sk_d.expose());
    print((p + "sk_ai").c_str(), keys.sk_ai.expose());
    print((p + "sk_ar").c_str(), keys.sk_ar.expose());
    print((p + "sk_ei").c_str(), keys.sk_ei.expose());
    print((p + "sk_er").c_str(), keys.sk_er.expose());
    print((p + "sk_pi").c_str(), keys.sk_pi.expose());
    print((p + "sk_pr").c_str(), keys.sk_pr.expose());
}

int fail(const char* what, std::error_code error) {
    std::fprintf(stderr, "%s: %s\n", what, error.message().c_str());
    return 1;
}

int child_keys(const args& a, const proposal& ike, const ike_sa_keys& keys) {
    auto esp = parse_proposal(a.values.at("esp-proposal"), protocol_id::esp);
    if (!esp.value) return fail(esp.message().c_str(), esp.value.error());
    const child_suite suite{esp.value->encryption.front(),
                            esp.value->integrity.empty() ? integrity_id::none : esp.value->integrity.front()};
    const bool later_child = a.has("child-ni");
    std::optional<secret_bytes> pfs;
    if (a.has("child-dh")) pfs.emplace(a.hex("child-dh"));
    const auto child = derive_child_sa_keys(ike.prfs.front(), suite, keys.sk_d, pfs ? &*pfs : nullptr,
                                            a.hex(later_child ? "child-ni" : "ni"), a.hex(later_child ? "child-nr" : "nr"));
    if (!child) return fail("child keys", child.error());
    print("child_encr_i", child->encryption_i.expose());
    print("child_integ_i", child->integrity_i.expose());
    print("child_encr_r", child->encryption_r.expose());
    print("child_integ_r", child->integrity_r.expose());
    return 0;
}

int decrypt(const char* name, const bytes& message, const ike_suite& suite, const secret_bytes& sk_e,
            const secret_bytes& sk_a) {
    auto cipher = sk_cipher::create(suite.encryption, suite.integrity, sk_e, sk_a);
    if (!cipher) return fail("sk_cipher", cipher.error());
    // IKE header + SK payload header, or + SKF header (RFC 7383 §2.5: fragment
    // number and total count are authenticated too).
    constexpr std::uint8_t skf_payload = 53;
    const std::size_t header = 28 + (message.size() > 16 && message[16] == skf_payload ? 8 : 4);
    if (message.size() < header) return fail(name, crypto::make_error_code(crypto::errc::invalid_sk_length));
    const auto plain = cipher->decrypt(std::span(message).first(header), std::span(message).subspan(header));
    if (!plain) return fail(name, plain.error());
    print(name, *plain);
    return 0;
}

int rekeyed_ike_sa(const args& a, const ike_suite& suite, const ike_sa_keys& old_keys) {
    const secret_bytes dh(a.hex("rekey-dh"));
    const auto skeyseed = derive_rekey_skeyseed(suite.prf, old_keys.sk_d, dh, a.hex("rekey-ni"), a.hex("rekey-nr"));
    if (!skeyseed) return fail("rekey SKEYSEED", skeyseed.error());
    const auto keys = derive_ike_sa_keys(suite, *skeyseed, a.hex("rekey-ni"), a.hex("rekey-nr"),
                                         be64(a.hex("rekey-spi-i")), be64(a.hex("rekey-spi-r")));
    if (!keys) return fail("rekeyed IKE SA keys", keys.error());
    print_ike_keys("rekey_", *keys, *skeyseed);
    return 0;
}

// RFC 7296 §3.8 AUTH: method | reserved(3) | data; §3.6 CERT: encoding | data;
// §3.5 ID: type | reserved(3) | data.
int verify_peer(const args& a) {
    const bytes auth = a.hex("peer-auth"), cert_payload = a.hex("peer-cert"), id = a.hex("peer-id");
    if (auth.size() < 5 || cert_payload.size() < 2 || cert_payload[0] != 4 || id.size() < 5) {
        return fail("peer payloads", crypto::make_error_code(crypto::errc::invalid_signature_encoding));
    }
    const auto cert = certificate::load(std::span(cert_payload).subspan(1));
    if (!cert) return fail("CERT payload", cert.error());
    trust_store store;
    const auto ca = certificate::load_file(a.values.at("ca"));
    const auto intermediate = certificate::load_file(a.values.at("intermediate"));
    if (!ca || !intermediate || !store.add_ca(*ca)) return fail("CA certificates", crypto::make_error_code(crypto::errc::invalid_certificate));
    if (const auto trusted = store.verify(*cert, std::span(&*intermediate, 1)); !trusted) {
        return fail("certificate chain", trusted.error());
    }
    const auto type = static_cast<identity_type>(id[0]);
    if (const auto matches = check_identity(*cert, type, std::span(id).subspan(4)); !matches) {
        return fail("identity", matches.error());
    }
    const auto method = static_cast<auth_method>(auth[0]);
    if (const auto ok = verify_auth(method, cert->public_key(), a.hex("octets"), std::span(auth).subspan(4)); !ok) {
        return fail("AUTH", ok.error());
    }
    std::printf("peer_auth=verified method %d, %s\n", auth[0], cert->subject().c_str());
    return 0;
}

int run(const args& a) {
    auto ike = parse_proposal(a.values.at("ike-proposal"), protocol_id::ike);
    if (!ike.value) return fail(ike.message().c_str(), ike.value.error());
    const proposal& p = *ike.value;
    const ike_suite suite{p.encryption.front(), p.integrity.empty() ? integrity_id::none : p.integrity.front(),
                          p.prfs.front(), p.ke_groups.front()};
    const secret_bytes dh(a.hex("dh"));
    const auto skeyseed = derive_skeyseed(suite.prf, a.hex("ni"), a.hex("nr"), dh);
    if (!skeyseed) return fail("SKEYSEED", skeyseed.error());
    const auto keys = derive_ike_sa_keys(suite, *skeyseed, a.hex("ni"), a.hex("nr"), be64(a.hex("spi-i")),
                                         be64(a.hex("spi-r")));
    if (!keys) return fail("IKE SA keys", keys.error());
    print_ike_keys("", *keys, *skeyseed);
    int status = a.has("esp-proposal") ? child_keys(a, p, *keys) : 0;
    if (a.has("decrypt-i")) status |= decrypt("decrypted_i", a.hex("decrypt-i"), suite, keys->sk_ei, keys->sk_ai);
    if (a.has("decrypt-r")) status |= decrypt("decrypted_r", a.hex("decrypt-r"), suite, keys->sk_er, keys->sk_ar);
    if (a.has("rekey-dh")) status |= rekeyed_ike_sa(a, suite, *keys);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string name(argv[i]);
        if (name.rfind("--", 0) != 0) return std::fprintf(stderr, "unexpected argument %s\n", argv[i]), 2;
        a.values[name.substr(2)] = argv[i + 1];
    }
    if (a.has("peer-auth")) {
        try {
            return verify_peer(a);
        } catch (const std::exception& e) {
            return std::fprintf(stderr, "%s\n", e.what()), 2;
        }
    }
    for (const char* required : {"ike-proposal", "ni", "nr", "spi-i", "spi-r", "dh"}) {
        if (!a.has(required)) return std::fprintf(stderr, "missing --%s\n", required), 2;
    }
    try {
        return run(a);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}
