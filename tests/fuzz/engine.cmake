# The IKE engine's receive path as a responder (issue 5): arbitrary datagrams,
# several per input; seeds: the real IKE messages of the codec corpus.
ravelin_add_fuzz_target(ike_engine_receive_fuzz ${CMAKE_CURRENT_LIST_DIR}/engine/receive_fuzz.cpp
  CORPUS ${PROJECT_SOURCE_DIR}/tests/data/ike/corpus
  LIBS ravelin_ike_engine ravelin_cp_config ravelin_cp_sad)
