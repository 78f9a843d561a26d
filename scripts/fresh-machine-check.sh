#!/usr/bin/env bash
# Runs .ci/run from a clean clone inside a pristine Debian 12 root (debootstrap
# minbase), to prove that scripts/setup.sh installs everything the build, the tests
# and the demo need. Developer tool, as root; takes a few minutes.
#   scripts/fresh-machine-check.sh [ROOT_DIR]   (default /srv/ravelin-fresh; reused if present)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-/srv/ravelin-fresh}

if [[ ! -x $root/usr/bin/apt-get ]]; then
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true

rm -rf "$root/src/ravelin"
mkdir -p "$root/src"
git -C "$repo" archive --format=tar --prefix=ravelin/ HEAD | tar -x -C "$root/src"

# The root itself is bind-mounted so that it is a mount point, as on a real machine
# (`ip netns add` makes / a slave mount and fails otherwise).
mounts=(proc sys dev dev/pts run)
cleanup() {
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "$root/${mounts[i]}" 2>/dev/null || true; done
    umount -l "$root" 2>/dev/null || true
}
trap cleanup EXIT
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$root/run"

chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root CI=true \
    bash -c 'cd /src/ravelin && bash .ci/run'
