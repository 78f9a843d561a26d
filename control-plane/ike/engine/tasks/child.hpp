#pragma once
// Child SA pieces shared by IKE_AUTH (the first Child SA, §1.2) and later
// CREATE_CHILD_SA: traffic selectors and their narrowing (§2.9), and the
// install/removal through the SAD (inbound before outbound, so no packet the
// peer sends under the new SA finds it missing).

#include <vector>

#include "common/traffic_selector.hpp"
#include "control-plane/config/model.hpp"
#include "control-plane/ike/codec/ts.hpp"
#include "control-plane/ike/engine/context.hpp"
#include "control-plane/ike/engine/ike_sa.hpp"

namespace ravelin::cp::ike {

// A configured selector list; "dynamic" (or an empty list) is `dynamic` itself.
std::vector<common::traffic_selector> configured_ts(const std::vector<config::traffic_selector_spec>& specs,
                                                    const common::ip_address& dynamic);

ts_payload to_ts_payload(const std::vector<common::traffic_selector>& selectors);
// Selector types other than address ranges are skipped.
std::vector<common::traffic_selector> from_ts_payload(const ts_payload& payload);

// §2.9: the parts of the offered selectors our configuration allows.
std::vector<common::traffic_selector> narrow(const std::vector<common::traffic_selector>& configured,
                                             const std::vector<common::traffic_selector>& offered);
// Every selector of `narrowed` lies inside one of `proposed`.
bool within(const std::vector<common::traffic_selector>& narrowed,
            const std::vector<common::traffic_selector>& proposed);

struct child_request {
    const config::child_config* config = nullptr;
    chosen_proposal proposal;
    sad::spi spi_in;
    sad::spi spi_out;
    std::vector<common::traffic_selector> local_ts;
    std::vector<common::traffic_selector> remote_ts;
    // §1.3.1: transport mode only when requested and accepted (USE_TRANSPORT_MODE both ways).
    sad::mode mode = sad::mode::tunnel;
};

// KEYMAT = prf+(SK_d, Ni | Nr) (§2.17), then both SAs and their policies.
common::result<void> install_child(ike_sa& sa, engine_context& ctx, child_request request);
// Policies and both SAs of one Child SA (errors are logged, not fatal).
void remove_child(ike_sa& sa, engine_context& ctx, const child_sa& child);

std::vector<std::uint8_t> spi_bytes(sad::spi spi);
std::optional<sad::spi> spi_from(const std::vector<std::uint8_t>& bytes);

}  // namespace ravelin::cp::ike
