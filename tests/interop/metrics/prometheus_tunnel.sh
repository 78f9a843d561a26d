#!/usr/bin/env bash
# The issue's example: packets counted for the tunnel after a ping run, through a
# real Prometheus. strongSwan <-> Ravelin (ravelin-ike + ravelin-dp on
# net_af_packet ports), the topology of tests/interop/tunnel/lib.sh:
#   * ravelin-ike (dataplane section, per-SA series on) serves /metrics on its
#     namespace's loopback; promtool check metrics passes on it;
#   * after pings both ways, PromQL through Prometheus' HTTP API: ravelin-dp
#     attached, one SA installed each way, packets decrypted and encrypted counted
#     per lcore, the SAs' packets and bytes (totals and per SA), workers polling,
#     nothing left in the command ring, no replay or ICV drops;
#   * every series the deploy/ dashboard and alert rules name is in this live
#     scrape, the dataplane's included, and every dashboard query returns data.
# Usage: prometheus_tunnel.sh SAMPLE_EXPORTER (for the catalogue)
source "$(dirname "$0")/../tunnel/lib.sh"
PROM_NS=$ns_r
source "$(dirname "$0")/lib.sh"

exporter=${1:?usage: prometheus_tunnel.sh SAMPLE_EXPORTER}

tunnel_topology
charon_start "$ns_s" "$dir_s"
swan_conf "$TUNNEL_IKE" aes128gcm16
ravelin_conf "$TUNNEL_IKE" aes128gcm16
ravelin_dataplane_conf
printf 'metrics: { listen: 127.0.0.1:9750, per_sa: true }\n' >>"$dir_r/ravelin.yaml"
start_ravelin_gateway
establish initiator
tunnel_ping "$NS_A" 10.2.0.1
tunnel_ping "$NS_B" 10.1.0.1
check_metrics  # promtool check metrics on the live endpoint (tests/interop/ike/lib.sh)

prometheus_start 127.0.0.1:9750 "$alerts"
wait_until 20 "ravelin-ike scraped and up" promql_is 'up{job="ravelin"}' == 1
promql_is 'ravelin_dp_attached' == 1 || fail "ravelin-dp not attached"
promql_is 'ravelin_dp_installed_sas{direction="in"}' == 1 || fail "inbound SA not installed"
promql_is 'ravelin_dp_installed_sas{direction="out"}' == 1 || fail "outbound SA not installed"
# Each side pinged 6 times at least (tunnel_ping): echo requests and replies cross both ways.
promql_is 'sum(ravelin_dp_forwarded_packets_total{path="decrypted"})' '>' 11 || fail "decrypted packets"
promql_is 'sum(ravelin_dp_forwarded_packets_total{path="encrypted"})' '>' 11 || fail "encrypted packets"
# The SA counters are published by ravelin-dp's main lcore every 100 ms.
wait_until 10 "packets counted for the tunnel's SAs" promql_is 'ravelin_dp_ipsec_packets_total{direction="in"}' '>' 11
promql_is 'ravelin_dp_ipsec_packets_total{direction="out"}' '>' 11 || fail "outbound SA packets"
promql_is 'sum(ravelin_dp_sa_packets_total{direction="in"})' '>' 11 || fail "per-SA packets"
promql_is 'sum(ravelin_dp_sa_bytes_total{direction="out"})' '>' 1000 || fail "per-SA bytes"
promql_is 'sum(ravelin_dp_worker_polls_total)' '>' 0 || fail "workers not polling"
promql_is 'ravelin_dp_ring_depth{ring="command"}' == 0 || fail "commands left in the ring"
promql_is 'sum(ravelin_dp_ipsec_drops_total{reason=~"replayed|too_old|icv_mismatch"})' == 0 || fail "replay or ICV drops"
echo "ok: PromQL counts the tunnel's packets in ravelin-dp after the pings"

wait_until 20 "every alert rule evaluated and healthy" rules_healthy
http_get http://127.0.0.1:9750/metrics >"$TEST_DIR/live.prom" || fail "GET /metrics"
echo "the tunnel in the live scrape:"
grep -E '^ravelin_dp_(ipsec_(packets|bytes)_total|installed_sas|forwarded_packets_total\{.*crypted)' "$TEST_DIR/live.prom"
deploy_matches_live_scrape live-dp "$exporter" "$TEST_DIR/live.prom"
echo "PASS: a real Prometheus counts the tunnel's packets in ravelin-dp through ravelin-ike's /metrics"
