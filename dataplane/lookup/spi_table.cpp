#include "dataplane/lookup/spi_table.hpp"

#include <bit>
#include <vector>

namespace ravelin::dp::lookup {
namespace {

// entry = spi << 32 | protocol << 24 | sa_index (24 bits). SPI 0 is reserved
// (RFC 4303 §2.1), which frees two values: empty (0) and tombstone.
constexpr std::uint64_t empty = 0;
constexpr std::uint64_t tombstone = 0xff000000u;
constexpr std::uint32_t index_mask = 0x00ffffffu;

constexpr std::uint64_t make_entry(std::uint32_t spi, std::uint8_t protocol, std::uint32_t index) {
    return std::uint64_t{spi} << 32 | std::uint64_t{protocol} << 24 | (index & index_mask);
}
constexpr std::uint64_t key_of(std::uint64_t entry) { return entry & ~std::uint64_t{index_mask}; }

}  // namespace

struct spi_table::array {
    explicit array(std::size_t size) : slots(size), mask(size - 1) {}
    std::vector<std::atomic<std::uint64_t>> slots;
    std::size_t mask;

    [[nodiscard]] std::size_t home(std::uint32_t spi) const noexcept {
        // SPIs we allocate are random; the multiply spreads any that are not.
        return static_cast<std::size_t>((std::uint64_t{spi} * 0x9e3779b97f4a7c15ull) >> 40) & mask;
    }
};

spi_table::spi_table(std::uint32_t max_entries, grace_period wait_for_readers)
    : _max_entries(max_entries), _wait_for_readers(std::move(wait_for_readers)) {
    const std::size_t size = std::bit_ceil(std::size_t{max_entries} * 4 + 4);
    _a = std::make_unique<array>(size);
    _b = std::make_unique<array>(size);
    _active.store(_a.get(), std::memory_order_release);
}

spi_table::~spi_table() = default;

std::uint32_t spi_table::find(std::uint32_t spi, std::uint8_t protocol) const noexcept {
    const array& table = *_active.load(std::memory_order_acquire);
    const std::uint64_t key = make_entry(spi, protocol, 0);
    for (std::size_t i = table.home(spi), probes = 0; probes <= table.mask; i = (i + 1) & table.mask, ++probes) {
        const std::uint64_t entry = table.slots[i].load(std::memory_order_acquire);
        if (entry == empty) return no_sa;
        if (key_of(entry) == key) return static_cast<std::uint32_t>(entry & index_mask);
    }
    return no_sa;
}

bool spi_table::put(array& into, std::uint64_t entry) noexcept {
    const auto spi = static_cast<std::uint32_t>(entry >> 32);
    for (std::size_t i = into.home(spi), probes = 0; probes <= into.mask; i = (i + 1) & into.mask, ++probes) {
        const std::uint64_t current = into.slots[i].load(std::memory_order_relaxed);
        if (current == empty || current == tombstone) {
            into.slots[i].store(entry, std::memory_order_release);
            return true;
        }
    }
    return false;
}

bool spi_table::insert(std::uint32_t spi, std::uint8_t protocol, std::uint32_t sa_index) {
    if (spi == 0 || sa_index > index_mask || _live >= _max_entries) return false;
    if (find(spi, protocol) != no_sa) return false;
    if (_tombstones > _max_entries) rebuild();
    array& table = *_active.load(std::memory_order_relaxed);
    // Reusing a tombstone is safe: a reader that skipped it finds the entry
    // further on or reports absent, as it would have a moment earlier.
    for (std::size_t i = table.home(spi), probes = 0; probes <= table.mask; i = (i + 1) & table.mask, ++probes) {
        const std::uint64_t current = table.slots[i].load(std::memory_order_relaxed);
        if (current == empty || current == tombstone) {
            table.slots[i].store(make_entry(spi, protocol, sa_index), std::memory_order_release);
            ++_live;
            if (current == tombstone) --_tombstones;
            return true;
        }
    }
    return false;
}

bool spi_table::erase(std::uint32_t spi, std::uint8_t protocol) {
    array& table = *_active.load(std::memory_order_relaxed);
    const std::uint64_t key = make_entry(spi, protocol, 0);
    for (std::size_t i = table.home(spi), probes = 0; probes <= table.mask; i = (i + 1) & table.mask, ++probes) {
        const std::uint64_t entry = table.slots[i].load(std::memory_order_relaxed);
        if (entry == empty) return false;
        if (key_of(entry) == key) {
            table.slots[i].store(tombstone, std::memory_order_release);
            --_live;
            ++_tombstones;
            return true;
        }
    }
    return false;
}

void spi_table::rebuild() {
    array* old = _active.load(std::memory_order_relaxed);
    array* fresh = old == _a.get() ? _b.get() : _a.get();
    for (auto& slot : fresh->slots) slot.store(empty, std::memory_order_relaxed);
    for (const auto& slot : old->slots) {
        const std::uint64_t entry = slot.load(std::memory_order_relaxed);
        if (entry != empty && entry != tombstone) put(*fresh, entry);
    }
    _active.store(fresh, std::memory_order_release);
    // Readers may still walk the old array; it is only reused after they moved on.
    if (_wait_for_readers) _wait_for_readers();
    _tombstones = 0;
    ++_rebuilds;
}

}  // namespace ravelin::dp::lookup
