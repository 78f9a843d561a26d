# Inbound ESP processing on arbitrary packets, and seal-then-open round trips.
ravelin_add_fuzz_target(esp_inbound_fuzz ${CMAKE_CURRENT_LIST_DIR}/esp/esp_inbound_fuzz.cpp
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/esp/corpus
  LIBS ravelin_dp_ipsec)
