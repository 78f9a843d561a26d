#pragma once
// ravelin-dp's counters on ravelin-ike's /metrics (docs/METRICS.md): the
// segment ring_sad has mapped, read without stopping the workers, and the SAs
// ring_sad sent with their counter slots. Registered by the daemon when its
// configuration has a dataplane section; until ravelin-dp is there, a scrape
// says ravelin_dp_attached 0.

#include <vector>

#include "control-plane/metrics/dataplane_collector.hpp"
#include "control-plane/sad/ring_sad.hpp"

namespace ravelin::cp::daemon {

class dataplane_metrics {
public:
    dataplane_metrics(const sad::ring_sad& ring, bool per_sa) : _ring(ring), _collector({.per_sa = per_sa}) {}
    void collect(metrics::snapshot& snap);

private:
    const sad::ring_sad& _ring;
    metrics::dataplane_collector _collector;
    std::vector<metrics::dataplane_sa> _sas;  // kept between scrapes for its capacity
};

}  // namespace ravelin::cp::daemon
