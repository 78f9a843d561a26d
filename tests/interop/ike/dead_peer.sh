#!/usr/bin/env bash
# Liveness checks (RFC 7296 §2.4) against strongSwan: dead_peer.sh initiator|responder
# With the SAs up, strongSwan's charon is killed; Ravelin's DPD after dpd_delay
# of silence goes unanswered, the retransmissions (shortened for the test) run
# out, and Ravelin removes the IKE SA and its Child SA.
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/lib.sh"

role=$1
ike=aes256gcm16-prfsha256-x25519
ike_pair_network
charon_start "$ns_s" "$dir_s"
swan_conf "$ike" aes128gcm16
ravelin_conf "$ike" aes128gcm16 "    dpd_delay: 2s"
ravelin_start --retransmit-timeout 500 --retransmit-base 1.5 --retransmit-tries 3

if [[ $role == initiator ]]; then
    ravelin_ctl initiate '{"connection": "sw", "child": "net"}' >/dev/null || fail "initiate refused"
else
    swanctl_in "$dir_s" --initiate --child net --timeout 15 >"$dir_s/initiate.log" 2>&1 || fail "swanctl --initiate failed"
fi
wait_until 15 "Ravelin shows the IKE SA and Child SA established" ravelin_established

# A live peer answers the liveness checks: still up after several dpd_delays.
wait_until 10 "a liveness check was answered" \
    bash -c "[[ \$(/usr/bin/python3 '$CTL_PY' '$dir_r/ravelin.sock' stats | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[\"counters\"].get(\"dpd.sent\", 0))') -ge 2 ]]"
ravelin_established || fail "IKE SA lost while the peer was alive"

# Kill every process in strongSwan's namespace (charon only), without a goodbye.
ip netns pids "$ns_s" | xargs -r kill -9
start=$SECONDS
wait_until 20 "Ravelin declares the peer dead and removes its SAs" ravelin_no_sas
echo "dead peer detected after $((SECONDS - start)) s"
grep -q "peer dead" "$dir_r/ravelin.log" || fail "no dead-peer log line"
echo "PASS: dead peer detected by DPD with Ravelin as $role"
