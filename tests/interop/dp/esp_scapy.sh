#!/bin/bash
# ESP through ravelin-dp, checked against scapy's ESP on the far side:
#   host A (10.1.0.1) -- ravelin-dp -- peer gateway B (10.2.0.1, scapy) protecting 10.9.0.0/24
# SAs and policies go in through the shared-memory ring (ravelin-dp-ctl), AES-GCM-128 tunnel mode.
#   outbound: a datagram from A to 10.9.0.5 leaves as ESP that scapy decrypts to the same datagram
#   inbound:  scapy's ESP from 10.9.0.5 reaches A as the plain datagram
#   tampered: ciphertext with one bit flipped is dropped and counted
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
PEER="$DP_TEST_DIR/esp_peer.py"
KEY_OUT=0102030405060708090a0b0c0d0e0f10a1a2a3a4   # 16-byte key | 4-byte salt (RFC 4106 §8.1)
KEY_IN=1112131415161718191a1b1c1d1e1f20b1b2b3b4

make_topology
start_dp
ctl() { "$DPCTL" --segment "$SEGMENT" "$@" || fail "ravelin-dp-ctl $*"; }
grep -q "ESP engine: IPsec-MB" "$TEST_DIR/ravelin-dp.log" || { echo "SKIP: ravelin-dp built without the ESP engine"; exit 77; }

ctl sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_OUT 7 3   # soft lifetime: 3 packets
ctl sa in 0x2002 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_IN 7
ctl policy out protect 10.1.0.0/24 10.9.0.0/24 7 5
ctl policy in protect 10.1.0.0/24 10.9.0.0/24 7 5

# Outbound: scapy on B must decrypt A's datagram.
"$DPCTL" --segment "$SEGMENT" wait-event soft_expiry 30 > "$TEST_DIR/expiry.out" &
expiry_pid=$!
track_pid $expiry_pid
wait_until 5 "event listener attached" grep -q listening "$TEST_DIR/expiry.out"
ip netns exec "$NS_B" $PY "$PEER" recv b0 0x1001 $KEY_OUT 10.1.0.1 10.9.0.5 hello-outbound \
    "$TEST_DIR/recv.ready" 15 > "$TEST_DIR/peer-recv.log" 2>&1 &
recv_pid=$!
track_pid $recv_pid
wait_until 10 "scapy capture on B ready" test -e "$TEST_DIR/recv.ready"
# Resend until B has it: the first datagrams wait for ARP towards 10.2.0.1.
wait_until 15 "B decrypts A's datagram (ESP out of ravelin-dp)" sh -c "
    ip netns exec $NS_A $PY -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b\"hello-outbound\", (\"10.9.0.5\", 9999))';
    ! kill -0 $recv_pid"
wait $recv_pid || fail "scapy could not decrypt: $(cat "$TEST_DIR/peer-recv.log")"
[[ $(counter outbound_packets) -ge 1 ]] || fail "outbound_packets not counted"

# The soft lifetime (3 packets) of the outbound SA reaches ravelin-ike as an event.
wait_until 10 "soft expiry of SA 0x1001 reported" sh -c "
    ip netns exec $NS_A $PY -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b\"x\", (\"10.9.0.5\", 9999))';
    ! kill -0 $expiry_pid"
wait $expiry_pid || fail "no soft expiry event"
grep -q "soft_expiry spi=0x1001 reqid=7 out" "$TEST_DIR/expiry.out" || fail "expiry: $(cat "$TEST_DIR/expiry.out")"

# Inbound: A must receive what scapy encrypts on B.
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
wait_until 5 "A received the decrypted datagram" grep -q "10.9.0.5 hello-inbound" "$TEST_DIR/a-received"
[[ $(counter inbound_packets) -ge 1 ]] || fail "inbound_packets not counted"

# Tampered ciphertext: dropped by the ICV check, counted.
before=$(counter drop_ipsec)
ip netns exec "$NS_B" $PY "$PEER" send b0 "$gw_mac" 0x2002 $KEY_IN 10.2.0.1 10.2.0.254 10.9.0.5 10.1.0.1 7777 \
    tampered "$TEST_DIR/none" 5 tamper
wait_until 5 "tampered ESP dropped and counted" sh -c "[ \$('$DPCTL' --segment '$SEGMENT' counters | awk '\$1==\"drop_ipsec\"{print \$2}') -gt $before ]"
echo "PASS: ESP out decrypted by scapy, soft expiry reported, scapy's ESP in delivered to A, tampered ESP dropped"
