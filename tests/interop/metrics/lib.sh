# A real Prometheus (Debian's) for the metrics integration tests. Source after
# lib/netns.sh. With PROM_NS set, Prometheus runs and is asked inside that
# network namespace (to scrape an endpoint on the namespace's loopback).
#   http_get URL                          body on stdout; fails on anything but 200
#   prometheus_start TARGET [RULE_FILE]   scrape TARGET every second; ready when it returns
#   promql_is QUERY OP VALUE              exactly one sample, its value OP (== or >) VALUE
#   rules_healthy                         every loaded rule evaluated without error
#   dashboard_queries_evaluate DASHBOARD  every query valid PromQL; with DASHBOARD_DATA=all
#                                         every query returns data, with =ike those naming
#                                         no ravelin_dp_ series (the default), with =none none
#   deploy_matches_live_scrape live|live-dp EXPORTER SCRAPE
#                                         every series $dashboard and $alerts name is in
#                                         SCRAPE (check_catalogue.py), every query valid PromQL
command -v prometheus >/dev/null || fail "prometheus is not installed (scripts/setup.sh)"
command -v promtool >/dev/null || fail "promtool is not installed (scripts/setup.sh)"

source_dir=${RAVELIN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
alerts=$source_dir/deploy/prometheus/alerts.yml
dashboard=$source_dir/deploy/grafana/ravelin.json
check_catalogue=$source_dir/tests/unit/control-plane/metrics/check_catalogue.py

_in_prom_ns() {
    if [[ -n ${PROM_NS:-} ]]; then ip netns exec "$PROM_NS" "$@"; else "$@"; fi
}

http_get() {
    _in_prom_ns /usr/bin/python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())' "$1"
}

promql_is() {
    _in_prom_ns /usr/bin/python3 - "$prometheus_url" "$@" <<'PY'
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
_free_port() {
    _in_prom_ns /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

prometheus_start() {
    local target=$1 rule_file=${2:-} rule_files=""
    [[ -n $rule_file ]] && rule_files="rule_files: ['$rule_file']"
    cat >"$TEST_DIR/prometheus.yml" <<YAML
global: { scrape_interval: 1s, evaluation_interval: 1s }
$rule_files
scrape_configs:
  - job_name: ravelin
    static_configs: [ { targets: ['$target'] } ]
YAML
    promtool check config "$TEST_DIR/prometheus.yml" >/dev/null || fail "promtool check config"
    local port
    port=$(_free_port)
    prometheus_url=http://127.0.0.1:$port
    # The TSDB lives in the test dir, removed with it by netns.sh's exit trap. Started
    # directly (not through a function, whose subshell would get the pid), so the
    # trap stops Prometheus itself; ip netns exec execs it.
    local in_ns=()
    [[ -n ${PROM_NS:-} ]] && in_ns=(ip netns exec "$PROM_NS")
    "${in_ns[@]}" prometheus --config.file="$TEST_DIR/prometheus.yml" --storage.tsdb.path="$TEST_DIR/data" \
        --web.listen-address="127.0.0.1:$port" --log.level=warn >"$TEST_DIR/prometheus.log" 2>&1 &
    track_pid $!
    wait_until 20 "prometheus ready" http_get "$prometheus_url/-/ready"
}

rules_healthy() {
    _in_prom_ns /usr/bin/python3 - "$prometheus_url" <<'PY'
import json, sys, urllib.request
rules = [r for g in json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/rules", timeout=3))["data"]["groups"] for r in g["rules"]]
bad = [r["name"] for r in rules if r.get("health") != "ok"]
sys.exit(0 if rules and not bad else f"{len(rules)} rules, unhealthy: {bad}")
PY
}

# Grafana's variables as a dashboard with every gateway selected would expand them.
dashboard_queries_evaluate() {
    _in_prom_ns /usr/bin/python3 - "$prometheus_url" "$1" "${DASHBOARD_DATA:-ike}" <<'PY'
import json, sys, urllib.parse, urllib.request
url, path, want_data = sys.argv[1:]
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
    elif not reply["data"]["result"] and (want_data == "all" or (want_data == "ike" and "ravelin_dp_" not in expr)):
        empty.append(expr)
for line in bad: print("FAIL: not valid PromQL:", line)
for line in empty: print("FAIL: no data:", line)
print(f"{len(exprs)} dashboard queries evaluated")
sys.exit(1 if bad or empty else 0)
PY
}

deploy_matches_live_scrape() {
    local mode=$1 exporter=$2 scrape=$3
    /usr/bin/python3 "$check_catalogue" "$mode" "$exporter" "$scrape" "$dashboard" "$alerts" ||
        fail "a dashboard query or alert rule names a series the daemon does not export"
    # Which series have data was checked just above; here, that Prometheus takes every query.
    DASHBOARD_DATA=none dashboard_queries_evaluate "$dashboard" || fail "dashboard queries"
}
