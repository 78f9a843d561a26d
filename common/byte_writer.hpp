#pragma once
// Bounds-checked big-endian writer into a caller-provided byte span. A write
// that does not fit fails with errc::no_space and writes nothing. Length fields
// that precede their content are reserved first and back-patched later:
//
//   RAVELIN_TRY(auto length_at, writer.reserve_u16());
//   ... write the payload ...
//   RAVELIN_CHECK(writer.patch_u16(length_at, writer.position() - start));

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/byte_reader.hpp"
#include "common/error.hpp"
#include "common/result.hpp"

namespace ravelin::common {

class byte_writer {
public:
    // Offset of a reserved field, to be filled in by patch_*().
    struct field_offset {
        std::size_t offset;
    };

    explicit byte_writer(std::span<std::uint8_t> output) noexcept : _output(output) {}

    [[nodiscard]] std::size_t position() const noexcept { return _position; }
    [[nodiscard]] std::size_t capacity() const noexcept { return _output.size(); }
    [[nodiscard]] std::size_t remaining() const noexcept { return _output.size() - _position; }
    [[nodiscard]] bytes_view written() const noexcept { return _output.first(_position); }

    result<void> write_u8(std::uint8_t value) noexcept { return write_be(value); }
    result<void> write_u16(std::uint16_t value) noexcept { return write_be(value); }
    result<void> write_u32(std::uint32_t value) noexcept { return write_be(value); }
    result<void> write_u64(std::uint64_t value) noexcept { return write_be(value); }

    result<void> write_bytes(bytes_view bytes) noexcept {
        if (bytes.size() > remaining()) return errc::no_space;
        for (std::size_t i = 0; i < bytes.size(); ++i) _output[_position + i] = bytes[i];
        _position += bytes.size();
        return {};
    }

    result<void> write_zeros(std::size_t count) noexcept {
        if (count > remaining()) return errc::no_space;
        for (std::size_t i = 0; i < count; ++i) _output[_position + i] = 0;
        _position += count;
        return {};
    }

    result<field_offset> reserve_u16() noexcept { return reserve(2); }
    result<field_offset> reserve_u32() noexcept { return reserve(4); }

    // Fill a reserved field; values too large for it are refused, not truncated.
    result<void> patch_u16(field_offset at, std::size_t value) noexcept {
        return patch(at, value, 2);
    }
    result<void> patch_u32(field_offset at, std::size_t value) noexcept {
        return patch(at, value, 4);
    }

private:
    template <typename U>
    result<void> write_be(U value) noexcept {
        if (sizeof(U) > remaining()) return errc::no_space;
        store(_position, value, sizeof(U));
        _position += sizeof(U);
        return {};
    }

    result<field_offset> reserve(std::size_t width) noexcept {
        field_offset at{_position};
        RAVELIN_CHECK(write_zeros(width));
        return at;
    }

    result<void> patch(field_offset at, std::size_t value, std::size_t width) noexcept {
        if (at.offset + width > _position) return errc::no_space;
        if (width < sizeof(std::size_t) && value >> (8 * width) != 0) return errc::length_overflow;
        store(at.offset, value, width);
        return {};
    }

    void store(std::size_t offset, std::uint64_t value, std::size_t width) noexcept {
        for (std::size_t i = 0; i < width; ++i) {
            _output[offset + width - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
        }
    }

    std::span<std::uint8_t> _output;
    std::size_t _position = 0;
};

}  // namespace ravelin::common
