#!/usr/bin/env bash
# The demo, on a fresh Debian 12 machine as root: installs what is missing
# (scripts/setup.sh), configures the release preset and builds what the demo runs
# (ravelin-ike, ravelin-dp, ravelin-dp-ctl, ravelinctl; not the tests), then runs
# scripts/demo-tunnel.sh: a strongSwan 5.9 peer and Ravelin (ravelin-ike +
# ravelin-dp) in network namespaces, traffic crossing the tunnel, `ravelinctl
# list-sas`, the counters, and everything cleaned up on exit. RAVELIN_JOBS sets the
# build's jobs (default: nproc), RAVELIN_NICE its niceness.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
    echo "demo.sh: needs root (packages, network namespaces, DPDK on af_packet); run: sudo $0" >&2
    exit 1
fi
if ! scripts/setup.sh --check 2>/dev/null; then
    scripts/setup.sh
fi
echo "Configuring the release preset (build/release)"
cmake --preset release >/dev/null
# demo-tunnel.sh builds the four programs it runs.
exec scripts/demo-tunnel.sh
