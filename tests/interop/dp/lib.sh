# Topology for ravelin-dp tests, on top of lib/netns.sh:
#   host A (10.1.0.1/24) --veth-- [lan: net_af_packet] ravelin-dp [wan: net_af_packet] --veth-- host B (10.2.0.1/24)
# and its pieces (dp_link, dp_gateway_link, dp_config, start_dp) for other
# topologies (tunnel/lib.sh).
# The gateway's veths carry no address and their kernel input is dropped at
# ingress (af_packet sees frames before that hook), so only ravelin-dp and its
# exception TAPs (rv-lan 10.1.0.254, rv-wan 10.2.0.254) answer for the gateway.

DP_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$DP_TEST_DIR/../lib/netns.sh"

BUILD=${RAVELIN_BUILD_DIR:?RAVELIN_BUILD_DIR must point at the build directory}
DP=$BUILD/dataplane/app/ravelin-dp
DPCTL=$BUILD/dataplane/app/ravelin-dp-ctl
SEGMENT=/ravelin-dp-$TEST_TAG
NS_A=${TEST_TAG}a
NS_GW=${TEST_TAG}g
NS_B=${TEST_TAG}b

# Segments outlive ravelin-dp by design (ravelin-ike notices restarts); remove them with the rest.
DP_SEGMENTS=("$SEGMENT")
# (Under set -e a failing command here would end the trap before _cleanup: pass the status.)
trap 'st=$?; for s in "${DP_SEGMENTS[@]}"; do rm -f "/dev/shm/${s#/}"; done; _cleanup $st' EXIT

quiet_gateway_link() {
    local ns=$1 ifname=$2
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.disable_ipv6=1"
    ip netns exec "$ns" nft add table netdev rv_$ifname
    ip netns exec "$ns" nft add chain netdev rv_$ifname in "{ type filter hook ingress device $ifname priority 0; policy drop; }"
}

# dp_link HOST_NS HOST_IF HOST_ADDR/LEN GW_NS GW_IF: a veth from a host (addressed,
# kernel stack) to a ravelin-dp port (no address, quiet). HOST_ADDR "-": none.
dp_link() {
    local host_ns=$1 host_if=$2 host_addr=$3 gw_ns=$4 gw_if=$5
    ip link add "$host_if" netns "$host_ns" type veth peer name "$gw_if" netns "$gw_ns"
    [[ $host_addr == - ]] || ip -n "$host_ns" addr add "$host_addr" dev "$host_if"
    ip -n "$host_ns" link set "$host_if" up
    ip -n "$gw_ns" link set "$gw_if" up
    ip netns exec "$host_ns" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" "$host_if"
    ip netns exec "$gw_ns" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" "$gw_if"
    quiet_gateway_link "$gw_ns" "$gw_if"
}

# dp_gateway_link NS1 IF1 NS2 IF2: a veth between two ravelin-dp ports.
dp_gateway_link() {
    local ns1=$1 if1=$2 ns2=$3 if2=$4
    ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2"
    for end in "$ns1 $if1" "$ns2 $if2"; do
        set -- $end
        ip -n "$1" link set "$2" up
        ip netns exec "$1" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" "$2"
        quiet_gateway_link "$1" "$2"
    done
}

# dp_config FILE SEGMENT "NAME IFACE ADDRESS/LEN [GATEWAY]"...: a dataplane section,
# af_packet port i on IFACE (appended, so FILE may already hold ravelin-ike's part).
dp_config() {
    local file=$1 segment=$2 index=0 name iface address gateway
    shift 2
    DP_SEGMENTS+=("$segment")
    printf 'dataplane:\n  segment: %s\n  ports:\n' "$segment" >> "$file"
    for port in "$@"; do
        read -r name iface address gateway <<< "$port"
        printf '    - { name: %s, device: "net_af_packet%d,iface=%s", address: %s%s }\n' "$name" "$index" "$iface" \
            "$address" "${gateway:+, gateway: $gateway}" >> "$file"
        index=$((index + 1))
    done
}

make_topology() {
    netns_add "$NS_A"
    netns_add "$NS_GW"
    netns_add "$NS_B"
    dp_link "$NS_A" a0 10.1.0.1/24 "$NS_GW" lan0
    dp_link "$NS_B" b0 10.2.0.1/24 "$NS_GW" wan0
    ip -n "$NS_A" route add default via 10.1.0.254
    ip -n "$NS_B" route add default via 10.2.0.254
    dp_config "$TEST_DIR/dp.yaml" "$SEGMENT" "lan lan0 10.1.0.254/24" "wan wan0 10.2.0.254/24"
}

# start_dp [NS CONFIG TAG MAIN_LCORE]: ravelin-dp in NS (default $NS_GW) on CONFIG
# (default $TEST_DIR/dp.yaml), which names its segment; TAG names its EAL files
# and its log, $TEST_DIR/ravelin-dp[-TAG].log; MAIN_LCORE 1 puts its worker on
# core 0 (two instances then poll different cores). Idle workers sleep: the
# test machines' cores are shared. Waits until each TAP has a global address
# (IPv4 or IPv6: an IPv6-only port's TAP has no IPv4 one).
start_dp() {
    local ns=${1:-$NS_GW} config=${2:-$TEST_DIR/dp.yaml} tag=${3:-} main_lcore=${4:-0}
    local log="$TEST_DIR/ravelin-dp${tag:+-$tag}.log" segment ports
    segment=$(awk '$1 == "segment:" { print $2; exit }' "$config")
    ports=$(grep -c net_af_packet "$config")
    [[ -e $log ]] && mv "$log" "${log%.log}.before-restart.log"
    ip netns exec "$ns" "$DP" ${DP_LCORES:--l 0,1} --main-lcore "$main_lcore" --no-huge -m 256 --no-pci --no-shconf --no-telemetry \
        --file-prefix "$TEST_TAG$tag" --log-level=4 -- --config "$config" --idle-sleep-us 20 ${DP_ARGS:-} > "$log" 2>&1 &
    DP_PID=$!
    track_pid $DP_PID
    wait_until 20 "ravelin-dp${tag:+ $tag} serves $segment, its $ports TAPs are addressed and its workers run" \
        sh -c "'$DPCTL' --segment '$segment' counters && grep -q 'worker(s) running' '$log' &&
               [ \$(ip -n '$ns' -o addr show scope global | awk '\$2 ~ /^rv-/ { print \$2 }' | sort -u | wc -l) -ge $ports ]"
}

# counter NAME [SEGMENT]: one of ravelin-dp's counters (default segment $SEGMENT).
# stop_dp [PID]: SIGTERM to ravelin-dp, which must exit 0 within 10 s: with SAs
# and policies installed, a clean shutdown frees DPDK objects before the EAL.
stop_dp() {
    local pid=${1:-$DP_PID} status=0
    kill -TERM "$pid"
    wait_until 10 "ravelin-dp $pid exits after SIGTERM" sh -c "[ ! -e /proc/$pid ] || grep -q ') Z ' /proc/$pid/stat"
    wait "$pid" || status=$?
    [[ $status -eq 0 ]] || fail "ravelin-dp exited with status $status on SIGTERM (139: segmentation fault)"
}

counter() { "$DPCTL" --segment "${2:-$SEGMENT}" counters | awk -v n="$1" '$1 == n { print $2 }'; }

# DP_LCORES (the EAL's lcore option, default "-l 0,1": one worker) and DP_ARGS
# (more ravelin-dp options) change what start_dp runs.

# IPv6 on the same topology, after make_topology and before start_dp: hosts
# fd00:1::1/64 and fd00:2::1/64 routed through the gateway, whose ports get
# fd00:1::fe/64 and fd00:2::fe/64 as a second address.
#   add_ipv6 [CONFIG...]   the ravelin-dp configurations to edit (default $TEST_DIR/dp.yaml);
#                          a port 10.1.0.254/24 gets fd00:1::fe/64, a port 10.2.0.254/24 fd00:2::fe/64
add_ipv6() {
    ip -n "$NS_A" addr add fd00:1::1/64 dev a0 nodad
    ip -n "$NS_B" addr add fd00:2::1/64 dev b0 nodad
    ip -n "$NS_A" -6 route add default via fd00:1::fe
    ip -n "$NS_B" -6 route add default via fd00:2::fe
    sed -i -e 's|address: 10.1.0.254/24|address: [10.1.0.254/24, "fd00:1::fe/64"]|' \
        -e 's|address: 10.2.0.254/24|address: [10.2.0.254/24, "fd00:2::fe/64"]|' "${@:-$TEST_DIR/dp.yaml}"
}

# 2 MB of random bytes over TCP from host A to ADDRESS:5001 on host B, compared
# byte for byte on arrival (either family).
tcp_transfer_intact() {
    local address=$1
    head -c 2000000 /dev/urandom > "$TEST_DIR/blob"
    rm -f "$TEST_DIR/received"
    ip netns exec "$NS_B" timeout 20 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[2], 5001)); s.listen(1)
c, _ = s.accept(); f = open(sys.argv[1], "wb")
while True:
    d = c.recv(65536)
    if not d: break
    f.write(d)
' "$TEST_DIR/received" "$address" &
    track_pid $!
    wait_until 5 "receiver listening on $address" ip netns exec "$NS_B" sh -c "ss -ltn | grep -q ':5001 '"
    ip netns exec "$NS_A" timeout 20 /usr/bin/python3 -c "
import socket, sys
s = socket.create_connection((sys.argv[2], 5001)); s.sendall(open(sys.argv[1], 'rb').read()); s.close()
" "$TEST_DIR/blob" "$address" || fail "TCP send to $address failed"
    wait_until 20 "transfer to $address complete" cmp -s "$TEST_DIR/blob" "$TEST_DIR/received"
}
