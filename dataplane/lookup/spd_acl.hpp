#pragma once
// The SPD's packet classifier: DPDK's rte_acl (multi-bit tries over the
// selector fields, SIMD search), one context per address family and direction,
// built on the main lcore and read-only once published.
//
// Fields, in the key the lookup builds from a flow (network byte order):
//   protocol (1 byte; 0 in a selector: any), local address, remote address
//   (IPv4: one 32-bit range each; IPv6: four 32-bit masked words each, so an
//   IPv6 selector range that is not a prefix becomes several prefixes, and a
//   policy the cross product of its local and remote prefixes), local port,
//   remote port (16-bit ranges), and an OPAQUE flag word: a flow with OPAQUE
//   ports (RFC 4301 §4.4.1) matches only rules whose port selectors are ANY.
// Rule priority is the entry's rank in the priority-sorted list, so the lowest
// priority value wins and equal priorities keep insertion order, as a linear
// first-match scan would decide.
//
// An IPv6 policy whose ranges would need more than max_rules_per_entry rules
// (ranges far from prefixes on both sides, up to 254 x 254) is left out of the
// trie and checked exactly, after the trie lookup, only if it ranks above the
// trie's answer; IKE narrows to prefixes or small ranges in practice, so this
// list is normally empty (stated limit: each such policy costs a selector check
// per packet).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

struct rte_acl_ctx;

namespace ravelin::dp::lookup {

struct flow;
struct spd_entry;

class spd_acl {
public:
    static constexpr std::size_t max_rules_per_entry = 64;
    // A family and direction with at most this many policies is scanned in
    // priority order instead (the same first match): rte_acl costs about 35 ns
    // per flow in bursts whatever the size, a scan about 2-5 ns per policy
    // (docs/PERFORMANCE.md "SPD lookup"), and a gateway often has a handful.
    static constexpr std::size_t linear_limit = 8;

    spd_acl() = default;
    spd_acl(spd_acl&&) noexcept;
    spd_acl& operator=(spd_acl&&) noexcept;
    ~spd_acl();

    // Compiles the entries of one family (4 or 6) that are already sorted by
    // priority; `outbound` says which flow side is local. False if DPDK
    // refused (no EAL, out of memory): the classifier then matches nothing,
    // which fails closed (RFC 4301 §4.4.1 default discard).
    bool build(std::span<const spd_entry> sorted, std::uint8_t family, bool outbound);

    // Index into the sorted entries of the best match, or -1. The classifier
    // keeps no reference to the entries: it serves any list with the same
    // selectors in the same order (a snapshot that only rebinds SAs).
    [[nodiscard]] int match(const flow& f) const noexcept;
    // The same for every flow of the classifier's family in a burst (up to
    // max_burst; others are left alone), with rte_acl's SIMD search: several
    // times cheaper per packet than one at a time.
    static constexpr std::size_t max_burst = 64;
    void match_burst(std::span<const flow> flows, std::span<int> ranks) const noexcept;

private:
    using acl_key_bytes = std::array<std::uint8_t, 44>;  // the key of spd_acl.cpp, as bytes
    void fill_key(const flow& f, acl_key_bytes& out) const noexcept;
    [[nodiscard]] int match_outside(const flow& f, int best) const noexcept;
    struct deleter {
        void operator()(rte_acl_ctx* ctx) const noexcept;
    };
    std::unique_ptr<rte_acl_ctx, deleter> _ctx;
    // Scanned, not classified (too wide for the trie, or all of a small set): rank and selectors, in rank order.
    std::vector<std::pair<int, spd_entry>> _outside;
    std::uint8_t _family = 4;
    bool _outbound = true;
};

}  // namespace ravelin::dp::lookup
