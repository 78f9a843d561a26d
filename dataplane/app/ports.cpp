#include "dataplane/app/ports.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace ravelin::dp::app {
namespace {

constexpr std::uint16_t ring_size = 512;

[[noreturn]] void fail(const std::string& port, const std::string& what, int error) {
    throw std::runtime_error(fmt::format("port {}: {}: {}", port, what, std::strerror(error < 0 ? -error : error)));
}

bool is_vdev(const std::string& device) { return device.rfind("net_", 0) == 0; }

// net_af_packet serves several queues only if asked for them at probe time.
std::string with_queues(std::string device, std::uint16_t workers) {
    if (device.rfind("net_af_packet", 0) == 0 && device.find("qpairs=") == std::string::npos) {
        device += fmt::format(",qpairs={}", workers);
    }
    return device;
}

std::uint16_t probe(const std::string& port, const std::string& device) {
    if (is_vdev(device)) {
        const int rc = rte_dev_probe(device.c_str());
        if (rc < 0) fail(port, "cannot probe " + device, rc);
    }
    const std::string name = device.substr(0, device.find(','));
    std::uint16_t id = 0;
    const int rc = rte_eth_dev_get_port_by_name(name.c_str(), &id);
    if (rc != 0) fail(port, "no ethdev named " + name, rc);
    return id;
}

void start(const std::string& port, std::uint16_t id, std::uint16_t queues, rte_mempool* pool) {
    rte_eth_conf conf{};
    int rc = rte_eth_dev_configure(id, queues, queues, &conf);
    if (rc < 0) fail(port, "configure", rc);
    for (std::uint16_t q = 0; q < queues; ++q) {
        rc = rte_eth_rx_queue_setup(id, q, ring_size, rte_eth_dev_socket_id(id), nullptr, pool);
        if (rc < 0) fail(port, fmt::format("RX queue {}", q), rc);
        rc = rte_eth_tx_queue_setup(id, q, ring_size, rte_eth_dev_socket_id(id), nullptr);
        if (rc < 0) fail(port, fmt::format("TX queue {}", q), rc);
    }
    rc = rte_eth_dev_start(id);
    if (rc < 0) fail(port, "start", rc);
}

// The kernel side of the TAP gets the port's address, so it answers ARP and ping
// and ravelin-ike's sockets bind to it.
void address_tap(const std::string& port, const std::string& ifname, const cp::config::interface_address& address) {
    const int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (sock < 0) fail(port, "socket", errno);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    auto* sin = reinterpret_cast<sockaddr_in*>(&ifr.ifr_addr);
    sin->sin_family = AF_INET;
    std::memcpy(&sin->sin_addr, address.address.bytes().data(), 4);
    int rc = ::ioctl(sock, SIOCSIFADDR, &ifr);
    if (rc == 0) {
        sin->sin_addr.s_addr = htonl(address.prefix_length == 0 ? 0 : ~0u << (32 - address.prefix_length));
        rc = ::ioctl(sock, SIOCSIFNETMASK, &ifr);
    }
    if (rc == 0) rc = ::ioctl(sock, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
        rc = ::ioctl(sock, SIOCSIFFLAGS, &ifr);
    }
    const int error = errno;
    ::close(sock);
    if (rc != 0) fail(port, "address on " + ifname, error);
}

std::uint32_t host_order(const common::ip_address& address) {
    const auto b = address.bytes();
    return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

}  // namespace

std::string tap_name(const std::string& port_name) { return ("rv-" + port_name).substr(0, IFNAMSIZ - 1); }

port_runtime open_port(const cp::config::port_config& config, std::size_t index, std::uint16_t workers,
                       rte_mempool* pool, io::neighbour_table& neighbours) {
    if (!config.address.address.is_v4()) {
        throw std::runtime_error("port " + config.name + ": only IPv4 port addresses are supported so far");
    }
    port_runtime port;
    port.port_id = probe(config.name, with_queues(config.device, workers));
    rte_ether_addr mac{};
    if (rte_eth_macaddr_get(port.port_id, &mac) != 0) fail(config.name, "MAC address", EINVAL);
    std::copy(std::begin(mac.addr_bytes), std::end(mac.addr_bytes), port.identity.mac.begin());

    const std::string ifname = tap_name(config.name);
    const std::string tap = fmt::format("net_tap{},iface={},mac={:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", index,
                                        ifname, mac.addr_bytes[0], mac.addr_bytes[1], mac.addr_bytes[2],
                                        mac.addr_bytes[3], mac.addr_bytes[4], mac.addr_bytes[5]);
    port.tap_id = probe(config.name, tap);

    start(config.name, port.port_id, workers, pool);
    start(config.name, port.tap_id, workers, pool);
    address_tap(config.name, ifname, config.address);

    port.identity.address = host_order(config.address.address);
    const unsigned length = config.address.prefix_length;
    port.netmask = length == 0 ? 0 : ~0u << (32 - length);
    port.network = port.identity.address & port.netmask;
    if (config.gateway && config.gateway->is_v4()) port.gateway = host_order(*config.gateway);
    port.neighbours = &neighbours;
    return port;
}

}  // namespace ravelin::dp::app
