#include "control-plane/ike/engine/cookie.hpp"

#include "common/byte_writer.hpp"
#include "common/constant_time.hpp"
#include "control-plane/ike/crypto/prf.hpp"

namespace ravelin::cp::ike {

std::vector<std::uint8_t> make_cookie(engine_context& ctx, common::bytes_view nonce_i,
                                      const common::ip_address& initiator, ike_spi spi_i) {
    if (ctx.cookie_secret.empty()) {
        ctx.cookie_secret = common::secret_bytes(32);
        ctx.io.random_bytes(ctx.cookie_secret.expose_mutable());
    }
    std::vector<std::uint8_t> input(nonce_i.begin(), nonce_i.end());
    const auto address = initiator.bytes();
    input.insert(input.end(), address.begin(), address.end());
    for (int shift = 56; shift >= 0; shift -= 8) input.push_back(static_cast<std::uint8_t>(spi_i.value >> shift));
    // HMAC keyed by the secret stands in for Hash(... | <secret>) (§2.6 leaves the function open).
    auto mac = crypto::hmac("SHA256", ctx.cookie_secret.expose(), input);
    std::vector<std::uint8_t> cookie{ctx.cookie_version};
    if (mac) cookie.insert(cookie.end(), mac->expose().begin(), mac->expose().end());
    return cookie;
}

bool cookie_matches(const std::vector<std::uint8_t>& expected, const std::vector<std::uint8_t>& received) {
    return expected.size() == received.size() && common::constant_time_equal(expected, received);
}

}  // namespace ravelin::cp::ike
