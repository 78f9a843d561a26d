#pragma once
// Maps ravelin-dp's counters in the shared-memory segment (common/shm) to the
// catalogue (docs/METRICS.md). A scrape only loads: relaxed atomic loads of
// counters each written by one lcore, acquire loads of ring indices; it never
// writes to the segment and never waits, so the workers run on undisturbed.
// Each value is read whole; the values of one scrape are not a snapshot across
// lcores (a packet may be counted as received and not yet as sent).
//
// The daemon registers, when its configuration has a dataplane section:
//   dataplane_collector dp({.per_sa = config.metrics_per_sa});
//   reg.add_collector([&](snapshot& s) { dp.collect(ring.layout(), ring.counter_slots(), s); });

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "common/shm/segment.hpp"
#include "control-plane/metrics/snapshot.hpp"

namespace ravelin::cp::metrics {

// One installed SA as ravelin-ike knows it: the counter slot it chose for it.
struct dataplane_sa {
    std::uint32_t counter_slot = 0;
    std::uint32_t spi = 0;
    bool inbound = true;
};

struct dataplane_options {
    // One series per SA (packets, bytes, drops): off by default, since a
    // concentrator may hold 100,000 SAs; the totals by direction are always there.
    bool per_sa = false;
};

// Per lcore: RX/TX, forwarding paths, drops and ESP drops by reason, polls;
// lifetime events; ring depth and capacity. Stateless.
void collect_lcores_and_rings(const common::shm::segment_layout& layout, snapshot& snap);

// ESP packets and bytes by direction over every SA, past ones included, and,
// with per_sa, each SA's own. Remembers what the SAs of the last scrape had
// counted, so the totals keep what a deleted SA carried (counters never go
// down while the dataplane runs; a new dataplane generation starts them at 0).
class dataplane_collector {
public:
    explicit dataplane_collector(dataplane_options options = {}) : _options(options) {}

    // Everything: also ravelin_dp_attached 1. `sas` are the SAs installed now.
    void collect(const common::shm::segment_layout& layout, const std::vector<dataplane_sa>& sas,
                 snapshot& snap);
    // Attached to no segment (ravelin-dp not started yet): ravelin_dp_attached 0 and nothing else.
    static void collect_detached(snapshot& snap);

private:
    struct usage {
        std::uint64_t packets = 0;
        std::uint64_t bytes = 0;
    };
    struct seen {
        std::uint64_t tag = 0;
        bool inbound = true;
        usage last;
    };

    void collect_sas(const common::shm::segment_layout& layout, const std::vector<dataplane_sa>& sas,
                     snapshot& snap);
    void retire_gone(const std::unordered_map<std::uint32_t, seen>& now);

    dataplane_options _options;
    std::uint64_t _generation = 0;
    std::unordered_map<std::uint32_t, seen> _seen;  // by counter slot, as of the last scrape
    std::array<usage, 2> _retired{};      // [inbound]: what SAs no longer installed had counted
};

}  // namespace ravelin::cp::metrics
