#pragma once
// ravelinctl's side of the control socket: one blocking request.

#include <chrono>
#include <string>

#include "control-plane/ctl/protocol.hpp"

namespace ravelin::cp::ctl {

struct call_outcome {
    bool ok = false;
    json result;        // when ok
    std::string error;  // when not: from the daemon, or why it could not be reached
};

call_outcome call(const std::string& socket_path, const std::string& command, const json& args = json::object(),
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace ravelin::cp::ctl
