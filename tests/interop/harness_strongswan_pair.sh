#!/usr/bin/env bash
# Checks the integration harness itself, before any Ravelin binary takes part:
# two strongSwan 5.9 gateways in namespaces establish an IKE SA and a Child SA
# with a pre-shared key and carry ping between their inner subnets over
# kernel-libipsec. Every interop test builds on these helpers; when this fails,
# the environment is broken, not Ravelin.
source "$(dirname "$0")/lib/netns.sh"
source "$(dirname "$0")/lib/strongswan.sh"

ns_a="${TEST_TAG}a"
ns_b="${TEST_TAG}b"
netns_add "$ns_a"
netns_add "$ns_b"
veth_link "$ns_a" "${TEST_TAG}a0" 10.99.0.1/24 "$ns_b" "${TEST_TAG}b0" 10.99.0.2/24
ip -n "$ns_a" addr add 10.1.0.1/32 dev lo
ip -n "$ns_b" addr add 10.2.0.1/32 dev lo

write_swanctl() {
    local dir=$1 me=$2 peer=$3 mine=$4 theirs=$5
    cat >"$dir/swanctl.conf" <<CONF
connections {
  harness {
    version = 2
    local_addrs = $me
    remote_addrs = $peer
    proposals = aes256gcm16-prfsha256-x25519
    local { auth = psk
            id = $me }
    remote { auth = psk
             id = $peer }
    children {
      net { local_ts = $mine
            remote_ts = $theirs
            esp_proposals = aes128gcm16 }
    }
  }
}
secrets {
  ike-harness { id-a = 10.99.0.1
                id-b = 10.99.0.2
                secret = "harness-test-only-psk" }
}
CONF
}

dir_a="$TEST_DIR/a"
dir_b="$TEST_DIR/b"
charon_start "$ns_a" "$dir_a"
charon_start "$ns_b" "$dir_b"
write_swanctl "$dir_a" 10.99.0.1 10.99.0.2 10.1.0.0/24 10.2.0.0/24
write_swanctl "$dir_b" 10.99.0.2 10.99.0.1 10.2.0.0/24 10.1.0.0/24
swanctl_in "$dir_a" --load-all --file "$dir_a/swanctl.conf" >"$dir_a/load.log" 2>&1
swanctl_in "$dir_b" --load-all --file "$dir_b/swanctl.conf" >"$dir_b/load.log" 2>&1

swanctl_in "$dir_a" --initiate --child net --timeout 20 >"$dir_a/initiate.log" 2>&1 ||
    fail "swanctl --initiate did not establish the Child SA"

sas_a=$(swanctl_in "$dir_a" --list-sas)
sas_b=$(swanctl_in "$dir_b" --list-sas)
grep -q ESTABLISHED <<<"$sas_a" || fail "initiator has no ESTABLISHED IKE SA"
grep -q INSTALLED <<<"$sas_b" || fail "responder has no INSTALLED Child SA"
echo "ok: IKE SA established, Child SA installed on both sides"

wait_until 15 "ping 10.1.0.1 -> 10.2.0.1 crosses the tunnel" \
    ip netns exec "$ns_a" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1
# The reply came back through ESP: the responder's Child SA counted inbound bytes.
swanctl_in "$dir_b" --list-sas | grep -Eq '^ +in +[0-9a-f]{8}, +[1-9][0-9]* bytes' ||
    fail "responder counted no ESP bytes inbound"
echo "PASS: strongSwan pair carries traffic through the harness"
