#pragma once
// For exchange tests: an in-process SAD that also records every call, in order,
// as one line of text ("add_sa esp in 0x0000c001 reqid=1"), so tests can assert
// the order of installs and deletes (make-before-break, RFC 7296 §2.8).

#include <string>
#include <vector>

#include "control-plane/sad/in_process_sad.hpp"

namespace ravelin::cp::sad {

class recording_sad final : public sad {
public:
    explicit recording_sad(std::uint64_t seed = 1) : _inner(seed) {}

    common::result<spi> alloc_spi(ike::protocol_id protocol) override;
    common::result<void> add_sa(sa_spec spec) override;
    common::result<void> delete_sa(ike::protocol_id protocol, spi id, direction dir) override;
    common::result<void> add_policy(const policy_spec& policy) override;
    common::result<void> delete_policy(const policy_spec& policy) override;
    common::result<sa_counters> query_sa(ike::protocol_id protocol, spi id, direction dir) override;
    // Not a call line (tests count those): how many calls had been made at each settle().
    void settle() override { _settles.push_back(_calls.size()); }
    [[nodiscard]] const std::vector<std::size_t>& settles() const noexcept { return _settles; }

    [[nodiscard]] const std::vector<std::string>& calls() const noexcept { return _calls; }
    // Installed SAs, with their keys, for tests that compare both peers' keys.
    [[nodiscard]] const std::vector<sa_spec>& installed() const noexcept { return _installed; }
    [[nodiscard]] const in_process_sad& state() const noexcept { return _inner; }

private:
    in_process_sad _inner;
    std::vector<std::string> _calls;
    std::vector<sa_spec> _installed;
    std::vector<std::size_t> _settles;
};

std::string describe(ike::protocol_id protocol, spi id, direction dir);
std::string describe(const policy_spec& policy);

}  // namespace ravelin::cp::sad
