#!/bin/sh
# Fails when anything under common/ includes a DPDK (rte_*) or Asio/Beast header:
# common/ is shared by both planes and must build without either.
set -eu
dir=${1:?usage: check-common-layering.sh COMMON_DIR}
pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](rte_[^>"]*|boost/asio[^>"]*|boost/beast[^>"]*|asio[^>"]*)[>"]'
if offenders=$(grep -rnE "$pattern" "$dir" --include='*.hpp' --include='*.cpp' --include='*.h'); then
    echo "common/ must not include DPDK or Asio headers:" >&2
    echo "$offenders" >&2
    exit 1
fi
echo "common/: no DPDK or Asio includes ($(find "$dir" -name '*.[hc]pp' | wc -l) files checked)"
