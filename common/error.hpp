#pragma once
// Error codes of the common building blocks. Each area keeps its own enum and
// category (codec, crypto, config, ...) in the same shape; all of them travel
// in std::error_code inside result<T>.

#include <system_error>

namespace ravelin::common {

enum class errc {
    truncated = 1,        // a read ran past the end of the input
    no_space,             // a write ran past the end of the output buffer
    length_overflow,      // a back-patched length does not fit its field
    invalid_address,      // text is not an IPv4 or IPv6 address
    invalid_prefix,       // text is not ADDRESS/LENGTH, or LENGTH is out of range
    family_mismatch,      // IPv4 and IPv6 mixed where one family is required
    invalid_range,        // range start lies after its end
    invalid_log_spec,     // log level specification does not parse
};

const std::error_category& common_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), common_category()};
}

}  // namespace ravelin::common

template <>
struct std::is_error_code_enum<ravelin::common::errc> : std::true_type {};
