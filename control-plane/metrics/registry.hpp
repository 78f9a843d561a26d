#pragma once
// The metrics registry: families the registry owns (counters, gauges and
// histograms that code updates as things happen) and collectors that owners
// register to be read at scrape time (the engine, the transport, the dataplane's
// shared-memory counters).
//
// Single-threaded by design: in ravelin-ike the HTTP endpoint, the engine and
// every collector run on the one io_context thread, so a collector reads engine
// state directly and nothing is locked.

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "control-plane/metrics/snapshot.hpp"

namespace ravelin::cp::metrics {

class counter {
public:
    // Counters only go up; a negative step is a programming error (std::logic_error).
    void inc(double by = 1);
    [[nodiscard]] double value() const noexcept { return _value; }

private:
    double _value = 0;
};

class gauge {
public:
    void set(double value) noexcept { _value = value; }
    void inc(double by = 1) noexcept { _value += by; }
    void dec(double by = 1) noexcept { _value -= by; }
    [[nodiscard]] double value() const noexcept { return _value; }

private:
    double _value = 0;
};

class histogram {
public:
    explicit histogram(std::vector<double> upper_bounds);
    void observe(double value);
    [[nodiscard]] const histogram_value& value() const noexcept { return _value; }

private:
    histogram_value _value;
};

// One family's children, one per label value set. References returned by
// with() stay valid for the registry's life (std::map nodes do not move).
template <typename Cell>
class family_of {
public:
    family_of(descriptor desc, std::function<Cell()> make) : _desc(std::move(desc)), _make(std::move(make)) {}

    Cell& with(const label_values& values) {
        if (values.size() != _desc.labels.size()) throw std::logic_error("metric " + _desc.name + ": label arity");
        auto found = _cells.find(values);
        if (found == _cells.end()) found = _cells.emplace(values, _make()).first;
        return found->second;
    }
    [[nodiscard]] const descriptor& desc() const noexcept { return _desc; }
    [[nodiscard]] const std::map<label_values, Cell>& cells() const noexcept { return _cells; }

private:
    descriptor _desc;
    std::function<Cell()> _make;
    std::map<label_values, Cell> _cells;
};

using collector = std::function<void(snapshot&)>;

class registry {
public:
    // Declaring a family checks its name and labels (std::logic_error if they
    // break the naming rules or clash with a family already declared).
    family_of<counter>& add_counter(descriptor desc);
    family_of<gauge>& add_gauge(descriptor desc);
    family_of<histogram>& add_histogram(descriptor desc, std::vector<double> upper_bounds);

    // Called on every scrape, in registration order, after the owned families.
    void add_collector(collector fn);

    [[nodiscard]] snapshot collect() const;
    // The exposition text of collect(): what GET /metrics answers.
    [[nodiscard]] std::string expose() const;

private:
    void declare(descriptor& desc, metric_type type);

    std::map<std::string, metric_type> _declared;
    std::deque<family_of<counter>> _counters;
    std::deque<family_of<gauge>> _gauges;
    std::deque<family_of<histogram>> _histograms;
    std::vector<collector> _collectors;
};

// Default buckets for durations in seconds, from 1 ms to 10 s.
std::vector<double> default_seconds_buckets();

}  // namespace ravelin::cp::metrics
