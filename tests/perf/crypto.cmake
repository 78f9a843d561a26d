# IKEv2 crypto suite benchmark: key exchange, AUTH signatures, SK payloads.
find_package(benchmark REQUIRED)
add_executable(ike_crypto_bench ${CMAKE_CURRENT_LIST_DIR}/ike_crypto_bench.cpp)
target_link_libraries(ike_crypto_bench PRIVATE ravelin_ike_crypto benchmark::benchmark)
