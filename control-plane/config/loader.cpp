#include "control-plane/config/loader.hpp"

#include <fstream>
#include <sstream>

#include "control-plane/config/sections.hpp"
#include "control-plane/config/yaml_reader.hpp"

namespace ravelin::cp::config {

load_result load_config_text(std::string_view yaml, std::string file_name) {
    issue_sink sink(std::move(file_name));
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& error) {
        sink.add(error.mark, "", error.msg);
        return {std::nullopt, sink.take()};
    }
    if (!root.IsMap()) {
        sink.add(root.Mark(), "", "the configuration must be a mapping of sections");
        return {std::nullopt, sink.take()};
    }
    yaml_reader reader(root, "", sink);
    daemon_config config = read_daemon(reader);
    check_consistency(config, reader);
    if (!sink.empty()) return {std::nullopt, sink.take()};
    return {std::move(config), {}};
}

load_result load_config_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {std::nullopt, {config_issue{path, 0, 0, "", "cannot open file"}}};
    std::stringstream text;
    text << in.rdbuf();
    return load_config_text(text.str(), path);
}

}  // namespace ravelin::cp::config
