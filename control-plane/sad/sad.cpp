#include "control-plane/sad/sad.hpp"

#include <string>

namespace ravelin::cp::sad {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.sad"; }
    std::string message(int code) const override {
        switch (static_cast<sad_errc>(code)) {
            case sad_errc::spi_exhausted: return "no free SPI";
            case sad_errc::duplicate_sa: return "an SA with this SPI and direction exists";
            case sad_errc::no_such_sa: return "no such SA";
            case sad_errc::no_such_policy: return "no such policy";
            case sad_errc::duplicate_policy: return "an identical policy exists";
            case sad_errc::unavailable: return "the dataplane is not reachable";
        }
        return "unknown sad error " + std::to_string(code);
    }
};

}  // namespace

const std::error_category& sad_category() noexcept {
    static const category instance;
    return instance;
}

}  // namespace ravelin::cp::sad
