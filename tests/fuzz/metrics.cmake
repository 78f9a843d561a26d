# The metrics endpoint's request path (Beast parsing with the endpoint's limits,
# then the answer) and label value escaping; source and seeds live with the
# metrics unit tests.
set(metrics_fuzz ${PROJECT_SOURCE_DIR}/tests/unit/control-plane/metrics/fuzz)
ravelin_add_fuzz_target(metrics_http_request_fuzz ${metrics_fuzz}/http_request_fuzz.cpp
                        CORPUS ${metrics_fuzz}/http_corpus LIBS ravelin_cp_metrics)
