#include "control-plane/ike/crypto/proposal.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "control-plane/ike/crypto/error.hpp"

namespace ravelin::cp::ike::crypto {
namespace {

// strongSwan's alternative spellings, mapped to the keyword our tables use.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> aliases{{
    {"aes", "aes128"}, {"sha", "sha1"},
    {"sha2_256", "sha256"}, {"sha2_384", "sha384"}, {"sha2_512", "sha512"},
    {"aes128gcm64", "aes128gcm8"}, {"aes128gcm96", "aes128gcm12"}, {"aes128gcm128", "aes128gcm16"},
    {"aes192gcm64", "aes192gcm8"}, {"aes192gcm96", "aes192gcm12"}, {"aes192gcm128", "aes192gcm16"},
    {"aes256gcm64", "aes256gcm8"}, {"aes256gcm96", "aes256gcm12"}, {"aes256gcm128", "aes256gcm16"},
    {"aes128gcm", "aes128gcm16"}, {"aes192gcm", "aes192gcm16"}, {"aes256gcm", "aes256gcm16"},
}};

std::string_view canonical(std::string_view keyword) {
    for (const auto& [alias, name] : aliases) {
        if (alias == keyword) return name;
    }
    return keyword;
}

template <typename T>
void add_unique(std::vector<T>& list, T value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// One keyword into the proposal; false when no table knows it.
bool add_keyword(proposal& p, std::string_view keyword) {
    for (const auto& e : encryption_table()) {
        if (e.keyword == keyword) return add_unique(p.encryption, e.transform), true;
    }
    for (const auto& e : integrity_table()) {
        if (e.keyword == keyword) return add_unique(p.integrity, e.id), true;
    }
    for (const auto& e : prf_table()) {
        if (e.keyword == keyword) return add_unique(p.prfs, e.id), true;
    }
    for (const auto& e : ke_table()) {
        if (e.keyword == keyword || (!e.alias.empty() && e.alias == keyword)) return add_unique(p.ke_groups, e.id), true;
    }
    if (keyword == "esn") return add_unique(p.esn, esn_id::yes), true;
    if (keyword == "noesn") return add_unique(p.esn, esn_id::no), true;
    return false;
}

bool is_aead(encryption_transform t) {
    const auto info = find_encryption(t);
    return info && info->aead();
}

// Whole-proposal rules (RFC 7296 §3.3.3 mandatory transform types), checked the
// way strongSwan's proposal_create_from_string() does.
std::error_code check_complete(proposal& p) {
    if (p.encryption.empty()) return errc::missing_encryption;
    const bool any_aead = std::any_of(p.encryption.begin(), p.encryption.end(), is_aead);
    const bool all_aead = std::all_of(p.encryption.begin(), p.encryption.end(), is_aead);
    if (any_aead && (!all_aead || !p.integrity.empty())) return errc::aead_with_integrity;
    if (!all_aead && p.integrity.empty()) return errc::missing_integrity;
    if (p.protocol == protocol_id::ike) {
        if (!p.esn.empty()) return errc::not_for_protocol;
        if (p.prfs.empty()) {
            if (all_aead) return errc::missing_prf;
            for (const auto id : p.integrity) add_unique(p.prfs, find_integrity(id)->implied_prf);
        }
        if (p.ke_groups.empty()) return errc::missing_key_exchange;
    } else {
        if (!p.prfs.empty()) return errc::not_for_protocol;
        if (p.esn.empty()) p.esn.push_back(esn_id::no);
    }
    return {};
}

template <typename Table, typename Id>
std::string_view keyword_of(const Table& table, Id id) {
    for (const auto& e : table) {
        if (e.id == id) return e.keyword;
    }
    return "?";
}

}  // namespace

bool proposal::aead() const noexcept {
    return !encryption.empty() && std::all_of(encryption.begin(), encryption.end(), is_aead);
}

std::string proposal_parse_result::message() const {
    if (value.has_value()) return {};
    std::string text = value.error().message();
    if (!keyword.empty()) text += " '" + keyword + "'";
    return text;
}

proposal_parse_result parse_proposal(std::string_view text, protocol_id protocol) {
    proposal p;
    p.protocol = protocol;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t dash = std::min(text.find('-', start), text.size());
        const std::string_view keyword = text.substr(start, dash - start);
        if (keyword.empty()) return {errc::empty_proposal, std::string(text)};
        if (!add_keyword(p, canonical(keyword))) return {errc::unknown_keyword, std::string(keyword)};
        start = dash + 1;
    }
    if (const auto error = check_complete(p)) return {error, {}};
    return {std::move(p), {}};
}

std::string format_proposal(const proposal& p) {
    std::string out;
    const auto append = [&](std::string_view keyword) {
        if (!out.empty()) out += '-';
        out += keyword;
    };
    for (const auto& t : p.encryption) {
        const auto info = find_encryption(t);
        append(info ? info->keyword : "?");
    }
    for (const auto id : p.integrity) append(keyword_of(integrity_table(), id));
    for (const auto id : p.prfs) append(keyword_of(prf_table(), id));
    for (const auto id : p.ke_groups) append(keyword_of(ke_table(), id));
    for (const auto id : p.esn) append(id == esn_id::yes ? "esn" : "noesn");
    return out;
}

}  // namespace ravelin::cp::ike::crypto
