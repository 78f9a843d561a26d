#!/usr/bin/env bash
# Regenerates the IKEv2 captures under tests/data/ike/ (and the fuzz seed corpus
# taken from them): two strongSwan 5.9 charons in network namespaces negotiate,
# tcpdump records the veth between them.
#
#   capture_strongswan_ike.sh [OUTDIR]     (default: tests/data/ike of this tree)
#
# Scenarios, one pcap each:
#   ike_aes256gcm16-prfsha256-x25519   PSK, IPv4, ping through the tunnel (ESP in UDP
#                                      4500), Child SA rekey (CREATE_CHILD_SA), delete
#   ike_aes128-sha256-modp2048         PSK over IPv6, IPv6 traffic selectors
#   ike_proposal_list                  initiator offers four proposals; the responder
#                                      accepts only the last, so the exchange also
#                                      carries INVALID_KE_PAYLOAD and a retry
#   ike_cert_fragmented                ECDSA certificates (CERTREQ in IKE_SA_INIT, CERT
#                                      in IKE_AUTH), IKE_AUTH split into RFC 7383 SKF
#                                      fragments by a small fragment_size
source "$(dirname "$0")/lib/netns.sh"
source "$(dirname "$0")/lib/strongswan.sh"

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
out_dir=${1:-$source_dir/tests/data/ike}
mkdir -p "$out_dir"

ns_a="${TEST_TAG}a"
ns_b="${TEST_TAG}b"
netns_add "$ns_a"
netns_add "$ns_b"
veth_link "$ns_a" "${TEST_TAG}a0" 10.99.0.1/24 "$ns_b" "${TEST_TAG}b0" 10.99.0.2/24
ip -n "$ns_a" addr add fd99::1/64 dev "${TEST_TAG}a0" nodad
ip -n "$ns_b" addr add fd99::2/64 dev "${TEST_TAG}b0" nodad
ip -n "$ns_a" addr add 10.1.0.1/32 dev lo
ip -n "$ns_b" addr add 10.2.0.1/32 dev lo
ip -n "$ns_a" addr add fd01::1/128 dev lo nodad
ip -n "$ns_b" addr add fd02::1/128 dev lo nodad

# charon_start with a fragment size small enough that IKE_AUTH with a certificate
# is fragmented (RFC 7383) when the connection forces fragmentation.
codec_charon_start() {
    local ns=$1 dir=$2
    mkdir -p "$dir"
    charon_write_conf "$dir"
    sed -i 's/^charon {/charon {\n  fragment_size = 480/' "$dir/strongswan.conf"
    ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run;
        STRONGSWAN_CONF=$dir/strongswan.conf exec setsid /usr/lib/ipsec/charon >$dir/charon.stdout.log 2>&1" &
    track_pid $!
    wait_until 20 "charon in $ns answers on vici" test -S "$dir/charon.vici"
    wait_until 20 "charon in $ns takes commands" swanctl_in "$dir" --stats
}

# Test-only ECDSA CA and one certificate per side, made fresh for each run.
make_certs() {
    local dir=$1 side
    mkdir -p "$dir/pki"
    pki --gen --type ecdsa --size 256 --outform pem >"$dir/pki/ca.key" 2>/dev/null
    pki --self --ca --lifetime 30 --in "$dir/pki/ca.key" --dn "CN=Ravelin Test CA" \
        --outform pem >"$dir/pki/ca.crt" 2>/dev/null
    for side in a b; do
        pki --gen --type ecdsa --size 256 --outform pem >"$dir/pki/$side.key" 2>/dev/null
        pki --issue --lifetime 30 --in "$dir/pki/$side.key" --type priv --cacert "$dir/pki/ca.crt" \
            --cakey "$dir/pki/ca.key" --dn "CN=$side.ravelin.test" --san "$side.ravelin.test" \
            --outform pem >"$dir/pki/$side.crt" 2>/dev/null
    done
}

install_certs() {
    local pki_dir=$1 dir=$2 side=$3
    mkdir -p "$dir/x509" "$dir/x509ca" "$dir/ecdsa"
    cp "$pki_dir/ca.crt" "$dir/x509ca/"
    cp "$pki_dir/$side.crt" "$dir/x509/"
    cp "$pki_dir/$side.key" "$dir/ecdsa/"
}

# write_conf DIR SIDE: both sides' connections, one per scenario.
write_conf() {
    local dir=$1 side=$2 me peer me6 peer6 mine theirs mine6 theirs6 init_props list_local list_remote
    if [[ $side == a ]]; then
        me=10.99.0.1 peer=10.99.0.2 me6=fd99::1 peer6=fd99::2
        mine=10.1.0.0/24 theirs=10.2.0.0/24 mine6=fd01::/64 theirs6=fd02::/64
        init_props="aes128gcm16-prfsha256-ecp256, aes256-sha384-modp3072, aes128-sha1-modp2048, aes256gcm16-prfsha512-x25519"
        list_local=udp/4000-4100 list_remote=tcp
    else
        me=10.99.0.2 peer=10.99.0.1 me6=fd99::2 peer6=fd99::1
        mine=10.2.0.0/24 theirs=10.1.0.0/24 mine6=fd02::/64 theirs6=fd01::/64
        init_props="aes256gcm16-prfsha512-x25519"
        list_local=tcp list_remote=udp/4000-4100
    fi
    cat >"$dir/swanctl.conf" <<CONF
connections {
  gcm {
    version = 2
    local_addrs = $me
    remote_addrs = $peer
    proposals = aes256gcm16-prfsha256-x25519
    local { auth = psk
            id = $me }
    remote { auth = psk
             id = $peer }
    children {
      gcm { local_ts = $mine
            remote_ts = $theirs
            esp_proposals = aes128gcm16 }
    }
  }
  cbc6 {
    version = 2
    local_addrs = $me6
    remote_addrs = $peer6
    proposals = aes128-sha256-modp2048
    local { auth = psk
            id = $side.ravelin.test }
    remote { auth = psk
             id = %any }
    children {
      cbc6 { local_ts = $mine6
             remote_ts = $theirs6
             esp_proposals = aes128-sha256 }
    }
  }
  list {
    version = 2
    local_addrs = $me
    remote_addrs = $peer
    proposals = $init_props
    local { auth = psk
            id = list-$side@ravelin.test }
    remote { auth = psk
             id = %any }
    children {
      list { local_ts = $mine[$list_local]
             remote_ts = $theirs[$list_remote]
             esp_proposals = aes256gcm16, aes128-sha256-esn }
    }
  }
  cert {
    version = 2
    local_addrs = $me
    remote_addrs = $peer
    proposals = aes128gcm16-prfsha256-ecp256
    fragmentation = force
    send_certreq = yes
    send_cert = always
    local { auth = pubkey
            certs = $side.crt
            id = $side.ravelin.test }
    remote { auth = pubkey
             id = %any }
    children {
      cert { local_ts = $mine
             remote_ts = $theirs
             esp_proposals = aes128gcm16 }
    }
  }
}
secrets {
  ike-any { secret = "capture-test-only-psk" }
}
CONF
}

dir_a="$TEST_DIR/a"
dir_b="$TEST_DIR/b"
make_certs "$TEST_DIR"
codec_charon_start "$ns_a" "$dir_a"
codec_charon_start "$ns_b" "$dir_b"
for side in a b; do
    d="$TEST_DIR/$side"
    install_certs "$TEST_DIR/pki" "$d" "$side"
    write_conf "$d" "$side"
    swanctl_in "$d" --load-all --file "$d/swanctl.conf" >"$d/load.log" 2>&1 || fail "swanctl --load-all ($side)"
done

capture_pid=
# tcpdump says "listening" a little before it really sees packets: it is ready once
# it has recorded a marker datagram (UDP port 9, discard), which is filtered out of
# the pcap afterwards.
marker_seen() {
    local file=$1
    ip netns exec "$ns_a" bash -c 'echo marker >/dev/udp/10.99.0.2/9' 2>/dev/null || true
    tcpdump -r "$file" 'udp port 9' 2>/dev/null | grep -q .
}

capture_start() {
    local file=$1
    rm -f "$file" "$file.raw"
    ip netns exec "$ns_a" tcpdump -i "${TEST_TAG}a0" -U -s 0 -w "$file.raw" \
        'udp port 500 or udp port 4500 or esp or udp port 9' >"$TEST_DIR/tcpdump.log" 2>&1 &
    capture_pid=$!
    track_pid "$capture_pid"
    wait_until 10 "tcpdump records packets" marker_seen "$file.raw"
}

capture_stop() {
    local file=$1 expected=$2
    # Let the last packets reach the capture before stopping it.
    wait_until 10 "$expected IKE/ESP packets captured" \
        sh -c "[ \$(tcpdump -r '$file.raw' 'not udp port 9' 2>/dev/null | wc -l) -ge $expected ]"
    kill -INT "$capture_pid"
    wait "$capture_pid" 2>/dev/null || true
    tcpdump -r "$file.raw" -w "$file" 'not udp port 9' 2>/dev/null
    rm -f "$file.raw"
    echo "captured $(tcpdump -r "$file" 2>/dev/null | wc -l) packets into $file"
}

run_scenario() {
    local name=$1 child=$2 expected=$3
    shift 3
    capture_start "$out_dir/$name.pcap"
    swanctl_in "$dir_a" --initiate --child "$child" --timeout 20 >"$dir_a/initiate-$child.log" 2>&1 ||
        fail "scenario $name: swanctl --initiate $child"
    "$@"
    swanctl_in "$dir_a" --terminate --ike "$child" --timeout 20 >"$dir_a/terminate-$child.log" 2>&1 ||
        fail "scenario $name: swanctl --terminate $child"
    capture_stop "$out_dir/$name.pcap" "$expected"
}

traffic_and_rekey() {
    wait_until 15 "ping crosses the gcm tunnel" ip netns exec "$ns_a" ping -c 2 -W 1 -I 10.1.0.1 10.2.0.1
    swanctl_in "$dir_a" --rekey --child gcm >"$dir_a/rekey.log" 2>&1 || fail "rekey gcm"
    wait_until 15 "the rekeyed Child SA is installed on the responder" \
        sh -c "STRONGSWAN_CONF=$dir_b/strongswan.conf swanctl --list-sas | grep -c INSTALLED | grep -qx 1"
}
nothing() { :; }

run_scenario ike_aes256gcm16-prfsha256-x25519 gcm 14 traffic_and_rekey
run_scenario ike_aes128-sha256-modp2048 cbc6 6 nothing
run_scenario ike_proposal_list list 8 nothing
run_scenario ike_cert_fragmented cert 8 nothing

# The clear-payload fixture made with scapy, and the fuzz seed corpus from all captures.
/usr/bin/python3 "$source_dir/tests/interop/make_cleartext_ike_pcap.py" "$out_dir/scapy_cleartext_payloads.pcap"
bash "$source_dir/tests/interop/extract_ike_corpus.sh" "$out_dir" "$out_dir/corpus"
echo "PASS: captures written to $out_dir"
