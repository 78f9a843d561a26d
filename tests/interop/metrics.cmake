# Metrics: a real Prometheus scrapes the Beast endpoint (serving the engine and
# transport collectors with sample data) on loopback and answers PromQL.
ravelin_add_integration_test(interop.metrics_prometheus_scrape metrics/prometheus_scrape.sh
                             $<TARGET_FILE:ravelin_metrics_sample_exporter>)
set_tests_properties(interop.metrics_prometheus_scrape PROPERTIES TIMEOUT 60)

# ... and the real ravelin-ike with a tunnel to strongSwan, in namespaces: PromQL
# follows the tunnel, and every dashboard and alert series is in the live scrape
# (or needs ravelin-dp and is exported by the catalogue).
ravelin_add_integration_test(interop.metrics_prometheus_scrapes_ravelin_ike metrics/prometheus_live_daemon.sh
                             $<TARGET_FILE:ravelin_metrics_sample_exporter>)
set_tests_properties(interop.metrics_prometheus_scrapes_ravelin_ike PROPERTIES TIMEOUT 120)

# ... and with ravelin-dp in the tunnel topology of tests/interop/tunnel (branch
# e2e; registered once that topology is there): packets counted for the tunnel
# after a ping run, and every dashboard and alert series in the live scrape.
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/tunnel/lib.sh)
  ravelin_add_integration_test(interop.metrics_prometheus_counts_tunnel_packets metrics/prometheus_tunnel.sh
                               $<TARGET_FILE:ravelin_metrics_sample_exporter>)
  set_tests_properties(interop.metrics_prometheus_counts_tunnel_packets PROPERTIES TIMEOUT 180)
endif()
