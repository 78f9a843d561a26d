#include "control-plane/metrics/catalogue.hpp"

#include <stdexcept>

namespace ravelin::cp::metrics {

namespace {

using enum metric_type;
constexpr auto planned = availability::planned;

std::vector<catalogue_entry> ike_entries() {
    return {
        {{"ravelin_connection_up", gauge, {"connection"},
          "1 when the configured connection has an established IKE SA, 0 when it is down."}},
        {{"ravelin_ike_sas", gauge, {"state"}, "IKE SAs by state."}},
        {{"ravelin_child_sas", gauge, {"state"}, "Child SAs by state."}},
        {{"ravelin_ike_half_open_sas", gauge, {}, "IKE SAs past IKE_SA_INIT but not yet authenticated."}},
        {{"ravelin_ike_exchanges_total", counter, {"exchange", "result"}, "IKE exchanges completed, by type and result."}},
        {{"ravelin_ike_retransmissions_total", counter, {}, "IKE requests retransmitted."}},
        {{"ravelin_ike_rekeys_total", counter, {"kind"}, "Successful rekeys, by kind (ike, child)."}},
        {{"ravelin_ike_rekey_failures_total", counter, {"kind"}, "Rekeys that failed, by kind (ike, child)."}},
        {{"ravelin_ike_rekey_collisions_total", counter, {}, "Simultaneous rekeys resolved (RFC 7296 section 2.8.1)."}},
        {{"ravelin_ike_auth_failures_total", counter, {"reason"}, "IKE_AUTH failures, by reason."}},
        {{"ravelin_ike_dpd_failures_total", counter, {}, "Peers declared dead by dead peer detection."}},
        {{"ravelin_ike_cookies_sent_total", counter, {}, "COOKIE notifications sent (RFC 7296 section 2.6)."}},
        {{"ravelin_ike_messages_dropped_total", counter, {"reason"}, "IKE messages dropped, by reason."}},
        {{"ravelin_ike_events_total", counter, {"event"}, "Engine counters with no dedicated metric, by key."}},
        {{"ravelin_ike_seconds_since_last_rekey", gauge, {"connection"},
          "Seconds since the connection's newest IKE or Child SA was established or rekeyed."}},
        {{"ravelin_ike_sa_established_seconds", gauge, {"connection", "ike_sa"},
          "Per IKE SA (per-SA series, off by default): seconds since it was established."}},
        {{"ravelin_child_sa_installed_seconds", gauge, {"connection", "ike_sa", "child", "spi_in"},
          "Per Child SA (per-SA series, off by default): seconds since it was installed."}},
    };
}

std::vector<catalogue_entry> transport_entries() {
    return {
        {{"ravelin_ike_udp_messages_received_total", counter, {}, "IKE messages received on UDP 500/4500."}},
        {{"ravelin_ike_udp_messages_sent_total", counter, {}, "IKE messages sent."}},
        {{"ravelin_ike_udp_send_errors_total", counter, {}, "IKE messages the kernel refused to send."}},
        {{"ravelin_ike_udp_nat_keepalives_total", counter, {}, "NAT keepalives received on UDP 4500 (RFC 3948)."}},
        {{"ravelin_ike_udp_datagrams_dropped_total", counter, {"reason"},
          "Datagrams on UDP 4500 that were not IKE, by reason."}},
        {{"ravelin_metrics_http_requests_total", counter, {"code"}, "Requests to the metrics endpoint, by HTTP status."}},
        {{"ravelin_metrics_scrape_duration_seconds", histogram, {}, "Time to collect and render one scrape."}},
    };
}

std::vector<catalogue_entry> dataplane_entries() {
    return {
        {{"ravelin_dp_sa_packets_total", counter, {"sa", "direction"}, "Packets per SA (per-SA series, off by default), in or out."}, planned},
        {{"ravelin_dp_sa_bytes_total", counter, {"sa", "direction"}, "Bytes per SA (per-SA series, off by default), in or out."}, planned},
        {{"ravelin_dp_lcore_packets_total", counter, {"lcore", "direction"}, "Packets per worker lcore, in or out."}, planned},
        {{"ravelin_dp_lcore_bytes_total", counter, {"lcore", "direction"}, "Bytes per worker lcore, in or out."}, planned},
        {{"ravelin_dp_drops_total", counter, {"lcore", "reason"}, "Packets dropped by the dataplane, by reason."}, planned},
        {{"ravelin_dp_sa_lifetime_events_total", counter, {"event"},
          "SA lifetime events: soft_expire, hard_expire, seq_overflow."}, planned},
        {{"ravelin_dp_ring_depth", gauge, {"ring"}, "Records waiting in a shared-memory ring (command, event)."}, planned},
        {{"ravelin_dp_ring_capacity", gauge, {"ring"}, "Records a shared-memory ring holds."}, planned},
        {{"ravelin_dp_queue_rx_packets_total", counter, {"port", "queue"}, "Packets received per port queue."}, planned},
        {{"ravelin_dp_queue_tx_packets_total", counter, {"port", "queue"}, "Packets sent per port queue."}, planned},
        {{"ravelin_dp_worker_busy_ratio", gauge, {"lcore"}, "Share of polls that found work, 0 to 1."}, planned},
    };
}

std::vector<catalogue_entry> build() {
    std::vector<catalogue_entry> all;
    for (auto&& part : {ike_entries(), transport_entries(), dataplane_entries()}) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

}  // namespace

const std::vector<catalogue_entry>& catalogue() {
    static const std::vector<catalogue_entry> entries = build();
    return entries;
}

const descriptor& metric(std::string_view name) {
    for (const auto& entry : catalogue()) {
        if (entry.desc.name == name) return entry.desc;
    }
    throw std::logic_error("metric " + std::string(name) + " is not in the catalogue");
}

}  // namespace ravelin::cp::metrics
