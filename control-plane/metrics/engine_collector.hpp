#pragma once
// Maps what the IKE engine and the UDP transport tell operators (plain structs,
// copied out on the engine's thread) to the catalogue (docs/METRICS.md). The
// daemon registers, on the engine's io_context:
//   reg.add_collector([&](snapshot& s) {
//       collect_engine(engine.stats(), engine.summarize_sas(), engine.list_connections(), s);
//       if (per_sa) collect_per_sa(engine.list_sas(), s);   // the only copy of every SA
//       collect_transport(transport.counters(), s);
//   });

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control-plane/ike/engine/status.hpp"
#include "control-plane/metrics/snapshot.hpp"
#include "control-plane/net/udp_transport.hpp"

namespace ravelin::cp::metrics {

struct collect_options {
    // One series per IKE and Child SA: off by default, since a concentrator may
    // hold 100,000 SAs and Prometheus pays per series.
    bool per_sa = false;
};

// Where one key of engine_stats::counters goes: a catalogue metric and its
// label values. The dotted-key convention (docs/METRICS.md):
//   exchanges.<exchange>.<result>   ravelin_ike_exchanges_total{exchange,result}
//   retransmissions                 ravelin_ike_retransmissions_total
//   rekeys.<kind>                   ravelin_ike_rekeys_total{kind}
//   rekey_failures.<kind>           ravelin_ike_rekey_failures_total{kind}
//   rekey_collisions                ravelin_ike_rekey_collisions_total
//   auth_failures.<reason>          ravelin_ike_auth_failures_total{reason}
//   dpd_failures                    ravelin_ike_dpd_failures_total
//   cookies_sent                    ravelin_ike_cookies_sent_total
//   drops.<reason>                  ravelin_ike_messages_dropped_total{reason}
//   anything else                   ravelin_ike_events_total{event="<key>"}
// Segments are [A-Za-z0-9_-]+; a key that bends the pattern is kept as an event.
struct mapped_counter {
    std::string_view metric;
    label_values labels;
};
mapped_counter map_counter_key(std::string_view key);

void collect_engine(const ike::engine_stats& stats, const ike::sa_summary& summary,
                    const std::vector<ike::connection_status>& connections, snapshot& snap);
// The per-SA series (collect_options::per_sa).
void collect_per_sa(const std::vector<ike::ike_sa_status>& sas, snapshot& snap);

// The same from a list of SAs (ravelinctl's view; tests): summarizes it, then
// adds the per-SA series when asked.
ike::sa_summary summarize(const std::vector<ike::ike_sa_status>& sas);
void collect_engine(const ike::engine_stats& stats, const std::vector<ike::ike_sa_status>& sas,
                    const std::vector<ike::connection_status>& connections, snapshot& snap,
                    collect_options options = {});

void collect_transport(const net::transport_counters& counters, snapshot& snap);

}  // namespace ravelin::cp::metrics
