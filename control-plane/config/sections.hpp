#pragma once
// One reader per section of the configuration file (docs/CONFIG.md).

#include "control-plane/config/model.hpp"
#include "control-plane/config/yaml_reader.hpp"

namespace ravelin::cp::config {

daemon_config read_daemon(yaml_reader& root);
connection_config read_connection(const std::string& name, yaml_reader& reader);
child_config read_child(const std::string& name, yaml_reader& reader);

// Rules that span sections: lifetimes in order, secrets for PSK peers.
void check_consistency(const daemon_config& config, yaml_reader& root);

}  // namespace ravelin::cp::config
