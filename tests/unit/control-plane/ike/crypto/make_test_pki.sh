#!/bin/sh
# Generates a throwaway PKI for the certificate and AUTH tests with strongSwan's
# pki tool (an implementation independent of Ravelin's OpenSSL code):
#   ca.pem            root CA (ECDSA P-256)
#   int.pem/int.key   intermediate CA signed by the root
#   <type>.pem/.key   end-entity certificates signed by the intermediate, for
#                     rsa, p256, p384, p521, ed25519, each with subjectAltNames
#                     gw.example.org, 10.99.0.1, 2001:db8::1, gw@example.org
#   revoked.pem       an end entity revoked in int.crl
#   other.pem         an unrelated self-signed CA
# Nothing here is a real key; everything is regenerated on every run.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
pki() { command pki "$@" 2>/dev/null; }

pki --gen --type ecdsa --size 256 --outform pem >ca.key
pki --self --ca --lifetime 30 --in ca.key --type ecdsa --dn "C=CH, O=Ravelin Test, CN=Ravelin Test Root" --outform pem >ca.pem
pki --gen --type ecdsa --size 256 --outform pem >int.key
pki --pub --in int.key --type priv |
    pki --issue --cacert ca.pem --cakey ca.key --ca --lifetime 30 --dn "C=CH, O=Ravelin Test, CN=Ravelin Test Intermediate" --outform pem >int.pem

issue() {  # name type size
    if [ "$2" = ed25519 ]; then pki --gen --type ed25519 --outform pem >"$1.key"
    else pki --gen --type "$2" --size "$3" --outform pem >"$1.key"; fi
    pki --pub --in "$1.key" --type priv |
        pki --issue --cacert int.pem --cakey int.key --lifetime 20 --dn "C=CH, O=Ravelin Test, CN=gw-$1" \
            --san gw.example.org --san 10.99.0.1 --san 2001:db8::1 --san gw@example.org --outform pem >"$1.pem"
}
issue rsa rsa 2048
issue p256 ecdsa 256
issue p384 ecdsa 384
issue p521 ecdsa 521
issue ed25519 ed25519 0
issue revoked ecdsa 256
pki --signcrl --cacert int.pem --cakey int.key --reason key-compromise --cert revoked.pem --outform pem >int.crl
pki --gen --type ecdsa --size 256 --outform pem >other.key
pki --self --ca --lifetime 30 --in other.key --type ecdsa --dn "C=CH, O=Elsewhere, CN=Other Root" --outform pem >other.pem
