# Metrics: a real Prometheus scrapes the Beast endpoint (serving the engine and
# transport collectors with sample data) on loopback and answers PromQL.
ravelin_add_integration_test(interop.metrics_prometheus_scrape metrics/prometheus_scrape.sh
                             $<TARGET_FILE:ravelin_metrics_sample_exporter>)
set_tests_properties(interop.metrics_prometheus_scrape PROPERTIES TIMEOUT 60)
