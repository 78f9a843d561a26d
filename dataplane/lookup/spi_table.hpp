#pragma once
// Inbound SAD index: (SPI, protocol) -> SA index. One writer (the main lcore
// applying ring commands), any number of lock-free readers (workers).
//
// Open addressing with linear probing over 64-bit entries, each written with
// one release store, so a reader sees an entry whole or not at all. A deleted
// entry becomes a tombstone (readers probe past it); when tombstones pile up
// the writer rebuilds into the spare array, publishes it, waits for a grace
// period (every worker past a quiescent state: rte_rcu_qsbr in ravelin-dp)
// and only then recycles the old array.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace ravelin::dp::lookup {

inline constexpr std::uint32_t no_sa = 0xffffffffu;

class spi_table {
public:
    using grace_period = std::function<void()>;

    // Room for `max_entries` live entries (the table is four times larger).
    spi_table(std::uint32_t max_entries, grace_period wait_for_readers);
    ~spi_table();
    spi_table(const spi_table&) = delete;
    spi_table& operator=(const spi_table&) = delete;

    // Reader side: the SA index, or no_sa.
    [[nodiscard]] std::uint32_t find(std::uint32_t spi, std::uint8_t protocol) const noexcept;

    // Writer side. insert refuses duplicates, SPI 0 and a full table.
    bool insert(std::uint32_t spi, std::uint8_t protocol, std::uint32_t sa_index);
    bool erase(std::uint32_t spi, std::uint8_t protocol);
    [[nodiscard]] std::uint32_t size() const noexcept { return _live; }
    [[nodiscard]] std::uint32_t tombstones() const noexcept { return _tombstones; }
    [[nodiscard]] std::uint32_t rebuilds() const noexcept { return _rebuilds; }

private:
    struct array;

    void rebuild();
    static bool put(array& into, std::uint64_t entry) noexcept;

    std::uint32_t _max_entries;
    grace_period _wait_for_readers;
    std::unique_ptr<array> _a;
    std::unique_ptr<array> _b;
    std::atomic<array*> _active;
    std::uint32_t _live = 0;
    std::uint32_t _tombstones = 0;
    std::uint32_t _rebuilds = 0;
};

}  // namespace ravelin::dp::lookup
