#!/usr/bin/env bash
# Ravelin vs strongSwan 5.9, PSK: psk.sh IKE-PROPOSAL ESP-PROPOSAL initiator|responder
# Establishes the IKE SA and first Child SA with Ravelin in the given role,
# checks both sides' state and that the Child SA SPIs and keys agree, then deletes from
# the other side and checks that both clear (RFC 7296 §1.4.1).
source "$(dirname "$0")/../lib/netns.sh"
source "$(dirname "$0")/../lib/strongswan.sh"
source "$(dirname "$0")/lib.sh"

ike=$1 esp=$2 role=$3
ike_pair_network
charon_start_with "$ns_s" "$dir_s" "" "$charon_keylog_options"
swan_conf "$ike" "$esp"
ravelin_conf "$ike" "$esp"
ravelin_start --debug-expose-keys

establish "$role"
[[ $(ravelin_query "sas[0]['proposal']") == "$ike" ]] || fail "unexpected IKE proposal: $(ravelin_query "sas[0]['proposal']")"
[[ $(ravelin_query "sas[0]['initiator']") == $([[ $role == initiator ]] && echo True || echo False) ]] ||
    fail "Ravelin has the wrong role"
check_spis
check_keys
check_metrics

# Delete from the side that did not initiate.
if [[ $role == initiator ]]; then
    swanctl_in "$dir_s" --terminate --ike rv --timeout 10 >"$dir_s/terminate.log" 2>&1 || fail "swanctl --terminate failed"
else
    ravelin_ctl terminate '{"connection": "sw"}' >/dev/null || fail "terminate refused"
fi
wait_until 10 "Ravelin has no SAs left" ravelin_no_sas
wait_until 10 "strongSwan has no SAs left" swan_no_sas
echo "PASS: PSK $ike / $esp with Ravelin as $role"
