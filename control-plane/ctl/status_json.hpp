#pragma once
// JSON forms of the engine's status records, as ravelinctl receives them
// (`list-sas --json` prints them unchanged, so scripts can rely on the names).

#include <vector>

#include "control-plane/ctl/protocol.hpp"
#include "control-plane/ike/engine/status.hpp"

namespace ravelin::cp::ctl {

json to_json(const ike::child_sa_status& child);
json to_json(const ike::ike_sa_status& sa);
json to_json(const ike::connection_status& connection);
json to_json(const ike::engine_stats& stats);
json to_json(const std::vector<ike::ike_sa_status>& sas);
json to_json(const std::vector<ike::connection_status>& connections);

std::string_view name(ike::ike_sa_state state) noexcept;
std::string_view name(ike::child_sa_state state) noexcept;

}  // namespace ravelin::cp::ctl
