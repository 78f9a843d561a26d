#include "control-plane/sad/in_process_sad.hpp"

#include <algorithm>

namespace ravelin::cp::sad {
namespace {

bool same_policy(const policy_spec& a, const policy_spec& b) {
    return a.reqid == b.reqid && a.dir == b.dir && a.local == b.local && a.remote == b.remote;
}

}  // namespace

in_process_sad::in_process_sad(std::uint64_t seed) : _random(seed) {}

common::result<spi> in_process_sad::alloc_spi(ike::protocol_id protocol) {
    // A random SPI makes the next one unguessable; 256 tries in a 2^32 space
    // only fail when the table is absurdly full.
    std::uniform_int_distribution<std::uint32_t> distribution(256, 0xffffffffu);
    for (int attempt = 0; attempt < 256; ++attempt) {
        const spi candidate{distribution(_random)};
        if (_allocated.emplace(protocol, candidate).second) return candidate;
    }
    return sad_errc::spi_exhausted;
}

common::result<void> in_process_sad::add_sa(sa_spec spec) {
    const sa_key key{spec.protocol, spec.id, spec.dir};
    if (_sas.count(key) != 0) return sad_errc::duplicate_sa;
    _sas.emplace(key, std::move(spec));
    return {};
}

common::result<void> in_process_sad::delete_sa(ike::protocol_id protocol, spi id, direction dir) {
    if (_sas.erase({protocol, id, dir}) == 0) return sad_errc::no_such_sa;
    if (dir == direction::inbound) _allocated.erase({protocol, id});
    return {};
}

common::result<void> in_process_sad::add_policy(const policy_spec& policy) {
    const auto same = [&](const policy_spec& p) { return same_policy(p, policy); };
    if (std::any_of(_policies.begin(), _policies.end(), same)) return sad_errc::duplicate_policy;
    _policies.push_back(policy);
    return {};
}

common::result<void> in_process_sad::delete_policy(const policy_spec& policy) {
    const auto same = [&](const policy_spec& p) { return same_policy(p, policy); };
    const auto found = std::find_if(_policies.begin(), _policies.end(), same);
    if (found == _policies.end()) return sad_errc::no_such_policy;
    _policies.erase(found);
    return {};
}

common::result<sa_counters> in_process_sad::query_sa(ike::protocol_id protocol, spi id, direction dir) {
    if (_sas.count({protocol, id, dir}) == 0) return sad_errc::no_such_sa;
    return sa_counters{};
}

}  // namespace ravelin::cp::sad
