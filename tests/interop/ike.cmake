# ravelin-ike against strongSwan 5.9 in network namespaces (issue 5), each case
# with Ravelin as initiator and as responder.
foreach(role initiator responder)
  ravelin_add_integration_test(interop.ike.psk_aes256gcm16_x25519.${role} ike/psk.sh
                               aes256gcm16-prfsha256-x25519 aes128gcm16 ${role})
  ravelin_add_integration_test(interop.ike.psk_aes128_sha256_modp2048.${role} ike/psk.sh
                               aes128-sha256-prfsha256-modp2048 aes128-sha256 ${role})
endforeach()
foreach(role initiator responder)
  ravelin_add_integration_test(interop.ike.dead_peer.${role} ike/dead_peer.sh ${role})
endforeach()
