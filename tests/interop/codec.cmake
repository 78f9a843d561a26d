# IKEv2 codec and ravelin-dissect against tshark.
#  * stored captures (tests/data/ike): strongSwan 5.9 exchanges and a scapy-built
#    fixture with every clear payload type; no root needed, so labelled "unit"
#  * the comparison itself catches a difference (a dissector output with one
#    nonce length changed must fail)
#  * live: fresh strongSwan exchanges in namespaces (root, label "integration")
set(codec_pcaps
  ${PROJECT_SOURCE_DIR}/tests/data/ike/ike_aes256gcm16-prfsha256-x25519.pcap
  ${PROJECT_SOURCE_DIR}/tests/data/ike/ike_aes128-sha256-modp2048.pcap
  ${PROJECT_SOURCE_DIR}/tests/data/ike/ike_proposal_list.pcap
  ${PROJECT_SOURCE_DIR}/tests/data/ike/ike_cert_fragmented.pcap
  ${PROJECT_SOURCE_DIR}/tests/data/ike/scapy_cleartext_payloads.pcap)
set(codec_compare ${CMAKE_CURRENT_SOURCE_DIR}/dissect_vs_tshark.py)

add_test(NAME codec.dissect_matches_tshark_on_stored_captures
         COMMAND /usr/bin/python3 ${codec_compare} $<TARGET_FILE:ravelin-dissect> ${codec_pcaps})
add_test(NAME codec.dissect_vs_tshark_catches_a_difference
         COMMAND sh -c "t=$(mktemp) && printf '#!/bin/sh\\n\"%s\" \"$@\" | sed s/nonce_length.:32/nonce_length\\\":33/\\n' $<TARGET_FILE:ravelin-dissect> > $t && chmod +x $t && ! /usr/bin/python3 ${codec_compare} $t ${PROJECT_SOURCE_DIR}/tests/data/ike/ike_proposal_list.pcap; s=$?; rm -f $t; exit $s")
set_tests_properties(codec.dissect_matches_tshark_on_stored_captures codec.dissect_vs_tshark_catches_a_difference
                     PROPERTIES LABELS unit TIMEOUT 120)

ravelin_add_integration_test(interop.codec_live_dissect codec_live_dissect.sh)
