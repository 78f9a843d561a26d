#pragma once
// HMAC-based PRFs and integrity (RFC 2104, RFC 4868) and prf+ (RFC 7296 §2.13).

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike::crypto {

using common::bytes_view;
using common::result;
using common::secret_bytes;

// HMAC(key, data) with an OpenSSL digest name ("SHA256"); the full digest.
result<secret_bytes> hmac(std::string_view digest, bytes_view key, bytes_view data);

// prf(K, S): HMAC under the PRF's digest (RFC 7296 §2.13; keys of any length,
// RFC 4868 §2.1.2 for the SHA-2 PRFs).
result<secret_bytes> prf(prf_id id, bytes_view key, bytes_view data);

// prf+(K, S) = T1 | T2 | ..., Tn = prf(K, Tn-1 | S | n), truncated to `length`
// (RFC 7296 §2.13). At most 255 iterations, so lengths past 255 * output fail.
result<secret_bytes> prf_plus(prf_id id, bytes_view key, bytes_view seed, std::size_t length);

}  // namespace ravelin::cp::ike::crypto

namespace ravelin::cp::ike::crypto {

// The integrity transform's ICV: HMAC truncated to the transform's ICV size
// (HMAC-SHA1-96, HMAC-SHA2-256-128, -384-192, -512-256; RFC 2404, RFC 4868 §2.3).
result<std::vector<std::uint8_t>> compute_icv(integrity_id id, bytes_view key, bytes_view data);

}  // namespace ravelin::cp::ike::crypto
