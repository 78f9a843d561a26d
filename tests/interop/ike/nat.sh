#!/usr/bin/env bash
# strongSwan behind an nftables masquerade router (RFC 7296 §2.23, RFC 3948):
#   nat.sh initiator|responder
#   strongSwan 192.168.1.2 -- router (masquerade; DNAT of UDP 500/4500 to
#   strongSwan) 10.99.0.1 -- Ravelin 10.99.0.2
# Both detect the NAT, move IKE to UDP 4500, and agree on UDP-encapsulated
# Child SAs; Ravelin sees strongSwan at the router's address.
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/lib.sh"

role=$1
ike=aes256gcm16-prfsha256-x25519
ns_n="${TEST_TAG}n"
netns_add "$ns_s"
netns_add "$ns_n"
netns_add "$ns_r"
veth_link "$ns_s" "${TEST_TAG}s0" 192.168.1.2/24 "$ns_n" "${TEST_TAG}n0" 192.168.1.1/24
veth_link "$ns_n" "${TEST_TAG}n1" 10.99.0.1/24 "$ns_r" "${TEST_TAG}r0" 10.99.0.2/24
ip -n "$ns_s" route add default via 192.168.1.1
ip -n "$ns_s" addr add 10.1.0.1/32 dev lo
ip netns exec "$ns_n" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$ns_n" nft -f - <<NFT
table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "${TEST_TAG}n1" udp dport { 500, 4500 } dnat to 192.168.1.2
  }
  chain postrouting {
    type nat hook postrouting priority srcnat;
    oifname "${TEST_TAG}n1" masquerade
  }
}
NFT

charon_start_with "$ns_s" "$dir_s" "" "flush_line = yes"
cat >"$dir_s/swanctl.conf" <<CONF
connections {
  rv {
    version = 2
    local_addrs = 192.168.1.2
    remote_addrs = 10.99.0.2
    proposals = $ike
    local { auth = psk
            id = sun.example }
    remote { auth = psk
             id = moon.example }
    children {
      net { local_ts = 10.1.0.0/24
            remote_ts = 10.2.0.0/24
            esp_proposals = aes128gcm16 }
    }
  }
}
secrets {
  ike-rv { id-a = sun.example
           id-b = moon.example
           secret = "interop-test-only-psk-0123456789" }
}
CONF
swanctl_in "$dir_s" --load-all --file "$dir_s/swanctl.conf" >"$dir_s/load.log" 2>&1 || fail "swanctl --load-all failed"
ravelin_conf "$ike" aes128gcm16
ravelin_start

establish "$role"
[[ $(ravelin_query "sas[0]['nat_detected']") == True ]] || fail "Ravelin did not detect the NAT"
local_end=$(ravelin_query "'%s[%d]' % (sas[0]['local']['address'], sas[0]['local']['port'])")
[[ $local_end == "10.99.0.2[4500]" ]] || fail "Ravelin not on 4500: $local_end"
remote=$(ravelin_query "'%s[%d]' % (sas[0]['remote']['address'], sas[0]['remote']['port'])")
[[ $remote == 10.99.0.1\[* && $remote != "10.99.0.1[500]" ]] || fail "Ravelin sees the peer at $remote"
[[ $(ravelin_query "sas[0]['children'][0]['udp_encap']") == True ]] || fail "Child SA not UDP-encapsulated"
swan=$(swanctl_in "$dir_s" --list-sas)
grep -q "192.168.1.2\[4500\]" <<<"$swan" || fail "strongSwan did not float to 4500: $swan"
grep -q "in-UDP" <<<"$swan" || fail "strongSwan's Child SA is not UDP-encapsulated"
echo "ok: NAT detected on both sides, IKE on 4500, ESP in UDP; Ravelin sees the peer at $remote"
check_spis
echo "PASS: strongSwan behind masquerade, Ravelin as $role"
