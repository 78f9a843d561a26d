#!/bin/bash
# ravelin-dp forwarding IPv6 (RFC 8200) between two net_af_packet ports: the
# exception path for the gateway's own IPv6 addresses (Neighbour Discovery and
# ping6 answered by the kernel behind the TAPs), default discard without a
# policy, bypass forwarding with the hop limit decremented, next hops resolved
# by ravelin-dp's own Neighbour Solicitations (RFC 4861), a discard policy, and
# a 2 MB TCP transfer compared on both ends.
source "$(dirname "$0")/lib.sh"

make_topology
add_ipv6
start_dp

wait_until 10 "host A pings6 the gateway fd00:1::fe" ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:1::fe
[[ $(counter exception_to_tap) -ge 2 ]] || fail "exception_to_tap: $(counter exception_to_tap)"
[[ $(counter exception_from_tap) -ge 2 ]] || fail "exception_from_tap: $(counter exception_from_tap)"

# IKE over IPv6 reaches an ordinary socket on the TAP's address: UDP 500, and
# UDP 4500 behind the non-ESP marker (RFC 3948 §2.2).
ip netns exec "$NS_GW" timeout 20 /usr/bin/python3 -c "
import select, socket, sys
socks = []
for port in (500, 4500):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(('fd00:1::fe', port)); socks.append(s)
open(sys.argv[1] + '.ready', 'w').close()
seen = set()
while len(seen) < 2:
    for s in select.select(socks, [], [])[0]:
        data, peer = s.recvfrom(2048)
        seen.add((s.getsockname()[1], data[:4]))
open(sys.argv[1], 'w').write(repr(sorted(seen)))
" "$TEST_DIR/ike6" &
track_pid $!
wait_until 5 "IKE sockets bound on fd00:1::fe" test -e "$TEST_DIR/ike6.ready"
ike_to_gateway() {
    ip netns exec "$NS_A" /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b'ike-init-bytes', ('fd00:1::fe', 500)); s.sendto(bytes(4) + b'ike-behind-marker', ('fd00:1::fe', 4500))"
    test -s "$TEST_DIR/ike6"
}
wait_until 10 "IKE over IPv6 on 500 and 4500 reaches ravelin-ike's sockets" ike_to_gateway

ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1 > /dev/null && fail "forwarded without a policy"
[[ $(counter drop_no_policy) -ge 1 ]] || fail "drop_no_policy not counted"

"$DPCTL" --segment "$SEGMENT" policy out bypass fd00:1::/64 fd00:2::/64 1 10 || fail "policy lan->wan refused"
"$DPCTL" --segment "$SEGMENT" policy out bypass fd00:2::/64 fd00:1::/64 2 10 || fail "policy wan->lan refused"

# Host B has not spoken to the gateway: ravelin-dp solicits its MAC from the wan port.
before_requests=$(counter arp_requests)
wait_until 10 "host A pings6 host B through ravelin-dp" ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1
[[ $(counter arp_requests) -gt $before_requests ]] || fail "no Neighbour Solicitation counted"
reply=$(ip netns exec "$NS_A" ping -6 -c3 -i0.2 -W1 fd00:2::1) || fail "ping6 A->B lost packets: $reply"
grep -q "ttl=63" <<< "$reply" || fail "hop limit not decremented once: $reply"
ip netns exec "$NS_B" ping -6 -c3 -i0.2 -W1 fd00:1::1 > /dev/null || fail "ping6 B->A lost packets"
[[ $(counter bypass_packets) -ge 12 ]] || fail "bypass_packets: $(counter bypass_packets)"
wait_until 10 "host B pings6 the gateway fd00:2::fe" ip netns exec "$NS_B" ping -6 -c1 -W1 fd00:2::fe

# Fragments (RFC 8200 §4.5): a 3000-byte ping6 leaves host A in three, the
# later ones without ports (OPAQUE, matching the ANY-port bypass policies).
ip netns exec "$NS_A" ping -6 -c2 -i0.2 -W1 -s 3000 fd00:2::1 > /dev/null || fail "fragmented ping6 A->B lost"

# A hop limit of 1 expires at the gateway.
before_ttl=$(counter drop_ttl)
ip netns exec "$NS_A" ping -6 -c1 -W1 -t1 fd00:2::1 > /dev/null && fail "hop limit 1 forwarded"
[[ $(counter drop_ttl) -gt $before_ttl ]] || fail "drop_ttl not counted"

# A discard policy of higher priority (lower value) for one host wins over the bypass.
"$DPCTL" --segment "$SEGMENT" policy out discard fd00:1::1/128 fd00:2::1/128 3 5 || fail "discard policy refused"
before=$(counter drop_discard_policy)
ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1 > /dev/null && fail "forwarded despite the discard policy"
[[ $(counter drop_discard_policy) -gt $before ]] || fail "drop_discard_policy not counted"
"$DPCTL" --segment "$SEGMENT" policy out bypass fd00:1::1/128 fd00:2::1/128 4 1 || fail "bypass over discard refused"
wait_until 10 "forwarding again once the policy is bypass" ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1

# A hub-sized SPD (5,000 more IPv4 policies, compiled into rte_acl in batches):
# installed in bounded time, and forwarding goes on through the bigger classifiers.
rate=$(timeout 60 "$DPCTL" --segment "$SEGMENT" policy-bulk 5000) || fail "5,000 policies not installed in 60 s"
echo "$rate"
wait_until 10 "forwarding with 5,000 more policies" ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1

tcp_transfer_intact fd00:2::1
echo "PASS: IPv6 exception path (ND, ping6, IKE on 500/4500), default discard, bypass forwarding with hop limit and fragments, ND next hops, discard policy, 5,000-policy SPD, 2 MB TCP intact"
