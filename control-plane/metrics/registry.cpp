#include "control-plane/metrics/registry.hpp"

#include <algorithm>
#include <stdexcept>

#include "control-plane/metrics/exposition.hpp"

namespace ravelin::cp::metrics {

void counter::inc(double by) {
    if (!(by >= 0)) throw std::logic_error("a counter never goes down");
    _value += by;
}

histogram::histogram(std::vector<double> upper_bounds) {
    if (!std::is_sorted(upper_bounds.begin(), upper_bounds.end()) ||
        std::adjacent_find(upper_bounds.begin(), upper_bounds.end()) != upper_bounds.end()) {
        throw std::logic_error("histogram bucket bounds must be strictly increasing");
    }
    _value.upper_bounds = std::move(upper_bounds);
    _value.counts.assign(_value.upper_bounds.size() + 1, 0);
}

void histogram::observe(double value) {
    // Bucket i counts le=upper_bounds[i]: the first bound not below the value.
    const auto bucket = std::lower_bound(_value.upper_bounds.begin(), _value.upper_bounds.end(), value);
    ++_value.counts[static_cast<std::size_t>(bucket - _value.upper_bounds.begin())];
    _value.sum += value;
    ++_value.count;
}

void registry::declare(descriptor& desc, metric_type type) {
    desc.type = type;
    if (auto problem = naming_problem(desc.name, type, desc.labels); !problem.empty()) {
        throw std::logic_error("metric " + desc.name + ": " + problem);
    }
    if (!_declared.emplace(desc.name, type).second) throw std::logic_error("metric " + desc.name + " declared twice");
}

family_of<counter>& registry::add_counter(descriptor desc) {
    declare(desc, metric_type::counter);
    return _counters.emplace_back(std::move(desc), [] { return counter{}; });
}

family_of<gauge>& registry::add_gauge(descriptor desc) {
    declare(desc, metric_type::gauge);
    return _gauges.emplace_back(std::move(desc), [] { return gauge{}; });
}

family_of<histogram>& registry::add_histogram(descriptor desc, std::vector<double> upper_bounds) {
    declare(desc, metric_type::histogram);
    histogram prototype(std::move(upper_bounds));  // checks the bounds now, not at first use
    return _histograms.emplace_back(std::move(desc), [prototype] { return prototype; });
}

void registry::add_collector(collector fn) { _collectors.push_back(std::move(fn)); }

snapshot registry::collect() const {
    snapshot snap;
    for (const auto& fam : _counters) {
        for (const auto& [values, cell] : fam.cells()) snap.of(fam.desc()).set(values, cell.value());
    }
    for (const auto& fam : _gauges) {
        for (const auto& [values, cell] : fam.cells()) snap.of(fam.desc()).set(values, cell.value());
    }
    for (const auto& fam : _histograms) {
        for (const auto& [values, cell] : fam.cells()) snap.of(fam.desc()).set_histogram(values, cell.value());
    }
    for (const auto& fn : _collectors) fn(snap);
    return snap;
}

std::string registry::expose() const { return render(collect()); }

std::vector<double> default_seconds_buckets() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace ravelin::cp::metrics
