#!/usr/bin/env bash
# Ravelin vs strongSwan 5.9, rekeying: rekey.sh initiator|responder
# One IKE SA with two Child SAs: "net" with PFS (x25519), rekeyed by Ravelin's
# timers (rekey_time 6s), and "net2" without PFS, second Child SA on the same
# IKE SA, rekeyed by strongSwan's timers (rekey_time 7s). The IKE SA is rekeyed
# by Ravelin's timer (rekey_time 20s), by `ravelinctl rekey` and by
# `swanctl --rekey`. After ~25 s of this, both list the same Child SA SPIs,
# every Ravelin Child SA key is one strongSwan logged, and the metrics count
# the rekeys (RFC 7296 §1.3, §2.8, §2.17, §2.18).
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/lib.sh"

role=$1
ike=aes256gcm16-prfsha256-x25519
require_ravelinctl

ike_pair_network
ip -n "$ns_s" addr add 10.3.0.1/32 dev lo
charon_start_with "$ns_s" "$dir_s" "" "$charon_keylog_options"
swan_conf "$ike" aes128gcm16-x25519 "" "net2 { local_ts = 10.3.0.0/24
             remote_ts = 10.4.0.0/24
             esp_proposals = aes256gcm16
             rekey_time = 7s
             life_time = 14s
             rand_time = 2s }"
ravelin_conf "$ike" aes128gcm16-x25519 "    rekey_time: 20s
    rand_time: 2s
    over_time: 20s" "        rekey_time: 6s
        life_time: 12s
        rand_time: 1s" "      net2:
        local_ts: [10.4.0.0/24]
        remote_ts: [10.3.0.0/24]
        esp_proposals: [aes256gcm16]"
ravelin_start --debug-expose-keys

children_up() { [[ $(ravelin_query "sum(len(s['children']) for s in sas if s['state']=='ESTABLISHED')") -eq 2 ]]; }
if [[ $role == initiator ]]; then
    ravelinctl initiate --ike sw --child net >/dev/null || fail "initiate net refused"
    wait_until 15 "Ravelin shows the IKE SA and Child SA net" ravelin_established
    ravelinctl initiate --ike sw --child net2 >/dev/null || fail "initiate net2 refused"
else
    swanctl_in "$dir_s" --initiate --child net --timeout 15 >"$dir_s/initiate.log" 2>&1 ||
        fail "swanctl --initiate net failed: $(tail -5 "$dir_s/initiate.log")"
    swanctl_in "$dir_s" --initiate --child net2 --timeout 15 >>"$dir_s/initiate.log" 2>&1 ||
        fail "swanctl --initiate net2 failed: $(tail -5 "$dir_s/initiate.log")"
fi
wait_until 15 "both Child SAs on one IKE SA at Ravelin" children_up
[[ $(ravelin_query "len(sas)") -eq 1 ]] || fail "the second Child SA made another IKE SA"
started=$SECONDS


# Operator rekeys from both ends, between the timers' own.
wait_until 20 "a Child SA rekey initiated by Ravelin's timer" stat_at_least rekeys.child 1
ravelinctl rekey --ike-id "$(ravelin_query "[s for s in sas if s['state']=='ESTABLISHED'][0]['unique_id']")" >/dev/null ||
    fail "ravelinctl rekey --ike-id refused"
wait_until 10 "the IKE SA rekeyed by ravelinctl" stat_at_least rekeys.ike 1
swanctl_in "$dir_s" --rekey --ike rv >"$dir_s/rekey.log" 2>&1 || fail "swanctl --rekey --ike failed"
wait_until 10 "the IKE SA rekeyed by strongSwan" stat_at_least rekeys.ike 2 ||
    { ravelinctl stats --json >&2; ravelin_ctl list-sas >&2; fail "strongSwan's IKE rekey not counted"; }
ravelinctl rekey --child-id "$(ravelin_query "[c for s in sas for c in s['children'] if c['name']=='net2'][0]['reqid']")" \
    >/dev/null || fail "ravelinctl rekey --child-id refused"
wait_until 40 "Ravelin's IKE rekey timer (20 s)" stat_at_least rekeys.ike 3
wait_until 20 "six Child SA rekeys" stat_at_least rekeys.child 6
wait_until 10 "strongSwan rekeyed net2 on its timer" grep -qE "CHILD_SA net2\{[0-9]+\} state change: INSTALLED => REKEYING" "$dir_s/charon.log"

wait_until 15 "strongSwan and Ravelin list the same IKE SA and Child SA SPIs" same_child_sas 2
cat "$dir_r/same_sas.txt"

# Every key Ravelin has installed now is one strongSwan derived (its key log).
keys_agree() {
    local keylog="$(dirname "${BASH_SOURCE[0]}")/../ike_crypto/charon_keylog.py"
    /usr/bin/python3 "$keylog" "$dir_s/charon.log" >"$dir_r/swan_keys.txt" 2>/dev/null || true
    ravelin_ctl list-sas | /usr/bin/python3 -c '
import json, sys
logged = {}
for line in open(sys.argv[1]):
    name, _, value = line.strip().partition("=")
    base = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
    logged.setdefault(base, set()).add(value)
children = [c for s in json.load(sys.stdin) for c in s["children"]]
assert len(children) == 2
for c in children:
    for item in c["keys_debug"].split():
        name, _, value = item.partition("=")
        if value and value not in logged.get("child_" + name, set()):
            sys.exit(c["name"] + " " + name + " not in the strongSwan key log")
' "$dir_r/swan_keys.txt"
}
wait_until 10 "the Child SA keys agree with strongSwan's key log" keys_agree

scraped="$dir_r/metrics.txt"
scrape_metrics "$scraped"
grep -q '^ravelin_ike_rekeys_total{kind="child"} [1-9]' "$scraped" || fail "child rekeys not in /metrics"
grep -q '^ravelin_ike_rekeys_total{kind="ike"} [1-9]' "$scraped" || fail "IKE rekeys not in /metrics"
grep -q '^ravelin_ike_exchanges_total{exchange="create_child_sa",result="ok"} [1-9]' "$scraped" ||
    fail "CREATE_CHILD_SA not counted in /metrics"
! grep -q "hard expiry" "$dir_r/ravelin.log" || fail "a Child SA reached its hard expiry"
echo "rekeys in $((SECONDS - started)) s: child $(ravelin_stat rekeys.child), IKE $(ravelin_stat rekeys.ike)," \
     "collisions $(ravelin_stat rekey_collisions), failures child $(ravelin_stat rekey_failures.child) IKE $(ravelin_stat rekey_failures.ike)"
echo "PASS: rekeying with Ravelin as $role"
