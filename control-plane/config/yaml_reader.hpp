#pragma once
// Reads one YAML mapping of the configuration, recording every problem with its
// location instead of stopping at the first: a bad file gets one report listing
// all of its mistakes. Keys nobody asked for are reported too, so a typo such as
// `dpd_dealy` is an error rather than a silently ignored setting.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "control-plane/config/issues.hpp"
#include "control-plane/config/model.hpp"

namespace ravelin::cp::config {

class issue_sink {
public:
    explicit issue_sink(std::string file) : _file(std::move(file)) {}

    void add(const YAML::Mark& at, std::string key, std::string message);
    [[nodiscard]] bool empty() const noexcept { return _issues.empty(); }
    [[nodiscard]] std::vector<config_issue> take() { return std::move(_issues); }

private:
    std::string _file;
    std::vector<config_issue> _issues;
};

class yaml_reader {
public:
    yaml_reader(YAML::Node node, std::string path, issue_sink& sink);

    // Each getter returns nullopt when the key is absent or invalid (then recorded).
    std::optional<std::string> string(std::string_view key);
    std::optional<std::vector<std::string>> string_list(std::string_view key);
    std::optional<seconds> duration(std::string_view key);
    std::optional<std::uint64_t> number(std::string_view key, std::uint64_t min, std::uint64_t max);
    std::optional<bool> boolean(std::string_view key);

    // One of the named values: choice("mode", {{"tunnel", tunnel}, {"transport", transport}}).
    template <typename E>
    std::optional<E> choice(std::string_view key, std::initializer_list<std::pair<std::string_view, E>> options) {
        auto text = string(key);
        if (!text) return std::nullopt;
        for (const auto& [name, value] : options) {
            if (name == *text) return value;
        }
        std::string allowed;
        for (const auto& option : options) allowed += (allowed.empty() ? "" : ", ") + std::string(option.first);
        report(key, "'" + *text + "' is not one of: " + allowed);
        return std::nullopt;
    }

    // A nested mapping; nullopt when absent or not a mapping (then recorded).
    std::optional<yaml_reader> section(std::string_view key);
    // A mapping of named mappings (connections, children): calls visit(name, reader).
    void each_named_section(std::string_view key, const std::function<void(const std::string&, yaml_reader&)>& visit);
    // A sequence of mappings (secrets, ports).
    void each_list_item(std::string_view key, const std::function<void(yaml_reader&)>& visit);

    // Record a problem with a key of this mapping (at the key's value if present).
    void report(std::string_view key, std::string message);
    // Record every key of this mapping that no getter asked for.
    void reject_unknown_keys();

    [[nodiscard]] const std::string& path() const noexcept { return _path; }
    [[nodiscard]] std::string path_of(std::string_view key) const;

private:
    YAML::Node value_of(std::string_view key) const;
    std::optional<YAML::Node> lookup(std::string_view key);

    YAML::Node _node;
    std::string _path;
    issue_sink* _sink;
    std::set<std::string, std::less<>> _seen;
};

}  // namespace ravelin::cp::config
