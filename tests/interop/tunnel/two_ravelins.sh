#!/usr/bin/env bash
# Two Ravelin gateways facing each other, each ravelin-ike + ravelin-dp with its
# own segment and EAL file prefix:
#   host A 10.1.0.1 --- (lan 10.1.0.254) [Ravelin P] (wan 10.99.0.1) --- (wan 10.99.0.2) [Ravelin R] (lan 10.2.0.254) --- host B 10.2.0.1
# Plain ESP this time (no NAT between them). Ping both ways, then MEGABYTES each
# way over TCP with the SHA-256 compared; inner traffic IPv4 or IPv6 (fd00:1::1
# and fd00:2::1 behind fd00:1::fe and fd00:2::fe), outer IPv4 or IPv6 (the WAN
# link fd99::1 - fd99::2 only; default 4):
#   two_ravelins.sh ESP-PROPOSAL 4|6 MEGABYTES [OUTER 4|6]
source "$(dirname "$0")/lib.sh"

esp=$1 family=$2 megabytes=$3 outer=${4:-4}
wan_p=10.99.0.1 wan_r=10.99.0.2 wan_p_net=10.99.0.1/24 wan_r_net=10.99.0.2/24
if [[ $outer == 6 ]]; then
    wan_p='"fd99::1"' wan_r='"fd99::2"' wan_p_net='"fd99::1/64"' wan_r_net='"fd99::2/64"'
fi
RAVELIN_ADDR=$wan_r RAVELIN_REMOTE=$wan_p
if [[ $family == 6 ]]; then
    ts_a=fd00:1::/64 ts_b=fd00:2::/64 addr_a=fd00:1::1 addr_b=fd00:2::1
else
    ts_a=10.1.0.0/24 ts_b=10.2.0.0/24 addr_a=10.1.0.1 addr_b=10.2.0.1
fi
RAVELIN_LOCAL_TS=$ts_b RAVELIN_REMOTE_TS=$ts_a
ns_p="${TEST_TAG}p"
dir_p="$TEST_DIR/ravelin-peer"
segment_p="/ravelin-dp-${TEST_TAG}p"
mkdir -p "$dir_p"
# as_peer CMD...: run a lib function against Ravelin P instead of Ravelin R.
as_peer() {
    local dir_r=$dir_p ns_r=$ns_p RAVELIN_ADDR=$wan_p RAVELIN_REMOTE=$wan_r RAVELIN_ID=sun.example \
          RAVELIN_PEER_ID=moon.example RAVELIN_LOCAL_TS=$ts_a RAVELIN_REMOTE_TS=$ts_b
    "$@"
}

netns_add "$NS_A"
netns_add "$ns_p"
netns_add "$ns_r"
netns_add "$NS_B"
dp_link "$NS_A" a0 10.1.0.1/24 "$ns_p" lan0
dp_gateway_link "$ns_p" wan0 "$ns_r" wan0
dp_link "$NS_B" b0 10.2.0.1/24 "$ns_r" lan0
host_mtu "$NS_A" a0
host_mtu "$NS_B" b0
ip -n "$NS_A" route add default via 10.1.0.254
ip -n "$NS_B" route add default via 10.2.0.254

ravelin_conf "$TUNNEL_IKE" "$esp"
dp_config "$dir_r/ravelin.yaml" "$SEGMENT" "wan wan0 $wan_r_net" "lan lan0 10.2.0.254/24"
as_peer ravelin_conf "$TUNNEL_IKE" "$esp"
dp_config "$dir_p/ravelin.yaml" "$segment_p" "wan wan0 $wan_p_net" "lan lan0 10.1.0.254/24"
[[ $family == 6 ]] && add_ipv6 "$dir_r/ravelin.yaml" "$dir_p/ravelin.yaml"
as_peer start_dp "$ns_p" "$dir_p/ravelin.yaml" p 1
start_ravelin_gateway
as_peer ravelin_start

ravelin_ctl initiate '{"connection": "sw", "child": "net"}' >/dev/null || fail "initiate refused"
wait_until 20 "Ravelin R shows the IKE SA and Child SA established" ravelin_established
wait_until 20 "Ravelin P shows the IKE SA and Child SA established" as_peer ravelin_established
[[ $(ravelin_query "sas[0]['children'][0]['spi_in']") == $(as_peer ravelin_query "sas[0]['children'][0]['spi_out']") ]] ||
    fail "Child SA SPIs disagree"
# No NAT between them (RFC 7296 §2.23: the responder checks the request's NAT-D
# hashes with SPIr 0), so plain ESP both ways.
nat_r=$(ravelin_query "sas[0]['nat_detected']") nat_p=$(as_peer ravelin_query "sas[0]['nat_detected']")
[[ $nat_r == False && $nat_p == False ]] || fail "NAT detected where there is none: R (initiator) $nat_r, P (responder) $nat_p"
echo "ok: no NAT detected on either side"
check_outer "${wan_p//\"/}"
[[ $family == 6 ]] && require_dp_ipv6 "$TEST_DIR/ravelin-dp.log"

tunnel_ping "$NS_A" "$addr_b"
tunnel_ping "$NS_B" "$addr_a"
tunnel_transfer "$NS_A" a0 "$NS_B" b0 "$addr_b" "$megabytes"
tunnel_transfer "$NS_B" b0 "$NS_A" a0 "$addr_a" "$megabytes"
# The traffic went through the SAs, in both directions, on both gateways.
for segment in "$SEGMENT" "$segment_p"; do
    [[ $(counter inbound_packets "$segment") -gt 1000 && $(counter outbound_packets "$segment") -gt 1000 ]] ||
        fail "ravelin-dp $segment did not carry the transfers through ESP: $(show_dp_counters "$segment")"
done
echo "ravelin-dp R counters: $(show_dp_counters)"
echo "ravelin-dp P counters: $(show_dp_counters "$segment_p")"
echo "PASS: Ravelin <-> Ravelin, ESP $esp, IPv$family inner, IPv$outer outer, ping and $megabytes MB each way"
