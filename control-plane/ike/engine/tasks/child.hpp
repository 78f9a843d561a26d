#pragma once
// Child SA pieces shared by IKE_AUTH (the first Child SA, §1.2) and later
// CREATE_CHILD_SA: traffic selectors and their narrowing (§2.9), and the
// install/removal through the SAD (inbound before outbound, so no packet the
// peer sends under the new SA finds it missing).

#include <variant>
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
    // §2.17 KEYMAT inputs: the exchange's nonces (empty: the IKE SA's, for the
    // Child SA of IKE_AUTH) and g^ir (new) with PFS.
    common::bytes_view nonce_i = {};
    common::bytes_view nonce_r = {};
    const common::secret_bytes* pfs = nullptr;
    // We sent the request that creates it: §2.17 takes the keys of the exchange's
    // initiator first, whichever end initiated the IKE SA.
    bool initiator = false;
    std::uint32_t reqid = 0;      // a rekey keeps the old one (and its policies); 0: new
    bool defer_outbound = false;  // the responder of a rekey (make-before-break, §2.8)
};

// KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (§2.17), then both SAs and, for
// a new reqid, the policies. Schedules the child's rekey and expiry.
common::result<void> install_child(ike_sa& sa, engine_context& ctx, child_request request);

enum class removal { now, after_grace };
// Both SAs of one Child SA, outbound first; the policies too unless another
// Child SA of the IKE SA shares the reqid (its rekeyed successor). With
// after_grace the inbound SA stays a while for packets in flight (§2.8).
void remove_child(ike_sa& sa, engine_context& ctx, const child_sa& child, removal how = removal::now);
// Removes the child with this inbound SPI from the SAD and from the IKE SA.
void erase_child(ike_sa& sa, engine_context& ctx, sad::spi spi_in, removal how = removal::now);
// The successor of a replaced Child SA switches outbound to its new SA (§2.8).
void activate_outbound(ike_sa& sa, engine_context& ctx, std::uint32_t reqid);

// The responder's pick for a requested Child SA (§2.9, §3.3): the first child
// of the connection (or only `only`) whose proposals and selectors fit.
struct child_choice {
    const config::child_config* config = nullptr;
    chosen_proposal proposal;
    std::vector<common::traffic_selector> local_ts, remote_ts;
    bool transport = false;
};
std::variant<notify_type, child_choice> choose_child(const ike_sa& sa, engine_context& ctx,
                                                     const std::vector<payload>& request, bool with_ke,
                                                     const config::child_config* only);
// [N(USE_TRANSPORT_MODE),] SA, TSi, TSr of the responder's answer.
std::vector<payload> child_answer(const child_choice& choice, sad::spi spi_in);
const config::child_config* child_named(const config::connection_config& conn, const std::string& name);

std::vector<std::uint8_t> spi_bytes(sad::spi spi);
std::optional<sad::spi> spi_from(const std::vector<std::uint8_t>& bytes);

}  // namespace ravelin::cp::ike
