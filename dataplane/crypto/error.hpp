#pragma once
// Errors of the dataplane crypto engine: start-up and SA set-up only; the
// per-packet path reports drop reasons, never errors.

#include <system_error>

namespace ravelin::dp::crypto {

enum class errc {
    arch_unsupported = 1,  // the requested IPsec-MB architecture is not available on this CPU
    manager_alloc_failed,  // alloc_mb_mgr() returned nothing
    self_test_failed,      // a known-answer test gave a wrong result
    bad_key_length,        // key length does not fit the algorithm
    unknown_arch_name,     // an override string that names no architecture
};

const std::error_category& crypto_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), crypto_category()};
}

}  // namespace ravelin::dp::crypto

template <>
struct std::is_error_code_enum<ravelin::dp::crypto::errc> : std::true_type {};
