# SPD lookup: rte_acl classifier vs the linear reference, 1 / 1,000 / 10,000
# policies, IPv4 and IPv6 (Google Benchmark; never run by ctest).
#   build/release/tests/perf/spd_bench --benchmark_min_time=0.2
add_executable(spd_bench ${CMAKE_CURRENT_LIST_DIR}/spd/spd_bench.cpp)
target_link_libraries(spd_bench PRIVATE ravelin_dp_lookup benchmark::benchmark)
