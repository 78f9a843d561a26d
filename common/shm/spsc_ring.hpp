#pragma once
// A single-producer, single-consumer ring of fixed-size records that lives in
// shared memory. Head and tail sit on their own cache lines; the producer
// publishes a slot with a release store of head, the consumer frees it with a
// release store of tail, and each side reads the other's index with acquire.
// Each side keeps a private copy of the other's index and reloads it only when
// the ring looks full (producer) or empty (consumer), so the common case
// touches no shared cache line but its own.
//
// The consumer wipes a slot as soon as it has copied it out, so key material
// carried in command records does not linger in the segment.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ravelin::common::shm {

// Zeroes memory in a way the optimiser may not drop (explicit_bzero).
void secure_wipe(void* data, std::size_t size) noexcept;

inline constexpr std::size_t cache_line = 64;

template <typename Record, std::size_t Slots>
struct spsc_ring {
    static_assert(std::has_single_bit(Slots), "slot count is a power of two");
    static_assert(std::is_trivially_copyable_v<Record>, "records are copied as bytes");
    static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "indices are shared between processes");

    static constexpr std::size_t slots = Slots;
    static constexpr std::uint64_t mask = Slots - 1;

    // Free-running counters: head - tail is the number of records in flight.
    alignas(cache_line) std::atomic<std::uint64_t> head;  // written by the producer only
    alignas(cache_line) std::atomic<std::uint64_t> tail;  // written by the consumer only
    alignas(cache_line) Record slot[Slots];
};

template <typename Record, std::size_t Slots>
class ring_producer {
public:
    using ring_type = spsc_ring<Record, Slots>;

    explicit ring_producer(ring_type& ring) noexcept
        : _ring(&ring),
          _head(ring.head.load(std::memory_order_relaxed)),
          _tail(ring.tail.load(std::memory_order_acquire)) {}

    // False when the ring is full; the record is not written then.
    [[nodiscard]] bool try_push(const Record& record) noexcept {
        if (_head - _tail == Slots) {
            _tail = _ring->tail.load(std::memory_order_acquire);
            if (_head - _tail == Slots) return false;
        }
        _ring->slot[_head & ring_type::mask] = record;
        _ring->head.store(++_head, std::memory_order_release);
        return true;
    }

    // Records the consumer has not taken yet (exact at the time of the call).
    [[nodiscard]] std::size_t pending() noexcept {
        _tail = _ring->tail.load(std::memory_order_acquire);
        return static_cast<std::size_t>(_head - _tail);
    }

private:
    ring_type* _ring;
    std::uint64_t _head;  // our own index
    std::uint64_t _tail;  // the consumer's, as last seen
};

template <typename Record, std::size_t Slots>
class ring_consumer {
public:
    using ring_type = spsc_ring<Record, Slots>;

    explicit ring_consumer(ring_type& ring) noexcept
        : _ring(&ring),
          _tail(ring.tail.load(std::memory_order_relaxed)),
          _head(ring.head.load(std::memory_order_acquire)) {}

    // Copies the oldest record to `out` and wipes its slot; false when empty.
    [[nodiscard]] bool try_pop(Record& out) noexcept {
        if (_tail == _head) {
            _head = _ring->head.load(std::memory_order_acquire);
            if (_tail == _head) return false;
        }
        Record& slot = _ring->slot[_tail & ring_type::mask];
        out = slot;
        secure_wipe(&slot, sizeof slot);
        _ring->tail.store(++_tail, std::memory_order_release);
        return true;
    }

    // Wipes and drops every record published so far (a new consumer that must
    // not act on what its predecessor left behind).
    std::size_t discard_pending() noexcept {
        _head = _ring->head.load(std::memory_order_acquire);
        const std::uint64_t dropped = _head - _tail;
        for (; _tail != _head; ++_tail) {
            secure_wipe(&_ring->slot[_tail & ring_type::mask], sizeof(Record));
        }
        _ring->tail.store(_tail, std::memory_order_release);
        return static_cast<std::size_t>(dropped);
    }

private:
    ring_type* _ring;
    std::uint64_t _tail;  // our own index
    std::uint64_t _head;  // the producer's, as last seen
};

}  // namespace ravelin::common::shm
