#pragma once
// IKE-only mode: SAs and policies kept in the control plane, nothing forwarded.
// Negotiation, listing and rekeying behave as with a dataplane; counters stay 0.

#include <map>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "control-plane/sad/sad.hpp"

namespace ravelin::cp::sad {

class in_process_sad final : public sad {
public:
    explicit in_process_sad(std::uint64_t seed = std::random_device{}());

    common::result<spi> alloc_spi(ike::protocol_id protocol) override;
    common::result<void> add_sa(sa_spec spec) override;
    common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) override;
    common::result<void> add_policy(const policy_spec& policy) override;
    common::result<void> delete_policy(const policy_spec& policy) override;
    common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) override;

    [[nodiscard]] std::size_t sa_count() const noexcept { return _sas.size(); }
    [[nodiscard]] std::size_t policy_count() const noexcept { return _policies.size(); }

private:
    using sa_key = std::tuple<ike::protocol_id, spi, direction>;

    std::mt19937_64 _random;
    std::set<std::pair<ike::protocol_id, spi>> _allocated;
    std::map<sa_key, sa_spec> _sas;
    std::vector<policy_spec> _policies;
};

}  // namespace ravelin::cp::sad
