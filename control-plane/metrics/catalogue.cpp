#include "control-plane/metrics/catalogue.hpp"

#include <stdexcept>

namespace ravelin::cp::metrics {

namespace {

using enum metric_type;

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

// ravelin-dp's shared-memory counters (dataplane_collector). `lcore` is the
// worker's index, which is also its RX/TX queue on every port.
std::vector<catalogue_entry> dataplane_lcore_entries() {
    return {
        {{"ravelin_dp_lcore_packets_total", counter, {"lcore", "direction"},
          "Packets a worker lcore received (rx) and sent (tx) on its queue of every port."}},
        {{"ravelin_dp_forwarded_packets_total", counter, {"lcore", "path"},
          "Packets forwarded, by path: decrypted, encrypted, bypass."}},
        {{"ravelin_dp_exception_packets_total", counter, {"lcore", "direction"},
          "Packets on the exception path to and from the kernel (to_kernel, from_kernel)."}},
        {{"ravelin_dp_drops_total", counter, {"lcore", "reason"}, "Packets a worker dropped, by reason."}},
        {{"ravelin_dp_ipsec_drops_total", counter, {"lcore", "reason"},
          "Packets the ESP/AH engine refused, by reason (replayed, too_old, icv_mismatch, ...)."}},
        {{"ravelin_dp_ignored_frames_total", counter, {"lcore"}, "Frames not for the gateway, ignored."}},
        {{"ravelin_dp_arp_requests_total", counter, {"lcore"}, "ARP requests sent for next hops."}},
        {{"ravelin_dp_acquires_total", counter, {"lcore"}, "Acquire events raised by trap policies."}},
        {{"ravelin_dp_icmp_too_big_total", counter, {"lcore"},
          "ICMP fragmentation needed / ICMPv6 packet too big sent for packets over a tunnel's MTU."}},
        {{"ravelin_dp_prefragmented_packets_total", counter, {"lcore"},
          "IPv4 packets without DF split before encryption to fit a tunnel's MTU."}},
        {{"ravelin_dp_handoff_packets_total", counter, {"lcore"},
          "Packets passed to the worker that owns their SA (one writer per SA)."}},
        {{"ravelin_dp_worker_polls_total", counter, {"lcore"}, "RX bursts a worker asked of a port."}},
        {{"ravelin_dp_worker_busy_polls_total", counter, {"lcore"},
          "RX bursts that returned packets; over ravelin_dp_worker_polls_total, the busy ratio."}},
        {{"ravelin_dp_sa_lifetime_events_total", counter, {"lcore", "event"},
          "SA lifetime events: soft_expiry, hard_expiry, seq_overflow."}},
    };
}

std::vector<catalogue_entry> dataplane_entries() {
    return {
        {{"ravelin_dp_attached", gauge, {}, "1 when ravelin-ike is attached to ravelin-dp's shared-memory segment."}},
        {{"ravelin_dp_ring_depth", gauge, {"ring"}, "Records waiting in a shared-memory ring (command, event)."}},
        {{"ravelin_dp_ring_capacity", gauge, {"ring"}, "Records a shared-memory ring holds."}},
        {{"ravelin_dp_installed_sas", gauge, {"direction"}, "SAs installed in the dataplane, in or out."}},
        {{"ravelin_dp_ipsec_packets_total", counter, {"direction"}, "Packets through every SA, past ones included, in or out."}},
        {{"ravelin_dp_ipsec_bytes_total", counter, {"direction"}, "Bytes through every SA, past ones included, in or out."}},
        {{"ravelin_dp_sa_packets_total", counter, {"spi", "direction"}, "Packets per SA (per-SA series, off by default)."}},
        {{"ravelin_dp_sa_bytes_total", counter, {"spi", "direction"}, "Bytes per SA (per-SA series, off by default)."}},
        {{"ravelin_dp_sa_drops_total", counter, {"spi", "direction"},
          "Packets an SA refused (per-SA series, off by default)."}},
    };
}

std::vector<catalogue_entry> build() {
    std::vector<catalogue_entry> all;
    for (auto&& part : {ike_entries(), transport_entries(), dataplane_lcore_entries(), dataplane_entries()}) {
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
