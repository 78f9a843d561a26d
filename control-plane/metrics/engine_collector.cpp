#include "control-plane/metrics/engine_collector.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "control-plane/metrics/catalogue.hpp"

namespace ravelin::cp::metrics {

namespace {

using ike::child_sa_state;
using ike::ike_sa_state;

struct key_pattern {
    std::string_view head;
    std::size_t labels;  // segments after the head
    std::string_view metric;
};

constexpr std::array<key_pattern, 9> key_patterns = {{
    {"exchanges", 2, "ravelin_ike_exchanges_total"},
    {"retransmissions", 0, "ravelin_ike_retransmissions_total"},
    {"rekeys", 1, "ravelin_ike_rekeys_total"},
    {"rekey_failures", 1, "ravelin_ike_rekey_failures_total"},
    {"rekey_collisions", 0, "ravelin_ike_rekey_collisions_total"},
    {"auth_failures", 1, "ravelin_ike_auth_failures_total"},
    {"dpd_failures", 0, "ravelin_ike_dpd_failures_total"},
    {"cookies_sent", 0, "ravelin_ike_cookies_sent_total"},
    {"drops", 1, "ravelin_ike_messages_dropped_total"},
}};

bool segment_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The key's segments, or nothing if one is empty or holds other characters.
std::optional<std::vector<std::string>> split_key(std::string_view key) {
    std::vector<std::string> segments;
    for (std::size_t start = 0;;) {
        const std::size_t dot = std::min(key.find('.', start), key.size());
        const std::string_view segment = key.substr(start, dot - start);
        if (segment.empty() || !std::all_of(segment.begin(), segment.end(), segment_char)) return std::nullopt;
        segments.emplace_back(segment);
        if (dot == key.size()) return segments;
        start = dot + 1;
    }
}

constexpr std::array<std::pair<ike_sa_state, std::string_view>, 4> ike_states = {{
    {ike_sa_state::connecting, "connecting"},
    {ike_sa_state::established, "established"},
    {ike_sa_state::rekeying, "rekeying"},
    {ike_sa_state::deleting, "deleting"},
}};
constexpr std::array<std::pair<child_sa_state, std::string_view>, 4> child_states = {{
    {child_sa_state::installing, "installing"},
    {child_sa_state::installed, "installed"},
    {child_sa_state::rekeying, "rekeying"},
    {child_sa_state::deleting, "deleting"},
}};

bool keyed(ike_sa_state state) { return state == ike_sa_state::established || state == ike_sa_state::rekeying; }
bool keyed(child_sa_state state) { return state == child_sa_state::installed || state == child_sa_state::rekeying; }

// Label values known in advance, listed at 0 like the unlabelled counters: the
// alert rules on rekey and authentication failures see the first one. (The
// authentication reasons are those control-plane/ike/engine/tasks/ike_auth.cpp counts.)
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> known_labels = {{
    {"ravelin_ike_rekeys_total", "ike"},
    {"ravelin_ike_rekeys_total", "child"},
    {"ravelin_ike_rekey_failures_total", "ike"},
    {"ravelin_ike_rekey_failures_total", "child"},
    {"ravelin_ike_auth_failures_total", "peer_auth_invalid"},
    {"ravelin_ike_auth_failures_total", "rejected_by_peer"},
}};

void collect_counters(const ike::engine_stats& stats, snapshot& snap) {
    // Unlabelled counters are always present, so rate() and alerts see their first increment.
    for (const auto& pattern : key_patterns) {
        if (pattern.labels == 0) snap.of(metric(pattern.metric)).add({}, 0);
    }
    for (const auto& [name, label] : known_labels) snap.of(metric(name)).add({std::string(label)}, 0);
    for (const auto& [key, value] : stats.counters) {
        const mapped_counter mapped = map_counter_key(key);
        snap.of(metric(mapped.metric)).add(mapped.labels, static_cast<double>(value));
    }
}

// Every state is listed, at 0 when no SA is in it, so "none established" is a value, not an absence.
template <typename State, std::size_t N>
void collect_by_state(const std::array<std::pair<State, std::string_view>, N>& names,
                      const std::array<std::uint64_t, N>& counts, family& into) {
    for (const auto& [state, name] : names) {
        into.add({std::string(name)}, static_cast<double>(counts[static_cast<std::size_t>(state)]));
    }
}

void collect_connections(const ike::sa_summary& summary, const std::vector<ike::connection_status>& connections,
                         snapshot& snap) {
    family& up = snap.of(metric("ravelin_connection_up"));
    for (const auto& connection : connections) up.set({connection.name}, connection.established ? 1 : 0);
    family& since = snap.of(metric("ravelin_ike_seconds_since_last_rekey"));
    for (const auto& [connection, age] : summary.youngest_keying) since.set({connection}, static_cast<double>(age.count()));
}

}  // namespace

mapped_counter map_counter_key(std::string_view key) {
    if (auto segments = split_key(key)) {
        for (const auto& pattern : key_patterns) {
            if (segments->front() != pattern.head || segments->size() != pattern.labels + 1) continue;
            return {pattern.metric, label_values(segments->begin() + 1, segments->end())};
        }
    }
    return {"ravelin_ike_events_total", {std::string(key)}};
}

ike::sa_summary summarize(const std::vector<ike::ike_sa_status>& sas) {
    ike::sa_summary out;
    for (const auto& sa : sas) {
        ++out.ike_by_state[static_cast<std::size_t>(sa.state)];
        if (keyed(sa.state)) out.note_keying(sa.connection, sa.established_for);
        for (const auto& child : sa.children) {
            ++out.child_by_state[static_cast<std::size_t>(child.state)];
            if (keyed(child.state)) out.note_keying(sa.connection, child.installed_for);
        }
    }
    return out;
}

void collect_engine(const ike::engine_stats& stats, const ike::sa_summary& summary,
                    const std::vector<ike::connection_status>& connections, snapshot& snap) {
    collect_counters(stats, snap);
    collect_by_state(ike_states, summary.ike_by_state, snap.of(metric("ravelin_ike_sas")));
    collect_by_state(child_states, summary.child_by_state, snap.of(metric("ravelin_child_sas")));
    snap.of(metric("ravelin_ike_half_open_sas")).set({}, static_cast<double>(stats.half_open_sas));
    collect_connections(summary, connections, snap);
}

void collect_engine(const ike::engine_stats& stats, const std::vector<ike::ike_sa_status>& sas,
                    const std::vector<ike::connection_status>& connections, snapshot& snap,
                    collect_options options) {
    collect_engine(stats, summarize(sas), connections, snap);
    if (options.per_sa) collect_per_sa(sas, snap);
}

void collect_per_sa(const std::vector<ike::ike_sa_status>& sas, snapshot& snap) {
    family& ike_age = snap.of(metric("ravelin_ike_sa_established_seconds"));
    family& child_age = snap.of(metric("ravelin_child_sa_installed_seconds"));
    for (const auto& sa : sas) {
        const std::string id = std::to_string(sa.unique_id);
        if (keyed(sa.state)) ike_age.set({sa.connection, id}, static_cast<double>(sa.established_for.count()));
        for (const auto& child : sa.children) {
            if (!keyed(child.state)) continue;
            child_age.set({sa.connection, id, child.name, fmt::format("0x{:08x}", child.spi_in)},
                          static_cast<double>(child.installed_for.count()));
        }
    }
}

void collect_transport(const net::transport_counters& counters, snapshot& snap) {
    const auto put = [&snap](std::string_view name, label_values labels, std::uint64_t value) {
        snap.of(metric(name)).add(labels, static_cast<double>(value));
    };
    put("ravelin_ike_udp_messages_received_total", {}, counters.received);
    put("ravelin_ike_udp_messages_sent_total", {}, counters.sent);
    put("ravelin_ike_udp_send_errors_total", {}, counters.send_errors);
    put("ravelin_ike_udp_nat_keepalives_total", {}, counters.nat_keepalives);
    put("ravelin_ike_udp_datagrams_dropped_total", {"esp_without_dataplane"}, counters.esp_dropped);
    put("ravelin_ike_udp_datagrams_dropped_total", {"too_short"}, counters.invalid_dropped);
}

}  // namespace ravelin::cp::metrics
