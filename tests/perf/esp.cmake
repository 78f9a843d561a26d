# ESP vs raw IPsec-MB throughput, single core (Google Benchmark; never run by ctest).
#   /tmp/build-esp/tests/perf/esp_bench --benchmark_min_time=1
find_package(benchmark REQUIRED)
add_executable(esp_bench ${CMAKE_CURRENT_LIST_DIR}/esp/esp_bench.cpp)
target_link_libraries(esp_bench PRIVATE ravelin_dp_ipsec benchmark::benchmark)
