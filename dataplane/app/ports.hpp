#pragma once
// Ports of ravelin-dp from the configuration, each with its exception TAP.
// Start-up code: errors are exceptions (std::runtime_error) with a message
// naming the port.

#include <rte_mempool.h>

#include <array>
#include <string>

#include "control-plane/config/model.hpp"
#include "dataplane/app/worker.hpp"

namespace ravelin::dp::app {

// Probes the device (a vdev string, or a PCI address probed by the EAL),
// creates the TAP "rv-<name>" with the port's MAC, gives the TAP the port's
// addresses (IPv4 and IPv6), and starts both with one RX/TX queue pair per
// worker. `neighbours`: the port's IPv4 and IPv6 neighbour tables.
port_runtime open_port(const cp::config::port_config& config, std::size_t index, std::uint16_t workers,
                       rte_mempool* pool, const std::array<io::neighbour_table*, 2>& neighbours);

std::string tap_name(const std::string& port_name);

}  // namespace ravelin::dp::app
