#include "common/error.hpp"

#include <string>

namespace ravelin::common {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.common"; }

    std::string message(int code) const override {
        switch (static_cast<errc>(code)) {
            case errc::truncated: return "input truncated";
            case errc::no_space: return "output buffer full";
            case errc::length_overflow: return "length does not fit its field";
            case errc::invalid_address: return "not an IPv4 or IPv6 address";
            case errc::invalid_prefix: return "not a valid ADDRESS/LENGTH prefix";
            case errc::family_mismatch: return "address families differ";
            case errc::invalid_range: return "range start lies after its end";
            case errc::invalid_log_spec: return "invalid log level specification";
        }
        return "unknown common error " + std::to_string(code);
    }
};

}  // namespace

const std::error_category& common_category() noexcept {
    static const category instance;
    return instance;
}

}  // namespace ravelin::common
