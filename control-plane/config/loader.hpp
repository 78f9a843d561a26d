#pragma once
// Loads ravelin-ike's YAML configuration. A file with any problem yields no
// configuration and the full list of problems with file, line, column and key;
// the daemon then keeps running the last good configuration.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control-plane/config/issues.hpp"
#include "control-plane/config/model.hpp"

namespace ravelin::cp::config {

struct load_result {
    std::optional<daemon_config> config;  // set exactly when issues is empty
    std::vector<config_issue> issues;
};

load_result load_config_text(std::string_view yaml, std::string file_name);
load_result load_config_file(const std::string& path);

}  // namespace ravelin::cp::config
