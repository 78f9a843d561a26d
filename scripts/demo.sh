#!/usr/bin/env bash
# The demo, on a fresh Debian 12 machine as root: installs what is missing
# (scripts/setup.sh), builds the release preset, then runs scripts/demo-tunnel.sh:
# a strongSwan 5.9 peer and Ravelin (ravelin-ike + ravelin-dp) in network
# namespaces, traffic crossing the tunnel, `ravelinctl list-sas`, the counters,
# and everything cleaned up on exit. RAVELIN_JOBS sets the build's jobs (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
    echo "demo.sh: needs root (packages, network namespaces, DPDK on af_packet); run: sudo $0" >&2
    exit 1
fi
if ! scripts/setup.sh --check 2>/dev/null; then
    scripts/setup.sh
fi
echo "Configuring and building the release preset (build/release; a first build takes a while)"
cmake --preset release >/dev/null
cmake --build --preset release -j "${RAVELIN_JOBS:-$(nproc)}" >/dev/null
exec scripts/demo-tunnel.sh
