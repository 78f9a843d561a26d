#pragma once
// Neighbour table of one port and one family: next-hop address -> MAC, learnt
// from ARP (IPv4) or Neighbour Discovery (IPv6, RFC 4861) seen by any worker,
// read by every worker. Lock-free with several writers: an address claims a
// slot with compare-and-swap on the slot's state, then writes its two address
// words and publishes them; the MAC is one 64-bit store. Fixed size, never
// shrinks (a gateway has few next hops; stated limit).
//
// Also the requests that resolve a next hop: an ARP request (RFC 826) and a
// Neighbour Solicitation (RFC 4861 §4.3, §7.2.2), built into a caller's buffer.

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <span>

#include "dataplane/io/classify.hpp"

namespace ravelin::dp::io {

class neighbour_table {
public:
    static constexpr std::size_t slots = 256;

    [[nodiscard]] std::optional<mac_address> find(const lookup::wide_address& address) const noexcept;
    // Records (or refreshes) a MAC; false when the table is full.
    bool learn(const lookup::wide_address& address, const mac_address& mac) noexcept;
    // True at most once per `interval` per address, for whoever should send
    // the next ARP request (also claims a slot for the address).
    bool should_request(const lookup::wide_address& address, std::uint64_t now, std::uint64_t interval) noexcept;
    // Bumped after any address's MAC changes (learnt first, or replaced; a
    // refresh with the same MAC is no change): a next_hop_cache whose copy is
    // older rebuilds it.
    [[nodiscard]] std::uint64_t generation() const noexcept { return _generation.load(std::memory_order_acquire); }

    // IPv4 (host order) for short.
    [[nodiscard]] std::optional<mac_address> find(std::uint32_t v4) const noexcept { return find(key(v4)); }
    bool learn(std::uint32_t v4, const mac_address& mac) noexcept { return learn(key(v4), mac); }
    bool should_request(std::uint32_t v4, std::uint64_t now, std::uint64_t interval) noexcept {
        return should_request(key(v4), now, interval);
    }

private:
    static lookup::wide_address key(std::uint32_t v4) noexcept { return {0, v4}; }
    struct slot {
        std::atomic<std::uint32_t> state{0};  // 0: free, 1: being claimed, 2: address set
        std::atomic<std::uint64_t> hi{0};
        std::atomic<std::uint64_t> lo{0};
        std::atomic<std::uint64_t> mac{0};  // bit 63: valid
        std::atomic<std::uint64_t> last_request{0};
    };
    // The slot holding `address`, claiming a free one if `claim_free`.
    slot* probe(const lookup::wide_address& address, bool claim_free) noexcept;

    std::array<slot, slots> _slots{};
    alignas(64) std::atomic<std::uint64_t> _generation{0};  // own cache line: read per packet, written on change
};

// One worker's rewrite of one port and family's next hop (VPP's adjacency
// rewrite string): destination MAC, the port's MAC and the EtherType, built
// once and reused while the table's generation stands still, so a packet
// costs a load and two compares instead of a hash probe and a MAC copy.
// Single-threaded (one per worker, port and family).
class next_hop_cache {
public:
    using header = std::array<std::uint8_t, 14>;

    // The Ethernet header towards `address`, or null if the table does not know its MAC.
    [[nodiscard]] const header* find(const neighbour_table& table, const lookup::wide_address& address,
                                     const mac_address& own, std::uint16_t ether_type) noexcept;

private:
    const neighbour_table* _table = nullptr;  // null: empty
    lookup::wide_address _address;
    std::uint64_t _generation = 0;
    header _header{};
};

// Frame sizes of the two requests (ARP padded to the Ethernet minimum).
inline constexpr std::size_t arp_request_size = 60;
inline constexpr std::size_t neighbour_solicitation_size = 14 + 40 + 32;

// Writes an ARP request for `target` (IPv4, host order) from the port.
void build_arp_request(std::span<std::uint8_t, arp_request_size> frame, const mac_address& mac, std::uint32_t source,
                       std::uint32_t target) noexcept;
// Writes a multicast Neighbour Solicitation for `target` from `source` (the
// port's IPv6 address) with the source link-layer address option.
void build_neighbour_solicitation(std::span<std::uint8_t, neighbour_solicitation_size> frame, const mac_address& mac,
                                  const lookup::wide_address& source, const lookup::wide_address& target) noexcept;

// RFC 4443 §2.3 checksum of an ICMPv6 message in an IPv6 packet without
// extension headers (`packet` is the IPv6 header and its payload).
std::uint16_t icmpv6_checksum(std::span<const std::uint8_t> packet) noexcept;

}  // namespace ravelin::dp::io
