#!/usr/bin/env bash
# Rekeys under traffic (issues 6 and 8), topology in lib.sh: a UDP stream with
# sequence numbers each way between hosts A and B (RATE datagrams/s for SECONDS),
# counted by the sender and by the receiver, while the Child SA carrying it is
# rekeyed again and again from both ends and the IKE SA is rekeyed from both ends:
#   Ravelin's timers: Child SA rekey_time 5s (rand 1s), IKE SA rekey_time 15s (rand 2s)
#   strongSwan: `swanctl --rekey --child` just after a Ravelin rekey (so the two do
#     not collide), three times, and `swanctl --rekey --ike` once
# Passes with zero datagrams lost each way, the rekeys counted, both gateways
# listing the same Child SA SPIs at the end and the old SAs gone from ravelin-dp.
# No TCP transfer alongside: a saturating flow makes the datagrams queue and drop
# in the hosts and strongSwan's userspace ESP, which is not what is measured here.
#   rekey_under_traffic.sh [RATE [SECONDS]]
source "$(dirname "$0")/lib.sh"
require_ravelinctl

rate=${1:-800} seconds=${2:-36}
count=$((rate * seconds))
UDP_SEQ="$TUNNEL_DIR/udp_seq.py"

# Ravelin's Child SA timer (4-5 s) fires before strongSwan's (6-7 s), so the two
# never start rekeying the same Child SA together; swanctl rekeys just after one.
# charon's log is where strongSwan's own rekeys are counted: written line by line.
SWAN_LOG_EXTRA="flush_line = yes"
SWAN_NET_EXTRA="rekey_time = 7s
            life_time = 14s
            rand_time = 1s"
swan_ravelin_setup aes128gcm16 "" "    rekey_time: 15s
    rand_time: 2s
    over_time: 15s" "        rekey_time: 5s
        life_time: 12s
        rand_time: 1s"
start_ravelin_gateway
establish initiator 20
tunnel_ping "$NS_A" 10.2.0.1
tunnel_ping "$NS_B" 10.1.0.1

# udp_stream NAME FROM_NS TO_NS TO_ADDRESS: the receiver ready, the sender started
# in the background; its pid in stream_pid[NAME].
declare -A stream_pid
udp_stream() {
    local name=$1 from_ns=$2 to_ns=$3 to=$4
    ip netns exec "$to_ns" /usr/bin/python3 "$UDP_SEQ" recv "$to" 5002 "$TEST_DIR/$name.ready" \
        "$TEST_DIR/$name.received" $((seconds + 30)) &
    track_pid $!
    stream_pid[$name.recv]=$!
    wait_until 10 "receiver $name listening on $to:5002" test -e "$TEST_DIR/$name.ready"
    ip netns exec "$from_ns" /usr/bin/python3 "$UDP_SEQ" send "$to" 5002 "$rate" "$count" >"$TEST_DIR/$name.sent" &
    track_pid $!
    stream_pid[$name.send]=$!
}

# stream_result NAME: prints "sent N, received M" and the missing sequence numbers;
# fails unless every datagram arrived once.
stream_result() {
    local name=$1 sent received unique duplicates reordered last missing
    wait "${stream_pid[$name.send]}" || fail "sender $name failed"
    wait "${stream_pid[$name.recv]}" || fail "receiver $name failed"
    read -r sent _ <"$TEST_DIR/$name.sent"
    read -r received unique duplicates reordered last missing <"$TEST_DIR/$name.received"
    echo "$name: sent $sent, received $received ($unique distinct, $duplicates duplicates, $reordered out of order)"
    [[ $sent == "$count" && $unique == "$count" && $duplicates == 0 ]] && return
    echo "$name lost $((sent - unique)) of $sent datagrams; missing sequence numbers (at $rate/s from $stream_start): $missing"
    return 1
}

swan_rekey() {
    swanctl_in "$dir_s" --rekey "$@" >>"$dir_s/rekey.log" 2>&1 || fail "swanctl --rekey $* failed: $(tail -3 "$dir_s/rekey.log")"
}

# The rekey schedule, each step waiting for the one before to be counted; Ravelin's
# timer rekeys the Child SA in between.
rekeys_during_traffic() {
    local child
    child=$(ravelin_stat rekeys.child)
    wait_until 10 "a Child SA rekey by Ravelin's timer" stat_at_least rekeys.child $((child + 1))
    swan_rekey --child net
    wait_until 10 "a Child SA rekey by swanctl --rekey" stat_at_least rekeys.child $((child + 2))
    wait_until 10 "another Child SA rekey by Ravelin's timer" stat_at_least rekeys.child $((child + 3))
    swan_rekey --ike rv
    wait_until 10 "the IKE SA rekeyed by swanctl --rekey" stat_at_least rekeys.ike 1
    swan_rekey --child net
    wait_until 10 "a second Child SA rekey by swanctl --rekey" stat_at_least rekeys.child $((child + 4))
    wait_until 25 "the IKE SA rekeyed by Ravelin's timer" stat_at_least rekeys.ike 2
    child=$(ravelin_stat rekeys.child)
    wait_until 10 "a Child SA rekey by Ravelin's timer" stat_at_least rekeys.child $((child + 1))
    swan_rekey --child net
    wait_until 10 "a third Child SA rekey by swanctl --rekey" stat_at_least rekeys.child $((child + 2))
}

# swan_exchanges sent|parsed request|response PAYLOADS: CREATE_CHILD_SA messages in
# charon's log; a Child SA rekey carries N(REKEY_SA), an IKE SA rekey "SA No KE".
swan_exchanges() {
    local verb=$1 kind=$2 payloads=$3
    [[ $verb == sent ]] && verb=generating
    grep -E "\] $verb CREATE_CHILD_SA $kind [0-9]+ \[ $payloads" "$dir_s/charon.log" | wc -l
}

started=$SECONDS
stream_start=$(date -u +%T.%N)
udp_stream a_to_b "$NS_A" "$NS_B" 10.2.0.1
udp_stream b_to_a "$NS_B" "$NS_A" 10.1.0.1
rekeys_during_traffic
lost=0
stream_result a_to_b || lost=1
stream_result b_to_a || lost=1
((lost == 0)) || fail "datagrams lost across the rekeys; ravelin-dp counters: $(show_dp_counters)"
duration=$((SECONDS - started))
# Who began the rekeys, from strongSwan's log: each end some of both kinds; Ravelin's
# counts of the same moment.
child_rekeys=$(ravelin_stat rekeys.child) ike_rekeys=$(ravelin_stat rekeys.ike)
child_by_swan=$(swan_exchanges sent request "N\(REKEY_SA\)")
child_by_ravelin=$(swan_exchanges parsed request "N\(REKEY_SA\)")
ike_by_swan=$(swan_exchanges sent request "SA No KE \]")
ike_by_ravelin=$(swan_exchanges parsed request "SA No KE \]")
((child_by_swan >= 3 && child_by_ravelin >= 4 && ike_by_swan >= 1 && ike_by_ravelin >= 1)) ||
    fail "rekeys begun: Child SA by strongSwan $child_by_swan, by Ravelin $child_by_ravelin; IKE SA by strongSwan $ike_by_swan, by Ravelin $ike_by_ravelin"

# Both list the same single Child SA. ravelin-dp holds its outbound SA and at most
# two inbound ones: an old inbound SA stays 5 s for packets in flight, about as
# long as Ravelin's timer takes to rekey again; the ones before are deleted.
wait_until 15 "strongSwan and Ravelin list the same IKE SA and Child SA SPIs" same_child_sas 1
cat "$dir_r/same_sas.txt"
dp_sas_bounded() {
    scrape_metrics "$dir_r/metrics.txt"
    grep -qE '^ravelin_dp_installed_sas\{direction="in"\} [12]$' "$dir_r/metrics.txt" &&
        grep -qx 'ravelin_dp_installed_sas{direction="out"} 1' "$dir_r/metrics.txt"
}
wait_until 10 "ravelin-dp holds one outbound SA and at most two inbound ones" dp_sas_bounded ||
    fail "old SAs left in ravelin-dp: $(grep '^ravelin_dp_installed_sas' "$dir_r/metrics.txt")"
echo "ravelin-dp SAs: $(grep '^ravelin_dp_installed_sas' "$dir_r/metrics.txt" | tr '\n' ' ')"
! grep -q "hard expiry" "$dir_r/ravelin.log" || fail "a Child SA reached its hard expiry"
echo "ravelin-dp counters: $(show_dp_counters)"
echo "rekeys in ${duration} s: Child SA $child_rekeys ($child_by_swan begun by strongSwan, $child_by_ravelin by Ravelin)," \
     "IKE SA $ike_rekeys ($ike_by_swan by strongSwan, $ike_by_ravelin by Ravelin), collisions $(ravelin_stat rekey_collisions)," \
     "failures child $(ravelin_stat rekey_failures.child) IKE $(ravelin_stat rekey_failures.ike)"
echo "PASS: $count datagrams each way at $rate/s across the rekeys, none lost"
