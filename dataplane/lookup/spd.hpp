#pragma once
// SPD: policies compiled into an immutable snapshot that workers read without
// locks; the main lcore builds a new snapshot on every change, publishes it
// with one release store and frees the old one after a grace period.
//
// Matching (RFC 4301 §4.4.1 selectors: address ranges, protocol, port ranges;
// the lowest priority value wins) is DPDK's rte_acl, one classifier per family
// and direction (spd_acl.hpp), so lookups stay in the tens of nanoseconds at
// thousands of policies (docs/PERFORMANCE.md); a handful of policies
// (spd_acl::linear_limit) is scanned in order instead, which is cheaper. Limit, stated: every change
// rebuilds the classifiers, so policy installs cost O(n) (milliseconds at
// thousands of policies).

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "common/shm/records.hpp"
#include "dataplane/lookup/spd_acl.hpp"
#include "dataplane/lookup/spi_table.hpp"

namespace ravelin::dp::lookup {

// A 128-bit address as a number: IPv4 in the low 32 bits.
struct wide_address {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    friend auto operator<=>(const wide_address&, const wide_address&) = default;
    friend wide_address operator&(const wide_address& a, const wide_address& b) noexcept {
        return {a.hi & b.hi, a.lo & b.lo};
    }
    [[nodiscard]] bool is_zero() const noexcept { return hi == 0 && lo == 0; }
};

// The netmask of a prefix length: IPv4 in the low 32 bits, IPv6 over all 128.
wide_address prefix_mask(std::uint8_t family, unsigned length) noexcept;

wide_address widen(const common::shm::address_record& address) noexcept;
wide_address widen_v4(const std::uint8_t* bytes) noexcept;
wide_address widen_v6(const std::uint8_t* bytes) noexcept;

// The 5-tuple of a packet, in the packet's own direction.
struct flow {
    std::uint8_t family = 4;  // 4 or 6
    wide_address src;
    wide_address dst;
    std::uint8_t protocol = 0;
    std::uint16_t src_port = 0;  // host order; 0 for protocols without ports
    std::uint16_t dst_port = 0;
    // Non-first fragment (or too short for its ports): RFC 4301 §4.4.1 OPAQUE
    // ports, which match only ANY port selectors.
    bool opaque_ports = false;
};

struct compiled_selector {
    std::uint8_t family = 4;
    wide_address low;
    wide_address high;
    std::uint8_t protocol = 0;  // 0: any
    std::uint16_t port_low = 0;
    std::uint16_t port_high = 65535;

    [[nodiscard]] bool any_port() const noexcept { return port_low == 0 && port_high == 65535; }
    // low <= address <= high as two 128-bit compares: the lexicographic
    // operator<=> of the two words branched per word in the workers' scans.
    [[nodiscard]] bool within(const wide_address& address) const noexcept {
        using u128 = unsigned __int128;
        const u128 a = u128{address.hi} << 64 | address.lo;
        return (u128{low.hi} << 64 | low.lo) <= a && a <= (u128{high.hi} << 64 | high.lo);
    }
    [[nodiscard]] bool matches(std::uint8_t fam, const wide_address& address, std::uint8_t proto, std::uint16_t port,
                               bool opaque_port) const noexcept {
        return family == fam && within(address) && (protocol == 0 || protocol == proto) &&
               (opaque_port ? any_port() : port_low <= port && port <= port_high);
    }
};

compiled_selector compile(const common::shm::selector_record& selector) noexcept;

struct spd_entry {
    compiled_selector local;
    compiled_selector remote;
    common::shm::action_code action = common::shm::action_code::discard;
    std::uint32_t reqid = 0;
    std::uint32_t priority = 0;
    std::uint32_t sa = no_sa;  // outbound protect: the SA carrying this policy's traffic

    // The selectors against a flow, outbound (local = source) or inbound (local = destination).
    [[nodiscard]] bool matches(const flow& f, bool outbound) const noexcept {
        return local.matches(f.family, outbound ? f.src : f.dst, f.protocol, outbound ? f.src_port : f.dst_port,
                             f.opaque_ports) &&
               remote.matches(f.family, outbound ? f.dst : f.src, f.protocol, outbound ? f.dst_port : f.src_port,
                              f.opaque_ports);
    }
};

struct spd_snapshot {
    std::vector<spd_entry> outbound;  // sorted by priority, lowest first, by build()
    std::vector<spd_entry> inbound;

    // Sorts both lists by priority (stable: equal priorities keep their order)
    // and compiles the classifiers; publish() calls it if nobody did. False if
    // DPDK refused a classifier (then its family and direction match nothing:
    // fail closed).
    bool build();
    // Sorts, and shares `previous`'s classifiers instead of compiling: for a
    // snapshot with the same policies in the same order, whose entries differ
    // only in their SA bindings (an SA added or deleted). Compiling takes
    // milliseconds to a second at thousands of policies; this takes a copy.
    void build_reusing(const spd_snapshot& previous);
    [[nodiscard]] bool built() const noexcept { return _acl != nullptr; }

    // Outbound: local selector against the source, remote against the destination.
    [[nodiscard]] const spd_entry* match_outbound(const flow& f) const noexcept;
    // Inbound (inner check after decryption): local against the destination.
    [[nodiscard]] const spd_entry* match_inbound(const flow& f) const noexcept;
    // match_outbound() of every flow of a burst (at most spd_acl::max_burst), in one classifier call per family.
    void match_outbound_burst(std::span<const flow> flows, std::span<const spd_entry*> hits) const noexcept;

private:
    void sort();
    // [outbound v4, outbound v6, inbound v4, inbound v6]; shared by snapshots with the same policies.
    std::shared_ptr<const std::array<spd_acl, 4>> _acl;
};

class spd_publisher {
public:
    explicit spd_publisher(std::function<void()> wait_for_readers);
    ~spd_publisher();

    [[nodiscard]] const spd_snapshot* current() const noexcept { return _current.load(std::memory_order_acquire); }
    // Builds, publishes, waits for readers of the old snapshot, frees it.
    // False if a classifier could not be built (published anyway, failing closed).
    bool publish(std::unique_ptr<spd_snapshot> next);

private:
    std::function<void()> _wait_for_readers;
    std::unique_ptr<spd_snapshot> _owned;
    std::atomic<const spd_snapshot*> _current;
};

}  // namespace ravelin::dp::lookup
