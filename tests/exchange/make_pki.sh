#!/bin/sh
# make_pki.sh DIR: a throwaway PKI made with strongSwan's pki (independent of
# Ravelin's OpenSSL code) for certificate exchange and interop tests:
#   ca.pem / ca.key                  root CA (ECDSA P-256)
#   {moon,sun}-{p256,rsa}.pem/.key   end entities with subjectAltName
#                                    {moon,sun}.example, signed by the root
#   rogue-ca.pem, sun-rogue.pem/.key a second, untrusted CA and its sun
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
pki() { command pki "$@" 2>/dev/null; }
root() {  # name dn
    pki --gen --type ecdsa --size 256 --outform pem >"$1.key"
    pki --self --ca --lifetime 30 --in "$1.key" --type ecdsa --dn "$2" --outform pem >"$1.pem"
}
issue() {  # ca name host type size
    pki --gen --type "$4" --size "$5" --outform pem >"$2.key"
    pki --pub --in "$2.key" --type priv |
        pki --issue --cacert "$1.pem" --cakey "$1.key" --lifetime 20 --dn "C=CH, O=Ravelin Test, CN=$3" \
            --san "$3" --outform pem >"$2.pem"
}
root ca "C=CH, O=Ravelin Test, CN=Ravelin Test Root"
root rogue-ca "C=CH, O=Elsewhere, CN=Rogue Root"
for host in moon sun; do
    issue ca "$host-p256" "$host.example" ecdsa 256
    issue ca "$host-rsa" "$host.example" rsa 2048
done
issue rogue-ca sun-rogue sun.example ecdsa 256
