#pragma once
// Paces a poll that costs a system call even when it finds nothing: net_tap's
// RX burst is a readv(2) per call, and a worker polling its exception TAPs every
// round spent 6-55 % of its core there at 64 B (docs/PERFORMANCE.md, ravelin-dp
// profile). While the TAP is quiet it is polled once per interval; while it
// yields packets, every round, so a burst from the kernel drains at once.

#include <cstdint>

namespace ravelin::dp::io {

class poll_pacer {
public:
    explicit poll_pacer(std::uint64_t interval) noexcept : _interval(interval) {}

    bool due(std::uint64_t now) const noexcept { return now >= _next; }

    void polled(std::uint64_t now, unsigned found) noexcept { _next = found != 0 ? now : now + _interval; }

private:
    std::uint64_t _interval;
    std::uint64_t _next = 0;
};

}  // namespace ravelin::dp::io
