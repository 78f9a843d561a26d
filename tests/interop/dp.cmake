# ravelin-dp in network namespaces on net_af_packet ports (root).
ravelin_add_integration_test(interop.dp_plaintext_forwarding dp/plaintext_forwarding.sh)
set_tests_properties(interop.dp_plaintext_forwarding PROPERTIES TIMEOUT 60)
# ESP through ravelin-dp against scapy's ESP (skipped when built without the ESP engine).
ravelin_add_integration_test(interop.dp_esp_scapy dp/esp_scapy.sh)
set_tests_properties(interop.dp_esp_scapy PROPERTIES TIMEOUT 60)
# IPv6 through ravelin-dp: ND, ping6, bypass/discard policies, TCP.
ravelin_add_integration_test(interop.dp_ipv6_forwarding dp/ipv6_forwarding.sh)
set_tests_properties(interop.dp_ipv6_forwarding PROPERTIES TIMEOUT 90)
# Two workers: queue pair per worker per port, SA handoff to its owner, idle back-off.
ravelin_add_integration_test(interop.dp_two_workers dp/two_workers.sh)
set_tests_properties(interop.dp_two_workers PROPERTIES TIMEOUT 120)
# Pre-fragmentation in bursts: more fragments than the RX burst held.
ravelin_add_integration_test(interop.dp_prefragment_burst dp/prefragment_burst.sh)
set_tests_properties(interop.dp_prefragment_burst PROPERTIES TIMEOUT 120)
