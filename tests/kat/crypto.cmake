# IKEv2 crypto suite known-answer tests: RFC vectors and a recorded strongSwan exchange.
ravelin_add_unit_tests(ravelin_ike_crypto_kat
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/prf_kat_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/keys_kat_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/ke_kat_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/sk_kat_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/auth_kat_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ike_crypto/recorded_cbc_kat_test.cpp
  LIBS ravelin_ike_crypto)
target_compile_definitions(ravelin_ike_crypto_kat PRIVATE RAVELIN_KAT_DIR="${CMAKE_CURRENT_LIST_DIR}/ike_crypto")
