#!/usr/bin/env bash
# The IKE crypto suite next to OpenSSL's own `openssl speed`, in one run, on the
# same machine: Ravelin calls OpenSSL, so the ratio shows what Ravelin's wrapping
# (key objects, validation, encoding, zeroizing) costs on top of the primitive.
#   scripts/bench-ike-crypto.sh [SECONDS_PER_OPENSSL_TEST]   (default 2)
# Builds the release preset's ike_crypto_bench if needed. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-2}
cmake --preset release >/dev/null
cmake --build --preset release --target ike_crypto_bench >/dev/null

bench_json=$(mktemp)
speed_txt=$(mktemp)
trap 'rm -f "$bench_json" "$speed_txt"' EXIT
echo "running ike_crypto_bench ..." >&2
build/release/tests/perf/ike_crypto_bench --benchmark_min_time=0.5 \
    --benchmark_filter='x25519|ecp256|rsa2048_pkcs1|ecdsa_p256_sha256|ed25519' \
    --benchmark_format=json >"$bench_json" 2>/dev/null
echo "running openssl speed ..." >&2
openssl speed -seconds "$seconds" ecdhx25519 ecdhp256 rsa2048 ecdsap256 ed25519 >"$speed_txt" 2>/dev/null

/usr/bin/python3 - "$bench_json" "$speed_txt" <<'PY'
import json, re, sys
bench = {b["name"]: 1e6 / b["cpu_time"] for b in json.load(open(sys.argv[1]))["benchmarks"]
         if b.get("time_unit") == "us"}
speed = open(sys.argv[2]).read()
def rate(pattern, column):
    match = re.search(pattern, speed)
    return float(match.group(column)) if match else float("nan")
openssl = {
    "key_exchange_op/x25519": rate(r"ecdh \(X25519\)\s+\S+s\s+([\d.]+)", 1),
    "key_exchange_op/ecp256": rate(r"ecdh \(nistp256\)\s+\S+s\s+([\d.]+)", 1),
    "sign_op/rsa2048_pkcs1_sha256": rate(r"rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 1),
    "verify_op/rsa2048_pkcs1_sha256": rate(r"rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 2),
    "sign_op/ecdsa_p256_sha256": rate(r"ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 1),
    "verify_op/ecdsa_p256_sha256": rate(r"ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 2),
    "sign_op/ed25519": rate(r"EdDSA \(Ed25519\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 1),
    "verify_op/ed25519": rate(r"EdDSA \(Ed25519\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)", 2),
}
print(f"{'operation':34} {'ravelin ops/s':>14} {'openssl ops/s':>14} {'ratio':>6}")
for name, base in openssl.items():
    ours = bench.get(name, float("nan"))
    print(f"{name:34} {ours:14,.0f} {base:14,.0f} {ours / base:6.2f}")
print("\nkey_exchange_op is a key pair generation, peer validation and derivation;"
      "\nopenssl's ecdh figure is the derivation alone, so about 0.5 is the expected ratio there.")
PY
