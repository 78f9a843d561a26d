#!/usr/bin/env bash
# Live check of the codec against strongSwan 5.9: capture fresh IKEv2 exchanges
# (every scenario of capture_strongswan_ike.sh) and require ravelin-dissect to
# decode each message exactly as tshark does, and to decode all of them (no
# message of a real peer may come out as an error).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dissect=${RAVELIN_BUILD_DIR:?}/control-plane/dissect/ravelin-dissect
out=$(mktemp -d /tmp/ravelin-codec-live.XXXXXX)
trap 'rm -rf "$out"' EXIT

status=0
bash "$here/capture_strongswan_ike.sh" "$out" >"$out/capture.log" 2>&1 || status=$?
if [[ $status -eq 77 ]]; then
    cat "$out/capture.log"
    exit 77
fi
if [[ $status -ne 0 ]]; then
    cat "$out/capture.log"
    echo "FAIL: capturing strongSwan exchanges"
    exit 1
fi
/usr/bin/python3 "$here/dissect_vs_tshark.py" "$dissect" "$out"/ike_*.pcap
errors=$(for f in "$out"/ike_*.pcap; do "$dissect" "$f"; done | grep -c '"error":"' || true)
[[ $errors -eq 0 ]] || { echo "FAIL: $errors live messages did not decode"; exit 1; }
fragments=$("$dissect" "$out/ike_cert_fragmented.pcap" | grep -c '"name":"SKF"' || true)
[[ $fragments -ge 2 ]] || { echo "FAIL: expected RFC 7383 fragments in the certificate exchange"; exit 1; }
echo "PASS: live strongSwan IKEv2 messages decode as tshark decodes them ($fragments SKF fragments)"
