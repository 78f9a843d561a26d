#pragma once
// Sequence numbers and the anti-replay window (RFC 4303 §3.3.3, §3.4.3 and
// Appendix A). The window is a ring of 64-bit blocks with one spare block
// (the layout of RFC 6479), so moving the window forward clears whole blocks
// instead of shifting bits, and any size from 64 to 2^16 bits costs the same.
//
// Inbound use: replay_check() before any crypto; replay_accept() only after the
// ICV verified (it re-checks, because two packets of one burst may carry the
// same number and both pass the first check).

#include <bit>
#include <cstdint>

namespace ravelin::dp::ipsec {

inline constexpr std::uint32_t min_replay_window = 64;
inline constexpr std::uint32_t max_replay_window = 65536;

// Number of 64-bit blocks backing a window of `bits` (a power of two, plus the spare).
constexpr std::uint32_t replay_blocks(std::uint32_t bits) noexcept {
    return std::bit_ceil((bits + 63) / 64 + 1);
}

struct replay_state {
    std::uint64_t top = 0;            // T: highest authenticated sequence number (0: none yet)
    std::uint64_t* blocks = nullptr;  // replay_blocks(window) words, owned by the SA table
    std::uint32_t window = 0;         // W in bits
    std::uint32_t block_mask = 0;     // replay_blocks(window) - 1
};

enum class replay_verdict : std::uint8_t { fresh, replayed, too_old };

struct replay_result {
    replay_verdict verdict;
    std::uint64_t seq;  // the full (ESN-inferred) sequence number
};

// RFC 4303 Appendix A2.2: infer the high 32 bits from the low 32 bits on the
// wire, given the window position. Returns false when the inferred value would
// fall below 0 or above 2^64-1 (no such packet can be valid).
inline bool infer_esn(const replay_state& s, std::uint32_t seq_lo, std::uint64_t& seq) noexcept {
    const auto tl = static_cast<std::uint32_t>(s.top);
    const auto th = static_cast<std::uint32_t>(s.top >> 32);
    const std::uint32_t bottom = tl - s.window + 1;  // modulo 2^32, as in the RFC
    std::uint32_t seq_hi = th;
    if (tl >= s.window - 1) {  // Case A: window within one sub-space
        if (seq_lo < bottom) {
            if (th == UINT32_MAX) return false;
            seq_hi = th + 1;
        }
    } else if (seq_lo >= bottom) {  // Case B: window spans two sub-spaces
        if (th == 0) return false;
        seq_hi = th - 1;
    }
    seq = (std::uint64_t{seq_hi} << 32) | seq_lo;
    return true;
}

inline bool replay_bit(const replay_state& s, std::uint64_t seq) noexcept {
    return (s.blocks[(seq >> 6) & s.block_mask] >> (seq & 63)) & 1;
}

inline replay_result replay_check(const replay_state& s, std::uint32_t seq_lo, bool esn) noexcept {
    std::uint64_t seq = seq_lo;
    if (esn && !infer_esn(s, seq_lo, seq)) return {replay_verdict::too_old, seq};
    if (seq == 0) return {replay_verdict::too_old, seq};  // the first packet sent carries 1
    if (seq > s.top) return {replay_verdict::fresh, seq};
    if (s.top - seq >= s.window) return {replay_verdict::too_old, seq};
    return {replay_bit(s, seq) ? replay_verdict::replayed : replay_verdict::fresh, seq};
}

// Marks `seq` as received, moving the window forward if needed. Returns the
// verdict of the re-check done under the same state.
inline replay_verdict replay_accept(replay_state& s, std::uint64_t seq) noexcept {
    if (seq == 0) return replay_verdict::too_old;
    if (seq > s.top) {
        const std::uint64_t cur = s.top >> 6;
        std::uint64_t diff = (seq >> 6) - cur;
        if (diff > s.block_mask + 1ULL) diff = s.block_mask + 1ULL;
        for (std::uint64_t i = 1; i <= diff; ++i) s.blocks[(cur + i) & s.block_mask] = 0;
        s.top = seq;
    } else {
        if (s.top - seq >= s.window) return replay_verdict::too_old;
        if (replay_bit(s, seq)) return replay_verdict::replayed;
    }
    s.blocks[(seq >> 6) & s.block_mask] |= std::uint64_t{1} << (seq & 63);
    return replay_verdict::fresh;
}

// Outbound (RFC 4303 §3.3.3): numbers are never reused, so the counter stops at
// its maximum instead of wrapping; the caller raises the overflow event.
struct seq_reservation {
    std::uint64_t first;    // first number to use
    std::uint32_t granted;  // how many of the requested numbers exist
};

inline seq_reservation reserve_seq(std::uint64_t& last, std::uint32_t count, bool esn) noexcept {
    const std::uint64_t max = esn ? UINT64_MAX : UINT32_MAX;
    const std::uint64_t available = max - last;
    const auto granted = static_cast<std::uint32_t>(available < count ? available : count);
    const seq_reservation r{last + 1, granted};
    last += granted;
    return r;
}

}  // namespace ravelin::dp::ipsec
