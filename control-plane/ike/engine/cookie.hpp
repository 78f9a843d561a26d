#pragma once
// RFC 7296 §2.6 stateless cookies: Cookie = <VersionIDofSecret> | Hash(Ni | IPi | SPIi | <secret>),
// so a responder under a flood of IKE_SA_INIT requests keeps no state until the
// initiator proves it receives at its source address.

#include <vector>

#include "common/ip_address.hpp"
#include "control-plane/ike/codec/constants.hpp"
#include "control-plane/ike/engine/context.hpp"

namespace ravelin::cp::ike {

std::vector<std::uint8_t> make_cookie(engine_context& ctx, common::bytes_view nonce_i,
                                      const common::ip_address& initiator, ike_spi spi_i);
// Constant-time comparison of a returned cookie with the expected one.
bool cookie_matches(const std::vector<std::uint8_t>& expected, const std::vector<std::uint8_t>& received);

}  // namespace ravelin::cp::ike
