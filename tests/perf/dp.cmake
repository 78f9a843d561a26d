# ravelin-dp throughput (scripts/bench-dataplane.sh): `ninja bench_dataplane` as root.
# Never run by ctest: figures depend on the machine and what else runs on it.
# ravelin-pktgen (tests/perf/dp/pktgen.cpp): the script's traffic source, a DPDK
# secondary process feeding the program under test from a core of its own.
if(TARGET ravelin-dp)
  if(NOT TARGET PkgConfig::DPDK)
    pkg_check_modules(DPDK REQUIRED IMPORTED_TARGET libdpdk)
  endif()
  add_executable(ravelin-pktgen ${CMAKE_CURRENT_LIST_DIR}/dp/pktgen.cpp)
  target_link_libraries(ravelin-pktgen PRIVATE PkgConfig::DPDK)
  add_custom_target(bench_dataplane
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/bench-dataplane.sh ${PROJECT_BINARY_DIR}
    DEPENDS ravelin-dp ravelin-dp-ctl ravelin-pktgen esp_bench
    USES_TERMINAL)
endif()
