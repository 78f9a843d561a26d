#include "dataplane/ipsec/error.hpp"

#include <string>

#include "dataplane/ipsec/types.hpp"

namespace ravelin::dp::ipsec {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "ravelin.dp.ipsec"; }

    std::string message(int code) const override {
        switch (static_cast<errc>(code)) {
            case errc::table_full: return "SA table full";
            case errc::bad_sa_index: return "no SA at this index";
            case errc::bad_key_length: return "key length does not match the transform";
            case errc::bad_transform: return "transform combination not allowed";
            case errc::bad_replay_window: return "replay window size out of range";
            case errc::bad_tunnel_endpoints: return "tunnel endpoints missing or of mixed families";
            case errc::bad_option: return "option not valid for this SA direction or mode";
        }
        return "unknown ipsec error " + std::to_string(code);
    }
};

}  // namespace

const std::error_category& ipsec_category() noexcept {
    static const category instance;
    return instance;
}

std::string_view drop_reason_name(drop_reason r) noexcept {
    switch (r) {
        case drop_reason::none: return "none";
        case drop_reason::bad_spi: return "bad_spi";
        case drop_reason::truncated: return "truncated";
        case drop_reason::bad_length: return "bad_length";
        case drop_reason::replayed: return "replayed";
        case drop_reason::too_old: return "too_old";
        case drop_reason::icv_mismatch: return "icv_mismatch";
        case drop_reason::bad_padding: return "bad_padding";
        case drop_reason::bad_next_header: return "bad_next_header";
        case drop_reason::dummy_packet: return "dummy_packet";
        case drop_reason::bad_header: return "bad_header";
        case drop_reason::no_room: return "no_room";
        case drop_reason::unsupported: return "unsupported";
        case drop_reason::seq_overflow: return "seq_overflow";
        case drop_reason::lifetime_expired: return "lifetime_expired";
        case drop_reason::crypto_error: return "crypto_error";
        case drop_reason::decompress_failed: return "decompress_failed";
        case drop_reason::decompress_too_large: return "decompress_too_large";
        case drop_reason::ecn_not_ect: return "ecn_not_ect";
    }
    return "?";
}

}  // namespace ravelin::dp::ipsec
