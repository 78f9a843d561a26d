#include "control-plane/config/yaml_reader.hpp"

#include "control-plane/config/values.hpp"

namespace ravelin::cp::config {

void issue_sink::add(const YAML::Mark& at, std::string key, std::string message) {
    config_issue issue{_file, 0, 0, std::move(key), std::move(message)};
    if (!at.is_null()) {
        issue.line = at.line + 1;
        issue.column = at.column + 1;
    }
    _issues.push_back(std::move(issue));
}

yaml_reader::yaml_reader(YAML::Node node, std::string path, issue_sink& sink)
    : _node(std::move(node)), _path(std::move(path)), _sink(&sink) {}

std::string yaml_reader::path_of(std::string_view key) const {
    return _path.empty() ? std::string(key) : _path + "." + std::string(key);
}

// Lookups go through a const node: yaml-cpp's non-const operator[] inserts the key,
// which invalidates any iteration over the same mapping (found by the fuzzer).
YAML::Node yaml_reader::value_of(std::string_view key) const {
    const YAML::Node& node = _node;
    return node.IsMap() ? node[std::string(key)] : YAML::Node();
}

std::optional<YAML::Node> yaml_reader::lookup(std::string_view key) {
    _seen.emplace(key);
    YAML::Node value = value_of(key);
    if (!value.IsDefined() || value.IsNull()) return std::nullopt;
    return value;
}

void yaml_reader::report(std::string_view key, std::string message) {
    const YAML::Node value = value_of(key);
    const YAML::Mark at = value.IsDefined() ? value.Mark() : _node.Mark();
    _sink->add(at, path_of(key), std::move(message));
}

std::optional<std::string> yaml_reader::string(std::string_view key) {
    auto value = lookup(key);
    if (!value) return std::nullopt;
    if (!value->IsScalar()) {
        report(key, "expected a single value");
        return std::nullopt;
    }
    return value->Scalar();
}

// swanctl writes lists as "a, b"; YAML users write [a, b]. Both are accepted.
std::optional<std::vector<std::string>> yaml_reader::string_list(std::string_view key) {
    auto value = lookup(key);
    if (!value) return std::nullopt;
    if (value->IsScalar()) return split_list(value->Scalar());
    if (!value->IsSequence()) {
        report(key, "expected a list");
        return std::nullopt;
    }
    std::vector<std::string> items;
    for (const auto& item : *value) {
        if (!item.IsScalar()) {
            _sink->add(item.Mark(), path_of(key), "list items must be single values");
            return std::nullopt;
        }
        items.push_back(item.Scalar());
    }
    return items;
}

std::optional<seconds> yaml_reader::duration(std::string_view key) {
    auto text = string(key);
    if (!text) return std::nullopt;
    auto parsed = parse_duration(*text);
    if (!parsed) report(key, "'" + *text + "' is not a duration (e.g. 30s, 10m, 4h, 1d)");
    return parsed;
}

std::optional<std::uint64_t> yaml_reader::number(std::string_view key, std::uint64_t min, std::uint64_t max) {
    auto text = string(key);
    if (!text) return std::nullopt;
    auto parsed = parse_unsigned(*text);
    if (!parsed || *parsed < min || *parsed > max) {
        report(key, "'" + *text + "' is not a number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return parsed;
}

std::optional<bool> yaml_reader::boolean(std::string_view key) {
    return choice<bool>(key, {{"yes", true}, {"no", false}, {"true", true}, {"false", false}});
}

std::optional<yaml_reader> yaml_reader::section(std::string_view key) {
    auto value = lookup(key);
    if (!value) return std::nullopt;
    if (!value->IsMap()) {
        report(key, "expected a mapping of keys to values");
        return std::nullopt;
    }
    return yaml_reader(*value, path_of(key), *_sink);
}

void yaml_reader::each_named_section(std::string_view key,
                                     const std::function<void(const std::string&, yaml_reader&)>& visit) {
    auto outer = section(key);
    if (!outer) return;
    for (const auto& entry : outer->_node) {
        if (!entry.first.IsScalar()) {
            _sink->add(entry.first.Mark(), path_of(key), "names must be single values");
            continue;
        }
        const std::string name = entry.first.Scalar();
        const std::string inner_path = outer->path_of(name);
        outer->_seen.insert(name);
        if (!entry.second.IsMap()) {
            _sink->add(entry.second.Mark(), inner_path, "expected a mapping of keys to values");
            continue;
        }
        yaml_reader inner(entry.second, inner_path, *_sink);
        visit(name, inner);
    }
}

void yaml_reader::each_list_item(std::string_view key, const std::function<void(yaml_reader&)>& visit) {
    auto value = lookup(key);
    if (!value) return;
    if (!value->IsSequence()) {
        report(key, "expected a list");
        return;
    }
    std::size_t index = 0;
    for (const auto& item : *value) {
        const std::string item_path = path_of(key) + "[" + std::to_string(index++) + "]";
        if (!item.IsMap()) {
            _sink->add(item.Mark(), item_path, "expected a mapping of keys to values");
            continue;
        }
        yaml_reader reader(item, item_path, *_sink);
        visit(reader);
    }
}

void yaml_reader::reject_unknown_keys() {
    if (!_node.IsMap()) return;
    for (const auto& entry : _node) {
        const bool known = entry.first.IsScalar() && _seen.find(entry.first.Scalar()) != _seen.end();
        if (!known) _sink->add(entry.first.Mark(), path_of(entry.first.IsScalar() ? entry.first.Scalar() : "?"), "unknown key");
    }
}

}  // namespace ravelin::cp::config
