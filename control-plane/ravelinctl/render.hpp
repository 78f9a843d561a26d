#pragma once
// Human-readable renderings of the daemon's JSON answers, laid out like
// `swanctl --list-sas` so strongSwan operators read them without a manual.

#include <string>

#include "control-plane/ctl/protocol.hpp"

namespace ravelin::cp::ctl {

std::string render_sas(const json& sas);
std::string render_connections(const json& connections);
std::string render_stats(const json& stats);

}  // namespace ravelin::cp::ctl
