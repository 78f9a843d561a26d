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
foreach(role initiator responder)
  ravelin_add_integration_test(interop.ike.cert_ecdsa_p256_aes256_sha384_ecp384.${role} ike/cert.sh
                               p256 aes256-sha384-prfsha384-ecp384 aes256-sha384 ${role})
  ravelin_add_integration_test(interop.ike.cert_rsa_pss.${role} ike/cert.sh
                               rsa aes256gcm16-prfsha256-x25519 aes256gcm16 ${role})
  ravelin_add_integration_test(interop.ike.cert_rsa_fragmented.${role} ike/cert.sh
                               rsa aes256gcm16-prfsha256-x25519 aes256gcm16 ${role} 576)
endforeach()
foreach(role initiator responder)
  ravelin_add_integration_test(interop.ike.nat_masquerade.${role} ike/nat.sh ${role})
endforeach()

# Two daemons on loopback with unprivileged ports: no root needed, runs with the
# unit tests (and so under ASan in that stage).
add_test(NAME daemon.two_daemons_on_loopback COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ike/daemon_pair.sh)
set_tests_properties(daemon.two_daemons_on_loopback PROPERTIES LABELS unit TIMEOUT 60
                     ENVIRONMENT "RAVELIN_BUILD_DIR=${PROJECT_BINARY_DIR}")
# Rekeying (issue 6): Child SA rekeys with and without PFS, a second Child SA on
# the same IKE SA, IKE SA rekeys initiated by either side, ~30 s per role.
foreach(role initiator responder)
  ravelin_add_integration_test(interop.ike.rekey.${role} ike/rekey.sh ${role})
endforeach()
