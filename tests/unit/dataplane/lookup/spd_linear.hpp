#pragma once
// The reference SPD matcher for tests and benchmarks: RFC 4301 §4.4.1 first
// match over the priority-sorted entries, one selector check at a time.
// Obviously right and O(n); the rte_acl classifier must agree with it.

#include <vector>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::lookup::test {

inline const spd_entry* linear_match(const std::vector<spd_entry>& sorted, const flow& f, bool outbound) noexcept {
    for (const auto& entry : sorted) {
        if (entry.matches(f, outbound)) return &entry;
    }
    return nullptr;
}

}  // namespace ravelin::dp::lookup::test
