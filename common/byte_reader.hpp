#pragma once
// Bounds-checked big-endian reader over a byte span. Every read either returns
// the value and advances, or fails with errc::truncated and leaves the position
// unchanged: wire bytes are never cast to structs.

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/error.hpp"
#include "common/result.hpp"

namespace ravelin::common {

using bytes_view = std::span<const std::uint8_t>;

class byte_reader {
public:
    byte_reader() = default;
    explicit byte_reader(bytes_view input) noexcept : _input(input) {}

    [[nodiscard]] std::size_t position() const noexcept { return _position; }
    [[nodiscard]] std::size_t remaining() const noexcept { return _input.size() - _position; }
    [[nodiscard]] bool empty() const noexcept { return remaining() == 0; }
    [[nodiscard]] bytes_view rest() const noexcept { return _input.subspan(_position); }
    [[nodiscard]] bytes_view consumed() const noexcept { return _input.first(_position); }

    result<std::uint8_t> read_u8() noexcept { return read_be<std::uint8_t>(); }
    result<std::uint16_t> read_u16() noexcept { return read_be<std::uint16_t>(); }
    result<std::uint32_t> read_u32() noexcept { return read_be<std::uint32_t>(); }
    result<std::uint64_t> read_u64() noexcept { return read_be<std::uint64_t>(); }

    // The next `count` bytes, as a view into the input.
    result<bytes_view> read_bytes(std::size_t count) noexcept {
        if (count > remaining()) return errc::truncated;
        bytes_view out = _input.subspan(_position, count);
        _position += count;
        return out;
    }

    // A reader confined to the next `count` bytes; this reader skips past them.
    result<byte_reader> read_sub_reader(std::size_t count) noexcept {
        RAVELIN_TRY(bytes_view window, read_bytes(count));
        return byte_reader(window);
    }

    result<void> skip(std::size_t count) noexcept {
        if (count > remaining()) return errc::truncated;
        _position += count;
        return {};
    }

    // Peek without consuming; fails like a read.
    result<std::uint8_t> peek_u8() const noexcept {
        if (remaining() < 1) return errc::truncated;
        return _input[_position];
    }

private:
    template <typename U>
    result<U> read_be() noexcept {
        if (sizeof(U) > remaining()) return errc::truncated;
        U value = 0;
        for (std::size_t i = 0; i < sizeof(U); ++i) {
            value = static_cast<U>((value << 8) | static_cast<U>(_input[_position + i]));
        }
        _position += sizeof(U);
        return value;
    }

    bytes_view _input;
    std::size_t _position = 0;
};

}  // namespace ravelin::common
