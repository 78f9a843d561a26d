# Ravelin vs strongSwan in two namespaces (per ../../../shared/PEERS.md):
#   strongSwan  10.99.0.1  inner 10.1.0.0/24   namespace $ns_s, dir $dir_s
#   Ravelin     10.99.0.2  inner 10.2.0.0/24   namespace $ns_r, dir $dir_r
# Source after lib/netns.sh and lib/strongswan.sh.

RAVELIN_IKE="${RAVELIN_BUILD_DIR:?}/control-plane/daemon/ravelin-ike"
CTL_PY="$(dirname "${BASH_SOURCE[0]}")/ctl.py"
[[ -x $RAVELIN_IKE ]] || { echo "SKIP: $RAVELIN_IKE not built"; exit 77; }

ns_s="${TEST_TAG}s"
ns_r="${TEST_TAG}r"
dir_s="$TEST_DIR/strongswan"
dir_r="$TEST_DIR/ravelin"
mkdir -p "$dir_s" "$dir_r"

# Two namespaces on one veth; SWAN_ADDR/RAVELIN_ADDR (and SWAN_REMOTE/RAVELIN_REMOTE, the
# peer's as each side sees it) may be overridden (NAT tests, IPv6 outer), and
# the Child SA's selectors with SWAN_LOCAL_TS, SWAN_REMOTE_TS, RAVELIN_LOCAL_TS, RAVELIN_REMOTE_TS;
# SWAN_NET_EXTRA adds lines to strongSwan's child "net" (its rekey_time, say).
ike_pair_network() {
    netns_add "$ns_s"
    netns_add "$ns_r"
    veth_link "$ns_s" "${TEST_TAG}s0" 10.99.0.1/24 "$ns_r" "${TEST_TAG}r0" 10.99.0.2/24
    # strongSwan installs a route for the Child SA and wants a source inside its local_ts.
    ip -n "$ns_s" addr add 10.1.0.1/32 dev lo
}

# swanctl.conf for strongSwan: IKE proposal, ESP proposal, extra connection
# lines, more children after "net".
swan_conf() {
    local ike=$1 esp=$2 extra=${3:-} more_children=${4:-}
    cat >"$dir_s/swanctl.conf" <<CONF
connections {
  rv {
    version = 2
    local_addrs = ${SWAN_ADDR:-10.99.0.1}
    remote_addrs = ${SWAN_REMOTE:-10.99.0.2}
    proposals = $ike
    $extra
    local { auth = psk
            id = sun.example }
    remote { auth = psk
             id = moon.example }
    children {
      net { local_ts = ${SWAN_LOCAL_TS:-10.1.0.0/24}
            remote_ts = ${SWAN_REMOTE_TS:-10.2.0.0/24}
            esp_proposals = $esp
            ${SWAN_NET_EXTRA:-} }
      $more_children
    }
  }
}
secrets {
  ike-rv { id-a = sun.example
           id-b = moon.example
           secret = "interop-test-only-psk-0123456789" }
}
CONF
    swanctl_in "$dir_s" --load-all --file "$dir_s/swanctl.conf" >"$dir_s/load.log" 2>&1 ||
        fail "swanctl --load-all: $(cat "$dir_s/load.log")"
}

# ravelin.yaml: IKE proposal, ESP proposal, extra connection lines (YAML, 4
# spaces), extra lines of child "net" (8 spaces), more children (6 spaces).
# RAVELIN_ADDR, RAVELIN_ID, RAVELIN_PEER_ID turn it into the other side's (two Ravelins).
ravelin_conf() {
    local ike=$1 esp=$2 extra=${3:-} net_extra=${4:-} more_children=${5:-}
    cat >"$dir_r/ravelin.yaml" <<CONF
ike:
  listen: [${RAVELIN_ADDR:-10.99.0.2}]
control:
  socket: $dir_r/ravelin.sock
connections:
  sw:
    local_addrs: [${RAVELIN_ADDR:-10.99.0.2}]
    remote_addrs: [${RAVELIN_REMOTE:-10.99.0.1}]
    proposals: [$ike]
    local: { auth: psk, id: ${RAVELIN_ID:-moon.example} }
    remote: { auth: psk, id: ${RAVELIN_PEER_ID:-sun.example} }
$extra
    children:
      net:
        local_ts: [${RAVELIN_LOCAL_TS:-10.2.0.0/24}]
        remote_ts: [${RAVELIN_REMOTE_TS:-10.1.0.0/24}]
        esp_proposals: [$esp]
$net_extra
$more_children
secrets:
  - { id: [moon.example, sun.example], psk: "interop-test-only-psk-0123456789" }
CONF
}

ravelin_start() {
    ip netns exec "$ns_r" "$RAVELIN_IKE" --config "$dir_r/ravelin.yaml" --log-level "info,ike=debug" "$@" \
        >"$dir_r/ravelin.log" 2>&1 &
    RAVELIN_PID=$!
    track_pid $RAVELIN_PID
    wait_until 10 "ravelin-ike takes commands" ravelin_ctl list-conns
}

# establish initiator|responder [SECONDS]: Ravelin (or strongSwan) initiates the
# Child SA "net"; both sides show it up within SECONDS (default 15).
establish() {
    local role=$1 seconds=${2:-15}
    if [[ $role == initiator ]]; then
        ravelin_ctl initiate '{"connection": "sw", "child": "net"}' >/dev/null || fail "initiate refused"
    else
        swanctl_in "$dir_s" --initiate --child net --timeout "$seconds" >"$dir_s/initiate.log" 2>&1 ||
            fail "swanctl --initiate failed: $(tail -5 "$dir_s/initiate.log")"
    fi
    wait_until "$seconds" "Ravelin shows the IKE SA and Child SA established" ravelin_established
    wait_until "$seconds" "strongSwan shows the IKE SA and Child SA established" swan_established
}

ravelin_ctl() { /usr/bin/python3 "$CTL_PY" "$dir_r/ravelin.sock" "$@"; }

# jq-free JSON queries on the control socket's answers.
ravelin_query() {
    local expr=$1
    ravelin_ctl list-sas | /usr/bin/python3 -c "import json,sys; sas=json.load(sys.stdin); print($expr)"
}

ravelin_established() { [[ $(ravelin_query "sum(1 for s in sas if s['state']=='ESTABLISHED' and s['children'])") -ge 1 ]]; }
ravelin_no_sas() { [[ $(ravelin_query "len(sas)") -eq 0 ]]; }
swan_established() {
    local out
    out=$(swanctl_in "$dir_s" --list-sas 2>/dev/null)
    grep -q ESTABLISHED <<<"$out" && grep -q INSTALLED <<<"$out"
}
swan_no_sas() { ! swanctl_in "$dir_s" --list-sas 2>/dev/null | grep -q ESTABLISHED; }

# Both sides' Child SA SPIs agree: Ravelin's inbound is strongSwan's outbound and back.
check_spis() {
    local swan ours_in ours_out swan_in swan_out
    swan=$(swanctl_in "$dir_s" --list-sas)
    swan_in=$(sed -nE 's/^ +in +([0-9a-f]{8}).*/\1/p' <<<"$swan" | head -1)
    swan_out=$(sed -nE 's/^ +out +([0-9a-f]{8}).*/\1/p' <<<"$swan" | head -1)
    ours_in=$(ravelin_query "sas[0]['children'][0]['spi_in']")
    ours_out=$(ravelin_query "sas[0]['children'][0]['spi_out']")
    echo "strongSwan in/out: $swan_in/$swan_out  Ravelin in/out: $ours_in/$ours_out"
    [[ -n $swan_in && $swan_in == "$ours_out" && $swan_out == "$ours_in" ]] || fail "Child SA SPIs disagree"
    echo "ok: Child SA SPIs agree"
}

# Child SA keys agree: strongSwan's key log (chd = 4) vs Ravelin's list-sas with
# --debug-expose-keys. Needs charon started with charon_keylog_options.
charon_keylog_options=$'ike = 4\nchd = 4\nflush_line = yes'
check_keys() {
    local keylog="$(dirname "${BASH_SOURCE[0]}")/../ike_crypto/charon_keylog.py" keys name ours
    wait_until 10 "strongSwan logged the Child SA keys" grep -q "encryption responder key" "$dir_s/charon.log"
    keys=$(/usr/bin/python3 "$keylog" "$dir_s/charon.log" 2>/dev/null || true)
    ours=" $(ravelin_query "sas[0]['children'][0]['keys_debug']") "
    for name in encr_i encr_r integ_i integ_r; do
        local theirs
        theirs=$(sed -n "s/^child_${name}=//p" <<<"$keys" | head -1)
        [[ $ours == *" $name=$theirs "* ]] || fail "Child SA key $name differs: strongSwan '$theirs', Ravelin '$ours'"
    done
    echo "ok: Child SA keys agree with strongSwan's key log"
}

# scrape_metrics FILE: ravelin-ike's /metrics in its namespace (default metrics.listen
# 127.0.0.1:9750). check_metrics: promtool accepts the live exposition, and it shows the tunnel to strongSwan up.
scrape_metrics() {
    ip netns exec "$ns_r" /usr/bin/python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:9750/metrics', timeout=5).read().decode())" \
        >"$1" || fail "no answer on /metrics"
}
check_metrics() {
    local scraped="$dir_r/metrics.txt"
    scrape_metrics "$scraped"
    promtool check metrics <"$scraped" || fail "promtool rejects the live exposition"
    grep -qx 'ravelin_connection_up{connection="sw"} 1' "$scraped" || fail "connection sw not reported up"
    grep -q '^ravelin_ike_exchanges_total{exchange="ike_auth",result="ok"} [1-9]' "$scraped" || fail "IKE_AUTH not counted"
    echo "ok: live /metrics passes promtool check metrics and shows connection sw up"
}

# ravelinctl (skips the test when not built); ravelin_stat NAME: one of its stats
# counters (rekeys.child, rekeys.ike, rekey_collisions, ...).
RAVELINCTL="${RAVELIN_BUILD_DIR}/control-plane/ravelinctl/ravelinctl"
require_ravelinctl() { [[ -x $RAVELINCTL ]] || { echo "SKIP: $RAVELINCTL not built"; exit 77; }; }
ravelinctl() { "$RAVELINCTL" --socket "$dir_r/ravelin.sock" "$@"; }
ravelin_stat() {
    ravelinctl stats --json | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['counters'].get('$1', 0))"
}
stat_at_least() { [[ $(ravelin_stat "$1") -ge $2 ]]; }

# same_child_sas COUNT: strongSwan and Ravelin list one IKE SA and the same COUNT
# installed Child SAs, SPI for SPI (for wait_until: rekeys may be in flight).
same_child_sas() {
    local swan ours
    swan=$(swanctl_in "$dir_s" --list-sas | /usr/bin/python3 -c '
import re, sys
pairs, state, inbound = set(), None, None
for line in sys.stdin:
    head = re.match(r"\s+(\S+): #\d+, reqid \d+, (\w+),", line)
    if head:
        state, inbound = head.group(2), None
        continue
    spi = re.match(r"\s+(in|out)\s+([0-9a-f]{8})", line)
    if spi and state == "INSTALLED":
        if spi.group(1) == "in":
            inbound = spi.group(2)
        else:
            pairs.add(f"{spi.group(2)}/{inbound}")
print(" ".join(sorted(pairs)))')
    ours=$(ravelin_query "' '.join(sorted(c['spi_in']+'/'+c['spi_out'] for s in sas for c in s['children'] if c['state']=='INSTALLED'))")
    echo "strongSwan out/in: $swan  Ravelin in/out: $ours" >"$dir_r/same_sas.txt"
    [[ -n $swan && $swan == "$ours" && $(wc -w <<<"$ours") -eq $1 ]] &&
        [[ $(ravelin_query "len(sas)") -eq 1 ]] &&
        [[ $(swanctl_in "$dir_s" --list-sas | grep -c ESTABLISHED) -eq 1 ]]
}
