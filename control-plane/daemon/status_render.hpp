#pragma once
// Minimal JSON for the control socket until control-plane/ctl/status_json.hpp
// (the lead's rendering for ravelinctl) lands; then the daemon switches to it.

#include <nlohmann/json.hpp>

#include "control-plane/ike/engine/status.hpp"

namespace ravelin::cp::daemon {

nlohmann::json render(const std::vector<ike::ike_sa_status>& sas);
nlohmann::json render(const std::vector<ike::connection_status>& connections);
nlohmann::json render(const ike::engine_stats& stats);

}  // namespace ravelin::cp::daemon
