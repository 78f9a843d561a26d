# ravelin-dp: the frame classifier and the command applier (commands come from
# another process, so they are untrusted input too).
ravelin_add_fuzz_target(dp_classify_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/dp/classify_fuzz.cpp
  CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/dp/classify_corpus
  LIBS ravelin_dp_io)
ravelin_add_fuzz_target(dp_command_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/dp/command_fuzz.cpp
  CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/dp/command_corpus
  LIBS ravelin_dp_ctl)
