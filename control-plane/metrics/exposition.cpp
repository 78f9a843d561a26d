#include "control-plane/metrics/exposition.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ravelin::cp::metrics {

namespace {

// Length of the well-formed UTF-8 sequence at text[i], or 0 (RFC 3629 §4).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

void render_labels(std::string& out, const descriptor& desc, const label_values& values,
                   std::string_view le = {}) {
    if (desc.labels.empty() && le.empty()) return;
    out += '{';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        fmt::format_to(std::back_inserter(out), "{}=\"{}\"", desc.labels[i], escape_label_value(values[i]));
    }
    if (!le.empty()) fmt::format_to(std::back_inserter(out), "{}le=\"{}\"", values.empty() ? "" : ",", le);
    out += '}';
}

void render_sample(std::string& out, const descriptor& desc, std::string_view suffix, const label_values& values,
                   double value, std::string_view le = {}) {
    out += desc.name;
    out += suffix;
    render_labels(out, desc, values, le);
    out += ' ';
    out += format_value(value);
    out += '\n';
}

// name_bucket{...,le="b"} per bucket, cumulative, then le="+Inf", _sum and _count.
void render_histogram(std::string& out, const descriptor& desc, const label_values& values,
                      const histogram_value& histogram) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
        cumulative += histogram.counts[i];
        const std::string le = i < histogram.upper_bounds.size() ? format_value(histogram.upper_bounds[i]) : "+Inf";
        render_sample(out, desc, "_bucket", values, static_cast<double>(cumulative), le);
    }
    render_sample(out, desc, "_sum", values, histogram.sum);
    render_sample(out, desc, "_count", values, static_cast<double>(histogram.count));
}

void render_family(std::string& out, const family& fam) {
    const descriptor& desc = fam.desc();
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", desc.name, escape_help(desc.help),
                   desc.name, type_name(desc.type));
    for (const auto& [values, value] : fam.values()) render_sample(out, desc, "", values, value);
    for (const auto& [values, histogram] : fam.histograms()) render_histogram(out, desc, values, histogram);
}

}  // namespace

std::string escape_help(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string escape_label_value(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (text[i] == '\\') out += "\\\\";
        else if (text[i] == '"') out += "\\\"";
        else if (text[i] == '\n') out += "\\n";
        else out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string format_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    // Exact integers below 2^53 print without exponent: counters read naturally.
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{}", value);
}

std::string render(const snapshot& snap) {
    std::string out;
    for (const auto& [name, fam] : snap.families()) {
        if (!fam.empty()) render_family(out, fam);
    }
    return out;
}

}  // namespace ravelin::cp::metrics
