#include "common/log.hpp"

#include <array>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>

#include "common/error.hpp"

namespace ravelin::common::log {
namespace {

constexpr std::array<std::string_view, subsystem_count> subsystem_names = {
    "main", "ike", "cfg", "net", "ctl", "crypto", "dp", "ring", "metrics"};

std::array<std::shared_ptr<spdlog::logger>, subsystem_count>& loggers() {
    static std::array<std::shared_ptr<spdlog::logger>, subsystem_count> instance;
    return instance;
}

void create_loggers() {
    static std::once_flag once;
    std::call_once(once, [] {
        auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        for (std::size_t i = 0; i < subsystem_count; ++i) {
            auto logger = std::make_shared<spdlog::logger>(std::string(subsystem_names[i]), sink);
            logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
            logger->set_level(spdlog::level::info);
            loggers()[i] = std::move(logger);
        }
    });
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view text) {
    const auto level = spdlog::level::from_str(std::string(text));
    // from_str answers "off" for anything it does not know; accept "off" only when asked.
    if (level == spdlog::level::off && text != "off") return std::nullopt;
    return level;
}

std::optional<std::size_t> parse_subsystem(std::string_view text) {
    for (std::size_t i = 0; i < subsystem_count; ++i) {
        if (subsystem_names[i] == text) return i;
    }
    return std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

}  // namespace

std::string_view name(subsystem s) noexcept { return subsystem_names[static_cast<std::size_t>(s)]; }

result<void> set_levels(std::string_view spec) {
    std::array<std::optional<spdlog::level::level_enum>, subsystem_count> levels{};
    std::optional<spdlog::level::level_enum> fallback;
    for (std::string_view item : split(spec, ',')) {
        const auto equals = item.find('=');
        const auto level = parse_level(equals == std::string_view::npos ? item : item.substr(equals + 1));
        if (!level) return errc::invalid_log_spec;
        if (equals == std::string_view::npos) {
            fallback = level;
            continue;
        }
        const auto index = parse_subsystem(item.substr(0, equals));
        if (!index) return errc::invalid_log_spec;
        levels[*index] = level;
    }
    create_loggers();
    for (std::size_t i = 0; i < subsystem_count; ++i) {
        if (auto level = levels[i] ? levels[i] : fallback) loggers()[i]->set_level(*level);
    }
    return {};
}

void setup(std::string_view spec) {
    create_loggers();
    if (!set_levels(spec)) get(subsystem::main).warn("ignoring invalid log level specification '{}'", spec);
}

spdlog::logger& get(subsystem s) {
    create_loggers();
    return *loggers()[static_cast<std::size_t>(s)];
}

}  // namespace ravelin::common::log
