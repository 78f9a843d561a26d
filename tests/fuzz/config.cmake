# The YAML configuration loader: any text yields a configuration or located issues.
ravelin_add_fuzz_target(config_load_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/config_load_fuzz.cpp
  CORPUS ${PROJECT_SOURCE_DIR}/tests/data/config/corpus
  LIBS ravelin_cp_config)
