#include "control-plane/metrics/snapshot.hpp"

#include <stdexcept>

namespace ravelin::cp::metrics {

family::family(descriptor desc) : _desc(std::move(desc)) {
    if (auto problem = naming_problem(_desc.name, _desc.type, _desc.labels); !problem.empty()) {
        throw std::logic_error("metric " + _desc.name + ": " + problem);
    }
}

void family::check_arity(const label_values& values, bool histogram) const {
    if (values.size() != _desc.labels.size()) {
        throw std::logic_error("metric " + _desc.name + ": " + std::to_string(values.size()) +
                               " label values for " + std::to_string(_desc.labels.size()) + " labels");
    }
    if (histogram != (_desc.type == metric_type::histogram)) {
        throw std::logic_error("metric " + _desc.name + ": sample kind does not match its type");
    }
}

void family::add(const label_values& values, double value) {
    check_arity(values, false);
    _values[values] += value;
}

void family::set(const label_values& values, double value) {
    check_arity(values, false);
    _values[values] = value;
}

void family::set_histogram(const label_values& values, histogram_value value) {
    check_arity(values, true);
    if (value.counts.size() != value.upper_bounds.size() + 1) {
        throw std::logic_error("metric " + _desc.name + ": one count per bucket plus +Inf");
    }
    _histograms[values] = std::move(value);
}

family& snapshot::of(const descriptor& desc) {
    if (auto found = _families.find(desc.name); found != _families.end()) {
        const descriptor& known = found->second.desc();
        if (known.type != desc.type || known.labels != desc.labels) {
            throw std::logic_error("metric " + desc.name + " declared twice with different type or labels");
        }
        return found->second;
    }
    return _families.emplace(desc.name, family(desc)).first->second;
}

const family* snapshot::find(std::string_view name) const {
    auto found = _families.find(name);
    return found == _families.end() ? nullptr : &found->second;
}

}  // namespace ravelin::cp::metrics
