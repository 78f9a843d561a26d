#pragma once
// A problem found in a configuration file, located as precisely as YAML allows,
// so that an operator reads "ravelin.yaml:14:7: connections.site-a.dpd_delay:
// not a duration" and knows where to look.

#include <string>
#include <vector>

namespace ravelin::cp::config {

struct config_issue {
    std::string file;
    int line = 0;    // 1-based; 0 when the whole file is concerned
    int column = 0;  // 1-based
    std::string key; // dotted path: connections.site-a.children.net.mode
    std::string message;

    [[nodiscard]] std::string to_string() const;
};

std::string to_string(const std::vector<config_issue>& issues);

}  // namespace ravelin::cp::config
