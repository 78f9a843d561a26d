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

# Every link layer the dissector reads (802.1Q Ethernet, SLL, SLL2, raw IP, pcapng),
# made from the scapy fixture and compared with tshark.
add_test(NAME codec.dissect_matches_tshark_on_every_link_type
         COMMAND sh -c "d=$(mktemp -d) && /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/make_link_type_pcaps.py ${PROJECT_SOURCE_DIR}/tests/data/ike/scapy_cleartext_payloads.pcap $d 2>/dev/null && /usr/bin/python3 ${codec_compare} $<TARGET_FILE:ravelin-dissect> $d/*; s=$?; rm -rf $d; exit $s")
# --hex input: an IKE message, and UDP 4500 datagrams (IKE behind the marker, a keepalive).
set(codec_seed ${PROJECT_SOURCE_DIR}/tests/data/ike/corpus/ike_proposal_list-2.bin)
add_test(NAME codec.dissect_hex_input
         COMMAND sh -c "/usr/bin/python3 -c 'import sys; print(open(sys.argv[1],\"rb\").read().hex())' ${codec_seed} | $<TARGET_FILE:ravelin-dissect> --hex | grep -q '\"notify_name\":\"INVALID_KE_PAYLOAD\"'")
add_test(NAME codec.dissect_hex_udp4500_input
         COMMAND sh -c "out=$(printf '00000000%s\\nff\\nc0010203 00000009\\n' $(/usr/bin/python3 -c 'import sys; print(open(sys.argv[1],\"rb\").read().hex())' ${codec_seed}) | $<TARGET_FILE:ravelin-dissect> --hex --udp4500) && echo \"$out\" | grep -q INVALID_KE_PAYLOAD && echo \"$out\" | grep -q '\"nat_keepalive\":true' && echo \"$out\" | grep -q '\"spi\":\"0xc0010203\"'")
set_tests_properties(codec.dissect_matches_tshark_on_every_link_type codec.dissect_hex_input codec.dissect_hex_udp4500_input
                     PROPERTIES LABELS unit TIMEOUT 120)
