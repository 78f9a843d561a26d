#include "control-plane/dissect/render.hpp"

#include <algorithm>
#include <cstdio>

#include "common/ip_address.hpp"
#include "control-plane/ike/codec/names.hpp"

namespace ravelin::cp::dissect {
namespace {

using nlohmann::json;
using namespace ravelin::cp::ike;

std::string spi_hex(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

template <typename E>
unsigned number(E value) {
    return static_cast<unsigned>(value);
}

// "name" next to a number, only when the registry knows the value.
void put_name(json& out, const char* key, std::string_view name) {
    if (!name.empty()) out[key] = std::string(name);
}

json render_transform(const transform& t) {
    json out{{"type", number(t.type)}, {"id", t.id}};
    put_name(out, "type_name", name_of(t.type));
    put_name(out, "id_name", transform_id_name(t.type, t.id));
    if (auto key_length = t.key_length()) out["key_length"] = *key_length;
    json attributes = json::array();
    for (const auto& a : t.attributes) {
        json item{{"type", a.type}, {"format", a.tv ? "TV" : "TLV"}};
        if (a.tv) item["value"] = a.value;
        else item["data"] = to_hex(a.data);
        attributes.push_back(std::move(item));
    }
    out["attributes"] = std::move(attributes);
    return out;
}

json render_sa(const sa_payload& sa) {
    json proposals = json::array();
    for (const auto& p : sa.proposals) {
        json item{{"number", p.number}, {"protocol", number(p.protocol)}, {"spi_size", p.spi.size()},
                  {"spi", to_hex(p.spi)}, {"transform_count", p.transforms.size()}};
        put_name(item, "protocol_name", name_of(p.protocol));
        json transforms = json::array();
        for (const auto& t : p.transforms) transforms.push_back(render_transform(t));
        item["transforms"] = std::move(transforms);
        proposals.push_back(std::move(item));
    }
    return {{"proposals", std::move(proposals)}};
}

// Printable ASCII only: wire text is untrusted and need not be valid UTF-8.
bool printable(const std::vector<std::uint8_t>& text) {
    return std::all_of(text.begin(), text.end(), [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
}

// ID data as text where the type says what it is (and it is printable), else hex.
std::string id_value(const id_payload& id) {
    switch (id.type) {
    case id_type::ipv4_addr:
    case id_type::ipv6_addr: {
        auto address = common::ip_address::from_bytes(id.data);
        return address ? address->to_string() : to_hex(id.data);
    }
    case id_type::fqdn:
    case id_type::rfc822_addr:
        return printable(id.data) ? std::string(id.data.begin(), id.data.end()) : to_hex(id.data);
    default: return to_hex(id.data);
    }
}

std::string address_text(const std::vector<std::uint8_t>& bytes) {
    auto address = common::ip_address::from_bytes(bytes);
    return address ? address->to_string() : to_hex(bytes);
}

json render_ts(const ts_payload& ts) {
    json selectors = json::array();
    for (const auto& s : ts.selectors) {
        json item{{"type", number(s.type)}, {"ip_protocol", s.ip_protocol}};
        put_name(item, "type_name", name_of(s.type));
        if (s.type == ts_type::ipv4_addr_range || s.type == ts_type::ipv6_addr_range) {
            item["start_port"] = s.start_port;
            item["end_port"] = s.end_port;
            item["start_address"] = address_text(s.start_address);
            item["end_address"] = address_text(s.end_address);
        } else {
            item["data"] = to_hex(s.opaque);
        }
        selectors.push_back(std::move(item));
    }
    return {{"count", ts.selectors.size()}, {"selectors", std::move(selectors)}};
}

json render_notify(const notify_payload& n) {
    json out{{"protocol", number(n.protocol)}, {"spi_size", n.spi.size()}, {"spi", to_hex(n.spi)},
             {"notify_type", number(n.type)}, {"error_type", is_error(n.type)},
             {"data_length", n.data.size()}, {"data", to_hex(n.data)}};
    put_name(out, "notify_name", name_of(n.type));
    return out;
}

json render_delete(const delete_payload& d) {
    json spis = json::array();
    for (const auto& spi : d.spis) spis.push_back(to_hex(spi));
    json out{{"protocol", number(d.protocol)}, {"spi_size", d.spi_size}, {"spi_count", d.spis.size()},
             {"spis", std::move(spis)}};
    put_name(out, "protocol_name", name_of(d.protocol));
    return out;
}

json render_cp(const cp_payload& cp) {
    json attributes = json::array();
    for (const auto& a : cp.attributes) {
        json item{{"type", a.type}, {"length", a.value.size()}, {"value", to_hex(a.value)}};
        put_name(item, "name", name_of(static_cast<cp_attribute_type>(a.type)));
        attributes.push_back(std::move(item));
    }
    json out{{"cfg_type", number(cp.type)}, {"attributes", std::move(attributes)}};
    put_name(out, "cfg_name", name_of(cp.type));
    return out;
}

json render_eap(const eap_payload& e) {
    json out{{"code", number(e.code)}, {"identifier", e.identifier}, {"data", to_hex(e.type_data)}};
    put_name(out, "code_name", name_of(e.code));
    if (e.type) out["eap_type"] = *e.type;
    return out;
}

json first_inner(payload_type type) {
    json out{{"next_payload", number(type)}};
    put_name(out, "next_payload_name", name_of(type));
    return out;
}

struct body_renderer {
    json operator()(const sa_payload& b) const { return render_sa(b); }
    json operator()(const ke_payload& b) const {
        json out{{"group", number(b.group)}, {"data_length", b.data.size()}, {"data", to_hex(b.data)}};
        put_name(out, "group_name", transform_id_name(transform_type::key_exchange, number(b.group) & 0xffff));
        return out;
    }
    json operator()(const id_payload& b) const {
        json out{{"id_type", number(b.type)}, {"data", to_hex(b.data)}, {"value", id_value(b)}};
        put_name(out, "id_type_name", name_of(b.type));
        return out;
    }
    json operator()(const cert_payload& b) const {
        json out{{"encoding", number(b.encoding)}, {"data_length", b.data.size()}, {"data", to_hex(b.data)}};
        put_name(out, "encoding_name", name_of(b.encoding));
        return out;
    }
    json operator()(const certreq_payload& b) const {
        json out{{"encoding", number(b.encoding)}, {"data_length", b.authorities.size()},
                 {"data", to_hex(b.authorities)}};
        put_name(out, "encoding_name", name_of(b.encoding));
        return out;
    }
    json operator()(const auth_payload& b) const {
        json out{{"method", number(b.method)}, {"data_length", b.data.size()}, {"data", to_hex(b.data)}};
        put_name(out, "method_name", name_of(b.method));
        return out;
    }
    json operator()(const nonce_payload& b) const {
        return {{"nonce_length", b.data.size()}, {"data", to_hex(b.data)}};
    }
    json operator()(const notify_payload& b) const { return render_notify(b); }
    json operator()(const delete_payload& b) const { return render_delete(b); }
    json operator()(const vendor_id_payload& b) const {
        return {{"data_length", b.data.size()}, {"data", to_hex(b.data)}};
    }
    json operator()(const ts_payload& b) const { return render_ts(b); }
    json operator()(const sk_payload& b) const {
        json out = first_inner(b.first_inner);
        out["encrypted_length"] = b.encrypted.size();
        return out;
    }
    json operator()(const cp_payload& b) const { return render_cp(b); }
    json operator()(const eap_payload& b) const { return render_eap(b); }
    json operator()(const skf_payload& b) const {
        json out = first_inner(b.first_inner);
        out["fragment_number"] = b.fragment_number;
        out["total_fragments"] = b.total_fragments;
        out["encrypted_length"] = b.encrypted.size();
        return out;
    }
    json operator()(const unknown_payload& b) const {
        return {{"unknown", true}, {"data_length", b.body.size()}, {"data", to_hex(b.body)}};
    }
};

json render_payload(const payload& p) {
    json out{{"type", number(p.type)}, {"critical", p.critical}};
    put_name(out, "name", name_of(p.type));
    // Payload Length as on the wire: the serializer reproduces it exactly.
    if (auto bytes = serialize_payload_chain({p})) out["length"] = bytes->size();
    out.update(std::visit(body_renderer{}, p.body));
    return out;
}

json render_header(const ike_header& h, payload_type next, std::size_t wire_length) {
    json out{{"initiator_spi", spi_hex(h.initiator_spi.value)},
             {"responder_spi", spi_hex(h.responder_spi.value)},
             {"next_payload", number(next)},
             {"major_version", h.major_version},
             {"minor_version", h.minor_version},
             {"exchange_type", number(h.exchange)},
             {"flags", h.flags},
             {"initiator", h.initiator()},
             {"response", h.response()},
             {"higher_version", h.higher_version()},
             {"message_id", h.id.value},
             {"length", wire_length}};
    put_name(out, "exchange_name", name_of(h.exchange));
    return out;
}

}  // namespace

std::string to_hex(common::bytes_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0f]);
    }
    return out;
}

json render_payloads(const std::vector<payload>& payloads) {
    json out = json::array();
    for (const auto& p : payloads) out.push_back(render_payload(p));
    return out;
}

json render_message(const message& m, std::size_t wire_length) {
    const payload_type next = m.payloads.empty() ? payload_type::none : m.payloads.front().type;
    return {{"header", render_header(m.header, next, wire_length)}, {"payloads", render_payloads(m.payloads)}};
}

json render_error(std::error_code error, const parse_report& report) {
    const ike_reaction reaction = ike_reaction_for(error, report);
    json out{{"error", error.message()}, {"error_code", error.value()}, {"offset", report.offset}};
    if (report.payload) out["payload"] = number(*report.payload);
    if (reaction.action == ike_action::drop) {
        out["ike_action"] = "drop";
    } else {
        out["ike_action"] = "notify";
        out["notify_type"] = number(reaction.type);
        put_name(out, "notify_name", name_of(reaction.type));
        if (reaction.data) out["notify_data"] = *reaction.data;
    }
    return out;
}

std::string to_line(const json& object) {
    // Replace, never throw, should any invalid UTF-8 reach a string.
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

json dissect_ike(common::bytes_view bytes, const decrypt_hook& decrypt) {
    parse_report report;
    auto parsed = parse_message(bytes, &report);
    if (!parsed) return render_error(parsed.error(), report);
    json out = render_message(*parsed, bytes.size());
    const bool encrypted = !parsed->payloads.empty() && is_encrypted(parsed->payloads.back().type);
    if (decrypt && encrypted) {
        if (auto inner = decrypt(*parsed, bytes)) out["payloads"].back()["decrypted"] = std::move(*inner);
    }
    return out;
}

}  // namespace ravelin::cp::dissect
