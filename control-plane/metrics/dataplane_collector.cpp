#include "control-plane/metrics/dataplane_collector.hpp"

#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "control-plane/metrics/catalogue.hpp"

namespace ravelin::cp::metrics {

namespace {

namespace shm = common::shm;
using shm::lcore_counter;

// Where an lcore counter goes: a catalogue family labelled {lcore} or, with a
// second label value, {lcore, <its label>}.
struct lcore_series {
    lcore_counter counter;
    std::string_view metric;
    std::string_view label;  // empty: the family has the lcore label only
};

constexpr std::string_view drops = "ravelin_dp_drops_total";
constexpr std::string_view forwarded = "ravelin_dp_forwarded_packets_total";
constexpr std::string_view exception = "ravelin_dp_exception_packets_total";
constexpr std::string_view lifetime = "ravelin_dp_sa_lifetime_events_total";

// Every counter before the IPsec drop reasons, in enum order (checked below).
constexpr std::array<lcore_series, static_cast<std::size_t>(lcore_counter::ipsec_drop_other)> lcore_table = {{
    {lcore_counter::rx_packets, "ravelin_dp_lcore_packets_total", "rx"},
    {lcore_counter::tx_packets, "ravelin_dp_lcore_packets_total", "tx"},
    {lcore_counter::tx_dropped, drops, "tx_full"},
    {lcore_counter::inbound_packets, forwarded, "decrypted"},
    {lcore_counter::outbound_packets, forwarded, "encrypted"},
    {lcore_counter::bypass_packets, forwarded, "bypass"},
    {lcore_counter::exception_to_tap, exception, "to_kernel"},
    {lcore_counter::exception_from_tap, exception, "from_kernel"},
    {lcore_counter::drop_no_sa, drops, "no_sa"},
    {lcore_counter::drop_no_policy, drops, "no_policy"},
    {lcore_counter::drop_discard_policy, drops, "discard_policy"},
    {lcore_counter::drop_inner_policy, drops, "inner_policy"},
    {lcore_counter::drop_ipsec, drops, "ipsec"},
    {lcore_counter::drop_bad_header, drops, "bad_header"},
    {lcore_counter::drop_no_neighbour, drops, "no_neighbour"},
    {lcore_counter::drop_tap, drops, "tap"},
    {lcore_counter::drop_ttl, drops, "ttl"},
    {lcore_counter::ignored, "ravelin_dp_ignored_frames_total", ""},
    {lcore_counter::arp_requests, "ravelin_dp_arp_requests_total", ""},
    {lcore_counter::acquires, "ravelin_dp_acquires_total", ""},
    {lcore_counter::handoffs, "ravelin_dp_handoff_packets_total", ""},
    {lcore_counter::drop_handoff, drops, "handoff_full"},
    {lcore_counter::port_polls, "ravelin_dp_worker_polls_total", ""},
    {lcore_counter::busy_port_polls, "ravelin_dp_worker_busy_polls_total", ""},
    {lcore_counter::soft_expiries, lifetime, "soft_expiry"},
    {lcore_counter::hard_expiries, lifetime, "hard_expiry"},
    {lcore_counter::seq_overflows, lifetime, "seq_overflow"},
}};

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < lcore_table.size(); ++i) {
        if (static_cast<std::size_t>(lcore_table[i].counter) != i) return false;
    }
    return true;
}
static_assert(in_enum_order(), "lcore_table follows enum lcore_counter");

constexpr std::string_view ipsec_drop_prefix = "ipsec_drop_";
constexpr std::size_t ipsec_drop_end = static_cast<std::size_t>(lcore_counter::ipsec_drop_other) + shm::ipsec_drop_reasons;

// The counters after the IPsec drop reasons, in enum order (checked below).
constexpr std::array<lcore_series, shm::lcore_counter_count - ipsec_drop_end> later_table = {{
    {lcore_counter::drop_too_big, drops, "too_big"},
    {lcore_counter::icmp_too_big, "ravelin_dp_icmp_too_big_total", ""},
    {lcore_counter::prefragmented, "ravelin_dp_prefragmented_packets_total", ""},
    {lcore_counter::drop_fragment, drops, "fragment_failed"},
}};
static_assert(static_cast<std::size_t>(later_table[0].counter) == ipsec_drop_end, "later_table follows the IPsec drops");

bool active(const shm::lcore_counter_block& block) {
    for (std::size_t c = 0; c < shm::lcore_counter_count; ++c) {
        if (block.value[c].load(std::memory_order_relaxed) != 0) return true;
    }
    return false;
}

void collect_lcore(const shm::lcore_counter_block& block, const std::string& lcore, snapshot& snap) {
    for (std::size_t c = 0; c < shm::lcore_counter_count; ++c) {
        const auto value = static_cast<double>(block.value[c].load(std::memory_order_relaxed));
        if (c < lcore_table.size() || c >= ipsec_drop_end) {
            const lcore_series& series = c < lcore_table.size() ? lcore_table[c] : later_table[c - ipsec_drop_end];
            label_values labels{lcore};
            if (!series.label.empty()) labels.emplace_back(series.label);
            snap.of(metric(series.metric)).add(labels, value);
            continue;
        }
        const std::string_view name = shm::lcore_counter_name(static_cast<lcore_counter>(c));
        snap.of(metric("ravelin_dp_ipsec_drops_total"))
            .add({lcore, std::string(name.substr(ipsec_drop_prefix.size()))}, value);
    }
}

template <typename Ring>
void collect_ring(const Ring& ring, std::string_view name, snapshot& snap) {
    // Tail first: head is never behind a tail read earlier, so the difference is never negative.
    const std::uint64_t tail = ring.tail.load(std::memory_order_acquire);
    const std::uint64_t head = ring.head.load(std::memory_order_acquire);
    snap.of(metric("ravelin_dp_ring_depth")).set({std::string(name)}, static_cast<double>(head - tail));
    snap.of(metric("ravelin_dp_ring_capacity")).set({std::string(name)}, static_cast<double>(Ring::slots));
}

std::string direction_name(bool inbound) { return inbound ? "in" : "out"; }

}  // namespace

void collect_lcores_and_rings(const shm::segment_layout& layout, snapshot& snap) {
    for (std::size_t i = 0; i < shm::max_lcores; ++i) {
        if (active(layout.lcore_counters[i]))
            collect_lcore(layout.lcore_counters[i], std::to_string(i), snap);
    }
    collect_ring(layout.commands, "command", snap);
    collect_ring(layout.events, "event", snap);
}

void dataplane_collector::collect(const shm::segment_layout& layout, const std::vector<dataplane_sa>& sas,
                                  snapshot& snap) {
    snap.of(metric("ravelin_dp_attached")).set({}, 1);
    collect_lcores_and_rings(layout, snap);
    const std::uint64_t generation = layout.header.generation.load(std::memory_order_acquire);
    if (generation != _generation) {
        // A new ravelin-dp: its counters start at zero, so do the totals.
        _generation = generation;
        _seen.clear();
        _retired[0] = _retired[1] = {};
    }
    collect_sas(layout, sas, snap);
}

void dataplane_collector::collect_detached(snapshot& snap) {
    snap.of(metric("ravelin_dp_attached")).set({}, 0);
}

void dataplane_collector::collect_sas(const shm::segment_layout& layout, const std::vector<dataplane_sa>& sas,
                                      snapshot& snap) {
    std::unordered_map<std::uint32_t, seen> now;
    now.reserve(sas.size());
    std::array<usage, 2> live{};
    std::array<double, 2> installed{};
    for (const dataplane_sa& sa : sas) {
        if (sa.counter_slot >= shm::max_sa_counters) continue;
        const shm::sa_counter_block& block = layout.sa_counters[sa.counter_slot];
        const std::uint64_t tag = block.tag.load(std::memory_order_acquire);
        if (tag != std::uint64_t{sa.spi} + 1) continue;  // not installed yet, or the slot moved on
        const usage u{block.packets.load(std::memory_order_relaxed),
                      block.bytes.load(std::memory_order_relaxed)};
        now[sa.counter_slot] = {tag, sa.inbound, u};
        live[sa.inbound].packets += u.packets;
        live[sa.inbound].bytes += u.bytes;
        installed[sa.inbound] += 1;
        if (!_options.per_sa) continue;
        const label_values labels{fmt::format("0x{:08x}", sa.spi), direction_name(sa.inbound)};
        snap.of(metric("ravelin_dp_sa_packets_total")).set(labels, static_cast<double>(u.packets));
        snap.of(metric("ravelin_dp_sa_bytes_total")).set(labels, static_cast<double>(u.bytes));
        snap.of(metric("ravelin_dp_sa_drops_total"))
            .set(labels, static_cast<double>(block.drops.load(std::memory_order_relaxed)));
    }
    retire_gone(now);
    _seen = std::move(now);
    for (const bool inbound : {true, false}) {
        const label_values labels{direction_name(inbound)};
        snap.of(metric("ravelin_dp_installed_sas")).set(labels, installed[inbound]);
        snap.of(metric("ravelin_dp_ipsec_packets_total"))
            .set(labels, static_cast<double>(live[inbound].packets + _retired[inbound].packets));
        snap.of(metric("ravelin_dp_ipsec_bytes_total"))
            .set(labels, static_cast<double>(live[inbound].bytes + _retired[inbound].bytes));
    }
}

void dataplane_collector::retire_gone(const std::unordered_map<std::uint32_t, seen>& now) {
    for (const auto& [slot, before] : _seen) {
        const auto still = now.find(slot);
        if (still != now.end() && still->second.tag == before.tag) continue;
        _retired[before.inbound].packets += before.last.packets;
        _retired[before.inbound].bytes += before.last.bytes;
    }
}

}  // namespace ravelin::cp::metrics
