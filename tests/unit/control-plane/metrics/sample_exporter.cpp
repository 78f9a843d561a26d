// A registry filled with sample data, for tests that need real exposition text
// from outside the unit binary: `promtool check metrics` (print) and a real
// Prometheus server scraping it (serve, tests/interop/metrics).
//   sample_exporter print
#include <iostream>
#include <string_view>

#include "control-plane/metrics/registry.hpp"

namespace {

using namespace ravelin::cp::metrics;

// Every kind of family, and label values that need escaping or are not UTF-8.
void fill_owned(registry& reg) {
    auto& events = reg.add_counter({"ravelin_sample_events_total", {}, {"event"}, "Sample events; HELP with \\ and\nnewline."});
    events.with({"plain"}).inc(3);
    events.with({"quote\" backslash\\ newline\n"}).inc();
    events.with({"caf\xC3\xA9 \xFF"}).inc();
    reg.add_gauge({"ravelin_sample_ratio", {}, {}, "A ratio."}).with({}).set(0.25);
    auto& durations = reg.add_histogram({"ravelin_sample_duration_seconds", {}, {"kind"}, "Durations."},
                                        default_seconds_buckets());
    for (double v : {0.0005, 0.02, 0.3, 7.0, 30.0}) durations.with({"a"}).observe(v);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    registry reg;
    fill_owned(reg);
    if (mode == "print") {
        std::cout << reg.expose();
        return 0;
    }
    std::cerr << "usage: sample_exporter print\n";
    return 2;
}
