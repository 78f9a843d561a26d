#include "dataplane/io/neighbours.hpp"

#include <algorithm>

namespace ravelin::dp::io {
namespace {

constexpr std::uint64_t valid = 1ull << 63;
constexpr std::uint32_t state_free = 0;
constexpr std::uint32_t state_claiming = 1;
constexpr std::uint32_t state_set = 2;

std::size_t home(const lookup::wide_address& address) noexcept {
    const std::uint64_t mixed = (address.hi * 0xff51afd7ed558ccdull) ^ address.lo;
    return static_cast<std::size_t>((mixed * 0x9e3779b97f4a7c15ull) >> 56);
}

std::uint64_t pack(const mac_address& mac) noexcept {
    std::uint64_t v = 0;
    for (auto b : mac) v = v << 8 | b;
    return v | valid;
}

mac_address unpack(std::uint64_t v) noexcept {
    mac_address mac{};
    for (int i = 5; i >= 0; --i, v >>= 8) mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    return mac;
}

void put_be32(std::uint8_t* p, std::uint32_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v >> 24), p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8), p[3] = static_cast<std::uint8_t>(v);
}

void put_v6(std::uint8_t* p, const lookup::wide_address& a) noexcept {
    put_be32(p, static_cast<std::uint32_t>(a.hi >> 32));
    put_be32(p + 4, static_cast<std::uint32_t>(a.hi));
    put_be32(p + 8, static_cast<std::uint32_t>(a.lo >> 32));
    put_be32(p + 12, static_cast<std::uint32_t>(a.lo));
}

}  // namespace

// Linear probing. A slot being claimed has its address written by the
// claimant in the next two stores; the probe waits for them (a few
// instructions) rather than skipping the slot, so an address never gets two.
neighbour_table::slot* neighbour_table::probe(const lookup::wide_address& address, bool claim_free) noexcept {
    if (address.is_zero()) return nullptr;
    for (std::size_t i = home(address), n = 0; n < slots; i = (i + 1) % slots, ++n) {
        slot& s = _slots[i];
        std::uint32_t state = s.state.load(std::memory_order_acquire);
        if (state == state_free) {
            if (!claim_free) return nullptr;
            if (s.state.compare_exchange_strong(state, state_claiming, std::memory_order_acq_rel)) {
                s.hi.store(address.hi, std::memory_order_relaxed);
                s.lo.store(address.lo, std::memory_order_relaxed);
                s.state.store(state_set, std::memory_order_release);
                return &s;
            }
        }
        while (state != state_set) state = s.state.load(std::memory_order_acquire);
        if (s.hi.load(std::memory_order_relaxed) == address.hi && s.lo.load(std::memory_order_relaxed) == address.lo) {
            return &s;  // ours, or another worker claimed it for the same address
        }
    }
    return nullptr;
}

std::optional<mac_address> neighbour_table::find(const lookup::wide_address& address) const noexcept {
    // Without claim_free the probe never writes.
    const slot* s = const_cast<neighbour_table*>(this)->probe(address, false);
    if (s == nullptr) return std::nullopt;
    const std::uint64_t mac = s->mac.load(std::memory_order_acquire);
    if ((mac & valid) == 0) return std::nullopt;
    return unpack(mac);
}

bool neighbour_table::learn(const lookup::wide_address& address, const mac_address& mac) noexcept {
    slot* s = probe(address, true);
    if (s == nullptr) return false;
    const std::uint64_t packed = pack(mac);
    // A refresh (every ARP reply repeats the MAC) writes nothing: the slot and
    // the generation stay in every reader's cache.
    if (s->mac.load(std::memory_order_relaxed) == packed) return true;
    s->mac.store(packed, std::memory_order_release);
    // After the MAC: a reader that sees the new generation sees the new MAC.
    _generation.fetch_add(1, std::memory_order_release);
    return true;
}

// The generation is read before the table: a MAC changed in between leaves
// the copy tagged older than the table, so the next packet rebuilds it.
const next_hop_cache::header* next_hop_cache::find(const neighbour_table& table, const lookup::wide_address& address,
                                                    const mac_address& own, std::uint16_t ether_type) noexcept {
    const std::uint64_t generation = table.generation();
    if (_table == &table && _generation == generation && _address == address) return &_header;
    _table = nullptr;
    const auto mac = table.find(address);
    if (!mac) return nullptr;
    std::copy(mac->begin(), mac->end(), _header.begin());
    std::copy(own.begin(), own.end(), _header.begin() + 6);
    _header[12] = static_cast<std::uint8_t>(ether_type >> 8), _header[13] = static_cast<std::uint8_t>(ether_type);
    _table = &table, _address = address, _generation = generation;
    return &_header;
}

bool neighbour_table::should_request(const lookup::wide_address& address, std::uint64_t now,
                                     std::uint64_t interval) noexcept {
    slot* s = probe(address, true);
    if (s == nullptr) return false;
    std::uint64_t last = s->last_request.load(std::memory_order_relaxed);
    if (last != 0 && now - last < interval) return false;
    return s->last_request.compare_exchange_strong(last, now, std::memory_order_relaxed);
}

void build_arp_request(std::span<std::uint8_t, arp_request_size> frame, const mac_address& mac, std::uint32_t source,
                       std::uint32_t target) noexcept {
    std::uint8_t* p = frame.data();
    std::fill_n(p, frame.size(), std::uint8_t{0});
    std::fill_n(p, 6, std::uint8_t{0xff});
    std::copy(mac.begin(), mac.end(), p + 6);
    p[12] = 0x08, p[13] = 0x06;
    // RFC 826 request: Ethernet, IPv4, hlen 6, plen 4, op 1.
    std::uint8_t* arp = p + 14;
    arp[1] = 1, arp[2] = 0x08, arp[4] = 6, arp[5] = 4, arp[7] = 1;
    std::copy(mac.begin(), mac.end(), arp + 8);
    put_be32(arp + 14, source);
    put_be32(arp + 24, target);
}

void build_neighbour_solicitation(std::span<std::uint8_t, neighbour_solicitation_size> frame, const mac_address& mac,
                                  const lookup::wide_address& source, const lookup::wide_address& target) noexcept {
    std::uint8_t* p = frame.data();
    std::fill_n(p, frame.size(), std::uint8_t{0});
    std::uint8_t* ip = p + 14;
    std::uint8_t* icmp = ip + 40;
    // To the target's solicited-node group ff02::1:ffXX:XXXX (RFC 4291 §2.7.1),
    // at its multicast MAC 33:33:ff:XX:XX:XX (RFC 2464 §7).
    const std::uint32_t low24 = static_cast<std::uint32_t>(target.lo) & 0xffffff;
    const lookup::wide_address group{0xff02ull << 48, 0x1ff000000ull | low24};
    p[0] = 0x33, p[1] = 0x33;
    put_be32(p + 2, 0xff000000u | low24);
    std::copy(mac.begin(), mac.end(), p + 6);
    p[12] = 0x86, p[13] = 0xdd;
    ip[0] = 0x60, ip[5] = 32, ip[6] = 58, ip[7] = 255;  // payload 32, ICMPv6, hop limit 255 (RFC 4861 §7.1.1)
    put_v6(ip + 8, source);
    put_v6(ip + 24, group);
    icmp[0] = 135;  // RFC 4861 §4.3: type, code, checksum, reserved, target, options
    put_v6(icmp + 8, target);
    icmp[24] = 1, icmp[25] = 1;  // source link-layer address, 8 bytes
    std::copy(mac.begin(), mac.end(), icmp + 26);
    const std::uint16_t sum = icmpv6_checksum(frame.subspan(14));
    icmp[2] = static_cast<std::uint8_t>(sum >> 8), icmp[3] = static_cast<std::uint8_t>(sum);
}

std::uint16_t icmpv6_checksum(std::span<const std::uint8_t> packet) noexcept {
    // RFC 8200 §8.1 pseudo-header: addresses, upper-layer length, next header.
    const std::size_t length = packet.size() - 40;
    std::uint64_t sum = length + 58;
    for (std::size_t i = 8; i < 40; i += 2) sum += std::uint32_t{packet[i]} << 8 | packet[i + 1];
    for (std::size_t i = 40; i < packet.size(); i += 2) {
        if (i == 42) continue;  // the checksum field itself
        sum += std::uint32_t{packet[i]} << 8 | (i + 1 < packet.size() ? packet[i + 1] : 0u);
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

}  // namespace ravelin::dp::io
