#include "control-plane/metrics/names.hpp"

#include <algorithm>
#include <array>

namespace ravelin::cp::metrics {

namespace {

bool identifier_start(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool identifier_char(char c) noexcept { return identifier_start(c) || (c >= '0' && c <= '9'); }

bool valid_identifier(std::string_view name) noexcept {
    return !name.empty() && identifier_start(name.front()) && std::all_of(name.begin(), name.end(), identifier_char);
}

bool ends_with_word(std::string_view name, std::string_view word) noexcept {
    return name.size() > word.size() && name.ends_with(word) && name[name.size() - word.size() - 1] == '_';
}

bool contains_word(std::string_view name, std::string_view word) noexcept {
    const std::string wrapped = "_" + std::string(word) + "_";
    return (std::string(name) + "_").find(wrapped) != std::string::npos;
}

// Base units only: seconds, bytes, ratios (0..1), not their scaled forms.
constexpr std::array<std::string_view, 10> scaled_units = {
    "milliseconds", "microseconds", "nanoseconds", "minutes", "hours",
    "kilobytes",    "megabytes",    "gigabytes",   "percent", "millis",
};

std::string unit_problem(std::string_view name) {
    for (auto unit : scaled_units) {
        if (contains_word(name, unit)) return "'" + std::string(unit) + "' is not a base unit (seconds, bytes, ratio)";
    }
    return {};
}

std::string suffix_problem(std::string_view name, metric_type type) {
    const bool total = ends_with_word(name, "total");
    if (type == metric_type::counter && !total) return "a counter's name ends in _total";
    if (type != metric_type::counter && total) return "only counters end in _total";
    if (type == metric_type::histogram &&
        (ends_with_word(name, "bucket") || ends_with_word(name, "sum") || ends_with_word(name, "count"))) {
        return "a histogram's name may not end in _bucket, _sum or _count (its series do)";
    }
    return {};
}

std::string label_problem(const std::vector<std::string>& labels, metric_type type) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!valid_label_name(labels[i])) return "invalid label name '" + labels[i] + "'";
        if (type == metric_type::histogram && labels[i] == "le") return "'le' is a histogram's own label";
        if (std::find(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(i), labels[i]) !=
            labels.begin() + static_cast<std::ptrdiff_t>(i)) {
            return "label '" + labels[i] + "' declared twice";
        }
    }
    return {};
}

}  // namespace

std::string_view type_name(metric_type type) noexcept {
    switch (type) {
        case metric_type::counter: return "counter";
        case metric_type::gauge: return "gauge";
        case metric_type::histogram: return "histogram";
    }
    return "untyped";
}

bool valid_metric_name(std::string_view name) noexcept { return valid_identifier(name); }

bool valid_label_name(std::string_view name) noexcept { return valid_identifier(name) && !name.starts_with("__"); }

std::string naming_problem(std::string_view name, metric_type type, const std::vector<std::string>& labels) {
    if (!valid_metric_name(name)) return "invalid metric name";
    if (!name.starts_with(name_prefix) || name.size() == name_prefix.size()) return "names start with ravelin_";
    if (auto problem = unit_problem(name); !problem.empty()) return problem;
    if (auto problem = suffix_problem(name, type); !problem.empty()) return problem;
    return label_problem(labels, type);
}

}  // namespace ravelin::cp::metrics
