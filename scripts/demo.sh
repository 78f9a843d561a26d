#!/usr/bin/env bash
# The demo: Ravelin as a gateway against a real strongSwan peer in network
# namespaces, with traffic crossing the tunnel. It needs ravelin-ike (the IKE
# engine) and ravelin-dp (the DPDK fast path); until both have landed it says so
# plainly, shows what already runs, and exits without pretending.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! scripts/setup.sh --check 2>/dev/null; then
    scripts/setup.sh
fi
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null

if [[ ! -x build/release/control-plane/ravelin-ike || ! -x build/release/dataplane/ravelin-dp ]]; then
    cat <<'MSG'
Ravelin demo: not yet available.

The tunnel demo arrives with ravelin-ike (IKEv2 engine, issue "ravelin-ike: the IKEv2
protocol engine and daemon") and ravelin-dp (DPDK fast path, issue "ravelin-dp: the
DPDK fast path ..."). Neither binary exists in this build yet; see README.md's
feature status for what works today.

What runs today: the integration harness that the demo will use, two strongSwan
gateways in network namespaces passing ping through their tunnel:
MSG
    if [[ $(id -u) -eq 0 ]]; then
        bash tests/interop/harness_strongswan_pair.sh 2>&1 | grep -E '^(ok|PASS|FAIL)'
    else
        echo "(run as root to see it)"
    fi
    exit 0
fi
exec scripts/demo-tunnel.sh
