#include "dataplane/crypto/error.hpp"

#include <string>

namespace ravelin::dp::crypto {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.dp.crypto"; }

    std::string message(int code) const override {
        switch (static_cast<errc>(code)) {
            case errc::arch_unsupported: return "IPsec-MB architecture not supported by this CPU";
            case errc::manager_alloc_failed: return "cannot allocate an IPsec-MB manager";
            case errc::self_test_failed: return "crypto known-answer self-test failed";
            case errc::bad_key_length: return "key length does not fit the algorithm";
            case errc::unknown_arch_name: return "unknown IPsec-MB architecture name";
        }
        return "unknown crypto error " + std::to_string(code);
    }
};

}  // namespace

const std::error_category& crypto_category() noexcept {
    static const category instance;
    return instance;
}

}  // namespace ravelin::dp::crypto
