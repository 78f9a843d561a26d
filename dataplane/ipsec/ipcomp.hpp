#pragma once
// IPComp (RFC 3173) with DEFLATE (RFC 2394), applied inside ESP: compressed
// before encryption when that makes the payload smaller, decompressed after
// the ICV verified, never beyond the packet buffer.

#include <cstddef>
#include <cstdint>

#include "dataplane/ipsec/engine.hpp"

namespace ravelin::dp::ipsec {

inline constexpr std::uint8_t proto_ipcomp = 108;
inline constexpr std::size_t ipcomp_header_len = 4;  // next header, flags, CPI (RFC 3173 §2.2)

// Replaces `len` payload bytes at `body` by IPComp header + DEFLATE data when
// that is shorter; returns the new length, or 0 if the payload stays as it is.
std::size_t ipcomp_compress(esp_engine& engine, const sa_runtime& rt, std::uint8_t* body, std::size_t len,
                            std::uint8_t next_header) noexcept;

// Inflates the IPComp payload at `payload` (length `len`) in place, using at
// most `room` bytes from `payload`; sets `nh` and `out_len`.
drop_reason ipcomp_decompress(esp_engine& engine, const sa_runtime& rt, std::uint8_t* payload, std::size_t len,
                              std::size_t room, std::uint8_t& nh, std::size_t& out_len) noexcept;

}  // namespace ravelin::dp::ipsec
