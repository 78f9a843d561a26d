#pragma once
// Per-family OpenSSL plumbing behind key_exchange: how each group's keys are
// generated, imported and encoded in a KE payload. Internal to the suite.

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "control-plane/ike/crypto/openssl_ptr.hpp"
#include "control-plane/ike/crypto/transforms.hpp"

namespace ravelin::cp::ike::crypto {

common::result<ossl::pkey> ke_generate(const ke_info& info);
common::result<ossl::pkey> ke_import_private(const ke_info& info, common::bytes_view private_value);
common::result<std::vector<std::uint8_t>> ke_public_value(const ke_info& info, EVP_PKEY* key);

// The peer's Key Exchange Data as an OpenSSL key, after the RFC 7296 §5 /
// RFC 6989 checks; every refusal is errc::invalid_public_value.
common::result<ossl::pkey> ke_import_peer(const ke_info& info, common::bytes_view peer_public);

}  // namespace ravelin::cp::ike::crypto
