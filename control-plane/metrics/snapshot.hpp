#pragma once
// One scrape's worth of metric values: what collectors write into and the
// exposition renders. Built fresh on every scrape (pull model), so owners are
// read when Prometheus asks and never push.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "control-plane/metrics/names.hpp"

namespace ravelin::cp::metrics {

// What a family is: its name, type, label names and HELP text.
struct descriptor {
    std::string name;
    metric_type type = metric_type::gauge;
    std::vector<std::string> labels;
    std::string help;
};

using label_values = std::vector<std::string>;  // in the order of descriptor::labels

// Bucket counts are per bucket (not cumulative); the exposition accumulates them.
// counts.size() == upper_bounds.size() + 1, the last one being +Inf.
struct histogram_value {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> counts;
    double sum = 0;
    std::uint64_t count = 0;
};

class family {
public:
    explicit family(descriptor desc);

    // Samples with the same label values accumulate: two owners adding to one
    // series (SAs counted by state, say) give the sum.
    void add(const label_values& values, double value);
    void set(const label_values& values, double value);
    void set_histogram(const label_values& values, histogram_value value);

    [[nodiscard]] const descriptor& desc() const noexcept { return _desc; }
    [[nodiscard]] const std::map<label_values, double>& values() const noexcept { return _values; }
    [[nodiscard]] const std::map<label_values, histogram_value>& histograms() const noexcept { return _histograms; }
    [[nodiscard]] bool empty() const noexcept { return _values.empty() && _histograms.empty(); }

private:
    void check_arity(const label_values& values, bool histogram) const;

    descriptor _desc;
    std::map<label_values, double> _values;
    std::map<label_values, histogram_value> _histograms;
};

class snapshot {
public:
    // The family of that name, declared on first use. Declaring it again with a
    // different type or labels, or with a name breaking the naming rules, is a
    // programming error (std::logic_error).
    family& of(const descriptor& desc);

    // Families in name order, so the exposition is deterministic.
    [[nodiscard]] const std::map<std::string, family, std::less<>>& families() const noexcept { return _families; }
    [[nodiscard]] const family* find(std::string_view name) const;

private:
    std::map<std::string, family, std::less<>> _families;
};

}  // namespace ravelin::cp::metrics
