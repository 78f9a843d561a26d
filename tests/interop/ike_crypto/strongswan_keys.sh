#!/usr/bin/env bash
# Key derivation cross-check with strongSwan 5.9.8 (issue 4). Two pairs of charons
# in network namespaces log their secrets (filelog ike = 4, chd = 4, net = 4);
# crosscheck.py feeds the nonces, SPIs and g^ir they logged through Ravelin's
# derivation (ravelin-ike-derive-keys) and requires the same SKEYSEED, SK_* and
# Child SA keys, and that charon's encrypted messages open under Ravelin's keys:
#   AEAD      IKE aes256gcm16-prfsha256-x25519, ESP aes128gcm16, then an IKE SA rekey (§2.18)
#   CBC+HMAC  IKE aes128-sha256-modp2048, ESP aes128-sha256-modp2048, then a
#             Child SA rekey with PFS (§2.17)
#   certificates  IKE aes256-sha384-ecp384, ESP aes256gcm16; the initiator signs with
#             RSA-PSS, the responder with ECDSA P-384 (RFC 7427); the IKE_AUTH request
#             arrives in SKF fragments (RFC 7383). Both peers' CERT/ID/AUTH payloads
#             must pass Ravelin's chain, identity and signature checks.
#   classic   IKE chacha20poly1305-prfsha512-ecp521, ESP aes256-sha512; RFC 7427 turned
#             off in charon (signature_authentication = no): RSA PKCS#1 v1.5 (method 1)
#             and ECDSA P-256 (method 9, RFC 4754) AUTH payloads.
source "$RAVELIN_SOURCE_DIR/tests/interop/lib/netns.sh"
source "$RAVELIN_SOURCE_DIR/tests/interop/lib/strongswan.sh"

here="$RAVELIN_SOURCE_DIR/tests/interop/ike_crypto"
tool="$RAVELIN_BUILD_DIR/control-plane/ike/crypto/ravelin-ike-derive-keys"
[[ -x $tool ]] || fail "$tool not built"
keylog_lines="ike = 4
      chd = 4
      net = 4"

write_swanctl() {  # dir me peer ike_proposal esp_proposal local_ts remote_ts
    cat >"$1/swanctl.conf" <<CONF
connections {
  xcheck {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = $4
    local { auth = psk
            id = $2 }
    remote { auth = psk
             id = $3 }
    children {
      net { local_ts = $6
            remote_ts = $7
            esp_proposals = $5 }
    }
  }
}
secrets {
  ike-xcheck { id-a = $2
               id-b = $3
               secret = "crosscheck-test-only-psk" }
}
CONF
}

# charon_start with charon-level options (lib/strongswan.sh writes the file; this
# adds to its charon section before starting the daemon the same way).
charon_start_with_options() {  # ns dir "options" "log lines"
    local ns=$1 dir=$2 options=$3 extra_log=$4
    mkdir -p "$dir"
    charon_write_conf "$dir" "$extra_log"
    sed -i "0,/^charon {/s//charon {\n  $options/" "$dir/strongswan.conf"
    ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run;
        STRONGSWAN_CONF=$dir/strongswan.conf exec setsid /usr/lib/ipsec/charon >$dir/charon.stdout.log 2>&1" &
    track_pid $!
    wait_until 20 "charon in $ns answers on vici" test -S "$dir/charon.vici"
    wait_until 20 "charon in $ns takes commands" swanctl_in "$dir" --stats
}

# Certificate authentication: a PKI from make_test_pki.sh (strongSwan's pki), the
# credentials in the directories swanctl reads next to its configuration file.
write_swanctl_pubkey() {  # dir me peer ike_proposal esp_proposal local_ts remote_ts my_cert peer_cert my_auth pki
    local dir=$1 pki=${11}
    cat >"$dir/swanctl.conf" <<CONF
connections {
  xcheck {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = $4
    local { auth = ${10}
            certs = $8.pem
            id = "C=CH, O=Ravelin Test, CN=gw-$8" }
    remote { auth = pubkey
             id = "C=CH, O=Ravelin Test, CN=gw-$9" }
    children {
      net { local_ts = $6
            remote_ts = $7
            esp_proposals = $5 }
    }
  }
}
CONF
    mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private"
    cp "$pki/$8.pem" "$dir/x509/"
    cp "$pki/ca.pem" "$pki/int.pem" "$dir/x509ca/"
    cp "$pki/$8.key" "$dir/private/"
}

# The key log holds everything crosscheck.py needs (complete hex dumps included).
log_ready() {  # dir_b dir_a checks...
    local b=$1 a=$2
    shift 2
    /usr/bin/python3 - "$b/charon.log" "$a/charon.log" "$@" <<'PY'
import sys
import os
sys.path.insert(0, os.environ["KEYLOG_DIR"])
import charon_keylog
log = {}
for path in sys.argv[1:3]:
    charon_keylog.extract(path, log)
need = {"dh", "ni", "nr", "spi_i", "spi_r", "sk_d", "child_encr_r", "ike_auth_request", "ike_auth_response"}
if "child-rekey" in sys.argv[3:]:
    need |= {"child_dh", "seed_2", "child_encr_r_2", "create_child_request", "create_child_response"}
if "ike-rekey" in sys.argv[3:]:
    need |= {"dh_2", "sk_pr_2", "create_child_request", "create_child_response"}
if "pubkey" in sys.argv[3:] or "classic" in sys.argv[3:]:
    need |= {"auth_octets_i", "auth_octets_r"}
sys.exit(0 if need <= log.keys() else 1)
PY
}
export KEYLOG_DIR=$here

run_pair() {  # index ike_proposal esp_proposal check (ike-rekey | child-rekey | pubkey)
    local n=$1 ike=$2 esp=$3 rekey=$4
    local ns_a="${TEST_TAG}${n}a" ns_b="${TEST_TAG}${n}b"
    local dir_a="$TEST_DIR/$n/a" dir_b="$TEST_DIR/$n/b"
    netns_add "$ns_a"
    netns_add "$ns_b"
    veth_link "$ns_a" "${TEST_TAG}${n}a0" 10.98.$n.1/24 "$ns_b" "${TEST_TAG}${n}b0" 10.98.$n.2/24
    # kernel-libipsec routes the inner subnets via an address it owns in them.
    ip -n "$ns_a" addr add 10.1.$n.1/32 dev lo
    ip -n "$ns_b" addr add 10.2.$n.1/32 dev lo
    local options=""
    [[ $rekey == classic ]] && options="signature_authentication = no"
    charon_start_with_options "$ns_a" "$dir_a" "$options" "$keylog_lines"
    charon_start_with_options "$ns_b" "$dir_b" "$options" "$keylog_lines"
    local checks=$rekey
    if [[ $rekey == pubkey || $rekey == classic ]]; then
        local pki="$TEST_DIR/pki$n" auth_a=rsa/pss-sha256 cert_b=p384
        [[ $rekey == classic ]] && auth_a=pubkey cert_b=p256
        "$RAVELIN_SOURCE_DIR/tests/unit/control-plane/ike/crypto/make_test_pki.sh" "$pki"
        write_swanctl_pubkey "$dir_a" 10.98.$n.1 10.98.$n.2 "$ike" "$esp" 10.1.$n.0/24 10.2.$n.0/24 rsa $cert_b $auth_a "$pki"
        write_swanctl_pubkey "$dir_b" 10.98.$n.2 10.98.$n.1 "$ike" "$esp" 10.2.$n.0/24 10.1.$n.0/24 $cert_b rsa pubkey "$pki"
        checks="pki=$pki"
    else
        write_swanctl "$dir_a" 10.98.$n.1 10.98.$n.2 "$ike" "$esp" 10.1.$n.0/24 10.2.$n.0/24
        write_swanctl "$dir_b" 10.98.$n.2 10.98.$n.1 "$ike" "$esp" 10.2.$n.0/24 10.1.$n.0/24
    fi
    swanctl_in "$dir_a" --load-all --file "$dir_a/swanctl.conf" >"$dir_a/load.log" 2>&1
    swanctl_in "$dir_b" --load-all --file "$dir_b/swanctl.conf" >"$dir_b/load.log" 2>&1
    swanctl_in "$dir_a" --initiate --child net --timeout 20 >"$dir_a/initiate.log" 2>&1 ||
        fail "pair $n: $ike / $esp did not establish"
    wait_until 20 "pair $n: key log complete" log_ready "$dir_b" "$dir_a"
    case $rekey in
        child-rekey) swanctl_in "$dir_a" --rekey --child net >"$dir_a/rekey.log" 2>&1 || fail "child rekey" ;;
        ike-rekey) swanctl_in "$dir_a" --rekey --ike xcheck >"$dir_a/rekey.log" 2>&1 || fail "IKE rekey" ;;
    esac
    wait_until 20 "pair $n: $rekey logged" log_ready "$dir_b" "$dir_a" "$rekey"
    /usr/bin/python3 "$here/crosscheck.py" "$tool" "$ike" "$esp" "$dir_b/charon.log" "$dir_a/charon.log" "$checks" ||
        fail "pair $n: keys differ"
}

run_pair 1 aes256gcm16-prfsha256-x25519 aes128gcm16 ike-rekey
run_pair 2 aes128-sha256-modp2048 aes128-sha256-modp2048 child-rekey
run_pair 3 aes256-sha384-ecp384 aes256gcm16 pubkey
run_pair 4 chacha20poly1305-prfsha512-ecp521 aes256-sha512 classic
echo "PASS: Ravelin derives strongSwan's keys (AEAD, CBC+HMAC, PFS, IKE SA rekey) and verifies its certificate AUTH"
