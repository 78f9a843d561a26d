#include "control-plane/ike/engine/proposals.hpp"

#include <algorithm>

namespace ravelin::cp::ike {
namespace {

// strongSwan 5.9's default proposals (proposal.c: proposal_create_default and
// _default_aead), narrowed to what this suite implements.
std::vector<std::string> expand_default(protocol_id protocol) {
    if (protocol == protocol_id::ike) {
        return {"aes128gcm16-aes256gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp3072-modp2048",
                "aes128-aes192-aes256-sha256-sha384-sha512-x25519-ecp256-ecp384-modp3072-modp2048"};
    }
    return {"aes128gcm16-aes256gcm16-chacha20poly1305", "aes128-aes192-aes256-sha256-sha384-sha512"};
}

transform encryption_of(crypto::encryption_transform e) {
    transform t{transform_type::encryption, static_cast<std::uint16_t>(e.id), {}};
    if (e.key_bits != 0) t.attributes.push_back({static_cast<std::uint16_t>(transform_attribute::key_length), true, e.key_bits, {}});
    return t;
}

template <typename Id>
transform transform_of(transform_type type, Id id) {
    return transform{type, static_cast<std::uint16_t>(id), {}};
}

crypto::encryption_transform as_encryption(const transform& t) {
    return {static_cast<encryption_id>(t.id), t.key_length().value_or(0)};
}

template <typename Id>
std::vector<Id> offered_of(const proposal& p, transform_type type) {
    std::vector<Id> out;
    for (const auto& t : p.transforms) {
        if (t.type == type) out.push_back(static_cast<Id>(t.id));
    }
    return out;
}

// The first of `ours` (our preference) that `offered` also has.
template <typename Id>
std::optional<Id> first_common(const std::vector<Id>& ours, const std::vector<Id>& offered) {
    for (const auto& id : ours) {
        if (std::find(offered.begin(), offered.end(), id) != offered.end()) return id;
    }
    return std::nullopt;
}

std::vector<crypto::encryption_transform> offered_encryption(const proposal& p) {
    std::vector<crypto::encryption_transform> out;
    for (const auto& t : p.transforms) {
        if (t.type == transform_type::encryption) out.push_back(as_encryption(t));
    }
    return out;
}

// One of ours against one offered proposal (RFC 7296 §2.7, §3.3.3).
std::optional<chosen_proposal> match(const crypto::proposal& ours, const proposal& offered, bool with_ke) {
    if (offered.protocol != ours.protocol) return std::nullopt;
    chosen_proposal c;
    c.number = offered.number;
    c.protocol = offered.protocol;
    c.spi = offered.spi;
    const auto enc = first_common(ours.encryption, offered_encryption(offered));
    if (!enc) return std::nullopt;
    c.encryption = *enc;
    if (!ours.aead()) {
        const auto integ = first_common(ours.integrity, offered_of<integrity_id>(offered, transform_type::integrity));
        if (!integ) return std::nullopt;
        c.integrity = *integ;
    }
    if (ours.protocol == protocol_id::ike) {
        const auto prf = first_common(ours.prfs, offered_of<prf_id>(offered, transform_type::prf));
        if (!prf) return std::nullopt;
        c.prf = *prf;
    } else {
        auto esn = offered_of<esn_id>(offered, transform_type::esn);
        if (esn.empty()) esn.push_back(esn_id::no);
        const auto chosen = first_common(ours.esn, esn);
        if (!chosen) return std::nullopt;
        c.esn = *chosen;
    }
    if (with_ke) {
        const auto group = first_common(ours.ke_groups, offered_of<ke_group>(offered, transform_type::key_exchange));
        if (!group) return std::nullopt;
        c.group = *group;
    }
    return c;
}

}  // namespace

std::vector<std::uint8_t> group_octets(ke_group group) {
    const auto v = static_cast<std::uint16_t>(group);
    return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

crypto::ike_suite chosen_proposal::ike_suite() const noexcept { return {encryption, integrity, prf, group}; }

crypto::child_suite chosen_proposal::child_suite() const noexcept { return {encryption, integrity}; }

std::string chosen_proposal::to_string() const {
    crypto::proposal p;
    p.protocol = protocol;
    p.encryption = {encryption};
    if (integrity != integrity_id::none) p.integrity = {integrity};
    if (protocol == protocol_id::ike) p.prfs = {prf};
    if (group != ke_group::none) p.ke_groups = {group};
    if (protocol != protocol_id::ike && esn == esn_id::yes) p.esn = {esn};
    return crypto::format_proposal(p);
}

std::vector<crypto::proposal> configured_proposals(const std::vector<std::string>& texts, protocol_id protocol) {
    std::vector<crypto::proposal> out;
    for (const auto& text : texts) {
        const auto expanded = text == "default" ? expand_default(protocol) : std::vector<std::string>{text};
        for (const auto& one : expanded) {
            auto parsed = crypto::parse_proposal(one, protocol);
            if (parsed.value) out.push_back(std::move(parsed.value).value());
        }
    }
    return out;
}

sa_payload make_sa_payload(const std::vector<crypto::proposal>& proposals, const std::vector<std::uint8_t>& spi,
                           bool with_ke) {
    sa_payload sa;
    std::uint8_t number = 1;
    for (const auto& p : proposals) {
        proposal out{number++, p.protocol, spi, {}};
        for (const auto& e : p.encryption) out.transforms.push_back(encryption_of(e));
        for (const auto id : p.prfs) out.transforms.push_back(transform_of(transform_type::prf, id));
        for (const auto id : p.integrity) out.transforms.push_back(transform_of(transform_type::integrity, id));
        if (with_ke) {
            for (const auto id : p.ke_groups) out.transforms.push_back(transform_of(transform_type::key_exchange, id));
        }
        for (const auto id : p.esn) out.transforms.push_back(transform_of(transform_type::esn, id));
        sa.proposals.push_back(std::move(out));
    }
    return sa;
}

sa_payload make_sa_payload(const chosen_proposal& c) {
    proposal out{c.number, c.protocol, c.spi, {}};
    out.transforms.push_back(encryption_of(c.encryption));
    if (c.protocol == protocol_id::ike) out.transforms.push_back(transform_of(transform_type::prf, c.prf));
    if (c.integrity != integrity_id::none) out.transforms.push_back(transform_of(transform_type::integrity, c.integrity));
    if (c.group != ke_group::none) out.transforms.push_back(transform_of(transform_type::key_exchange, c.group));
    if (c.protocol != protocol_id::ike) out.transforms.push_back(transform_of(transform_type::esn, c.esn));
    return sa_payload{{std::move(out)}};
}

std::optional<chosen_proposal> select_proposal(const std::vector<crypto::proposal>& ours, const sa_payload& offered,
                                               bool with_ke) {
    for (const auto& mine : ours) {
        for (const auto& theirs : offered.proposals) {
            if (auto c = match(mine, theirs, with_ke)) return c;
        }
    }
    return std::nullopt;
}

std::optional<chosen_proposal> accept_choice(const std::vector<crypto::proposal>& ours, const sa_payload& answer,
                                             bool with_ke) {
    if (answer.proposals.size() != 1) return std::nullopt;
    const auto& only = answer.proposals.front();
    // Exactly one transform of each type (§3.3.6): more would be a second choice.
    for (const auto type : {transform_type::encryption, transform_type::prf, transform_type::integrity,
                            transform_type::key_exchange, transform_type::esn}) {
        const auto n = std::count_if(only.transforms.begin(), only.transforms.end(),
                                     [&](const transform& t) { return t.type == type; });
        if (n > 1) return std::nullopt;
    }
    for (const auto& mine : ours) {
        if (auto c = match(mine, only, with_ke)) return c;
    }
    return std::nullopt;
}

}  // namespace ravelin::cp::ike
