#pragma once
// The control protocol between ravelinctl and ravelin-ike: one JSON object per
// line over a unix stream socket.
//   request:  {"command": "list-sas", "args": {...}}
//   response: {"ok": true, "result": ...}  or  {"ok": false, "error": "what went wrong"}
// One request per connection; the daemon closes after answering.

#include <string>

#include <nlohmann/json.hpp>

namespace ravelin::cp::ctl {

using json = nlohmann::json;

// Thrown by a command handler to answer {"ok": false, "error": message}.
struct command_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t max_request_size = 64 * 1024;

}  // namespace ravelin::cp::ctl
