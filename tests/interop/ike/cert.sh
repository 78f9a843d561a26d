#!/usr/bin/env bash
# Ravelin vs strongSwan 5.9 with certificates made at test time by pki:
#   cert.sh p256|rsa IKE-PROPOSAL ESP-PROPOSAL initiator|responder [FRAGMENT-SIZE]
# ECDSA P-256 or RSA (Ravelin signs RFC 7427 RSA-PSS) end entities under one
# root; each side asks for the other's certificate (CERTREQ) and checks chain,
# identity and signature. With FRAGMENT-SIZE, Ravelin's IKE_AUTH must travel
# fragmented (RFC 7383) and the peer's reassembled.
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/lib.sh"

kind=$1 ike=$2 esp=$3 role=$4 fragment_size=${5:-}
pki_dir="$TEST_DIR/pki"
sh "$(dirname "$0")/../../exchange/make_pki.sh" "$pki_dir" || fail "pki could not make the test PKI"
mkdir -p "$dir_s/x509" "$dir_s/x509ca" "$dir_s/private"
cp "$pki_dir/ca.pem" "$dir_s/x509ca/"
cp "$pki_dir/sun-$kind.pem" "$dir_s/x509/sun.pem"
cp "$pki_dir/sun-$kind.key" "$dir_s/private/sun.key"

ike_pair_network
# flush_line: the checks below read charon's log while it runs.
charon_start_with "$ns_s" "$dir_s" "  fragment_size = ${fragment_size:-1280}" "flush_line = yes"
cat >"$dir_s/swanctl.conf" <<CONF
connections {
  rv {
    version = 2
    local_addrs = 10.99.0.1
    remote_addrs = 10.99.0.2
    proposals = $ike
    local { auth = pubkey
            certs = sun.pem
            id = sun.example }
    remote { auth = pubkey
             id = moon.example }
    children {
      net { local_ts = 10.1.0.0/24
            remote_ts = 10.2.0.0/24
            esp_proposals = $esp }
    }
  }
}
CONF
swanctl_in "$dir_s" --load-all --file "$dir_s/swanctl.conf" >"$dir_s/load.log" 2>&1 || fail "swanctl --load-all: $(cat "$dir_s/load.log")"

cat >"$dir_r/ravelin.yaml" <<CONF
ike:
  listen: [10.99.0.2]
control:
  socket: $dir_r/ravelin.sock
connections:
  sw:
    local_addrs: [10.99.0.2]
    remote_addrs: [10.99.0.1]
    proposals: [$ike]
    local: { auth: pubkey, id: moon.example, certs: [$pki_dir/moon-$kind.pem], key: $pki_dir/moon-$kind.key }
    remote: { auth: pubkey, id: sun.example, cacerts: [$pki_dir/ca.pem] }
    children:
      net:
        local_ts: [10.2.0.0/24]
        remote_ts: [10.1.0.0/24]
        esp_proposals: [$esp]
CONF
if [[ -n $fragment_size ]]; then ravelin_start --fragment-size "$fragment_size"; else ravelin_start; fi

establish "$role"
# charon's file log is not flushed per line: poll it.
wait_until 10 "strongSwan verified Ravelin's signature" \
    grep -q "authentication of 'moon.example' with .*successful" "$dir_s/charon.log"
if [[ $kind == rsa ]]; then
    wait_until 10 "Ravelin's signature was RSA-PSS" grep -q "authentication of 'moon.example' with RSA_EMSA_PSS" "$dir_s/charon.log"
fi
check_spis
if [[ -n $fragment_size ]]; then
    wait_until 10 "strongSwan received fragments" grep -Eq "received fragment #[0-9]+ of [0-9]+" "$dir_s/charon.log"
    [[ $(ravelin_ctl stats | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["counters"].get("fragments.reassembled", 0))') -ge 1 ]] ||
        fail "Ravelin reassembled no fragmented message"
    echo "ok: IKE_AUTH fragmented in both directions"
fi
echo "PASS: $kind certificates, $ike / $esp with Ravelin as $role"
