#pragma once
// A worker lcore: one RX/TX queue pair on every port and every exception TAP.
//   port RX burst -> classify -> exception (TAP TX) / inbound ESP / forward (SPD, route, next hop) -> TX burst
//   TAP RX burst (what the kernel sends: ARP and ICMP replies, IKE) -> port TX burst
// Per packet: no allocation (mbufs come from the pool), no locks, no exceptions,
// no virtual calls. Every drop is counted in the lcore's counter block.

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include <atomic>
#include <cstdint>
#include <span>

#include "common/shm/records.hpp"
#include "dataplane/app/lcore_events.hpp"
#include "dataplane/io/classify.hpp"
#include "dataplane/io/neighbours.hpp"
#include "dataplane/lookup/spd.hpp"
#include "dataplane/lookup/spi_table.hpp"

namespace ravelin::dp::ipsec {
class esp_engine;
}

namespace ravelin::dp::app {

inline constexpr std::size_t max_ports = 8;

struct port_runtime {
    std::uint16_t port_id = 0;
    std::uint16_t tap_id = 0;
    io::port_identity identity;
    std::uint32_t network = 0;  // host order
    std::uint32_t netmask = 0;
    std::uint32_t gateway = 0;  // 0: none
    io::neighbour_table* neighbours = nullptr;
};

struct worker_context {
    std::uint16_t queue = 0;
    unsigned thread_id = 0;  // QSBR reader id
    std::span<port_runtime> ports;
    const lookup::spd_publisher* spd = nullptr;
    const lookup::spi_table* sad = nullptr;
    rte_rcu_qsbr* qsbr = nullptr;
    common::shm::lcore_counter_block* counters = nullptr;
    rte_mempool* pool = nullptr;
    std::uint64_t arp_interval = 0;  // TSC cycles between ARP requests for one address
    const std::atomic<bool>* stop = nullptr;
    // The ESP engine of this lcore (null: ravelin-dp built without it) and the
    // reqid of every SA index, for the inbound inner-policy check.
    ipsec::esp_engine* engine = nullptr;
    const std::uint32_t* sa_reqid = nullptr;
    // To the main lcore: acquires and SA events (this worker produces).
    lcore_event_ring* events = nullptr;
    std::uint64_t acquire_interval = 0;  // TSC cycles between acquires for one reqid
    // Adaptive polling (VPP's "adaptive" mode, roughly): after idle_rounds_before_sleep
    // rounds without a packet, sleep this long between rounds. 0: always busy-poll.
    unsigned idle_sleep_us = 0;
};

// rte_eal_remote_launch entry point; `arg` is a worker_context.
int worker_main(void* arg);

}  // namespace ravelin::dp::app
