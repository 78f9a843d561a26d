# IKEv2 message parsing, the UDP 4500 classifier and the dissector's rendering;
# seeds: every IKE message of the stored captures (tests/data/ike/corpus).
ravelin_add_fuzz_target(ike_message_fuzz ike_message_fuzz.cpp
  CORPUS ${PROJECT_SOURCE_DIR}/tests/data/ike/corpus
  LIBS ravelin_ike_codec ravelin_dissect)
