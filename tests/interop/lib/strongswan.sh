# strongSwan 5.9 peers for integration tests, per ../shared/PEERS.md: each charon
# in its own network namespace and its own mount namespace (a private /run), with
# its own strongswan.conf, doing ESP in userspace with kernel-libipsec.
#   charon_start NS DIR [EXTRA_LOG_LINES]   start charon; DIR gets strongswan.conf and charon.log
#   swanctl_in DIR ARGS...                  run swanctl against that charon
# Needs lib/netns.sh sourced first.

charon_write_conf() {
    local dir=$1 extra_log=${2:-}
    cat >"$dir/strongswan.conf" <<CONF
charon {
  load = kdf random nonce openssl aes sha1 sha2 hmac gcm curve25519 pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown
  install_routes = yes
  filelog {
    log {
      path = $dir/charon.log
      default = 1
      ike = 2
      $extra_log
    }
  }
  plugins { vici { socket = unix://$dir/charon.vici } }
}
swanctl { socket = unix://$dir/charon.vici }
CONF
}

charon_start() {
    local ns=$1 dir=$2 extra_log=${3:-}
    mkdir -p "$dir"
    charon_write_conf "$dir" "$extra_log"
    ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run;
        STRONGSWAN_CONF=$dir/strongswan.conf exec setsid /usr/lib/ipsec/charon >$dir/charon.stdout.log 2>&1" &
    track_pid $!
    wait_until 20 "charon in $ns answers on vici" test -S "$dir/charon.vici"
    wait_until 20 "charon in $ns takes commands" swanctl_in "$dir" --stats
}

swanctl_in() {
    local dir=$1
    shift
    STRONGSWAN_CONF=$dir/strongswan.conf swanctl "$@"
}

# charon_start_with NS DIR "CHARON OPTIONS" [EXTRA_LOG_LINES]: as charon_start,
# with extra lines in the charon { } section (e.g. "fragment_size = 576").
charon_start_with() {
    local ns=$1 dir=$2 options=$3 extra_log=${4:-}
    mkdir -p "$dir"
    charon_write_conf "$dir" "$extra_log"
    printf '%s\n' "$options" >"$dir/charon-extra.conf"
    sed -i "/^charon {/r $dir/charon-extra.conf" "$dir/strongswan.conf"
    ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs none /run;
        STRONGSWAN_CONF=$dir/strongswan.conf exec setsid /usr/lib/ipsec/charon >$dir/charon.stdout.log 2>&1" &
    track_pid $!
    wait_until 20 "charon in $ns answers on vici" test -S "$dir/charon.vici"
    wait_until 20 "charon in $ns takes commands" swanctl_in "$dir" --stats
}
