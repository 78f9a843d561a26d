#include "dataplane/io/neighbours.hpp"

namespace ravelin::dp::io {
namespace {

constexpr std::uint64_t valid = 1ull << 63;

std::size_t home(std::uint32_t address) noexcept {
    return static_cast<std::size_t>((std::uint64_t{address} * 0x9e3779b97f4a7c15ull) >> 56);
}

std::uint64_t pack(const mac_address& mac) noexcept {
    std::uint64_t v = 0;
    for (auto b : mac) v = v << 8 | b;
    return v | valid;
}

mac_address unpack(std::uint64_t v) noexcept {
    mac_address mac{};
    for (int i = 5; i >= 0; --i, v >>= 8) mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    return mac;
}

}  // namespace

const neighbour_table::slot* neighbour_table::lookup(std::uint32_t address) const noexcept {
    for (std::size_t i = home(address), n = 0; n < slots; i = (i + 1) % slots, ++n) {
        const std::uint32_t current = _slots[i].address.load(std::memory_order_acquire);
        if (current == address) return &_slots[i];
        if (current == 0) return nullptr;
    }
    return nullptr;
}

neighbour_table::slot* neighbour_table::claim(std::uint32_t address) noexcept {
    if (address == 0) return nullptr;
    for (std::size_t i = home(address), n = 0; n < slots; i = (i + 1) % slots, ++n) {
        std::uint32_t current = _slots[i].address.load(std::memory_order_acquire);
        if (current == 0 && _slots[i].address.compare_exchange_strong(current, address, std::memory_order_acq_rel)) {
            return &_slots[i];
        }
        if (current == address) return &_slots[i];  // ours, or another worker claimed it for the same address
    }
    return nullptr;
}

std::optional<mac_address> neighbour_table::find(std::uint32_t address) const noexcept {
    const slot* s = lookup(address);
    if (s == nullptr) return std::nullopt;
    const std::uint64_t mac = s->mac.load(std::memory_order_acquire);
    if ((mac & valid) == 0) return std::nullopt;
    return unpack(mac);
}

bool neighbour_table::learn(std::uint32_t address, const mac_address& mac) noexcept {
    slot* s = claim(address);
    if (s == nullptr) return false;
    s->mac.store(pack(mac), std::memory_order_release);
    return true;
}

bool neighbour_table::should_request(std::uint32_t address, std::uint64_t now, std::uint64_t interval) noexcept {
    slot* s = claim(address);
    if (s == nullptr) return false;
    std::uint64_t last = s->last_request.load(std::memory_order_relaxed);
    if (last != 0 && now - last < interval) return false;
    return s->last_request.compare_exchange_strong(last, now, std::memory_order_relaxed);
}

}  // namespace ravelin::dp::io
