#include "control-plane/sad/recording_sad.hpp"

#include <fmt/format.h>

namespace ravelin::cp::sad {
namespace {

const char* protocol_name(ike::protocol_id protocol) {
    return protocol == ike::protocol_id::ah ? "ah" : protocol == ike::protocol_id::esp ? "esp" : "ike";
}

const char* direction_name(direction dir) { return dir == direction::inbound ? "in" : "out"; }

template <typename T>
T record(std::vector<std::string>& calls, std::string line, T outcome) {
    if (!outcome.has_value()) line += " -> " + outcome.error().message();
    calls.push_back(std::move(line));
    return outcome;
}

}  // namespace

std::string describe(ike::protocol_id protocol, spi id, direction dir) {
    return fmt::format("{} {} 0x{:08x}", protocol_name(protocol), direction_name(dir), id.value);
}

std::string describe(const policy_spec& policy) {
    static constexpr const char* actions[] = {"", " bypass", " discard", " trap"};
    return fmt::format("{} reqid={} {} === {}{}", direction_name(policy.dir), policy.reqid, policy.local.to_string(),
                       policy.remote.to_string(), actions[static_cast<int>(policy.action)]);
}

common::result<spi> recording_sad::alloc_spi(ike::protocol_id protocol) {
    auto id = _inner.alloc_spi(protocol);
    std::string line = fmt::format("alloc_spi {}", protocol_name(protocol));
    if (id) line += fmt::format(" 0x{:08x}", id->value);
    return record(_calls, std::move(line), std::move(id));
}

common::result<void> recording_sad::add_sa(sa_spec spec) {
    std::string line = fmt::format("add_sa {} reqid={}", describe(spec.protocol, spec.id, spec.dir), spec.reqid);
    sa_spec copy = spec.clone();
    auto outcome = _inner.add_sa(std::move(spec));
    if (outcome) _installed.push_back(std::move(copy));
    return record(_calls, std::move(line), outcome);
}

common::result<void> recording_sad::delete_sa(ike::protocol_id protocol, spi id, direction dir) {
    return record(_calls, "delete_sa " + describe(protocol, id, dir), _inner.delete_sa(protocol, id, dir));
}

common::result<void> recording_sad::add_policy(const policy_spec& policy) {
    return record(_calls, "add_policy " + describe(policy), _inner.add_policy(policy));
}

common::result<void> recording_sad::delete_policy(const policy_spec& policy) {
    return record(_calls, "delete_policy " + describe(policy), _inner.delete_policy(policy));
}

common::result<sa_counters> recording_sad::query_sa(ike::protocol_id protocol, spi id, direction dir) {
    return _inner.query_sa(protocol, id, dir);
}

}  // namespace ravelin::cp::sad
