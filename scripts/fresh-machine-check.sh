#!/usr/bin/env bash
# Runs scripts/demo.sh (or .ci/run) from a clean copy of the repository inside a
# pristine Debian 12 root, to prove that a fresh machine needs nothing but this
# repository: scripts/setup.sh installs every package the build, the tests and the
# demo use. Developer tool, as root.
#
#   scripts/fresh-machine-check.sh [--demo | --ci] [--keep] [--cache DIR]
#     --demo   run scripts/demo.sh (the default)
#     --ci     run .ci/run (release unit, ASan unit, fuzz, integration; 25-40 min)
#     --keep   leave the run's root in place afterwards (for a look inside)
#     --cache  where the pristine root is kept (default /srv/ravelin-fresh-cache)
#
# Every run starts from the same pristine root: the first run debootstraps a minbase
# bookworm root from deb.debian.org once and keeps it as a tarball
# (CACHE/bookworm-minbase.tar); each run unpacks that tarball into a new directory
# (CACHE/run.PID), so no run inherits packages or files from an earlier one. The
# repository enters as `git archive HEAD` (committed files only, no build/).
# The run's directory, its mounts (proc, sys, dev, run) and any network namespace
# left in its /run/netns are removed on every exit. Builds run niced (nice -n 10;
# --ci is niced whole) with RAVELIN_JOBS (default 2) jobs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
mode=demo keep=false cache=/srv/ravelin-fresh-cache
while [[ $# -gt 0 ]]; do
    case $1 in
        --demo) mode=demo ;;
        --ci) mode=ci ;;
        --keep) keep=true ;;
        --cache) cache=${2:?--cache needs a directory}; shift ;;
        *) echo "usage: $0 [--demo | --ci] [--keep] [--cache DIR]" >&2; exit 2 ;;
    esac
    shift
done
if [[ $(id -u) -ne 0 ]]; then
    echo "fresh-machine-check.sh: needs root (debootstrap, chroot, mounts)" >&2
    exit 1
fi
mkdir -p "$cache"
tarball=$cache/bookworm-minbase.tar

if [[ ! -f $tarball ]]; then
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
    staging=$cache/debootstrap.$$
    rm -rf "$staging"
    echo "fresh-machine-check: debootstrap --variant=minbase bookworm (once; kept as $tarball)"
    debootstrap --variant=minbase bookworm "$staging" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 30 "$cache/debootstrap.log" >&2; rm -rf "$staging"; exit 1; }
    tar --numeric-owner -cpf "$tarball.tmp" -C "$staging" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$staging"
fi

root=$cache/run.$$
mounts=()
cleanup() {
    local status=$? ns
    # Namespaces the run left behind live in its private /run/netns: delete them
    # (with any process inside) before that /run goes away.
    if [[ -d $root/run/netns ]]; then
        for ns in $(ls "$root/run/netns" 2>/dev/null); do
            echo "fresh-machine-check: removing leftover network namespace $ns" >&2
            chroot "$root" sh -c "ip netns pids '$ns' | xargs -r kill -9; ip netns del '$ns'" 2>/dev/null || true
            [[ $status -ne 0 ]] || status=1
        done
    fi
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
    if grep -q " $root[/ ]" /proc/self/mountinfo; then
        echo "fresh-machine-check: mounts under $root remain; leaving it in place" >&2
    elif [[ $keep == false ]]; then
        rm -rf "$root"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$root"
tar --numeric-owner -xpf "$tarball" -C "$root"
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/src"
git -C "$repo" archive --format=tar --prefix=ravelin/ HEAD | tar -x -C "$root/src"

# The root itself is bind-mounted so that it is a mount point, as on a real machine
# (`ip netns exec` makes / a slave mount and fails otherwise). Every mount is made a
# slave so that nothing mounted inside propagates back to the host. /run and
# /dev/shm are private tmpfs, as on a booted machine.
bind() { mount "$@"; mounts+=("${@: -1}"); }
bind --bind "$root" "$root"
mount --make-rslave "$root"
bind -t proc proc "$root/proc"
bind --rbind /sys "$root/sys"
mount --make-rslave "$root/sys"
bind --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
bind -t tmpfs tmpfs "$root/dev/shm"
bind -t tmpfs tmpfs "$root/run"

case $mode in
    demo) command='scripts/demo.sh' ;;
    ci) command='.ci/run' ;;
esac
echo "fresh-machine-check: running $command in a pristine bookworm root ($root)"
start=$SECONDS
status=0
# The demo nices only its build (RAVELIN_NICE): its DPDK lcores and 20 s waits
# should not queue behind other work. CI runs niced whole.
case $mode in
    demo) niceness=0 ;;
    ci) niceness=10 ;;
esac
nice -n "$niceness" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
    CI=true RAVELIN_JOBS="${RAVELIN_JOBS:-2}" RAVELIN_NICE=10 bash -c "cd /src/ravelin && $command" || status=$?
elapsed=$((SECONDS - start))
left=$(find "$root/run/netns" -mindepth 1 2>/dev/null | wc -l) || true
echo "fresh-machine-check: $command exited $status after $((elapsed / 60)) min $((elapsed % 60)) s;" \
     "network namespaces left in the root: $left"
exit "$status"
