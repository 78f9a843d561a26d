#pragma once
// The southbound interface of ravelin-ike. Three implementations and a decorator:
//   in_process_sad  IKE-only mode: SAs kept in the control plane (this directory)
//   recording_sad   exchange tests: records every call in order (this directory)
//   ring_sad        the shared-memory ring to ravelin-dp
//   replaying_sad   remembers what is installed and replays it (ravelin-dp restarts)

#include <cstdint>
#include <system_error>

#include "common/result.hpp"
#include "control-plane/sad/model.hpp"

namespace ravelin::cp::sad {

enum class sad_errc {
    spi_exhausted = 1,  // no free SPI could be found
    duplicate_sa,       // an SA with this SPI and direction exists
    no_such_sa,
    no_such_policy,
    duplicate_policy,
    unavailable,        // the dataplane is not reachable
};

const std::error_category& sad_category() noexcept;
inline std::error_code make_error_code(sad_errc e) noexcept { return {static_cast<int>(e), sad_category()}; }

class sad {
public:
    virtual ~sad() = default;

    // A fresh inbound SPI, never 0..255 (reserved by IANA, RFC 4303 §2.1).
    virtual common::result<spi> alloc_spi(ike::protocol_id protocol) = 0;
    virtual common::result<void> add_sa(sa_spec spec) = 0;
    virtual common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) = 0;
    virtual common::result<void> add_policy(const policy_spec& policy) = 0;
    virtual common::result<void> delete_policy(const policy_spec& policy) = 0;
    virtual common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) = 0;
    // Waits, bounded, until the SAs added so far are in use: called before a message
    // that lets the peer send on a new inbound SA (§2.8 make-before-break). Nothing
    // to wait for where add_sa is synchronous.
    virtual void settle() {}
};

}  // namespace ravelin::cp::sad

template <>
struct std::is_error_code_enum<ravelin::cp::sad::sad_errc> : std::true_type {};
