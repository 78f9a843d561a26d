#!/usr/bin/env bash
# Installs the Debian 12 packages that Ravelin's build, tests and demo need, with
# apt-get alone. Idempotent: when everything is present it does nothing, quietly.
#   scripts/setup.sh          install what is missing (as root)
#   scripts/setup.sh --check  exit 0 if nothing is missing, 1 otherwise; installs nothing
set -euo pipefail

# What the build needs.
build_packages=(
    build-essential cmake ninja-build pkg-config clang lld libclang-rt-14-dev
    libssl-dev libboost1.74-dev libgtest-dev libgmock-dev libbenchmark-dev
    libspdlog-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
    libdeflate-dev libpcap-dev libdpdk-dev libipsec-mb-dev
)
# What the tests and the demo run against (../shared/PEERS.md).
peer_packages=(
    strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins
    libstrongswan-extra-plugins libstrongswan-standard-plugins
    python3 python3-scapy python3-cryptography tshark tcpdump prometheus
    iproute2 nftables iputils-ping procps openssl dpdk python3-yaml systemd
)

missing_packages() {
    local package
    for package in "${build_packages[@]}" "${peer_packages[@]}"; do
        if ! dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed; then
            echo "$package"
        fi
    done
}

mapfile -t missing < <(missing_packages)
if [[ ${1:-} == --check ]]; then
    [[ ${#missing[@]} -eq 0 ]] && exit 0
    echo "missing packages: ${missing[*]}" >&2
    exit 1
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
fi

log=$(mktemp /tmp/ravelin-setup.XXXXXX.log)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
echo "setup.sh: installing ${#missing[@]} package(s): ${missing[*]}"
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    echo "setup.sh: apt-get failed; its output:" >&2
    cat "$log" >&2
    exit 1
fi
mapfile -t still_missing < <(missing_packages)
if [[ ${#still_missing[@]} -ne 0 ]]; then
    echo "setup.sh: still missing after install: ${still_missing[*]}" >&2
    exit 1
fi
