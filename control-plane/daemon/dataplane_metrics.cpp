#include "control-plane/daemon/dataplane_metrics.hpp"

namespace ravelin::cp::daemon {

void dataplane_metrics::collect(metrics::snapshot& snap) {
    const common::shm::segment_layout* layout = _ring.layout();
    if (layout == nullptr) {
        metrics::dataplane_collector::collect_detached(snap);
        return;
    }
    _sas.clear();
    _ring.for_each_sa([this](ike::protocol_id, sad::spi id, sad::direction dir, std::uint32_t slot) {
        _sas.push_back({.counter_slot = slot, .spi = id.value, .inbound = dir == sad::direction::inbound});
    });
    _collector.collect(*layout, _sas, snap);
}

}  // namespace ravelin::cp::daemon
