# Topology for ravelin-dp tests, on top of lib/netns.sh:
#   host A (10.1.0.1/24) --veth-- [lan: net_af_packet] ravelin-dp [wan: net_af_packet] --veth-- host B (10.2.0.1/24)
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

# The segment outlives ravelin-dp by design (ravelin-ike notices restarts); remove it with the rest.
trap 'st=$?; rm -f "/dev/shm/${SEGMENT#/}"; (exit $st); _cleanup' EXIT

quiet_gateway_link() {
    local ns=$1 ifname=$2
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.disable_ipv6=1"
    ip netns exec "$ns" nft add table netdev rv_$ifname
    ip netns exec "$ns" nft add chain netdev rv_$ifname in "{ type filter hook ingress device $ifname priority 0; policy drop; }"
}

make_topology() {
    netns_add "$NS_A"
    netns_add "$NS_GW"
    netns_add "$NS_B"
    ip link add a0 netns "$NS_A" type veth peer name lan0 netns "$NS_GW"
    ip link add b0 netns "$NS_B" type veth peer name wan0 netns "$NS_GW"
    ip -n "$NS_A" addr add 10.1.0.1/24 dev a0
    ip -n "$NS_B" addr add 10.2.0.1/24 dev b0
    for link in "$NS_A a0" "$NS_B b0" "$NS_GW lan0" "$NS_GW wan0"; do
        set -- $link
        ip -n "$1" link set "$2" up
    done
    ip netns exec "$NS_A" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" a0
    ip netns exec "$NS_B" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" b0
    ip netns exec "$NS_GW" /usr/bin/python3 "$DP_TEST_DIR/offloads_off.py" lan0 wan0
    ip -n "$NS_A" route add default via 10.1.0.254
    ip -n "$NS_B" route add default via 10.2.0.254
    quiet_gateway_link "$NS_GW" lan0
    quiet_gateway_link "$NS_GW" wan0
    cat > "$TEST_DIR/dp.yaml" <<YAML
dataplane:
  ports:
    - { name: lan, device: "net_af_packet0,iface=lan0", address: 10.1.0.254/24 }
    - { name: wan, device: "net_af_packet1,iface=wan0", address: 10.2.0.254/24 }
YAML
}

start_dp() {
    ip netns exec "$NS_GW" "$DP" ${DP_LCORES:--l 0,1} --no-huge -m 256 --no-pci --no-shconf --no-telemetry \
        --file-prefix "$TEST_TAG" --log-level=4 -- --config "$TEST_DIR/dp.yaml" --segment "$SEGMENT" ${DP_ARGS:-} \
        > "$TEST_DIR/ravelin-dp.log" 2>&1 &
    track_pid $!
    wait_until 20 "ravelin-dp serves its segment, its TAPs are up and its workers run" \
        sh -c "'$DPCTL' --segment '$SEGMENT' counters && ip -n '$NS_GW' -4 addr show rv-wan | grep -q 10.2.0.254 &&
               grep -q 'worker(s) running' '$TEST_DIR/ravelin-dp.log'"
}

counter() { "$DPCTL" --segment "$SEGMENT" counters | awk -v n="$1" '$1 == n { print $2 }'; }

# DP_LCORES (the EAL's lcore option, default "-l 0,1": one worker) and DP_ARGS
# (more ravelin-dp options) change what start_dp runs.

# IPv6 on the same topology, after make_topology and before start_dp: hosts
# fd00:1::1/64 and fd00:2::1/64 routed through the gateway, whose ports get
# fd00:1::fe/64 and fd00:2::fe/64 as a second address.
add_ipv6() {
    ip -n "$NS_A" addr add fd00:1::1/64 dev a0 nodad
    ip -n "$NS_B" addr add fd00:2::1/64 dev b0 nodad
    ip -n "$NS_A" -6 route add default via fd00:1::fe
    ip -n "$NS_B" -6 route add default via fd00:2::fe
    sed -i -e 's|address: 10.1.0.254/24|address: [10.1.0.254/24, "fd00:1::fe/64"]|' \
        -e 's|address: 10.2.0.254/24|address: [10.2.0.254/24, "fd00:2::fe/64"]|' "$TEST_DIR/dp.yaml"
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
