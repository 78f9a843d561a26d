#pragma once
// Logging on spdlog with one named logger, and so one level, per subsystem.
// A level specification reads like strongSwan's per-subsystem filelog levels:
//   "info"                  every subsystem at info
//   "info,ike=debug,dp=warn" default info, IKE at debug, dataplane at warn

#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

#include "common/result.hpp"

namespace ravelin::common::log {

enum class subsystem { main, ike, cfg, net, ctl, crypto, dp, ring, metrics };
inline constexpr std::size_t subsystem_count = 9;

std::string_view name(subsystem s) noexcept;

// Parse and apply a level specification; an invalid one changes nothing.
result<void> set_levels(std::string_view spec);

// Create the loggers writing to stderr (idempotent). Called by every binary's main().
void setup(std::string_view spec = "info");

spdlog::logger& get(subsystem s);

}  // namespace ravelin::common::log
