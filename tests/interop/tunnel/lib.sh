# End-to-end tunnel topology (issue 8), on dp/lib.sh, lib/strongswan.sh and ike/lib.sh:
#
#   host A 10.1.0.1 --- 10.1.0.254 [strongSwan gw] 10.99.0.1 --- 10.99.0.2 (wan) [Ravelin gw] (lan) 10.2.0.254 --- 10.2.0.1 host B
#
# strongSwan gw: charon with kernel-libipsec (ESP in userspace over its ipsec0 TUN;
# it always fakes NAT, so IKE floats to 4500 and ESP travels in UDP 4500).
# Ravelin gw: ravelin-dp on net_af_packet ports wan0 and lan0, ravelin-ike on the
# rv-wan TAP, both reading one ravelin.yaml (connections + dataplane section).
# Hosts A and B use MTU 1400 (HOST_MTU), so TCP fits an ESP-in-UDP packet into
# 1500 bytes from the start; with HOST_MTU=1500 they must learn the tunnel's MTU
# from ICMP (path MTU discovery: ravelin-dp's "fragmentation needed" / "packet
# too big", the strongSwan host kernel's for its ipsec0).

TUNNEL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$TUNNEL_DIR/../dp/lib.sh"
source "$TUNNEL_DIR/../lib/strongswan.sh"
source "$TUNNEL_DIR/../ike/lib.sh"
NS_GW=$ns_r
TRANSFER="$TUNNEL_DIR/transfer.py"
TUNNEL_IKE=aes256gcm16-prfsha256-x25519

host_mtu() { ip -n "$1" link set "$2" mtu "${HOST_MTU:-1400}"; }

# IPv6 outer addresses (use_outer_v6, before tunnel_topology and the configurations):
# the gateways' WAN link carries fd99::/64 only, strongSwan fd99::1, Ravelin
# fd99::2, so IKE and ESP travel over IPv6 whatever the inner family.
TUNNEL_OUTER=4
use_outer_v6() {
    TUNNEL_OUTER=6
    SWAN_ADDR=fd99::1 SWAN_REMOTE=fd99::2
    RAVELIN_ADDR='"fd99::2"' RAVELIN_REMOTE='"fd99::1"'
}

# The strongSwan gateway's side: host A behind it, its WAN to the Ravelin gateway.
swan_gateway_topology() {
    netns_add "$NS_A"
    netns_add "$ns_s"
    veth_link "$NS_A" a0 10.1.0.1/24 "$ns_s" s_lan 10.1.0.254/24
    host_mtu "$NS_A" a0
    # Without segmentation offloads the hosts' packet counts are real packets.
    ip netns exec "$NS_A" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" a0
    ip -n "$NS_A" route add default via 10.1.0.254
    ip netns exec "$ns_s" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}

# tunnel_topology: both gateways, both hosts; ravelin.yaml gets its dataplane section
# from ravelin_dataplane_conf once ravelin_conf wrote the rest.
tunnel_topology() {
    swan_gateway_topology
    netns_add "$ns_r"
    netns_add "$NS_B"
    if [[ $TUNNEL_OUTER == 6 ]]; then
        dp_link "$ns_s" s_wan - "$ns_r" wan0
        ip -n "$ns_s" addr add fd99::1/64 dev s_wan nodad
    else
        dp_link "$ns_s" s_wan 10.99.0.1/24 "$ns_r" wan0
    fi
    dp_link "$NS_B" b0 10.2.0.1/24 "$ns_r" lan0
    host_mtu "$NS_B" b0
    ip -n "$NS_B" route add default via 10.2.0.254
}

ravelin_dataplane_conf() {
    local wan=10.99.0.2/24
    [[ $TUNNEL_OUTER == 6 ]] && wan='"fd99::2/64"'
    dp_config "$dir_r/ravelin.yaml" "$SEGMENT" "wan wan0 $wan" "lan lan0 10.2.0.254/24"
}

# swan_ravelin_setup ESP-PROPOSAL [SWAN-EXTRA [RAVELIN-EXTRA [RAVELIN-NET-EXTRA]]]: the
# topology, charon running and configured, ravelin.yaml written (the extras as
# swan_conf's and ravelin_conf's; SWAN_LOG_EXTRA: lines for charon's log section);
# start_ravelin_gateway comes next.
swan_ravelin_setup() {
    tunnel_topology
    charon_start "$ns_s" "$dir_s" "${SWAN_LOG_EXTRA:-}"
    swan_conf "$TUNNEL_IKE" "$1" "${2:-}"
    ravelin_conf "$TUNNEL_IKE" "$1" "${3:-}" "${4:-}"
    ravelin_dataplane_conf
}

# start_ravelin_gateway: ravelin-dp first (ravelin-ike listens on its TAP's address).
start_ravelin_gateway() {
    start_dp "$ns_r" "$dir_r/ravelin.yaml"
    grep -q "ESP engine: IPsec-MB" "$TEST_DIR/ravelin-dp.log" || { echo "SKIP: ravelin-dp built without the ESP engine"; exit 77; }
    ravelin_start
}

# tunnel_ping NS ADDRESS: the first echo may wait for ARP and the SAs; then five in a row, none lost.
tunnel_ping() {
    local ns=$1 address=$2 out
    wait_until 20 "$ns pings $address across the tunnel" ip netns exec "$ns" ping -c1 -W1 "$address"
    out=$(ip netns exec "$ns" ping -c5 -i0.2 -W2 "$address") || fail "ping $ns -> $address lost packets: $out"
    echo "ok: $(grep 'packets transmitted' <<<"$out")"
}

link_packets() { ip -n "$1" -s link show "$2" | awk -v k="$3" '$1 == k":" { getline; print $2 }'; }

# tunnel_transfer FROM_NS FROM_IF TO_NS TO_IF TO_ADDRESS MEGABYTES: random bytes over
# TCP, SHA-256 compared on both ends; prints throughput and the hosts' packet counts.
tunnel_transfer() {
    local from_ns=$1 from_if=$2 to_ns=$3 to_if=$4 to=$5 megabytes=$6
    local ready="$TEST_DIR/transfer.ready" result="$TEST_DIR/transfer.result" sent sent_tx received_rx
    rm -f "$ready" "$result"
    sent_tx=$(link_packets "$from_ns" "$from_if" TX)
    received_rx=$(link_packets "$to_ns" "$to_if" RX)
    ip netns exec "$to_ns" /usr/bin/python3 "$TRANSFER" serve "$to" 5001 "$ready" "$result" 120 &
    local server=$!
    track_pid $server
    wait_until 10 "receiver listening on $to:5001" test -e "$ready"
    sent=$(ip netns exec "$from_ns" timeout 150 /usr/bin/python3 "$TRANSFER" send "$to" 5001 "$megabytes" 120) ||
        fail "transfer $from_ns -> $to broke off"
    wait $server || fail "receiver on $to failed"
    read -r sent_hash sent_bytes seconds <<<"$sent"
    read -r received_hash received_bytes <"$result"
    [[ $received_bytes == "$sent_bytes" && $received_hash == "$sent_hash" ]] ||
        fail "transfer $from_ns -> $to: sent $sent_bytes bytes sha256 $sent_hash, received $received_bytes sha256 $received_hash"
    echo "ok: $megabytes MB $from_ns -> $to in ${seconds}s ($(awk -v m="$megabytes" -v s="$seconds" 'BEGIN { printf "%.1f", m * 8.388608 / s }') Mbit/s)," \
         "sha256 ${sent_hash:0:16}... matches; $from_if sent $(($(link_packets "$from_ns" "$from_if" TX) - sent_tx)) packets," \
         "$to_if received $(($(link_packets "$to_ns" "$to_if" RX) - received_rx))"
}

# The counters ravelin-dp keeps for its ports and ESP, for the log of a run.
show_dp_counters() {
    "$DPCTL" --segment "${1:-$SEGMENT}" counters | awk '$2 != 0 { printf "%s=%s ", $1, $2 } END { print "" }'
}

# IPv6 inner traffic, after tunnel_topology and ravelin_dataplane_conf: hosts A
# fd00:1::1 and B fd00:2::1, the strongSwan gateway's LAN side fd00:1::fe, the
# Ravelin gateway's lan port fd00:2::fe (add_ipv6 in dp/lib.sh). The outer
# packets are IPv4 unless use_outer_v6 was called.
tunnel_add_ipv6() {
    ip -n "$ns_s" addr add fd00:1::fe/64 dev s_lan nodad
    ip netns exec "$ns_s" sysctl -qw net.ipv6.conf.all.forwarding=1
    add_ipv6 "$dir_r/ravelin.yaml"
}

# ravelin-dp announces its packet paths at start; IPv6 inner traffic needs "IPv6".
require_dp_ipv6() {
    grep -q "packet path: .*IPv6" "$1" || fail "ravelin-dp does not announce its IPv6 packet path: $(grep 'packet path' "$1")"
}

# check_outer ADDRESS: ravelin-ike's IKE SA runs to the peer at ADDRESS (the outer family under test).
check_outer() {
    local remote
    remote=$(ravelin_query "sas[0]['remote']['address']")
    [[ $remote == "$1" ]] || fail "IKE SA's peer is $remote, expected $1"
    echo "ok: IKE SA with $remote:$(ravelin_query "sas[0]['remote']['port']")"
}

# pmtu_probe NS ADDRESS: with HOST_MTU=1500, a full-size echo with DF from NS
# to ADDRESS across the tunnel is answered by ICMP "fragmentation needed" /
# ICMPv6 "packet too big" (ravelin-dp's, when NS is host B): NS's kernel then
# holds a path MTU below 1500 for ADDRESS. Before that, echoes without DF
# (IPv4) cross in fragments made before encryption.
pmtu_probe() {
    local ns=$1 address=$2 out size=1472
    [[ $address == *:* ]] && size=1452
    if [[ $address != *:* ]]; then
        # Without DF first: once NS has learnt the path MTU it would fragment them itself.
        ip netns exec "$ns" ping -c3 -i0.2 -W2 -M dont -s 1472 "$address" >/dev/null ||
            fail "1500-byte echoes without DF to $address did not cross in fragments"
        echo "ok: 1500-byte echoes without DF crossed"
    fi
    out=$(ip netns exec "$ns" ping -c1 -W2 -M do -s "$size" "$address" 2>&1) &&
        fail "a 1500-byte echo with DF crossed the tunnel: $out"
    wait_until 5 "$ns holds a path MTU below 1500 for $address" \
        sh -c "ip -n '$ns' route get '$address' | grep -Eq ' mtu 1[0-9]{3}( |$)'"
    echo "ok: $ns learnt $(ip -n "$ns" route get "$address" | grep -Eo 'mtu [0-9]+') for $address"
    # Forgotten again, so that the transfers' TCP must learn it from ICMP too.
    forget_pmtu "$ns"
    ! ip -n "$ns" route get "$address" | grep -q ' mtu ' || fail "$ns did not forget the path MTU for $address"
}

# forget_pmtu NS: NS's learnt path MTUs flushed. A host that learnt one also
# advertises the smaller MSS on new connections (advmss follows the path MTU),
# so the far side's segments would never be too big.
forget_pmtu() {
    ip -n "$1" route flush cache
    ip -n "$1" -6 route flush cache
}
