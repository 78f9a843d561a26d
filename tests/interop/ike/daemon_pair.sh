#!/usr/bin/env bash
# Two ravelin-ike daemons on loopback (127.0.0.1 and 127.0.0.2, unprivileged
# ports, no root, no namespaces): the daemon end to end. Initiate over the
# control socket, both sides established with matching SPIs; a bad
# configuration on `reload` is refused and the running one kept; SIGHUP loads a
# good one; SIGTERM deletes the SAs politely (the peer clears too) and exits.
set -euo pipefail
bin=${RAVELIN_BUILD_DIR:?}/control-plane/daemon/ravelin-ike
ctl_py="$(dirname "$0")/ctl.py"
dir=$(mktemp -d /tmp/ravelin-daemon-pair.XXXXXX)
port=$((20000 + $$ % 20000))
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    [[ $status -eq 0 ]] || tail -n 30 "$dir"/*.log
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wait_until() {
    local seconds=$1 what=$2; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "timed out after ${seconds}s waiting for: $what"
        sleep 0.1
    done
    echo "ok: $what"
}
ctl() { /usr/bin/python3 "$ctl_py" "$dir/$1.sock" "${@:2}"; }
query() { ctl "$1" list-sas | /usr/bin/python3 -c "import json,sys; sas=json.load(sys.stdin); print($2)"; }
established() { [[ $(query "$1" "sum(1 for s in sas if s['state']=='ESTABLISHED' and s['children'])") -eq 1 ]]; }
no_sas() { [[ $(query "$1" "len(sas)") -eq 0 ]]; }

conf() {  # name self peer local_ts remote_ts [extra connection]
    cat >"$dir/$1.yaml" <<CONF
ike:
  listen: [$2]
control:
  socket: $dir/$1.sock
metrics:
  listen: $2:$((port + 2))
connections:
  peer:
    local_addrs: [$2]
    remote_addrs: [$3]
    local_port: $port
    remote_port: $port
    proposals: [aes256gcm16-prfsha256-x25519]
    local: { auth: psk, id: $1.example }
    remote: { auth: psk }
    children:
      net: { local_ts: [$4], remote_ts: [$5], esp_proposals: [aes128gcm16] }
$6
secrets:
  - { psk: "daemon-pair-test-only-psk" }
CONF
}
start() {
    "$bin" --config "$dir/$1.yaml" --ike-port "$port" --natt-port $((port + 1)) >"$dir/$1.log" 2>&1 &
    pids+=($!)
    eval "pid_$1=$!"
    wait_until 10 "daemon $1 answers" ctl "$1" list-conns
}

conf a 127.0.0.1 127.0.0.2 10.1.0.0/24 10.2.0.0/24 ""
conf b 127.0.0.2 127.0.0.1 10.2.0.0/24 10.1.0.0/24 ""
start a
start b
ravelinctl=${RAVELIN_BUILD_DIR}/control-plane/ravelinctl/ravelinctl
"$ravelinctl" -s "$dir/a.sock" initiate --child net >/dev/null || fail "ravelinctl initiate --child net refused"
wait_until 10 "a established" established a
"$ravelinctl" -s "$dir/a.sock" list-sas >"$dir/list-sas.txt"
grep -q '^peer: #[0-9]*, ESTABLISHED, IKEv2, [0-9a-f]\{16\}_i\* [0-9a-f]\{16\}_r$' "$dir/list-sas.txt" &&
    grep -q '^  net: reqid [0-9]*, INSTALLED, TUNNEL, ESP:aes128gcm16$' "$dir/list-sas.txt" ||
    fail "ravelinctl list-sas: $(cat "$dir/list-sas.txt")"
"$ravelinctl" -s "$dir/a.sock" initiate --child nosuch 2>"$dir/nosuch.txt" && fail "initiate of an unknown child accepted"
grep -q "no connection has a child named 'nosuch'" "$dir/nosuch.txt" || fail "unclear refusal: $(cat "$dir/nosuch.txt")"
echo "ok: ravelinctl initiates by child name and lists the SAs like swanctl"

# The metrics endpoint of a live daemon: valid exposition (promtool), and the
# connection counted up with its exchanges.
scrape() { /usr/bin/python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:$((port + 2))/metrics', timeout=5).read().decode())"; }
scrape >"$dir/metrics.txt" || fail "no answer on /metrics"
promtool check metrics <"$dir/metrics.txt" || fail "promtool rejects the exposition"
grep -qx 'ravelin_connection_up{connection="peer"} 1' "$dir/metrics.txt" || fail "connection not reported up: $(grep connection_up "$dir/metrics.txt")"
grep -q '^ravelin_ike_exchanges_total{exchange="ike_sa_init",result="ok"} [1-9]' "$dir/metrics.txt" ||
    fail "IKE_SA_INIT not counted: $(grep exchanges_total "$dir/metrics.txt")"
echo "ok: /metrics passes promtool and shows the tunnel up"
wait_until 10 "b established" established b
[[ $(query a "sas[0]['children'][0]['spi_in']") == $(query b "sas[0]['children'][0]['spi_out']") ]] || fail "SPIs disagree"
echo "ok: SPIs agree"
ctl a initiate '{"connection": "nope", "child": "net"}' 2>/dev/null && fail "unknown connection accepted"
echo "ok: unknown connection refused"

# A bad file on reload: refused, located, the running configuration stays.
cp "$dir/a.yaml" "$dir/a.good"
printf 'connections:\n  peer:\n    dpd_delay: soon\n' >"$dir/a.yaml"
out=$(ctl a reload)
[[ $out == *'"reloaded": false'* && $out == *'a.yaml:3'* ]] || fail "bad reload not refused: $out"
[[ $(ctl a list-conns) == *'"peer"'* ]] || fail "running configuration lost"
established a || fail "SA lost by a refused reload"
echo "ok: bad configuration refused with its location, running one kept"

# SIGHUP with a good file adding a connection.
conf a 127.0.0.1 127.0.0.2 10.1.0.0/24 10.2.0.0/24 "  extra:
    remote_addrs: [127.0.0.9]
    children: { net: {} }"
kill -HUP "$pid_a"
wait_until 5 "SIGHUP loaded the new connection" bash -c "/usr/bin/python3 '$ctl_py' '$dir/a.sock' list-conns | grep -q extra"
established a || fail "SA of an unchanged connection lost on reload"

# SIGTERM: a deletes its SAs, b clears them, a exits.
kill -TERM "$pid_a"
wait_until 10 "b cleared its SAs after a's delete" no_sas b
wait_until 10 "a exited" bash -c "! kill -0 $pid_a"
grep -q "ravelin-ike stopped" "$dir/a.log" || fail "a did not stop cleanly"
echo "PASS: two daemons on loopback: initiate, reload, SIGHUP, SIGTERM"
