#!/bin/bash
# ravelin-dp on two net_af_packet ports: the exception path (ARP and ping for the
# gateway's own addresses answered by the kernel behind the TAPs), RFC 4301
# default discard without a policy, then forwarding under bypass policies
# installed through the shared-memory ring, with next hops resolved by ARP.
source "$(dirname "$0")/lib.sh"

make_topology
start_dp

# Exception path: host A resolves and pings the gateway address on the lan TAP.
wait_until 10 "host A pings the gateway 10.1.0.254" ip netns exec "$NS_A" ping -c1 -W1 10.1.0.254
[[ $(counter exception_to_tap) -ge 2 ]] || fail "exception_to_tap: $(counter exception_to_tap)"
[[ $(counter exception_from_tap) -ge 2 ]] || fail "exception_from_tap: $(counter exception_from_tap)"

# No policy: discarded (RFC 4301 §4.4.1), and counted.
ip netns exec "$NS_A" ping -c1 -W1 10.2.0.1 > /dev/null && fail "forwarded without a policy"
[[ $(counter drop_no_policy) -ge 1 ]] || fail "drop_no_policy not counted"

"$DPCTL" --segment "$SEGMENT" policy out bypass 10.1.0.0/24 10.2.0.0/24 1 10 || fail "policy lan->wan refused"
"$DPCTL" --segment "$SEGMENT" policy out bypass 10.2.0.0/24 10.1.0.0/24 2 10 || fail "policy wan->lan refused"

# Host B has not spoken to the gateway yet: its MAC must be asked for by ARP
# (the first packets are dropped, counted, until the reply arrives).
wait_until 10 "host A pings host B through ravelin-dp" ip netns exec "$NS_A" ping -c1 -W1 10.2.0.1
reply=$(ip netns exec "$NS_A" ping -c3 -i0.2 -W1 10.2.0.1) || fail "ping A->B lost packets: $reply"
grep -q "ttl=63" <<< "$reply" || fail "TTL not decremented once: $reply"
ip netns exec "$NS_B" ping -c3 -i0.2 -W1 10.1.0.1 > /dev/null || fail "ping B->A lost packets"
[[ $(counter bypass_packets) -ge 12 ]] || fail "bypass_packets: $(counter bypass_packets)"
[[ $(counter arp_requests) -ge 1 ]] || fail "arp_requests: $(counter arp_requests)"
wait_until 10 "host B pings the gateway 10.2.0.254" ip netns exec "$NS_B" ping -c1 -W1 10.2.0.254

# A trap policy without an SA: the packet is dropped and ravelin-ike is asked for an SA.
"$DPCTL" --segment "$SEGMENT" policy out trap 10.1.0.0/24 10.8.0.0/24 9 10 || fail "trap policy refused"
"$DPCTL" --segment "$SEGMENT" wait-event acquire 10 > "$TEST_DIR/acquire.out" &
acquire_pid=$!
track_pid $acquire_pid
wait_until 5 "acquire listener attached" grep -q listening "$TEST_DIR/acquire.out"
wait_until 10 "acquire raised for 10.1.0.1 -> 10.8.0.7" sh -c "
    ip netns exec $NS_A ping -c1 -W0.2 10.8.0.7 > /dev/null; ! kill -0 $acquire_pid"
wait $acquire_pid || fail "no acquire event"
grep -q "acquire reqid=9 10.1.0.1 -> 10.8.0.7 proto=1" "$TEST_DIR/acquire.out" || fail "acquire: $(cat "$TEST_DIR/acquire.out")"

# A TCP transfer with a checksum compare on both ends.
tcp_transfer_intact 10.2.0.1
echo "PASS: exception path, default discard, bypass forwarding, ARP next hops, acquire on a trap policy, 2 MB TCP intact"
