#pragma once
// A worker lcore: one RX/TX queue pair on every port and every exception TAP.
//   port RX burst -> classify -> exception (TAP TX) / inbound ESP / forward (SPD per burst, route, next hop) -> TX burst
//   TAP RX burst (what the kernel sends: ARP and ICMP replies, IKE) -> port TX burst
// Per packet: no allocation (mbufs come from the pool), no locks, no exceptions,
// no virtual calls. Every drop is counted in the lcore's counter block.
//
// An SA's state has one writer (sa_runtime): the worker that owns it, SA index
// modulo the number of workers. A worker that receives traffic for an SA it
// does not own, inbound ESP or plaintext for an outbound SA (RSS spreads flows,
// not SAs), passes the packet to the owner's handoff ring (VPP's IPsec
// handoff); the owner runs the ESP engine on it and sends it.

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include <array>
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

// One address family of a port (IPv4 in the low 32 bits of the wide addresses).
struct port_family {
    lookup::wide_address address;  // zero: the family is not configured on the port
    lookup::wide_address netmask;
    lookup::wide_address network;
    lookup::wide_address gateway;  // zero: none
    io::neighbour_table* neighbours = nullptr;

    [[nodiscard]] bool on_link(const lookup::wide_address& a) const noexcept {
        return !address.is_zero() && (a & netmask) == network;
    }
};

inline std::size_t family_index(std::uint8_t family) noexcept { return family == 6 ? 1 : 0; }

struct port_runtime {
    std::uint16_t port_id = 0;
    std::uint16_t tap_id = 0;
    io::port_identity identity;
    std::array<port_family, 2> family;  // [0] IPv4, [1] IPv6: family_index()
    std::uint16_t mtu = 1500;           // IP MTU of the port's link (configuration)
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
    std::uint64_t arp_interval = 0;  // TSC cycles between ARP/ND requests for one address
    const std::atomic<bool>* stop = nullptr;
    // The ESP engine of this lcore (null: ravelin-dp built without it) and the
    // reqid of every SA index, for the inbound inner-policy check.
    ipsec::esp_engine* engine = nullptr;
    const std::uint32_t* sa_reqid = nullptr;
    // To the main lcore: acquires and SA events (this worker produces).
    lcore_event_ring* events = nullptr;
    // Every worker's handoff ring (multi-producer, this worker consumes its own,
    // handoff[thread_id]); the size is the number of workers.
    std::span<rte_ring* const> handoff;
    std::uint64_t acquire_interval = 0;  // TSC cycles between acquires for one reqid
    // Adaptive polling (VPP's "adaptive" mode, roughly): after idle_rounds_before_sleep
    // rounds without a packet, sleep this long between rounds. 0: always busy-poll.
    unsigned idle_sleep_us = 0;
};

// rte_eal_remote_launch entry point; `arg` is a worker_context.
int worker_main(void* arg);

}  // namespace ravelin::dp::app
