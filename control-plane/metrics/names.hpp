#pragma once
// Prometheus naming rules (https://prometheus.io/docs/practices/naming/), checked
// when a family is declared so a bad name fails in tests, never at a scrape.

#include <string>
#include <string_view>
#include <vector>

namespace ravelin::cp::metrics {

enum class metric_type { counter, gauge, histogram };

std::string_view type_name(metric_type type) noexcept;

// Every Ravelin series starts with this, so a dashboard can select them all.
inline constexpr std::string_view name_prefix = "ravelin_";

// [a-zA-Z_][a-zA-Z0-9_]*: the data model's grammar, without the colons that are
// reserved for recording rules.
bool valid_metric_name(std::string_view name) noexcept;
// [a-zA-Z_][a-zA-Z0-9_]*, and not starting with "__" (reserved for Prometheus).
bool valid_label_name(std::string_view name) noexcept;

// Every rule a family must follow; empty when it follows them all, otherwise the
// first rule broken, for the exception that reports the programming error.
std::string naming_problem(std::string_view name, metric_type type, const std::vector<std::string>& labels);

}  // namespace ravelin::cp::metrics
