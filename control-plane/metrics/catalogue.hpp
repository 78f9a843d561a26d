#pragma once
// Every series Ravelin exports or plans to export: name, type, labels and HELP.
// Collectors take their descriptors from here, docs/METRICS.md lists the same
// entries (a unit test compares them), and the Grafana dashboard and alert
// rules in deploy/ may only name series found here.

#include <string_view>
#include <vector>

#include "control-plane/metrics/snapshot.hpp"

namespace ravelin::cp::metrics {

// planned: named and documented, not exported yet; dashboards may show them, they
// stay empty until exported. (Every entry is exported today.)
enum class availability { exported, planned };

struct catalogue_entry {
    descriptor desc;
    availability status = availability::exported;
};

const std::vector<catalogue_entry>& catalogue();

// The descriptor of a catalogue entry; a name not in the catalogue is a
// programming error (std::logic_error).
const descriptor& metric(std::string_view name);

}  // namespace ravelin::cp::metrics
