#include "dataplane/app/ports.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
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

// Several queues: RSS over IP addresses and TCP/UDP ports where the device
// hashes (NICs); net_af_packet spreads flows itself (the kernel's fanout hash)
// and net_tap by the kernel's queue selection, so they are left as they are.
rte_eth_conf queue_conf(std::uint16_t id, std::uint16_t queues) {
    rte_eth_conf conf{};
    rte_eth_dev_info info{};
    if (queues < 2 || rte_eth_dev_info_get(id, &info) != 0) return conf;
    const std::uint64_t wanted = RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP;
    if ((info.flow_type_rss_offloads & wanted) == 0) return conf;
    conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
    conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads & wanted;  // the device's default key
    return conf;
}

void start(const std::string& port, std::uint16_t id, std::uint16_t queues, rte_mempool* pool) {
    const rte_eth_conf conf = queue_conf(id, queues);
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

// Runs `request` on a socket of `family`; errno-style failure names the port.
template <typename Request>
void tap_ioctl(const std::string& port, const std::string& what, int family, Request request) {
    const int sock = ::socket(family, SOCK_DGRAM, 0);
    if (sock < 0) fail(port, "socket", errno);
    const int rc = request(sock);
    const int error = errno;
    ::close(sock);
    if (rc != 0) fail(port, what, error);
}

// The kernel side of the TAP gets the port's addresses, so it answers ARP, ND
// and ping and ravelin-ike's sockets bind to them.
void address_tap_v4(const std::string& port, const std::string& ifname, const cp::config::interface_address& address) {
    tap_ioctl(port, "IPv4 address on " + ifname, AF_INET, [&](int sock) {
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
        auto* sin = reinterpret_cast<sockaddr_in*>(&ifr.ifr_addr);
        sin->sin_family = AF_INET;
        std::memcpy(&sin->sin_addr, address.address.bytes().data(), 4);
        int rc = ::ioctl(sock, SIOCSIFADDR, &ifr);
        if (rc != 0) return rc;
        sin->sin_addr.s_addr = htonl(address.prefix_length == 0 ? 0 : ~0u << (32 - address.prefix_length));
        return ::ioctl(sock, SIOCSIFNETMASK, &ifr);
    });
}

// No duplicate address detection on the TAP: the address would stay
// tentative (unusable for bind and unanswered in ND) for a second or more,
// and the port's link is ravelin-dp's to own anyway.
void address_tap_v6(const std::string& port, const std::string& ifname, const cp::config::interface_address& address) {
    if (FILE* dad = std::fopen(("/proc/sys/net/ipv6/conf/" + ifname + "/accept_dad").c_str(), "w")) {
        std::fputs("0", dad);
        std::fclose(dad);
    }
    struct in6_ifreq {  // linux/ipv6.h, which does not mix with netinet/in.h
        in6_addr addr;
        std::uint32_t prefix_length;
        int ifindex;
    };
    tap_ioctl(port, "IPv6 address on " + ifname, AF_INET6, [&](int sock) {
        in6_ifreq req{};
        std::memcpy(&req.addr, address.address.bytes().data(), 16);
        req.prefix_length = address.prefix_length;
        req.ifindex = static_cast<int>(::if_nametoindex(ifname.c_str()));
        return ::ioctl(sock, SIOCSIFADDR, &req);
    });
}

void bring_up(const std::string& port, const std::string& ifname) {
    tap_ioctl(port, "bringing up " + ifname, AF_INET, [&](int sock) {
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
        int rc = ::ioctl(sock, SIOCGIFFLAGS, &ifr);
        if (rc != 0) return rc;
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
        return ::ioctl(sock, SIOCSIFFLAGS, &ifr);
    });
}

lookup::wide_address widen(const common::ip_address& address) {
    const auto b = address.bytes();
    return address.is_v4() ? lookup::widen_v4(b.data()) : lookup::widen_v6(b.data());
}

// The routing view of one family of the port's configuration.
port_family family_of(const cp::config::port_config& config, common::ip_family family, io::neighbour_table& table) {
    port_family out;
    out.neighbours = &table;
    const auto* address = config.address_of(family);
    if (address == nullptr) return out;
    out.address = widen(address->address);
    out.netmask = lookup::prefix_mask(address->address.is_v4() ? 4 : 6, address->prefix_length);
    out.network = out.address & out.netmask;
    if (const auto* gateway = config.gateway_of(family)) out.gateway = widen(*gateway);
    return out;
}

}  // namespace

std::string tap_name(const std::string& port_name) { return ("rv-" + port_name).substr(0, IFNAMSIZ - 1); }

port_runtime open_port(const cp::config::port_config& config, std::size_t index, std::uint16_t workers,
                       rte_mempool* pool, const std::array<io::neighbour_table*, 2>& neighbours) {
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
    if (const auto* v4 = config.address_of(common::ip_family::v4)) address_tap_v4(config.name, ifname, *v4);
    if (const auto* v6 = config.address_of(common::ip_family::v6)) address_tap_v6(config.name, ifname, *v6);
    bring_up(config.name, ifname);

    port.family[0] = family_of(config, common::ip_family::v4, *neighbours[0]);
    port.family[1] = family_of(config, common::ip_family::v6, *neighbours[1]);
    port.identity.address = static_cast<std::uint32_t>(port.family[0].address.lo);
    port.identity.address6 = port.family[1].address;
    port.mtu = config.mtu;
    return port;
}

}  // namespace ravelin::dp::app
