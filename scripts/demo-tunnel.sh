#!/usr/bin/env bash
# The tunnel demo (run by scripts/demo.sh, or alone as root): a strongSwan 5.9
# gateway and a Ravelin gateway (ravelin-ike + ravelin-dp on net_af_packet ports)
# in network namespaces, with a host behind each:
#
#   host A 10.1.0.1 -- [strongSwan 10.99.0.1] ==ESP in UDP 4500== [10.99.0.2 Ravelin] -- host B 10.2.0.1
#
# Shows ping crossing the tunnel, `ravelinctl list-sas`, strongSwan's view, a
# 20 MB transfer each way with its SHA-256 checked, and ravelin-dp's counters.
# Everything (namespaces, processes, the shared-memory segment) is removed on
# any exit. The topology is the end-to-end tests' (tests/interop/tunnel/lib.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ $(id -u) -ne 0 ]]; then
    echo "demo-tunnel.sh: needs root (network namespaces, DPDK on af_packet); run: sudo $0" >&2
    exit 1
fi
scripts/setup.sh --check 2>/dev/null || scripts/setup.sh
# The release preset's build unless RAVELIN_BUILD_DIR names another.
export RAVELIN_BUILD_DIR=${RAVELIN_BUILD_DIR:-$root/build/release}
[[ -f $RAVELIN_BUILD_DIR/build.ninja ]] || cmake --preset release >/dev/null
echo "Building ravelin-ike, ravelin-dp, ravelin-dp-ctl and ravelinctl in $RAVELIN_BUILD_DIR (a first build takes a while)"
# Quiet unless it fails (ninja prints compiler errors on stdout): then its last lines.
# RAVELIN_NICE (e.g. 10) lowers the build's priority on a shared machine, not the demo's.
if ! build_log=$(nice -n "${RAVELIN_NICE:-0}" cmake --build "$RAVELIN_BUILD_DIR" -j "${RAVELIN_JOBS:-$(nproc)}" \
        --target ravelin-ike ravelin-dp ravelin-dp-ctl ravelinctl 2>&1); then
    tail -n 40 <<<"$build_log" >&2
    echo "demo-tunnel.sh: the build failed" >&2
    exit 1
fi

source "$root/tests/interop/tunnel/lib.sh"
RAVELINCTL="$RAVELIN_BUILD_DIR/control-plane/ravelinctl/ravelinctl"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building the topology: host A, strongSwan gateway, Ravelin gateway, host B"
swan_ravelin_setup aes128gcm16
start_ravelin_gateway

step "Ravelin initiates the tunnel (ravelinctl initiate --child net)"
"$RAVELINCTL" --socket "$dir_r/ravelin.sock" initiate --child net --timeout 20
wait_until 20 "strongSwan shows the IKE SA and Child SA established" swan_established

step "Host A pings host B: the packets cross strongSwan, the tunnel and ravelin-dp"
# The very first packet waits for ravelin-dp to resolve host B by ARP. On a busy
# machine (a fresh-machine check beside other DPDK work) that took over 20 s once;
# on failure, ravelin-dp's counters say where the packets stopped.
wait_until 60 "the first packet crosses" ip netns exec "$NS_A" ping -c1 -W1 10.2.0.1 || {
    echo "ravelin-dp counters:" >&2
    "$DPCTL" --segment "$SEGMENT" counters | awk '$2 != 0' >&2
    swanctl_in "$dir_s" --list-sas >&2
    exit 1
}
ip netns exec "$NS_A" ping -c 4 -i 0.3 10.2.0.1

step "ravelinctl list-sas (Ravelin's view)"
"$RAVELINCTL" --socket "$dir_r/ravelin.sock" list-sas

step "swanctl --list-sas (strongSwan's view)"
swanctl_in "$dir_s" --list-sas

step "20 MB over TCP each way, SHA-256 compared at the far end"
tunnel_transfer "$NS_A" a0 "$NS_B" b0 10.2.0.1 20
tunnel_transfer "$NS_B" b0 "$NS_A" a0 10.1.0.1 20

step "ravelin-dp counters (ravelin-dp-ctl counters)"
"$DPCTL" --segment "$SEGMENT" counters | awk '$2 != 0'

step "Done: cleaning up namespaces, processes and the shared-memory segment"
