# ravelin-dp in network namespaces on net_af_packet ports (root).
ravelin_add_integration_test(interop.dp_plaintext_forwarding dp/plaintext_forwarding.sh)
set_tests_properties(interop.dp_plaintext_forwarding PROPERTIES TIMEOUT 60)
