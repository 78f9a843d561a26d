#!/bin/bash
# ESP through ravelin-dp, checked against scapy's ESP on the far side:
#   host A (10.1.0.1) -- ravelin-dp -- peer gateway B (10.2.0.1, scapy) protecting 10.9.0.0/24
# SAs and policies go in through the shared-memory ring (ravelin-dp-ctl), AES-GCM-128 tunnel mode.
#   outbound: a datagram from A to 10.9.0.5 leaves as ESP that scapy decrypts to the same datagram
#   inbound:  scapy's ESP from 10.9.0.5 reaches A as the plain datagram
#   tampered: ciphertext with one bit flipped is dropped and counted
#   IPv6 inner over IPv4 and IPv6 outer (fd00:1:: <-> fd00:9::, fd00:8::), IPv4 inner over IPv6
#   outer (10.1.0.0/24 <-> 10.7.0.0/24), both ways, and the inner selector check after decryption
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
PEER="$DP_TEST_DIR/esp_peer.py"
KEY_OUT=0102030405060708090a0b0c0d0e0f10a1a2a3a4   # 16-byte key | 4-byte salt (RFC 4106 §8.1)
KEY_IN=1112131415161718191a1b1c1d1e1f20b1b2b3b4

make_topology
add_ipv6
start_dp
ctl() { "$DPCTL" --segment "$SEGMENT" "$@" || fail "ravelin-dp-ctl $*"; }
grep -q "ESP engine: IPsec-MB" "$TEST_DIR/ravelin-dp.log" || { echo "SKIP: ravelin-dp built without the ESP engine"; exit 77; }

ctl sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_OUT 7 3   # soft lifetime: 3 packets
ctl sa in 0x2002 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_IN 7
ctl policy out protect 10.1.0.0/24 10.9.0.0/24 7 5
ctl policy in protect 10.1.0.0/24 10.9.0.0/24 7 5

# One datagram from A to DST:9999 (either family), then true once PID is gone:
# resent on every poll of wait_until, as the first ones wait for ARP/ND.
send_until_gone() {
    local pid=$1 dst=$2 payload=$3
    ip netns exec "$NS_A" $PY -c "
import socket, sys
socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM).sendto(sys.argv[2].encode(), (sys.argv[1], 9999))
" "$dst" "$payload" || true
    ! kill -0 "$pid" 2>/dev/null
}

# Outbound: scapy on B must decrypt A's datagram SRC -> DST sent under SPI.
expect_outbound() {
    local spi=$1 key=$2 src=$3 dst=$4 payload=$5 tag=$6
    ip netns exec "$NS_B" $PY "$PEER" recv b0 "$spi" "$key" "$src" "$dst" "$payload" \
        "$TEST_DIR/recv-$tag.ready" 15 > "$TEST_DIR/peer-recv-$tag.log" 2>&1 &
    local recv_pid=$!
    track_pid $recv_pid
    wait_until 10 "scapy capture on B ready ($tag)" test -e "$TEST_DIR/recv-$tag.ready"
    wait_until 15 "B decrypts A's datagram ($tag: ESP out of ravelin-dp)" send_until_gone $recv_pid "$dst" "$payload"
    wait $recv_pid || fail "scapy could not decrypt ($tag): $(cat "$TEST_DIR/peer-recv-$tag.log")"
}

"$DPCTL" --segment "$SEGMENT" wait-event soft_expiry 30 > "$TEST_DIR/expiry.out" &
expiry_pid=$!
track_pid $expiry_pid
wait_until 5 "event listener attached" grep -q listening "$TEST_DIR/expiry.out"
expect_outbound 0x1001 $KEY_OUT 10.1.0.1 10.9.0.5 hello-outbound v4
[[ $(counter outbound_packets) -ge 1 ]] || fail "outbound_packets not counted"

# The soft lifetime (3 packets) of the outbound SA reaches ravelin-ike as an event.
wait_until 10 "soft expiry of SA 0x1001 reported" send_until_gone $expiry_pid 10.9.0.5 x
wait $expiry_pid || fail "no soft expiry event"
grep -q "soft_expiry spi=0x1001 reqid=7 out" "$TEST_DIR/expiry.out" || fail "expiry: $(cat "$TEST_DIR/expiry.out")"

# Inbound: A must receive on INNER_DST:PORT what scapy encrypts on B under SPI.
expect_inbound() {
    local spi=$1 key=$2 outer_src=$3 outer_dst=$4 inner_src=$5 inner_dst=$6 port=$7 payload=$8 tag=$9
    ip netns exec "$NS_A" timeout 20 $PY -c "
import socket, sys
s = socket.socket(socket.AF_INET6 if ':' in sys.argv[2] else socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[2], int(sys.argv[3])))
data, peer = s.recvfrom(2048)
open(sys.argv[1], 'w').write(peer[0] + ' ' + data.decode())
" "$TEST_DIR/a-received-$tag" "$inner_dst" "$port" &
    track_pid $!
    wait_until 5 "A listening on $port ($tag)" ip netns exec "$NS_A" sh -c "ss -lun | grep -q ':$port '"
    ip netns exec "$NS_B" $PY "$PEER" send b0 "$gw_mac" "$spi" "$key" "$outer_src" "$outer_dst" "$inner_src" "$inner_dst" \
        "$port" "$payload" "$TEST_DIR/a-received-$tag" 15 > "$TEST_DIR/peer-send-$tag.log" 2>&1 ||
        fail "A never received B's ESP ($tag)"
    wait_until 5 "A received the decrypted datagram ($tag)" grep -q "$inner_src $payload" "$TEST_DIR/a-received-$tag"
}

wait_until 5 "B resolves the gateway" ip netns exec "$NS_B" ping -c1 -W1 10.2.0.254
gw_mac=$(ip -n "$NS_B" neigh show 10.2.0.254 | awk '{ print $5 }')
expect_inbound 0x2002 $KEY_IN 10.2.0.1 10.2.0.254 10.9.0.5 10.1.0.1 7777 hello-inbound v4
[[ $(counter inbound_packets) -ge 1 ]] || fail "inbound_packets not counted"

# Tampered ciphertext: dropped by the ICV check, counted.
before=$(counter drop_ipsec)
ip netns exec "$NS_B" $PY "$PEER" send b0 "$gw_mac" 0x2002 $KEY_IN 10.2.0.1 10.2.0.254 10.9.0.5 10.1.0.1 7777 \
    tampered "$TEST_DIR/none" 5 tamper
wait_until 5 "tampered ESP dropped and counted" sh -c "[ \$('$DPCTL' --segment '$SEGMENT' counters | awk '\$1==\"drop_ipsec\"{print \$2}') -gt $before ]"
# IPv6 inner traffic over the IPv4 tunnel (reqid 8), then over an IPv6 tunnel
# between fd00:2::fe and fd00:2::1 (reqid 9): out decrypted by scapy, in delivered.
ctl sa out 0x1101 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_OUT 8
ctl sa in 0x2102 10.2.0.254 10.2.0.1 aes128gcm16 $KEY_IN 8
ctl policy out protect fd00:1::/64 fd00:9::/64 8 5
ctl policy in protect fd00:1::/64 fd00:9::/64 8 5
ctl sa out 0x1201 fd00:2::fe fd00:2::1 aes128gcm16 $KEY_OUT 9
ctl sa in 0x2202 fd00:2::fe fd00:2::1 aes128gcm16 $KEY_IN 9
ctl policy out protect fd00:1::/64 fd00:8::/64 9 5
ctl policy in protect fd00:1::/64 fd00:8::/64 9 5
expect_outbound 0x1101 $KEY_OUT fd00:1::1 fd00:9::5 hello-v6-in-v4 v6v4
expect_outbound 0x1201 $KEY_OUT fd00:1::1 fd00:8::5 hello-v6-in-v6 v6v6
expect_inbound 0x2102 $KEY_IN 10.2.0.1 10.2.0.254 fd00:9::5 fd00:1::1 7778 hello-in-v6-in-v4 v6v4
expect_inbound 0x2202 $KEY_IN fd00:2::1 fd00:2::fe fd00:8::5 fd00:1::1 7779 hello-in-v6-in-v6 v6v6
# And IPv4 inner over the IPv6 outer (reqid 10): the fourth mix.
ctl sa out 0x1301 fd00:2::fe fd00:2::1 aes128gcm16 $KEY_OUT 10
ctl sa in 0x2302 fd00:2::fe fd00:2::1 aes128gcm16 $KEY_IN 10
ctl policy out protect 10.1.0.0/24 10.7.0.0/24 10 5
ctl policy in protect 10.1.0.0/24 10.7.0.0/24 10 5
expect_outbound 0x1301 $KEY_OUT 10.1.0.1 10.7.0.5 hello-v4-in-v6 v4v6
expect_inbound 0x2302 $KEY_IN fd00:2::1 fd00:2::fe 10.7.0.5 10.1.0.1 7781 hello-in-v4-in-v6 v4v6

# RFC 4301 §5.2: an inner packet outside the SA's selectors is dropped after
# decryption (fd00:8:: traffic arriving on the fd00:9:: SA).
before=$(counter drop_inner_policy)
ip netns exec "$NS_B" $PY "$PEER" send b0 "$gw_mac" 0x2102 $KEY_IN 10.2.0.1 10.2.0.254 fd00:8::5 fd00:1::1 7780 \
    wrong-sa "$TEST_DIR/none" 5 > /dev/null 2>&1 &
track_pid $!
wait_until 10 "inner packet outside the SA's selectors dropped and counted" \
    sh -c "[ \$('$DPCTL' --segment '$SEGMENT' counters | awk '\$1==\"drop_inner_policy\"{print \$2}') -gt $before ]"
stop_dp
echo "PASS: ESP out decrypted by scapy, soft expiry reported, scapy's ESP in delivered to A, tampered ESP dropped, IPv6 inner over IPv4 and IPv6 outer and IPv4 inner over IPv6 outer both ways, inner selector check, clean shutdown with SAs installed"
