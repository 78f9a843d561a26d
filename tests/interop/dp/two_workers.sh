#!/bin/bash
# ravelin-dp with two workers, each with its own RX/TX queue pair on every port
# (net_af_packet qpairs=2: the kernel's fanout hash spreads flows) and idle
# back-off so that two pollers share this machine's CPUs:
#   * bypass forwarding and a 2 MB TCP transfer (IPv4 and IPv6)
#   * 40 UDP flows from host A into one outbound SA: the flows reach both
#     workers, the SA's owner alone encrypts (handoff), so scapy on B decrypts
#     all 40 and never sees a sequence number twice
#   * scapy's ESP into one inbound SA reaches A whichever worker received it
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
PEER="$DP_TEST_DIR/esp_peer.py"
KEY_OUT=0102030405060708090a0b0c0d0e0f10a1a2a3a4
KEY_IN=1112131415161718191a1b1c1d1e1f20b1b2b3b4
DP_LCORES="--lcores 0@(0-1),1@(0-1),2@(0-1)"
DP_ARGS="--idle-sleep-us 100"

make_topology
add_ipv6
start_dp
grep -q "2 worker(s) running" "$TEST_DIR/ravelin-dp.log" || fail "not two workers: $(cat "$TEST_DIR/ravelin-dp.log")"
ctl() { "$DPCTL" --segment "$SEGMENT" "$@" || fail "ravelin-dp-ctl $*"; }

ctl policy out bypass 10.1.0.0/24 10.2.0.0/24 1 10
ctl policy out bypass 10.2.0.0/24 10.1.0.0/24 2 10
ctl policy out bypass fd00:1::/64 fd00:2::/64 3 10
ctl policy out bypass fd00:2::/64 fd00:1::/64 4 10
wait_until 10 "host A pings host B" ip netns exec "$NS_A" ping -c1 -W1 10.2.0.1
wait_until 10 "host A pings6 host B" ip netns exec "$NS_A" ping -6 -c1 -W1 fd00:2::1
tcp_transfer_intact 10.2.0.1
tcp_transfer_intact fd00:2::1

grep -q "ESP engine: IPsec-MB" "$TEST_DIR/ravelin-dp.log" || { echo "SKIP (ESP part): built without the ESP engine"; exit 0; }
ctl sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_OUT 7
ctl sa in 0x2002 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_IN 7
ctl policy out protect 10.1.0.0/24 10.9.0.0/24 7 5
ctl policy in protect 10.1.0.0/24 10.9.0.0/24 7 5

ip netns exec "$NS_B" $PY "$PEER" recv_many b0 0x1001 $KEY_OUT 10.1.0.1 10.9.0.5 40 "$TEST_DIR/many.ready" 20 \
    > "$TEST_DIR/peer-many.log" 2>&1 &
many_pid=$!
track_pid $many_pid
wait_until 10 "scapy capture on B ready" test -e "$TEST_DIR/many.ready"
# 40 datagrams, each from its own socket (source port), until B has them all.
forty_flows_until_done() {
    ip netns exec "$NS_A" $PY -c "
import socket
for i in range(40):
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'm-%d' % i, ('10.9.0.5', 9999))
" || true
    ! kill -0 $many_pid 2>/dev/null
}
wait_until 20 "B decrypts 40 flows through one SA" forty_flows_until_done
wait $many_pid || fail "scapy: $(cat "$TEST_DIR/peer-many.log")"
cat "$TEST_DIR/peer-many.log"
[[ $(counter handoffs) -ge 1 ]] || fail "no packet was handed to its SA's owner: the flows did not reach both workers"

ip netns exec "$NS_A" timeout 20 $PY -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('10.1.0.1', 7777))
data, peer = s.recvfrom(2048)
open(sys.argv[1], 'w').write(peer[0] + ' ' + data.decode())
" "$TEST_DIR/a-received" &
track_pid $!
wait_until 5 "A listening on 7777" ip netns exec "$NS_A" sh -c "ss -lun | grep -q 10.1.0.1:7777"
wait_until 5 "B resolves the gateway" ip netns exec "$NS_B" ping -c1 -W1 10.2.0.254
gw_mac=$(ip -n "$NS_B" neigh show 10.2.0.254 | awk '{ print $5 }')
ip netns exec "$NS_B" $PY "$PEER" send b0 "$gw_mac" 0x2002 $KEY_IN 10.2.0.1 10.2.0.254 10.9.0.5 10.1.0.1 7777 \
    hello-inbound "$TEST_DIR/a-received" 15 > "$TEST_DIR/peer-send.log" 2>&1 || fail "A never received B's ESP"
grep -q "10.9.0.5 hello-inbound" "$TEST_DIR/a-received" || fail "inbound: $(cat "$TEST_DIR/a-received")"
[[ $(counter drop_handoff) -eq 0 ]] || fail "handoff ring overflowed: $(counter drop_handoff)"
echo "PASS: two workers: bypass + TCP (v4, v6), 40 flows into one SA encrypted by its owner only (handoffs $(counter handoffs)), inbound ESP delivered"
