#pragma once
// SK/SKF decryption for ravelin-dissect, given the IKE SA keys (for example from
// strongSwan's key log, `ike = 4`). One IKE SA per line of the key file:
//
//   # SPIi            SPIr             proposal      SK_ei      SK_er      [SK_ai SK_ar]
//   8d12e5009169cf9e c95c5ec549dc458b aes256gcm16   ecba...    ba81...
//   1122334455667788 99aabbccddeeff00 aes128-sha256 ...        ...        ...   ...
//
// The proposal names the IKE SA's encryption and integrity in strongSwan keywords;
// AEAD keys include their salt, as charon logs them. Fragments (RFC 7383) are
// decrypted one by one and the inner payloads shown once all have arrived.

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "control-plane/dissect/render.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"

namespace ravelin::cp::dissect {

struct ike_sa_ciphers {
    ike::crypto::sk_cipher from_initiator;  // SK_ei / SK_ai
    ike::crypto::sk_cipher from_responder;  // SK_er / SK_ar
};

class key_table {
public:
    // Reads every line; a bad line is reported ("line 3: ...") and the table stays empty.
    static key_table load(std::istream& in, std::string& error);

    [[nodiscard]] const ike_sa_ciphers* find(std::uint64_t spi_i, std::uint64_t spi_r) const;
    [[nodiscard]] std::size_t size() const noexcept { return _entries.size(); }

private:
    std::map<std::pair<std::uint64_t, std::uint64_t>, ike_sa_ciphers> _entries;
};

class sk_decryptor {
public:
    explicit sk_decryptor(const key_table& keys) : _keys(&keys) {}

    // {"payloads": [...]} or {"error": ...}; for fragments also their progress.
    // nullopt when no keys are known for the message's SPIs.
    std::optional<nlohmann::json> operator()(const ike::message& m, common::bytes_view wire);

private:
    using fragment_key = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t, bool>;
    struct fragment_set {
        ike::payload_type first_inner = ike::payload_type::none;
        std::map<std::uint16_t, std::vector<std::uint8_t>> plaintexts;
    };

    nlohmann::json on_fragment(const ike::message& m, const ike::skf_payload& fragment,
                               std::vector<std::uint8_t> plaintext);

    const key_table* _keys;
    std::map<fragment_key, fragment_set> _fragments;
};

// The inner payload chain as dissector JSON, or its parse error.
nlohmann::json render_inner(ike::payload_type first, common::bytes_view plaintext);

}  // namespace ravelin::cp::dissect
