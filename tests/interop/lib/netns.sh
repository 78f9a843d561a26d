# Shared helpers for integration tests in network namespaces. Source it, then:
#   netns_add NAME                        a namespace that is removed on exit
#   veth_link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN
#   wait_until SECONDS "what" CMD...      poll CMD until it succeeds or time runs out
#   track_pid PID                         killed on exit
# Everything created is torn down by an EXIT trap, on success and on failure, so a
# failed test never leaves namespaces or processes behind for the next one.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: $(basename "$0") needs root for network namespaces"
    exit 77
fi

# Unique per test run, so runs never collide on names.
TEST_TAG="rv$$"
TEST_DIR=$(mktemp -d "/tmp/ravelin-${TEST_TAG}.XXXXXX")
_namespaces=()
_pids=()

# _cleanup [STATUS]: the exit status to keep defaults to the last command's.
_cleanup() {
    local status=${1:-$?}
    local pid ns
    for pid in "${_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${_pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    for ns in "${_namespaces[@]}"; do
        # Processes still inside the namespace (children of what we started) go too.
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    if [[ $status -ne 0 && -z ${KEEP_TEST_DIR:-} ]]; then
        echo "---- logs of the failed run ($TEST_DIR) ----"
        find "$TEST_DIR" -name '*.log' -print -exec tail -n 40 {} \; 2>/dev/null || true
    fi
    [[ -n ${KEEP_TEST_DIR:-} ]] || rm -rf "$TEST_DIR"
    exit "$status"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

track_pid() { _pids+=("$1"); }

netns_add() {
    local name=$1
    ip netns add "$name"
    _namespaces+=("$name")
    ip -n "$name" link set lo up
}

veth_link() {
    local ns1=$1 if1=$2 addr1=$3 ns2=$4 if2=$5 addr2=$6
    ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2"
    ip -n "$ns1" addr add "$addr1" dev "$if1"
    ip -n "$ns2" addr add "$addr2" dev "$if2"
    ip -n "$ns1" link set "$if1" up
    ip -n "$ns2" link set "$if2" up
}

wait_until() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            echo "FAIL: timed out after ${seconds}s waiting for: $what" >&2
            return 1
        fi
        sleep 0.2
    done
    echo "ok: $what"
}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
