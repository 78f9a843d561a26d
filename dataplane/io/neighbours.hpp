#pragma once
// IPv4 neighbour table of one port: next-hop address -> MAC, learnt from ARP
// seen by any worker, read by every worker. Lock-free with several writers:
// an address claims a slot with compare-and-swap, the MAC is one 64-bit store.
// Fixed size, never shrinks (a gateway has few next hops; stated limit).

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "dataplane/io/classify.hpp"

namespace ravelin::dp::io {

class neighbour_table {
public:
    static constexpr std::size_t slots = 256;

    [[nodiscard]] std::optional<mac_address> find(std::uint32_t address) const noexcept;
    // Records (or refreshes) a MAC; false when the table is full.
    bool learn(std::uint32_t address, const mac_address& mac) noexcept;
    // True at most once per `interval` per address, for whoever should send
    // the next ARP request (also claims a slot for the address).
    bool should_request(std::uint32_t address, std::uint64_t now, std::uint64_t interval) noexcept;

private:
    struct slot {
        std::atomic<std::uint32_t> address{0};  // 0: free
        std::atomic<std::uint64_t> mac{0};      // bit 63: valid
        std::atomic<std::uint64_t> last_request{0};
    };
    slot* claim(std::uint32_t address) noexcept;
    [[nodiscard]] const slot* lookup(std::uint32_t address) const noexcept;

    std::array<slot, slots> _slots{};
};

}  // namespace ravelin::dp::io
