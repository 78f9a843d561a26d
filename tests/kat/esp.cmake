# ESP transform known-answer vectors through IPsec-MB's job API on every
# architecture the CPU supports (the self-test covers only the chosen one).
ravelin_add_unit_tests(ravelin_esp_kat_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/esp/transform_vectors_test.cpp
  LIBS ravelin_dp_crypto)
