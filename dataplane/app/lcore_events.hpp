#pragma once
// What a worker tells the main lcore, which alone produces on the event ring:
// acquires (trap policy hit, rate-limited by the worker) and SA events of the
// worker's ESP engine (lifetimes, sequence overflow). One SPSC ring per worker,
// in process memory, same ring as the shared segment's.

#include <cstdint>

#include "common/shm/records.hpp"
#include "common/shm/spsc_ring.hpp"

namespace ravelin::dp::app {

struct lcore_event {
    common::shm::event_kind kind = common::shm::event_kind::none;
    std::uint32_t sa = 0;     // SA events: the SA index
    std::uint32_t reqid = 0;  // acquire: the trap policy's
    std::uint8_t ip_protocol = 0;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    common::shm::address_record src;
    common::shm::address_record dst;
};

using lcore_event_ring = common::shm::spsc_ring<lcore_event, 256>;

}  // namespace ravelin::dp::app
