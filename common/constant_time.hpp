#pragma once
// Comparison whose running time depends only on the lengths, never on where the
// first difference lies: for ICVs, AUTH payloads, cookies and key material.

#include <cstddef>
#include <cstdint>
#include <span>

namespace ravelin::common {

// Lengths are public (they come from the wire format); contents are not.
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

// Overwrite memory in a way the optimizer may not elide.
void secure_wipe(void* data, std::size_t size) noexcept;

}  // namespace ravelin::common
