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
//   IPv6 (RFC 8200) to the port's MAC or to a multicast MAC (33:33:..):
//     to the port's IPv6 address: ESP, ESP-in-UDP, else exception, as for IPv4
//     to a link-local address or ICMPv6 to a multicast group
//       (ND: NS/NA/RS/RA, MLD)              -> exception (the kernel answers), ND sender learnt
//     other multicast                       -> ignored
//     to someone else                       -> forward
//   other unicast to another MAC, other multicast, other ARP -> ignored
//
// UDP 4500 carries three things (RFC 3948 §2): IKE behind the 4-byte non-ESP
// marker, ESP (an SPI is never zero), and the one-byte NAT keepalive.
//
// The flow's protocol is the upper-layer one (RFC 4301 §4.4.1.1: IPv6
// extension headers are skipped, at most 8 of them, else malformed). Ports are
// those of TCP, UDP and SCTP. A non-first fragment (IPv4 offset != 0, IPv6
// fragment header offset != 0) or a first fragment too short to hold the ports
// has OPAQUE ports (RFC 4301 §4.4.1 "OPAQUE", §7): it matches only policies
// whose port selectors are ANY; reassembly is not done (as VPP's IPsec SPD
// without its reassembly feature).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::io {

using mac_address = std::array<std::uint8_t, 6>;

struct port_identity {
    mac_address mac{};
    std::uint32_t address = 0;  // IPv4, host order; 0: none
    lookup::wide_address address6;  // IPv6; all zero: none
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
    lookup::flow flow;              // forward and inbound: the 5-tuple
    // A neighbour to learn: ARP sender (family 4), ND sender or target with its
    // link-layer address option (family 6); family 0: none.
    std::uint8_t sender_family = 0;
    lookup::wide_address sender;
    mac_address sender_mac{};
};

[[nodiscard]] classified classify(std::span<const std::uint8_t> frame, const port_identity& port) noexcept;

inline constexpr std::uint16_t ether_ipv4 = 0x0800;
inline constexpr std::uint16_t ether_arp = 0x0806;
inline constexpr std::uint16_t ether_ipv6 = 0x86dd;

}  // namespace ravelin::dp::io
