#!/bin/bash
# Throughput per worker core of the whole ravelin-dp next to DPDK's ipsec-secgw,
# same ports, same packets, no kernel in the path (docs/PERFORMANCE.md, "ravelin-dp").
#
#   scripts/bench-dataplane.sh [BUILD_DIR]      (root; or: ninja -C BUILD_DIR bench_dataplane)
#
# Each program under test (DUT) is a DPDK primary with two ports: lan `net_ring0`
# and wan `net_null1,no-rx=1` (a sink), its one worker pinned to WORKER_CPU.
# tests/perf/dp's ravelin-pktgen, a DPDK secondary process on GEN_CPU, fills the
# ring behind lan with packets from its own mempool and reads the wan port's TX
# counter over the window: the DUT's rate, the same counter for both programs.
# The DUT never transmits on lan (the ring's only producer is the generator); the
# generator reports what the DUT did send there (lan_tx), and how often it found
# the ring full (ring_full) or empty (ring_empty, the "empty" column: well above 0 %
# means the DUT waited for packets, e.g. while another job had the generator's CPU).
#
# Rows per size (64 B, IMIX 7:4:1 of 64/594/1518 B, 1400 B, with FCS):
#   bypass          ravelin-dp forwarding in clear (one bypass policy)
#   ravelin-dp N    AES-GCM-128 tunnel, N SAs (N from SAS); N = 1: one SA under one
#                   policy for 1024 flows; N > 1: N flows, flow i under policy i and SA i,
#                   installed through the ring (ravelin-dp-ctl policy-bulk/sa-bulk)
#   secgw N         ipsec-secgw (dpdk-doc examples, built here) with the same SPs and SAs
#   raw             IPsec-MB AES-GCM-128 encrypt alone (tests/perf/esp_bench raw rows, CPU time)
# and the generator alone into a sink (its own rate).
#
# Env: WINDOW=5 WARMUP=2 seconds; SIZES="64 imix 1400"; SAS="1 10000" (e.g. "1 10000 100000":
# a count ravelin-dp's table cannot hold gives a "table full" row); GEN_CPU=0 WORKER_CPU=1;
# SKIP_SECGW=1, SKIP_RAW=1, SKIP_BYPASS=1; HUGEPAGES=768 (2 MB pages, allocated if
# missing and given back at the end); PROFILE=1 records `perf record -e cpu-clock` of
# the worker CPU in each ESP run into $PROFILE_DIR (default /tmp/ravelin-bench-perf); read
# them with `perf report -i DIR/NAME.data --tid $(cat DIR/NAME.tid)` (the CPU is shared).
set -euo pipefail

BUILD=$(realpath "${1:-build/release}")
DP=$BUILD/dataplane/app/ravelin-dp
DPCTL=$BUILD/dataplane/app/ravelin-dp-ctl
PKTGEN=$BUILD/tests/perf/ravelin-pktgen
ESP_BENCH=$BUILD/tests/perf/esp_bench
WINDOW=${WINDOW:-5}
WARMUP=${WARMUP:-2}
SIZES=${SIZES:-64 imix 1400}
SAS=${SAS:-1 10000}
GEN_CPU=${GEN_CPU:-0}
WORKER_CPU=${WORKER_CPU:-1}
HUGEPAGES=${HUGEPAGES:-768}
PROFILE_DIR=${PROFILE_DIR:-/tmp/ravelin-bench-perf}
PY=/usr/bin/python3
for b in "$DP" "$DPCTL" "$PKTGEN"; do
    [[ -x $b ]] || { echo "build ravelin-dp, ravelin-dp-ctl and ravelin-pktgen in $BUILD first" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "needs root (hugepages, network namespaces for the TAPs)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ravelin-bench.XXXXXX)
PREFIX=rvbench$$
SEGMENT=/ravelin-bench-$$
HUGE=$WORK/huge
NR=/proc/sys/vm/nr_hugepages
ADDED_PAGES=0
DUT_PID=
PERF_PID=
stop_dut() {
    if [[ -n $DUT_PID ]]; then
        kill "$DUT_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$DUT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$DUT_PID" 2>/dev/null || true
        wait "$DUT_PID" 2>/dev/null || true
        DUT_PID=
    fi
    rm -f "/dev/shm/${SEGMENT#/}" "$HUGE"/* 2>/dev/null || true
    rm -rf "/var/run/dpdk/$PREFIX"
}
cleanup() {
    set +e
    [[ -f $WORK/gen.pid ]] && kill "$(cat "$WORK/gen.pid")" 2>/dev/null
    [[ -n $PERF_PID ]] && kill "$PERF_PID" 2>/dev/null
    stop_dut
    if mountpoint -q "$HUGE"; then umount "$HUGE" 2>/dev/null || umount -l "$HUGE"; fi
    if ((ADDED_PAGES > 0)); then echo $(($(cat $NR) - ADDED_PAGES)) > $NR; fi
    rm -rf "$WORK" /var/run/dpdk/"$PREFIX"*
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Multi-process needs hugepages (--no-huge memory is private to each process);
# a hugetlbfs of our own keeps the files away from other DPDK users.
free_pages=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
if ((free_pages < HUGEPAGES)); then
    ADDED_PAGES=$((HUGEPAGES - free_pages))
    echo $(($(cat $NR) + ADDED_PAGES)) > $NR
    free_pages=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
    ((free_pages >= HUGEPAGES)) || { echo "only $free_pages free 2 MB hugepages of $HUGEPAGES" >&2; exit 1; }
fi
mkdir "$HUGE"
mount -t hugetlbfs -o pagesize=2M nodev "$HUGE"
EAL=(--huge-dir "$HUGE" --file-prefix "$PREFIX" --no-pci --no-telemetry)

# Flow i of ravelin-pktgen: 172.(16+i/65536).x.y -> 100.(i/65536).x.y, x.y = i/256, i%256.
flow_hosts() {
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; ++i) printf "172.%d.%d.%d 100.%d.%d.%d\n",
        16 + int(i / 65536) % 16, int(i / 256) % 256, i % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
}
flows_for() { if [[ $1 == - || $1 == 1 ]]; then echo 1024; else echo "$1"; fi; }

# gen SIZE FLOWS TID: runs the generator against the DUT, prints its result line
gen() {
    local out
    taskset -c "$GEN_CPU" "$PKTGEN" --proc-type=secondary --lcores "8@$GEN_CPU" "${EAL[@]}" --log-level=3 -- \
        --ring ETH_RXTX0_net_ring0 --lan net_ring0 --wan net_null1 --size "$1" --flows "$2" \
        --warmup "$WARMUP" --window "$WINDOW" --dut-thread "$3" > "$WORK/gen.out" 2> "$WORK/gen.err" &
    echo $! > "$WORK/gen.pid"  # for cleanup: this runs in a command substitution's subshell
    wait "$(cat "$WORK/gen.pid")" || true
    rm -f "$WORK/gen.pid"
    out=$(cat "$WORK/gen.out")
    [[ -n $out ]] || { sed 's/^/  pktgen: /' "$WORK/gen.err" >&2; echo "dut_pps=n/a"; return; }
    echo "$out"
    local lan_tx; lan_tx=$(sed -n 's/.*lan_tx=\([0-9]*\).*/\1/p' <<<"$out")
    [[ $lan_tx == 0 ]] || echo "  warning: the DUT sent $lan_tx packets on lan (the generator's ring)" >&2
}

wait_for() {  # wait_for FILE PATTERN [SECONDS]: the DUT's log says it is ready
    for _ in $(seq $((${3:-30} * 10))); do
        grep -q "$2" "$1" && return 0
        kill -0 "$DUT_PID" 2>/dev/null || break
        sleep 0.1
    done
    sed 's/^/  dut: /' "$1" >&2
    return 1
}

# The worker thread of ravelin-dp (DPDK 22.11's EAL names it rte-worker-1).
worker_thread() {
    local t
    for t in /proc/"$DUT_PID"/task/*; do
        [[ $(cat "$t/comm") == *worker-1 ]] && { echo "${t#/proc/}"; return 0; }
    done
    return 0
}

ROWS=$WORK/rows  # mode size SAs result-line
: > "$ROWS"
row() { echo "$1 $2 $3 $4" >> "$ROWS"; printf "  %-12s %-5s %-7s %s\n" "$1" "$2" "$3" "$4" >&2; }

# PROFILE=1: perf record of the worker CPU over the window (what else ran there is in it too).
profile_start() {  # profile_start NAME TID: the TID, for `perf report --tid`, in NAME.tid
    [[ -n ${PROFILE:-} ]] || return 0
    mkdir -p "$PROFILE_DIR"
    echo "$2" > "$PROFILE_DIR/$1.tid"
    (sleep "$WARMUP"; exec perf record -q -e cpu-clock -C "$WORKER_CPU" -o "$PROFILE_DIR/$1.data" -- sleep "$WINDOW") \
        > /dev/null 2>&1 &
    PERF_PID=$!
}
profile_wait() {
    [[ -n $PERF_PID ]] && wait "$PERF_PID" || true
    PERF_PID=
}

start_dp() {
    cat > "$WORK/dp.yaml" <<YAML
dataplane:
  ports:
    - { name: lan, device: "net_ring0", address: 10.1.0.254/24 }
    - { name: wan, device: "net_null1,no-rx=1", address: 10.2.0.254/24, gateway: 10.2.0.1, mtu: 1600 }
YAML
    : > "$WORK/dp.log"  # not the last run's "worker(s) running" while this one starts
    # Own network namespace for the TAPs; IPv6 off there so the kernel sends
    # nothing through them (a TAP's packets would leave on lan, into the generator's ring).
    unshare -n sh -c 'sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; exec "$@"' sh \
        "$DP" --lcores "0@$GEN_CPU,1@$WORKER_CPU" "${EAL[@]}" --log-level=3 -- --config "$WORK/dp.yaml" \
        --segment "$SEGMENT" --neighbour wan,10.2.0.1,02:00:00:00:00:02 > "$WORK/dp.log" 2>&1 &
    DUT_PID=$!
    wait_for "$WORK/dp.log" "worker(s) running"
}

key=000102030405060708090a0b0c0d0e0f10111213
# install_dp MODE SAS: policies and SAs through the ring; "table full" if refused for lack of room
install_dp() {
    if [[ $1 == bypass ]]; then
        "$DPCTL" --segment "$SEGMENT" policy out bypass 172.16.0.0/12 100.0.0.0/8 1 10 >&2
    elif (($2 == 1)); then
        "$DPCTL" --segment "$SEGMENT" sa out 0x1001 10.2.0.254 10.2.0.1 aes128gcm16 $key 7 >&2
        "$DPCTL" --segment "$SEGMENT" policy out protect 172.16.0.0/12 100.0.0.0/8 7 10 >&2
    else
        # SAs first: each policy finds its SA when the classifier is compiled.
        "$DPCTL" --segment "$SEGMENT" sa-bulk "$2" out > "$WORK/sa-bulk.out" 2>&1 || true
        cat "$WORK/sa-bulk.out" >&2
        if grep -q "table full\|counter slot" "$WORK/sa-bulk.out"; then
            echo "table full" > "$WORK/sa-rate.$2"
            echo "table full: ravelin-dp cannot hold $2 SAs"
            return
        fi
        grep -q "SAs/s" "$WORK/sa-bulk.out" || { echo "SA install failed"; return; }
        "$DPCTL" --segment "$SEGMENT" policy-bulk "$2" protect > "$WORK/policy-bulk.out" 2>&1 || true
        cat "$WORK/policy-bulk.out" >&2
        grep -q "table full" "$WORK/policy-bulk.out" && { echo "table full (policies)"; return; }
        grep -q "policies/s" "$WORK/policy-bulk.out" || { echo "policy install failed"; return; }
        sed -n 's/.*: \([0-9]*\) SAs\/s/\1/p' "$WORK/sa-bulk.out" > "$WORK/sa-rate.$2"
    fi
    echo ok
}

# run_dp MODE SIZE SAS
run_dp() {
    local mode=$1 size=$2 sas=$3 status out
    start_dp || { stop_dut; row "$mode" "$size" "$sas" "dut_pps=n/a (ravelin-dp did not start)"; return; }
    status=$(install_dp "$mode" "$sas")
    if [[ $status != ok ]]; then
        row "$mode" "$size" "$sas" "dut_pps=n/a ($status)"
    else
        local tid; tid=$(worker_thread)
        [[ $mode == bypass ]] || profile_start "dp-$size-$sas" "${tid##*/}"
        out=$(gen "$size" "$(flows_for "$sas")" "$tid")
        profile_wait
        local dropped; dropped=$("$DPCTL" --segment "$SEGMENT" counters | awk '$1 ~ /^drop/ && $2 > 0 { printf "%s%s=%s", s, $1, $2; s = "," }')
        [[ -z $dropped ]] || out="$out drops:$dropped"
        row "$mode" "$size" "$sas" "$out"
    fi
    stop_dut
}

# ipsec-secgw from the dpdk-doc examples, built in the temporary folder. The RX
# checksum offload request is dropped: the vdevs do not offer it.
SECGW=
SECGW_SRC=/usr/share/dpdk/examples/ipsec-secgw
if [[ -d $SECGW_SRC && ${SKIP_SECGW:-} != 1 ]]; then
    cp -r "$SECGW_SRC" "$WORK/secgw"
    sed -i 's/\.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,/.offloads = 0,/' "$WORK/secgw/ipsec-secgw.c"
    if make -C "$WORK/secgw" -j2 shared > "$WORK/secgw-build.log" 2>&1; then
        SECGW=$WORK/secgw/build/ipsec-secgw
    else
        echo "ipsec-secgw did not build (see dpdk-doc); continuing without it" >&2
    fi
fi

# secgw_config SAS FILE: the same tunnels as ravelin-dp's, plus the inbound SA and SP secgw insists on.
secgw_config() {
    local k=00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13 sa="aead_algo aes-128-gcm aead_key"
    {
        if (($1 == 1)); then
            echo "sp ipv4 out esp protect 5 pri 1 src 172.16.0.0/12 dst 100.0.0.0/8 sport 0:65535 dport 0:65535"
            echo "sa out 5 $sa $k mode ipv4-tunnel src 10.2.0.254 dst 10.2.0.1"
        else
            flow_hosts "$1" | awk -v sa="$sa" -v k="$k" '{ spi = 1000 + NR - 1
                printf "sp ipv4 out esp protect %d pri 1 src %s/32 dst %s/32 sport 0:65535 dport 0:65535\n", spi, $1, $2
                printf "sa out %d %s %s mode ipv4-tunnel src 10.2.0.254 dst 10.2.0.1\n", spi, sa, k }'
        fi
        echo "sp ipv4 in esp protect 6 pri 1 dst 172.16.0.0/12 sport 0:65535 dport 0:65535"
        echo "sa in 6 $sa $k mode ipv4-tunnel src 10.2.0.1 dst 10.2.0.254"
        echo "rt ipv4 dst 10.2.0.0/24 port 1"
        echo "rt ipv4 dst 172.16.0.0/12 port 0"
        echo "neigh port 1 02:00:00:00:00:02"
        echo "neigh port 0 02:00:00:00:00:aa"
    } > "$2"
}

# run_secgw SIZE SAS: one lcore (WORKER_CPU) polling both ports, crypto_aesni_mb0.
# --mtu 1600, as ravelin-dp's wan port: at 1500 secgw drops a 1518 B frame after
# encrypting it (ESP adds 54-57 bytes), 1 packet in 12 of IMIX, and ravelin-dp
# pre-fragments it (RFC 4301 §8.1); with 1600 both send every packet whole.
run_secgw() {
    local size=$1 sas=$2 out
    secgw_config "$sas" "$WORK/secgw.cfg"
    : > "$WORK/secgw.log"
    "$SECGW" -l "$WORKER_CPU" "${EAL[@]}" --vdev net_ring0 --vdev "net_null1,no-rx=1" --vdev crypto_aesni_mb0 \
        -- -p 0x3 -P -u 0x2 --config "(0,0,$WORKER_CPU),(1,0,$WORKER_CPU)" -f "$WORK/secgw.cfg" -s 8192 --mtu 1600 \
        > "$WORK/secgw.log" 2>&1 &
    DUT_PID=$!
    if ! wait_for "$WORK/secgw.log" "entering main loop" $((30 + sas / 500)); then  # its ACL build grows with the SPs
        stop_dut
        row secgw "$size" "$sas" "dut_pps=n/a (ipsec-secgw did not start)"
        return
    fi
    profile_start "secgw-$size-$sas" "$DUT_PID"
    out=$(gen "$size" "$(flows_for "$sas")" "$DUT_PID/task/$DUT_PID")
    profile_wait
    row secgw "$size" "$sas" "$out"
    stop_dut
}

echo "uptime: $(uptime)" >&2
echo "generator alone into a sink (GEN_CPU=$GEN_CPU, sink on WORKER_CPU=$WORKER_CPU):" >&2
for size in $SIZES; do
    out=$("$PKTGEN" --lcores "0@$GEN_CPU,1@$WORKER_CPU" --no-huge -m 256 --no-pci --no-shconf --no-telemetry \
        --log-level=3 --file-prefix "${PREFIX}sink" -- --sink --size "$size" --flows 10000 --window 2 || echo "gen_pps=n/a")
    row pktgen-sink "$size" - "$out"
done

has_esp=no
grep -qa "ESP engine: IPsec-MB" "$DP" && has_esp=yes
for size in $SIZES; do
    echo "size $size:" >&2
    [[ ${SKIP_BYPASS:-} == 1 ]] || run_dp bypass "$size" -
    for sas in $SAS; do
        [[ $has_esp == yes ]] && run_dp ravelin-dp "$size" "$sas"
        [[ -n $SECGW ]] && run_secgw "$size" "$sas"
    done
done

# SA install rate through the ring, inbound (no SPD rebind per SA): a fresh ravelin-dp
# per count, `sa-bulk N in` from the first command to ravelin-dp's answer to the sync.
if [[ $has_esp == yes ]]; then
    for sas in $SAS; do
        ((sas > 1)) || continue
        start_dp || { stop_dut; continue; }
        "$DPCTL" --segment "$SEGMENT" sa-bulk "$sas" in > "$WORK/sa-in.out" 2>&1 || true
        cat "$WORK/sa-in.out" >&2
        sed -n 's/.*: \([0-9]*\) SAs\/s/\1/p' "$WORK/sa-in.out" > "$WORK/sa-in-rate.$sas"
        grep -q "table full" "$WORK/sa-in.out" && echo "table full" > "$WORK/sa-in-rate.$sas"
        stop_dut
    done
fi

# Raw IPsec-MB AES-GCM-128 encrypt, one core, CPU time (esp_bench profiles 0/1/2 =
# 64 B / 1400 B / IMIX inner packets; the best of three repetitions).
RAW=$WORK/raw.json
if [[ -x $ESP_BENCH && ${SKIP_RAW:-} != 1 ]]; then
    "$ESP_BENCH" --benchmark_filter='raw_encrypt/profile:[012]/alg:0$' --benchmark_min_time=0.5 \
        --benchmark_repetitions=3 --benchmark_out="$RAW" --benchmark_out_format=json > /dev/null 2>&1 || true
fi

# The table: pps per worker core (wall clock, and per second of the worker's CPU
# time: the figure to read on a shared machine, and the one the ratios use),
# ravelin-dp / secgw and ravelin-dp / raw.
$PY - "$ROWS" "$RAW" "$SAS" "$WORK" <<'PYEOF'
import json, os, re, sys
rows_file, raw_file, sas_list, work = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
rows = {}
for line in open(rows_file):
    mode, size, sas, rest = line.rstrip("\n").split(" ", 3)
    fields = dict(re.findall(r"(\w+)=([^ ]+)", rest))
    note = re.search(r"\(([^)]*)\)", rest)
    rows[(mode, size, sas)] = (fields, note.group(1) if note else "", rest)
raw = {}
if os.path.exists(raw_file) and os.path.getsize(raw_file) > 0:
    profile = {"0": "64", "1": "1400", "2": "imix"}
    for b in json.load(open(raw_file))["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        p = re.search(r"profile:(\d)", b["name"]).group(1)
        raw[profile[p]] = max(raw.get(profile[p], 0), b["items_per_second"])

def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None

def fmt(v):
    return f"{v:,.0f}" if v is not None else "n/a"

sizes = []
for (mode, size, sas) in rows:
    if size not in sizes:
        sizes.append(size)
table = []  # mode, size, SAs, pps, pps/cpu-s, cpu, empty, /secgw, /raw, notes
for size in sizes:
    for (mode, s, sas), (f, note, rest) in rows.items():
        if s != size:
            continue
        if mode == "pktgen-sink":
            table.append((mode, size, sas, num(f.get("gen_pps")), num(f.get("gen_pps_cpu")), f.get("gen_cpu", "-"),
                          "", "", "", ""))
            continue
        pps, cpu = num(f.get("dut_pps")), num(f.get("dut_pps_cpu"))
        vs_secgw = vs_raw = ""
        if mode == "ravelin-dp":
            g = rows.get(("secgw", size, sas))
            gp = num(g[0].get("dut_pps_cpu")) if g else None
            if cpu and gp:
                vs_secgw = f"{cpu / gp:.2f}"
            if cpu and raw.get(size):
                vs_raw = f"{cpu / raw[size]:.2f}"
        drops = re.search(r"drops:(\S+)", rest)
        notes = " ".join(x for x in [note, f"gen {fmt(num(f.get('gen_pps')))}" if f.get("gen_pps") else "",
                                      f"lan_tx {f['lan_tx']}" if f.get("lan_tx", "0") != "0" else "",
                                      f"drops {drops.group(1)}" if drops else ""] if x)
        table.append((mode, size, sas, pps, cpu, f.get("dut_cpu", "-"), f.get("ring_empty", "-"), vs_secgw, vs_raw, notes))
    if raw.get(size):
        table.append(("raw-gcm128", size, "-", None, raw[size], "", "", "", "", ""))

print(f"{'mode':<12} {'size':<5} {'SAs':>7} {'pps':>12} {'pps/cpu-s':>12} {'cpu%':>5} {'empty':>6} {'/secgw':>7} {'/raw':>6}  notes")
for mode, size, sas, pps, cpu, share, empty, vs_secgw, vs_raw, notes in table:
    print(f"{mode:<12} {size:<5} {sas:>7} {fmt(pps) if mode != 'raw-gcm128' else '':>12} {fmt(cpu):>12} {share:>5} "
          f"{empty:>6} {vs_secgw:>7} {vs_raw:>6}  {notes}".rstrip())

# The same rows as docs/PERFORMANCE.md's table, to paste there.
label = {"pktgen-sink": "pktgen alone into a sink", "bypass": "bypass (ravelin-dp)", "ravelin-dp": "ravelin-dp",
         "secgw": "ipsec-secgw", "raw-gcm128": "raw IPsec-MB AES-GCM-128"}
size_label = {"64": "64 B", "imix": "IMIX", "1400": "1400 B"}
print("\n| mode | size | SAs | pps | pps/cpu-s | cpu | ravelin-dp / secgw | ravelin-dp / raw |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for mode, size, sas, pps, cpu, share, empty, vs_secgw, vs_raw, notes in table:
    n = "" if sas == "-" else f"{int(sas):,}"
    if pps is None and mode != "raw-gcm128":
        print(f"| {label[mode]} | {size_label.get(size, size)} | {n} | {notes or 'n/a'} | | | | |")
        continue
    pps_text = "" if mode == "raw-gcm128" else fmt(pps)
    share_text = share.replace("%", " %") if share not in ("", "-") else ""
    print(f"| {label[mode]} | {size_label.get(size, size)} | {n} | {pps_text} | {fmt(cpu)} | {share_text} | {vs_secgw} | {vs_raw} |")
def rate_text(path):
    text = open(path).read().strip() if os.path.exists(path) else ""
    return f"{int(text):,} SAs/s" if text.isdigit() else (text or "n/a")
for sas in sas_list:
    if sas == "1":
        continue
    print(f"SA install rate through the ring, {sas} SAs: inbound {rate_text(os.path.join(work, f'sa-in-rate.{sas}'))}, "
          f"outbound (+ SPD rebind each) {rate_text(os.path.join(work, f'sa-rate.{sas}'))}")
PYEOF
