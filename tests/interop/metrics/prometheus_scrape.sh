#!/usr/bin/env bash
# A real Prometheus (Debian's) scrapes Ravelin's /metrics endpoint on loopback:
#   * the sample exporter (tests/unit/control-plane/metrics/sample_exporter.cpp)
#     serves the engine and transport collectors over the Beast endpoint;
#   * `promtool check metrics` passes on the live endpoint;
#   * Prometheus, scraping every second, reports the target up, and PromQL through
#     its HTTP API returns the expected series and values: connection up/down,
#     exchanges by type and result, a counter that grows (increase() > 0), and a
#     label value with quote, backslash and newline that survives the round trip;
#   * the deploy/ alert rules load in it, every rule healthy, and RavelinTunnelDown
#     is pending or firing for the connection that is down;
#   * every query of the deploy/ Grafana dashboard is valid PromQL that Prometheus
#     evaluates, and returns data (the sample exporter serves a dataplane segment).
# Everything started is stopped, and the temp dir removed, by netns.sh's exit trap.
# Usage: prometheus_scrape.sh SAMPLE_EXPORTER
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/lib.sh"

exporter=${1:?usage: prometheus_scrape.sh SAMPLE_EXPORTER}

"$exporter" serve "$TEST_DIR/exporter.port" >"$TEST_DIR/exporter.log" 2>&1 &
track_pid $!
wait_until 10 "sample exporter listening" test -s "$TEST_DIR/exporter.port"
target=127.0.0.1:$(cat "$TEST_DIR/exporter.port")

http_get "http://$target/metrics" >"$TEST_DIR/live.prom" || fail "GET /metrics"
promtool check metrics <"$TEST_DIR/live.prom" || fail "promtool check metrics on the live endpoint"
grep -q '^ravelin_connection_up{connection="site-a"} 1$' "$TEST_DIR/live.prom" || fail "live body"
echo "ok: promtool check metrics passes on http://$target/metrics"

prometheus_start "$target" "$alerts"

wait_until 20 "target scraped and up" promql_is 'up{job="ravelin"}' == 1
wait_until 10 "site-a up" promql_is 'ravelin_connection_up{connection="site-a"}' == 1
promql_is 'ravelin_connection_up{connection="site-b"}' == 0 || fail "site-b should be down"
promql_is 'ravelin_ike_exchanges_total{exchange="ike_sa_init",result="ok"}' == 4 || fail "exchanges"
promql_is 'ravelin_ike_auth_failures_total{reason="psk_mismatch"}' == 2 || fail "auth failures"
promql_is 'count(ravelin_ike_sas)' == 4 || fail "every IKE SA state listed"
promql_is 'ravelin_ike_sas{state="established"}' == 1 || fail "IKE SAs by state"
promql_is 'ravelin_child_sa_installed_seconds{spi_in="0xc0010203"}' == 40 || fail "per-SA series"
promql_is 'ravelin_sample_events_total{event="quote\" backslash\\ newline\n"}' == 1 || fail "escaped label value"
wait_until 10 "a counter seen growing" promql_is 'increase(ravelin_ike_udp_messages_received_total[10s])' '>' 0
promql_is 'ravelin_dp_sa_packets_total{spi="0xc0000001",direction="in"}' == 42 || fail "per-SA dataplane series"
promql_is 'ravelin_dp_ring_depth{ring="command"}' == 1 || fail "ring depth"
promql_is 'count(ravelin_dp_ipsec_drops_total{lcore="1"})' == 19 || fail "every IPsec drop reason listed"
echo "ok: PromQL returns the expected series and values"

wait_until 20 "every alert rule evaluated and healthy" rules_healthy
wait_until 20 "RavelinTunnelDown active for site-b" \
    promql_is 'count(ALERTS{alertname="RavelinTunnelDown",connection="site-b"})' == 1
promql_is 'count(ALERTS{alertname="RavelinTunnelDown",connection="site-a"}) or vector(0)' == 0 ||
    fail "site-a is up: no alert"
echo "ok: deploy/ alert rules load and fire in a real Prometheus"
# The sample exporter has a dataplane segment too: every query returns data.
DASHBOARD_DATA=all dashboard_queries_evaluate "$dashboard" || fail "dashboard queries"
echo "ok: every dashboard query evaluates in Prometheus and returns data"
echo "PASS: a real Prometheus scrapes Ravelin's endpoint and answers PromQL as expected"
