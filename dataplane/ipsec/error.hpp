#pragma once
// Errors of SA installation (never of the packet path, which uses drop reasons).

#include <system_error>

namespace ravelin::dp::ipsec {

enum class errc {
    table_full = 1,        // no free SA slot
    bad_sa_index,          // index out of range or slot not in use
    bad_key_length,        // key (with salt) does not match the transform
    bad_transform,         // cipher/integrity combination not allowed (RFC 8221)
    bad_replay_window,     // window outside 64..table maximum
    bad_tunnel_endpoints,  // tunnel addresses missing or of different families
    bad_option,            // option not valid for this direction or mode
};

const std::error_category& ipsec_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), ipsec_category()};
}

}  // namespace ravelin::dp::ipsec

template <>
struct std::is_error_code_enum<ravelin::dp::ipsec::errc> : std::true_type {};
