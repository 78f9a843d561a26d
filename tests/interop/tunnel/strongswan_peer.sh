#!/usr/bin/env bash
# Traffic across a tunnel between strongSwan 5.9 (kernel-libipsec) and Ravelin
# (ravelin-ike + ravelin-dp), topology in lib.sh:
#   strongswan_peer.sh ESP-PROPOSAL initiator|responder 4|6 MEGABYTES
# Ravelin in the given role; ping both ways, then MEGABYTES of random bytes over TCP
# each way with the SHA-256 compared at the far end; inner traffic IPv4 or IPv6.
source "$(dirname "$0")/lib.sh"

esp=$1 role=$2 family=$3 megabytes=$4
if [[ $family == 6 ]]; then
    SWAN_LOCAL_TS=fd00:1::/64 SWAN_REMOTE_TS=fd00:2::/64
    RAVELIN_LOCAL_TS=fd00:2::/64 RAVELIN_REMOTE_TS=fd00:1::/64
    addr_a=fd00:1::1 addr_b=fd00:2::1
else
    addr_a=10.1.0.1 addr_b=10.2.0.1
fi

swan_ravelin_setup "$esp"
if [[ $family == 6 ]]; then
    start_dp "$ns_r" "$dir_r/ravelin.yaml"
    require_dp_ipv6 "$TEST_DIR/ravelin-dp.log"
    # Reached only with ravelin-dp's IPv6 path: addresses for the inner traffic
    # (the lan port's IPv6 address comes with that path's configuration).
    ip -n "$NS_A" addr add fd00:1::1/64 dev a0
    ip -n "$ns_s" addr add fd00:1::fe/64 dev s_lan
    ip -n "$NS_A" -6 route add default via fd00:1::fe
    ip netns exec "$ns_s" sysctl -qw net.ipv6.conf.all.forwarding=1
    ip -n "$NS_B" addr add fd00:2::1/64 dev b0
    ip -n "$NS_B" -6 route add default via fd00:2::fe
    fail "IPv6 inner traffic: ravelin-dp announces an IPv6 path; configure its lan port's fd00:2::fe here"
fi
start_ravelin_gateway
establish "$role" 20
check_spis

tunnel_ping "$NS_A" "$addr_b"
tunnel_ping "$NS_B" "$addr_a"
tunnel_transfer "$NS_A" a0 "$NS_B" b0 "$addr_b" "$megabytes"
tunnel_transfer "$NS_B" b0 "$NS_A" a0 "$addr_a" "$megabytes"

# The traffic went through the SAs, in both directions, on both gateways.
[[ $(counter inbound_packets) -gt 1000 && $(counter outbound_packets) -gt 1000 ]] ||
    fail "ravelin-dp did not carry the transfers through ESP: $(show_dp_counters)"
echo "ravelin-dp counters: $(show_dp_counters)"
swanctl_in "$dir_s" --list-sas | grep -E "in |out " || true
echo "PASS: strongSwan <-> Ravelin ($role), ESP $esp, IPv$family inner, ping and $megabytes MB each way"
