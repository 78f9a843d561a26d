#include "control-plane/config/issues.hpp"

namespace ravelin::cp::config {

std::string config_issue::to_string() const {
    std::string text = file;
    if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
    text += ": ";
    if (!key.empty()) text += key + ": ";
    return text + message;
}

std::string to_string(const std::vector<config_issue>& issues) {
    std::string text;
    for (const auto& issue : issues) text += issue.to_string() + "\n";
    return text;
}

}  // namespace ravelin::cp::config
