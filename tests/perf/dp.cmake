# ravelin-dp throughput (scripts/bench-dataplane.sh): `ninja bench_dataplane` as root.
# Never run by ctest: figures depend on the machine and what else runs on it.
if(TARGET ravelin-dp)
  add_custom_target(bench_dataplane
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/bench-dataplane.sh ${PROJECT_BINARY_DIR}
    DEPENDS ravelin-dp ravelin-dp-ctl
    USES_TERMINAL)
endif()
