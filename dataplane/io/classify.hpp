#pragma once
// First look at a received Ethernet frame: where does it go? Pure function over
// bytes (no DPDK), so every case is unit-tested.
//
//   ARP for the port's address              -> exception (the kernel answers), sender learnt
//   IPv4 to the port's address:
//     ESP (protocol 50)                     -> inbound ESP
//     UDP 4500, first four bytes not zero,
//     not a one-byte 0xFF keepalive         -> inbound ESP-in-UDP (RFC 3948 §2.2)
//     anything else (IKE, ICMP, ...)        -> exception
//   IPv4 to someone else                    -> forward (SPD decides: protect, bypass, discard)
//   IPv6                                    -> exception (IPv6 forwarding is not done yet)
//   other unicast to another MAC, other multicast, other ARP -> ignored
//
// UDP 4500 carries three things (RFC 3948 §2): IKE behind the 4-byte non-ESP
// marker, ESP (an SPI is never zero), and the one-byte NAT keepalive.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::io {

using mac_address = std::array<std::uint8_t, 6>;

struct port_identity {
    mac_address mac{};
    std::uint32_t address = 0;  // IPv4, host order
};

enum class frame_class : std::uint8_t {
    exception,
    inbound_esp,
    inbound_esp_udp,
    forward,
    ignored,
    malformed,
    ttl_expired,
};

struct classified {
    frame_class what = frame_class::malformed;
    std::uint16_t l3_offset = 14;
    std::uint16_t esp_offset = 0;   // inbound: where the ESP header starts
    lookup::flow flow;              // forward and inbound: the IPv4 5-tuple
    std::uint32_t arp_sender = 0;   // ARP: sender protocol address (host order), 0 if none
    mac_address arp_sender_mac{};
};

[[nodiscard]] classified classify(std::span<const std::uint8_t> frame, const port_identity& port) noexcept;

inline constexpr std::uint16_t ether_ipv4 = 0x0800;
inline constexpr std::uint16_t ether_arp = 0x0806;
inline constexpr std::uint16_t ether_ipv6 = 0x86dd;

}  // namespace ravelin::dp::io
