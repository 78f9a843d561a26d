#pragma once
// An exchange we initiate, sans-IO (strongSwan's task with build/process steps):
// build() gives the request's payloads, process() takes the response's. The task
// manager does everything else: numbering, protection, sending, retransmission.

#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "control-plane/ike/codec/payload.hpp"

namespace ravelin::cp::ike {

struct ike_sa;
struct engine_context;

enum class task_outcome {
    done,     // exchange complete; the next queued task may run
    restart,  // send build() again as Message ID 0 (IKE_SA_INIT after COOKIE / INVALID_KE, §1.2, §2.6)
    fatal,    // the IKE SA cannot continue: the engine removes it
    closed,   // the IKE SA was deleted on purpose: the engine removes it
};

class task {
public:
    virtual ~task() = default;
    [[nodiscard]] virtual exchange_type exchange() const noexcept = 0;
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;
    virtual common::result<std::vector<payload>> build(ike_sa& sa, engine_context& ctx) = 0;
    virtual task_outcome process(ike_sa& sa, engine_context& ctx, const std::vector<payload>& response) = 0;
};

}  // namespace ravelin::cp::ike
