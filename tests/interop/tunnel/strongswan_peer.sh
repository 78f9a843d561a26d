#!/usr/bin/env bash
# Traffic across a tunnel between strongSwan 5.9 (kernel-libipsec) and Ravelin
# (ravelin-ike + ravelin-dp), topology in lib.sh:
#   strongswan_peer.sh ESP-PROPOSAL initiator|responder 4|6 MEGABYTES [OUTER 4|6 [HOST_MTU]]
# Ravelin in the given role; ping both ways, then MEGABYTES of random bytes over TCP
# each way with the SHA-256 compared at the far end; inner traffic IPv4 or IPv6,
# outer (IKE and ESP between the gateways) IPv4 or IPv6 (default 4). HOST_MTU
# 1500 (default 1400) makes TCP learn the tunnel's MTU from ICMP (lib.sh).
source "$(dirname "$0")/lib.sh"

esp=$1 role=$2 family=$3 megabytes=$4 outer=${5:-4} HOST_MTU=${6:-1400}
[[ $outer == 6 ]] && use_outer_v6
if [[ $family == 6 ]]; then
    SWAN_LOCAL_TS=fd00:1::/64 SWAN_REMOTE_TS=fd00:2::/64
    RAVELIN_LOCAL_TS=fd00:2::/64 RAVELIN_REMOTE_TS=fd00:1::/64
    addr_a=fd00:1::1 addr_b=fd00:2::1
else
    addr_a=10.1.0.1 addr_b=10.2.0.1
fi

swan_ravelin_setup "$esp"
[[ $family == 6 ]] && tunnel_add_ipv6
start_ravelin_gateway
[[ $family == 6 ]] && require_dp_ipv6 "$TEST_DIR/ravelin-dp.log"
establish "$role" 20
check_spis
if [[ $outer == 6 ]]; then check_outer fd99::1; else check_outer 10.99.0.1; fi

tunnel_ping "$NS_A" "$addr_b"
tunnel_ping "$NS_B" "$addr_a"
[[ $HOST_MTU -gt 1400 ]] && pmtu_probe "$NS_B" "$addr_a"
tunnel_transfer "$NS_A" a0 "$NS_B" b0 "$addr_b" "$megabytes"
[[ $HOST_MTU -gt 1400 ]] && forget_pmtu "$NS_A"
tunnel_transfer "$NS_B" b0 "$NS_A" a0 "$addr_a" "$megabytes"

# The traffic went through the SAs, in both directions, on both gateways.
[[ $(counter inbound_packets) -gt 1000 && $(counter outbound_packets) -gt 1000 ]] ||
    fail "ravelin-dp did not carry the transfers through ESP: $(show_dp_counters)"
if [[ $HOST_MTU -gt 1400 ]]; then
    # The probe's echo and host B's full-size TCP segments (DF) were answered, not sent oversized.
    [[ $(counter icmp_too_big) -ge 2 && $(counter drop_too_big) -ge 2 ]] ||
        fail "ravelin-dp sent no ICMP too big with host MTU $HOST_MTU: $(show_dp_counters)"
    [[ $family == 6 || $(counter prefragmented) -ge 3 ]] || fail "no pre-fragmented echo: $(show_dp_counters)"
fi
echo "ravelin-dp counters: $(show_dp_counters)"
swanctl_in "$dir_s" --list-sas | grep -E "in |out " || true
echo "PASS: strongSwan <-> Ravelin ($role), ESP $esp, IPv$family inner, IPv$outer outer, host MTU $HOST_MTU, ping and $megabytes MB each way"
