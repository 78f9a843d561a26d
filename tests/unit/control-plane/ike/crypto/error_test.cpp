#include "control-plane/ike/crypto/error.hpp"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>

namespace ravelin::cp::ike::crypto {
namespace {

TEST(crypto_error, every_code_has_a_message_and_the_category_name) {
    for (int code = static_cast<int>(errc::unknown_keyword); code <= static_cast<int>(errc::openssl_failure); ++code) {
        const std::error_code error = make_error_code(static_cast<errc>(code));
        EXPECT_EQ(error.category().name(), std::string("ravelin.ike.crypto"));
        EXPECT_EQ(error.message().find("unknown crypto error"), std::string::npos) << code;
    }
}

TEST(openssl_error, carries_openssl_reason_and_clears_the_queue) {
    EVP_CIPHER* missing = EVP_CIPHER_fetch(nullptr, "NO-SUCH-CIPHER", nullptr);
    ASSERT_EQ(missing, nullptr);
    const std::error_code error = openssl_error("EVP_CIPHER_fetch");
    EXPECT_EQ(error.category().name(), std::string("ravelin.openssl"));
    EXPECT_NE(error.message().find("unsupported"), std::string::npos) << error.message();
    EXPECT_EQ(ERR_peek_error(), 0u);
    // With nothing queued, the failure is still typed.
    EXPECT_EQ(openssl_error("nothing"), make_error_code(errc::openssl_failure));
}

}  // namespace
}  // namespace ravelin::cp::ike::crypto
