#pragma once
// The Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/):
//   # HELP name help text
//   # TYPE name counter
//   name{label="value",...} 42

#include <string>
#include <string_view>

#include "control-plane/metrics/snapshot.hpp"

namespace ravelin::cp::metrics {

inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

// HELP text: backslash and newline are escaped.
std::string escape_help(std::string_view text);
// Label values: backslash, double quote and newline are escaped. Bytes that are
// not UTF-8 become U+FFFD: the format is UTF-8 and a label value may come from a
// peer (an identity, a connection name) that is not.
std::string escape_label_value(std::string_view text);
// Integers print as integers, others in shortest round-trip form; +Inf, -Inf, NaN.
std::string format_value(double value);

std::string render(const snapshot& snap);

}  // namespace ravelin::cp::metrics
