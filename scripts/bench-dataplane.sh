#!/bin/bash
# Throughput of one ravelin-dp worker core, no kernel in the path:
#   lan: net_pcap replaying a generated capture forever (infinite_rx)
#   wan: net_null (a sink), next hop given with --neighbour
# Frame sizes 64 B, IMIX (7:4:1 of 64/594/1518) and 1400 B (sizes with FCS);
# modes: bypass (plaintext forwarding) and, when ravelin-dp has the ESP engine,
# AES-GCM-128 tunnel with 1 SA and with 10,000 SAs installed.
# The rate is the difference of ravelin-dp's tx_packets counter over the window.
# Side by side: DPDK's ipsec-secgw (built from the dpdk-doc examples in a temporary
# folder, RX checksum offload request dropped for the vdevs) on the same ports and
# captures, AES-GCM-128 through crypto_aesni_mb, one lcore polling both ports; its rate
# is the difference of two of its statistics reports.
#
#   scripts/bench-dataplane.sh [BUILD_DIR]     (env: WINDOW=5 seconds per run, LCORES=0,1)
# Needs root (each run gets its own network namespace for its TAPs).
set -euo pipefail

BUILD=${1:-build/release}
DP=$BUILD/dataplane/app/ravelin-dp
DPCTL=$BUILD/dataplane/app/ravelin-dp-ctl
WINDOW=${WINDOW:-5}
LCORES=${LCORES:-0,1}
PY=/usr/bin/python3
[[ -x $DP && -x $DPCTL ]] || { echo "build ravelin-dp and ravelin-dp-ctl in $BUILD first" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "needs root (network namespaces for the TAPs)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ravelin-bench.XXXXXX)
SEGMENT=/ravelin-bench-$$
DP_PID=
cleanup() {
    [[ -n $DP_PID ]] && kill "$DP_PID" 2>/dev/null && wait "$DP_PID" 2>/dev/null
    rm -rf "$WORK" "/dev/shm/${SEGMENT#/}"
}
trap cleanup EXIT

# net_pcap's port 0 has the MAC 02:70:63:61:70:00 in DPDK 22.11 ("pcap" + port id).
$PY - "$WORK" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
work = sys.argv[1]
def frames(sizes):
    out = []
    for i, size in enumerate(sizes):
        l2 = size - 4  # the FCS is not in the capture
        pkt = Ether(dst="02:70:63:61:70:00", src="02:00:00:00:00:aa") / IP(src="10.1.0.%d" % (1 + i % 200), dst="10.9.0.%d" % (1 + i % 250)) / UDP(sport=1024 + i, dport=9)
        out.append(pkt / Raw(b"\0" * (l2 - len(pkt))))
    return out
wrpcap(work + "/64.pcap", frames([64] * 1024))
wrpcap(work + "/1400.pcap", frames([1400] * 1024))
wrpcap(work + "/imix.pcap", frames(([64] * 7 + [594] * 4 + [1518]) * 86))
PYEOF

counter() { "$DPCTL" --segment "$SEGMENT" counters | awk -v n="$1" '$1 == n { print $2 }'; }

# run MODE PCAP SAS: prints "pps"
run() {
    local mode=$1 pcap=$2 sas=$3
    cat > "$WORK/dp.yaml" <<YAML
dataplane:
  ports:
    - { name: lan, device: "net_pcap0,rx_pcap=$pcap,infinite_rx=1", address: 10.1.0.254/24 }
    - { name: wan, device: "net_null1,no-rx=1", address: 10.2.0.254/24, gateway: 10.2.0.1 }
YAML
    unshare -n "$DP" -l "$LCORES" --no-huge -m 1024 --no-pci --no-shconf --no-telemetry --file-prefix "bench$$" \
        --log-level=3 -- --config "$WORK/dp.yaml" --segment "$SEGMENT" --neighbour wan,10.2.0.1,02:00:00:00:00:02 \
        > "$WORK/dp.log" 2>&1 &
    DP_PID=$!
    for _ in $(seq 100); do grep -q "worker(s) running" "$WORK/dp.log" && break; sleep 0.1; done
    grep -q "worker(s) running" "$WORK/dp.log" || { cat "$WORK/dp.log" >&2; return 1; }
    if [[ $mode == bypass ]]; then
        "$DPCTL" --segment "$SEGMENT" policy out bypass 10.1.0.0/24 10.9.0.0/24 1 10
    else
        local key=000102030405060708090a0b0c0d0e0f10111213
        # SAs beyond the first are installed but carry nothing: the table and index are that large.
        if ((sas > 1)); then "$DPCTL" --segment "$SEGMENT" sa-bulk $((sas - 1)) >&2; fi
        "$DPCTL" --segment "$SEGMENT" sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $key 7
        "$DPCTL" --segment "$SEGMENT" policy out protect 10.1.0.0/24 10.9.0.0/24 7 10
    fi
    sleep 1  # warm-up
    local t0 p0 t1 p1
    t0=$(date +%s.%N); p0=$(counter tx_packets)
    sleep "$WINDOW"
    t1=$(date +%s.%N); p1=$(counter tx_packets)
    kill "$DP_PID"; wait "$DP_PID" 2>/dev/null || true; DP_PID=
    rm -f "/dev/shm/${SEGMENT#/}"
    echo "($p1 - $p0) / ($t1 - $t0)" | bc
}

SECGW_SRC=/usr/share/dpdk/examples/ipsec-secgw
SECGW=
if [[ -d $SECGW_SRC && ${SKIP_SECGW:-} != 1 ]]; then
    cp -r "$SECGW_SRC" "$WORK/secgw"
    sed -i 's/\.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,/.offloads = 0,/' "$WORK/secgw/ipsec-secgw.c"
    if make -C "$WORK/secgw" -j2 shared > "$WORK/secgw-build.log" 2>&1; then
        SECGW=$WORK/secgw/build/ipsec-secgw
    else
        echo "ipsec-secgw did not build (see dpdk-doc); continuing without it" >&2
    fi
    key=00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13
    cat > "$WORK/secgw.cfg" <<CFG
sp ipv4 out esp protect 5 pri 1 dst 10.9.0.0/24 sport 0:65535 dport 0:65535
sp ipv4 in esp protect 6 pri 1 dst 10.1.0.0/24 sport 0:65535 dport 0:65535
sa out 5 aead_algo aes-128-gcm aead_key $key mode ipv4-tunnel src 10.2.0.254 dst 10.2.0.1
sa in 6 aead_algo aes-128-gcm aead_key $key mode ipv4-tunnel src 10.2.0.1 dst 10.2.0.254
rt ipv4 dst 10.2.0.0/24 port 1
rt ipv4 dst 10.1.0.0/24 port 0
neigh port 1 02:00:00:00:00:02
neigh port 0 02:00:00:00:00:aa
CFG
fi

# run_secgw PCAP: prints pps (difference of two statistics reports WINDOW seconds apart)
run_secgw() {
    local lcore=${LCORES##*,}
    timeout $((2 * WINDOW + 4)) "$SECGW" -l "$lcore" --no-pci --no-huge -m 1024 --file-prefix "secgw$$" --log-level=3 \
        --vdev "net_pcap0,rx_pcap=$1,infinite_rx=1" --vdev "net_null1,no-rx=1" --vdev crypto_aesni_mb0 \
        -- -p 0x3 -P -u 0x2 --config "(0,0,$lcore),(1,0,$lcore)" -f "$WORK/secgw.cfg" -t "$WINDOW" -s 8192 \
        > "$WORK/secgw.log" 2>&1 || true
    awk -v w="$WINDOW" '/Total packets sent:/ { v[n++] = $4 } END { if (n >= 2) printf "%d\n", (v[n-1] - v[n-2]) / w; else print "n/a" }' \
        "$WORK/secgw.log"
}

has_esp=no
grep -qa "ESP engine: IPsec-MB" "$DP" && has_esp=yes

printf "%-10s %-6s %-8s %14s\n" mode size SAs "pps/worker"
for size in 64 imix 1400; do
    printf "%-10s %-6s %-8s %14s\n" bypass "$size" - "$(run bypass "$WORK/$size.pcap" 0)"
    if [[ $has_esp == yes ]]; then
        printf "%-10s %-6s %-8s %14s\n" aes128gcm "$size" 1 "$(run esp "$WORK/$size.pcap" 1)"
    fi
    if [[ -n $SECGW ]]; then
        printf "%-10s %-6s %-8s %14s\n" secgw-gcm "$size" 1 "$(run_secgw "$WORK/$size.pcap")"
    fi
done
if [[ $has_esp == yes && ${SKIP_10K:-} != 1 ]]; then
    printf "%-10s %-6s %-8s %14s\n" aes128gcm 64 10000 "$(run esp "$WORK/64.pcap" 10000)"
fi
