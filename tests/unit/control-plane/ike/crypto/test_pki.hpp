#pragma once
// A PKI generated once per test binary by make_test_pki.sh (strongSwan's pki),
// in a temporary directory removed at exit.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "control-plane/ike/crypto/certificate.hpp"

namespace ravelin::test {

class test_pki {
public:
    static const test_pki& get() {
        static const test_pki instance;
        return instance;
    }
    ~test_pki() {
        std::error_code ignored;
        std::filesystem::remove_all(_dir, ignored);
    }
    [[nodiscard]] std::string path(const std::string& name) const { return _dir + "/" + name; }
    [[nodiscard]] cp::ike::crypto::certificate cert(const std::string& name) const {
        return cp::ike::crypto::certificate::load_file(path(name + ".pem")).value();
    }
    [[nodiscard]] cp::ike::crypto::private_key key(const std::string& name) const {
        return cp::ike::crypto::private_key::load_file(path(name + ".key")).value();
    }

private:
    test_pki() {
        char pattern[] = "/tmp/ravelin-pki.XXXXXX";
        if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
        _dir = pattern;
        const std::string command = std::string(RAVELIN_TEST_PKI_SCRIPT) + " " + _dir;
        if (std::system(command.c_str()) != 0) throw std::runtime_error("make_test_pki.sh failed");
    }
    std::string _dir;
};

}  // namespace ravelin::test
