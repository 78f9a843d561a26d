#!/usr/bin/env bash
# Writes every IKE message of the captures in DIR as a raw file into CORPUS (the
# codec fuzzer's seed corpus): UDP 500 payloads as they are, UDP 4500 payloads
# without their non-ESP marker; ESP and NAT-keepalives are left out.
#   extract_ike_corpus.sh DIR CORPUS
set -euo pipefail
dir=$1 corpus=$2
# Only the captured messages are replaced: fuzz-found regressions (regression-*) stay.
mkdir -p "$corpus"
find "$corpus" -name '*.bin' ! -name 'regression-*' -delete
for pcap in "$dir"/*.pcap; do
    base=$(basename "$pcap" .pcap)
    n=0
    while read -r port hex; do
        [[ -n $hex ]] || continue
        if [[ $port == 4500 ]]; then
            [[ ${hex:0:8} == 00000000 ]] || continue
            hex=${hex:8}
        fi
        n=$((n + 1))
        /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$hex" >"$corpus/$base-$n.bin"
    done < <(tshark -r "$pcap" -T fields -e udp.dstport -e udp.payload 'udp' 2>/dev/null)
done
echo "corpus: $(ls "$corpus" | wc -l) inputs in $corpus"
