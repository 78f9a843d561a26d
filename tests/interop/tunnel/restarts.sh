#!/usr/bin/env bash
# Restarts with a tunnel up between strongSwan and Ravelin (topology in lib.sh):
#   ravelin-dp killed and started again: ravelin-ike notices the new generation
#     and replays every SA and policy; traffic flows again within a bounded wait
#   ravelin-ike killed (SIGKILL: no polite deletes): ravelin-dp keeps forwarding
#     on the SAs it has, and still does once a new ravelin-ike has started
source "$(dirname "$0")/lib.sh"

swan_ravelin_setup aes128gcm16
start_ravelin_gateway
establish initiator 20
tunnel_ping "$NS_A" 10.2.0.1
# Enough traffic that the peer's replay window has moved far from the start.
tunnel_transfer "$NS_B" b0 "$NS_A" a0 10.1.0.1 10

# ravelin-dp dies and comes back empty.
kill -9 "$DP_PID"
wait "$DP_PID" 2>/dev/null || true
ip netns exec "$NS_A" ping -c1 -W1 10.2.0.1 >/dev/null && fail "traffic crossed without ravelin-dp"
start_dp "$ns_r" "$dir_r/ravelin.yaml"
wait_until 5 "ravelin-ike replays the SAs and policies into the new ravelin-dp" \
    grep -q "replaying 2 SA(s) and 2 policy(ies)" "$dir_r/ravelin.log"
tunnel_ping "$NS_A" 10.2.0.1
tunnel_ping "$NS_B" 10.1.0.1
[[ $(counter inbound_packets) -ge 5 ]] || fail "the new ravelin-dp did not decrypt: $(show_dp_counters)"
echo "ok: ravelin-dp restarted, SAs replayed, traffic flows again"

# ravelin-ike dies; the installed SAs keep carrying traffic.
kill -9 "$RAVELIN_PID"
wait "$RAVELIN_PID" 2>/dev/null || true
before=$(counter outbound_packets)
tunnel_ping "$NS_A" 10.2.0.1
tunnel_ping "$NS_B" 10.1.0.1
tunnel_transfer "$NS_B" b0 "$NS_A" a0 10.1.0.1 10
[[ $(counter outbound_packets) -gt $((before + 1000)) ]] || fail "outbound ESP not counted: $(show_dp_counters)"
# A new ravelin-ike attaches to the same generation: nothing is replayed or removed.
mv "$dir_r/ravelin.log" "$dir_r/ravelin-before-kill.log"
ravelin_start
tunnel_ping "$NS_A" 10.2.0.1
grep -q "replaying" "$dir_r/ravelin.log" && fail "a restarted ravelin-ike replayed into a running ravelin-dp"
echo "PASS: ravelin-dp restart replayed and traffic resumed; traffic kept flowing without ravelin-ike and after its restart"
