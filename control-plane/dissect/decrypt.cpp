#include "control-plane/dissect/decrypt.hpp"

#include <sstream>
#include <variant>

#include "control-plane/ike/crypto/proposal.hpp"

namespace ravelin::cp::dissect {
namespace {

namespace crypto = ike::crypto;
using nlohmann::json;

// RFC 7383 §2.5.3: a peer must not need more; bounds what a capture can make us hold.
constexpr std::uint16_t max_fragments = 64;

std::optional<common::secret_bytes> secret_from_hex(const std::string& text) {
    if (text.size() % 2 != 0) return std::nullopt;
    common::secret_bytes out(text.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::string pair = text.substr(2 * i, 2);
        if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return std::nullopt;
        out.expose_mutable()[i] = static_cast<std::uint8_t>(std::stoul(pair, nullptr, 16));
    }
    return out;
}

std::optional<std::uint64_t> spi_from_hex(const std::string& text) {
    if (text.empty() || text.size() > 16 || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text, nullptr, 16);
}

// One key-file line into ciphers, or the reason it is unusable.
std::variant<std::pair<std::pair<std::uint64_t, std::uint64_t>, ike_sa_ciphers>, std::string> parse_line(
    const std::vector<std::string>& fields) {
    if (fields.size() != 5 && fields.size() != 7) return std::string("expected SPIi SPIr proposal SK_ei SK_er [SK_ai SK_ar]");
    const auto spi_i = spi_from_hex(fields[0]);
    const auto spi_r = spi_from_hex(fields[1]);
    if (!spi_i || !spi_r) return std::string("SPIs are up to 16 hex digits");
    // Only encryption and integrity matter here, which ESP syntax states without a PRF.
    const auto parsed = crypto::parse_proposal(fields[2], ike::protocol_id::esp);
    if (!parsed.value) return parsed.message();
    const crypto::proposal& proposal = *parsed.value;
    if (proposal.encryption.empty()) return std::string("the proposal names no encryption algorithm");
    const auto integrity = proposal.integrity.empty() ? ike::integrity_id::none : proposal.integrity.front();
    std::vector<common::secret_bytes> keys;
    for (std::size_t i = 3; i < fields.size(); ++i) {
        auto key = secret_from_hex(fields[i]);
        if (!key) return "key " + std::to_string(i - 2) + " is not hexadecimal";
        keys.push_back(std::move(*key));
    }
    const common::secret_bytes none;
    const auto& sk_ai = keys.size() == 4 ? keys[2] : none;
    const auto& sk_ar = keys.size() == 4 ? keys[3] : none;
    auto from_i = crypto::sk_cipher::create(proposal.encryption.front(), integrity, keys[0], sk_ai);
    auto from_r = crypto::sk_cipher::create(proposal.encryption.front(), integrity, keys[1], sk_ar);
    if (!from_i) return "SK_ei/SK_ai: " + from_i.error().message();
    if (!from_r) return "SK_er/SK_ar: " + from_r.error().message();
    return std::make_pair(std::make_pair(*spi_i, *spi_r), ike_sa_ciphers{std::move(*from_i), std::move(*from_r)});
}

std::vector<std::string> split_fields(const std::string& line) {
    std::istringstream in(line.substr(0, line.find('#')));
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(field);
    return fields;
}

}  // namespace

key_table key_table::load(std::istream& in, std::string& error) {
    key_table table;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const auto fields = split_fields(line);
        if (fields.empty()) continue;
        auto entry = parse_line(fields);
        if (auto* problem = std::get_if<std::string>(&entry)) {
            error = "line " + std::to_string(number) + ": " + *problem;
            return {};
        }
        auto& [spis, ciphers] = std::get<0>(entry);
        table._entries.insert_or_assign(spis, std::move(ciphers));
    }
    return table;
}

const ike_sa_ciphers* key_table::find(std::uint64_t spi_i, std::uint64_t spi_r) const {
    const auto found = _entries.find({spi_i, spi_r});
    return found == _entries.end() ? nullptr : &found->second;
}

json render_inner(ike::payload_type first, common::bytes_view plaintext) {
    ike::parse_report report;
    auto chain = ike::parse_payload_chain(first, plaintext, &report);
    if (!chain) return {{"error", "inner payloads: " + chain.error().message()}, {"offset", report.offset}};
    return {{"payloads", render_payloads(*chain)}};
}

std::optional<json> sk_decryptor::operator()(const ike::message& m, common::bytes_view wire) {
    const ike_sa_ciphers* ciphers = _keys->find(m.header.initiator_spi.value, m.header.responder_spi.value);
    if (ciphers == nullptr) return std::nullopt;
    const ike::payload& last = m.payloads.back();
    const auto* sk = std::get_if<ike::sk_payload>(&last.body);
    const auto* skf = std::get_if<ike::skf_payload>(&last.body);
    const std::vector<std::uint8_t>& sealed = sk != nullptr ? sk->encrypted : skf->encrypted;
    // Everything before the IV is authenticated: the IKE header and the SK/SKF
    // payload header (RFC 7296 §3.14, RFC 7383 §2.5). The SK payload is last.
    if (sealed.size() > wire.size()) return json{{"error", "encrypted data longer than the message"}};
    const auto associated = wire.first(wire.size() - sealed.size());
    const auto& cipher = m.header.initiator() ? ciphers->from_initiator : ciphers->from_responder;
    auto plaintext = cipher.decrypt(associated, sealed);
    if (!plaintext) return json{{"error", plaintext.error().message()}};
    if (sk != nullptr) return render_inner(sk->first_inner, *plaintext);
    return on_fragment(m, *skf, std::move(*plaintext));
}

json sk_decryptor::on_fragment(const ike::message& m, const ike::skf_payload& fragment,
                               std::vector<std::uint8_t> plaintext) {
    // The codec already refused numbers outside 1..total; this bounds the memory.
    if (fragment.total_fragments > max_fragments) {
        return {{"error", "more than " + std::to_string(max_fragments) + " fragments"}};
    }
    const fragment_key key{m.header.initiator_spi.value, m.header.responder_spi.value, m.header.id.value,
                           m.header.initiator()};
    fragment_set& set = _fragments[key];
    if (fragment.fragment_number == 1) set.first_inner = fragment.first_inner;
    set.plaintexts.insert_or_assign(fragment.fragment_number, std::move(plaintext));
    json progress{{"fragments_received", set.plaintexts.size()}, {"total_fragments", fragment.total_fragments}};
    if (set.plaintexts.size() < fragment.total_fragments) return progress;
    std::vector<std::uint8_t> whole;
    for (const auto& [number, part] : set.plaintexts) whole.insert(whole.end(), part.begin(), part.end());
    json out = render_inner(set.first_inner, whole);
    out.update(progress);
    _fragments.erase(key);
    return out;
}

}  // namespace ravelin::cp::dissect
