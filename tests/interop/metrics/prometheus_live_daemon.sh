#!/usr/bin/env bash
# A real Prometheus (Debian's) scrapes the real ravelin-ike, which holds a tunnel
# to a strongSwan charon (IKE-only mode, PSK, two namespaces as tests/interop/ike):
#   * ravelin-ike serves /metrics on its namespace's loopback (the default
#     127.0.0.1:9750, per-SA series on); `promtool check metrics` passes on it;
#   * Prometheus, in the same namespace, scraping every second with the deploy/
#     alert rules loaded, answers PromQL: the connection up, IKE_SA_INIT and
#     IKE_AUTH counted ok, one IKE SA established and one Child SA installed, the
#     Child SA's per-SA age series; every rule healthy;
#   * every series named by the deploy/ Grafana dashboard and alert rules is in the
#     live scrape, or is a ravelin_dp_ series the catalogue exports (those need
#     ravelin-dp, not in this topology: the check lists them); every dashboard
#     query evaluates in Prometheus;
#   * strongSwan deletes the IKE SA: PromQL sees the connection down.
# Prometheus, charon and ravelin-ike are stopped, the namespaces and the test dir
# (Prometheus' TSDB included) removed by netns.sh's exit trap, whatever happens.
# Usage: prometheus_live_daemon.sh SAMPLE_EXPORTER (for the catalogue)
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/../ike/lib.sh"
PROM_NS=$ns_r
source "$(dirname "$0")/lib.sh"

exporter=${1:?usage: prometheus_live_daemon.sh SAMPLE_EXPORTER}
ike=aes256gcm16-prfsha256-x25519

ike_pair_network
charon_start "$ns_s" "$dir_s"
swan_conf "$ike" aes128gcm16
ravelin_conf "$ike" aes128gcm16
printf 'metrics: { listen: 127.0.0.1:9750, per_sa: true }\n' >>"$dir_r/ravelin.yaml"
ravelin_start
ravelin_ctl initiate '{"connection": "sw", "child": "net"}' >/dev/null || fail "initiate refused"
wait_until 15 "Ravelin shows the IKE SA and Child SA established" ravelin_established
wait_until 15 "strongSwan shows the IKE SA and Child SA established" swan_established
check_metrics  # promtool check metrics on the live endpoint (tests/interop/ike/lib.sh)

prometheus_start 127.0.0.1:9750 "$alerts"
wait_until 20 "ravelin-ike scraped and up" promql_is 'up{job="ravelin"}' == 1
promql_is 'ravelin_connection_up{connection="sw"}' == 1 || fail "connection sw not up in PromQL"
promql_is 'ravelin_ike_exchanges_total{exchange="ike_sa_init",result="ok"}' == 1 || fail "IKE_SA_INIT not counted"
promql_is 'ravelin_ike_exchanges_total{exchange="ike_auth",result="ok"}' == 1 || fail "IKE_AUTH not counted"
promql_is 'ravelin_ike_sas{state="established"}' == 1 || fail "IKE SAs by state"
promql_is 'ravelin_child_sas{state="installed"}' == 1 || fail "Child SAs by state"
promql_is 'count(ravelin_child_sa_installed_seconds{connection="sw",child="net"})' == 1 || fail "per-SA series"
promql_is 'ravelin_ike_seconds_since_last_rekey{connection="sw"}' '>' -1 || fail "time since last rekey"
wait_until 20 "a scrape of the endpoint counted by the endpoint" \
    promql_is 'sum(ravelin_metrics_http_requests_total{code="200"})' '>' 0
echo "ok: PromQL on the live daemon: tunnel up, exchanges, SAs by state"
wait_until 20 "every alert rule evaluated and healthy" rules_healthy

# The dashboard and the alert rules against what the daemon really exports.
http_get http://127.0.0.1:9750/metrics >"$TEST_DIR/live.prom" || fail "GET /metrics"
deploy_matches_live_scrape live "$exporter" "$TEST_DIR/live.prom"
echo "ok: every dashboard query is valid PromQL in Prometheus scraping the live daemon"

swanctl_in "$dir_s" --terminate --ike rv --timeout 10 >"$dir_s/terminate.log" 2>&1 || fail "swanctl --terminate failed"
wait_until 10 "Ravelin has no SAs left" ravelin_no_sas
wait_until 10 "PromQL sees the connection down" promql_is 'ravelin_connection_up{connection="sw"}' == 0
promql_is 'ravelin_ike_sas{state="established"}' == 0 || fail "IKE SA still counted established"
echo "PASS: a real Prometheus scrapes the real ravelin-ike and PromQL follows the tunnel up and down"
