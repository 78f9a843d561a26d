#!/bin/bash
# Pre-fragmentation in bursts (RFC 4301 §8.1): IPv4 datagrams without DF that are
# too big for the tunnel once protected are split before encryption, each fragment
# its own ESP packet. The worker sleeps 5 ms when idle, so what A sends piles up:
# 16 such datagrams and 16 small ones per RX burst of 32 make 48 ESP packets out of
# one burst (this once overflowed the worker's job array and crashed ravelin-dp).
#   host A (10.1.0.1) -- ravelin-dp -- B (10.2.0.1) protecting 10.9.0.0/24
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
KEY_OUT=0102030405060708090a0b0c0d0e0f10a1a2a3a4
ROUNDS=4  # of 16 big and 16 small datagrams

make_topology
DP_ARGS="--idle-sleep-us 5000" start_dp
ctl() { "$DPCTL" --segment "$SEGMENT" "$@" || fail "ravelin-dp-ctl $*"; }
grep -q "ESP engine: IPsec-MB" "$TEST_DIR/ravelin-dp.log" || { echo "SKIP: ravelin-dp built without the ESP engine"; exit 77; }
ctl sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_OUT 7
ctl policy out protect 10.1.0.0/24 10.9.0.0/24 7 5

# ROUNDS x (16 datagrams of 1500 bytes, then 16 of 100) from A to 10.9.0.5, DF clear, back to back.
send_from_a() {
    ip netns exec "$NS_A" $PY -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 0)  # IP_MTU_DISCOVER = IP_PMTUDISC_DONT: DF clear
for _ in range(int(sys.argv[1])):
    for size in [1500] * 16 + [100] * 16: s.sendto(b'x' * (size - 28), ('10.9.0.5', 9999))
" "$1" || fail "A could not send"
}

send_small() {
    ip netns exec "$NS_A" $PY -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('10.9.0.5', 9999))"
}
# First a small one until it leaves protected: the next hop is resolved by then.
small_one_leaves() { send_small; [[ $(counter outbound_packets) -ge 1 ]]; }
wait_until 10 "a small datagram leaves through the SA" small_one_leaves
before=$(counter outbound_packets)
send_from_a $ROUNDS
wait_until 10 "$((16 * ROUNDS)) datagrams pre-fragmented" sh -c \
    "[ \$('$DPCTL' --segment '$SEGMENT' counters | awk '\$1==\"prefragmented\"{print \$2}') -ge $((16 * ROUNDS)) ]"
kill -0 "$DP_PID" 2>/dev/null || fail "ravelin-dp died on the burst"
wait_until 5 "two ESP packets per big datagram, one per small" sh -c \
    "[ \$('$DPCTL' --segment '$SEGMENT' counters | awk '\$1==\"outbound_packets\"{print \$2}') -ge $((before + 48 * ROUNDS)) ]"
[[ $(counter drop_ipsec) -eq 0 ]] || fail "ESP drops: $(counter drop_ipsec)"
[[ $(counter drop_fragment) -eq 0 ]] || fail "fragmentation failures: $(counter drop_fragment)"
stop_dp
echo "PASS: $((16 * ROUNDS)) oversized datagrams without DF among small ones in bursts, each pre-fragmented into two ESP packets, ravelin-dp alive and exits cleanly"
