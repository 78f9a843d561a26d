#include "control-plane/ike/engine/identity.hpp"

#include <algorithm>

namespace ravelin::cp::ike {

id_payload make_identity(std::string_view text, const common::ip_address& fallback) {
    if (text.empty() || text == "%any") text = {};
    if (text.empty()) {
        const auto b = fallback.bytes();
        return {fallback.is_v4() ? id_type::ipv4_addr : id_type::ipv6_addr, {b.begin(), b.end()}};
    }
    if (const auto address = common::ip_address::parse(text)) {
        const auto b = address->bytes();
        return {address->is_v4() ? id_type::ipv4_addr : id_type::ipv6_addr, {b.begin(), b.end()}};
    }
    if (text.front() == '@') {
        // strongSwan: "@name" is an FQDN, "@#hex" a KEY_ID; only the first here.
        text.remove_prefix(1);
        return {id_type::fqdn, {text.begin(), text.end()}};
    }
    const auto type = text.find('@') != std::string_view::npos ? id_type::rfc822_addr : id_type::fqdn;
    return {type, {text.begin(), text.end()}};
}

std::string identity_to_string(const id_payload& id) {
    switch (id.type) {
        case id_type::ipv4_addr:
        case id_type::ipv6_addr:
            if (const auto a = common::ip_address::from_bytes(id.data)) return a->to_string();
            return "(bad address)";
        case id_type::fqdn:
        case id_type::rfc822_addr:
            return {id.data.begin(), id.data.end()};
        default:
            return "(id type " + std::to_string(static_cast<int>(id.type)) + ")";
    }
}

bool identity_matches(std::string_view configured, const id_payload& received) {
    if (configured.empty() || configured == "%any") return true;
    const auto expected = make_identity(configured, {});
    return expected == received;
}

std::vector<std::uint8_t> identity_body(const id_payload& id) {
    // Sized up front: g++ 12 misreads insert() after an initializer list (-Warray-bounds).
    std::vector<std::uint8_t> out(4 + id.data.size());
    out[0] = static_cast<std::uint8_t>(id.type);
    std::copy(id.data.begin(), id.data.end(), out.begin() + 4);
    return out;
}

}  // namespace ravelin::cp::ike
