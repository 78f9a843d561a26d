#pragma once
// Reads a NAME=HEX vector file (recorded exchanges), '#' starts a comment.

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/kat/ike_crypto/test_hex.hpp"

namespace ravelin::test {

class kat_file {
public:
    explicit kat_file(const std::string& path) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot open " + path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            _values[line.substr(0, eq)] = unhex(line.substr(eq + 1));
        }
    }
    const std::vector<std::uint8_t>& operator[](const std::string& name) const {
        const auto it = _values.find(name);
        if (it == _values.end()) throw std::out_of_range("no " + name + " in vector file");
        return it->second;
    }
    bool has(const std::string& name) const { return _values.count(name) != 0; }

private:
    std::map<std::string, std::vector<std::uint8_t>> _values;
};

inline std::string kat_path(const std::string& name) { return std::string(RAVELIN_KAT_DIR) + "/" + name; }

}  // namespace ravelin::test
