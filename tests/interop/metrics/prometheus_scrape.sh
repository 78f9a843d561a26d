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
#     evaluates, and those naming only exported series return data.
# Everything started is stopped, and the temp dir removed, by netns.sh's exit trap.
# Usage: prometheus_scrape.sh SAMPLE_EXPORTER
source "$(dirname "$0")/../lib/netns.sh"

exporter=${1:?usage: prometheus_scrape.sh SAMPLE_EXPORTER}
source_dir=${RAVELIN_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
alerts=$source_dir/deploy/prometheus/alerts.yml
dashboard=$source_dir/deploy/grafana/ravelin.json
command -v prometheus >/dev/null || fail "prometheus is not installed (scripts/setup.sh)"

http_get() {  # URL -> body on stdout; fails on anything but 200
    /usr/bin/python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())' "$1"
}

# promql_is QUERY OP VALUE: the query returns exactly one sample, and its value OP VALUE (== or >).
promql_is() {
    /usr/bin/python3 - "$prometheus_url" "$@" <<'PY'
import json, sys, urllib.parse, urllib.request
url, query, op, expected = sys.argv[1:]
reply = json.load(urllib.request.urlopen(url + "/api/v1/query?" + urllib.parse.urlencode({"query": query}), timeout=3))
result = reply["data"]["result"]
if reply["status"] != "success" or len(result) != 1:
    sys.exit(f"{query}: {len(result)} samples")
value = float(result[0]["value"][1])
ok = value == float(expected) if op == "==" else value > float(expected)
sys.exit(0 if ok else f"{query}: {value}, want {op} {expected}")
PY
}

# Prometheus' own port: a free one, found by binding port 0.
free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

"$exporter" serve "$TEST_DIR/exporter.port" >"$TEST_DIR/exporter.log" 2>&1 &
track_pid $!
wait_until 10 "sample exporter listening" test -s "$TEST_DIR/exporter.port"
target=127.0.0.1:$(cat "$TEST_DIR/exporter.port")

http_get "http://$target/metrics" >"$TEST_DIR/live.prom" || fail "GET /metrics"
promtool check metrics <"$TEST_DIR/live.prom" || fail "promtool check metrics on the live endpoint"
grep -q '^ravelin_connection_up{connection="site-a"} 1$' "$TEST_DIR/live.prom" || fail "live body"
echo "ok: promtool check metrics passes on http://$target/metrics"

rule_files=""
[[ -f $alerts ]] && rule_files="rule_files: ['$alerts']"
cat >"$TEST_DIR/prometheus.yml" <<YAML
global: { scrape_interval: 1s, evaluation_interval: 1s }
$rule_files
scrape_configs:
  - job_name: ravelin
    static_configs: [ { targets: ['$target'] } ]
YAML
promtool check config "$TEST_DIR/prometheus.yml" >/dev/null || fail "promtool check config"

prometheus_port=$(free_port)
prometheus_url=http://127.0.0.1:$prometheus_port
prometheus --config.file="$TEST_DIR/prometheus.yml" --storage.tsdb.path="$TEST_DIR/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn >"$TEST_DIR/prometheus.log" 2>&1 &
track_pid $!
wait_until 20 "prometheus ready" http_get "$prometheus_url/-/ready"

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
echo "ok: PromQL returns the expected series and values"

if [[ -n $rule_files ]]; then
    rules_healthy() {
        /usr/bin/python3 - "$prometheus_url" <<'PY'
import json, sys, urllib.request
rules = [r for g in json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/rules", timeout=3))["data"]["groups"] for r in g["rules"]]
bad = [r["name"] for r in rules if r.get("health") != "ok"]
sys.exit(0 if rules and not bad else f"{len(rules)} rules, unhealthy: {bad}")
PY
    }
    wait_until 20 "every alert rule evaluated and healthy" rules_healthy
    wait_until 20 "RavelinTunnelDown active for site-b" \
        promql_is 'count(ALERTS{alertname="RavelinTunnelDown",connection="site-b"})' == 1
    promql_is 'count(ALERTS{alertname="RavelinTunnelDown",connection="site-a"}) or vector(0)' == 0 ||
        fail "site-a is up: no alert"
    echo "ok: deploy/ alert rules load and fire in a real Prometheus"
fi
if [[ -f $dashboard ]]; then
    # Grafana's variables as a dashboard with every gateway selected would expand them.
    /usr/bin/python3 - "$prometheus_url" "$dashboard" <<'PY' || fail "dashboard queries"
import json, re, sys, urllib.parse, urllib.request
url, path = sys.argv[1:]
exprs = []
def walk(node):
    if isinstance(node, dict):
        exprs.extend(v for k, v in node.items() if k == "expr")
        for v in node.values(): walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
walk(json.load(open(path)))
empty, bad = [], []
for expr in exprs:
    query = expr.replace("$__rate_interval", "1m").replace("$instance", ".*")
    try:
        reply = json.load(urllib.request.urlopen(url + "/api/v1/query?" + urllib.parse.urlencode({"query": query}), timeout=3))
    except Exception as error:
        bad.append(f"{expr}: {error}")
        continue
    if reply["status"] != "success":
        bad.append(f"{expr}: {reply}")
    elif not reply["data"]["result"] and "ravelin_dp_" not in expr:
        empty.append(expr)
for line in bad: print("FAIL: not valid PromQL:", line)
for line in empty: print("FAIL: no data for an exported series:", line)
sys.exit(1 if bad or empty else 0)
PY
    echo "ok: every dashboard query evaluates in Prometheus; those on exported series return data"
fi
echo "PASS: a real Prometheus scrapes Ravelin's endpoint and answers PromQL as expected"
