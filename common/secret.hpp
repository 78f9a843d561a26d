#pragma once
// secret_bytes: key material. Move-only, wiped on destruction and when moved
// from, compared in constant time, and never printed: the bytes are reached
// only through expose(), whose name makes every use easy to audit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace ravelin::common {

class secret_bytes {
public:
    secret_bytes() = default;
    explicit secret_bytes(std::size_t size);                      // zero-filled
    explicit secret_bytes(std::span<const std::uint8_t> bytes);  // copies
    ~secret_bytes();

    secret_bytes(secret_bytes&& other) noexcept;
    secret_bytes& operator=(secret_bytes&& other) noexcept;
    secret_bytes(const secret_bytes&) = delete;
    secret_bytes& operator=(const secret_bytes&) = delete;

    // An explicit copy, so that duplicating a key is visible at the call site.
    [[nodiscard]] secret_bytes clone() const;

    [[nodiscard]] std::size_t size() const noexcept { return _size; }
    [[nodiscard]] bool empty() const noexcept { return _size == 0; }

    [[nodiscard]] std::span<const std::uint8_t> expose() const noexcept { return {_data.get(), _size}; }
    [[nodiscard]] std::span<std::uint8_t> expose_mutable() noexcept { return {_data.get(), _size}; }

    // The first `count` bytes from `offset` as a new secret (key slicing, RFC 7296 §2.14).
    [[nodiscard]] secret_bytes slice(std::size_t offset, std::size_t count) const;

    void wipe() noexcept;

    friend bool operator==(const secret_bytes& a, const secret_bytes& b) noexcept;

private:
    std::unique_ptr<std::uint8_t[]> _data;
    std::size_t _size = 0;
};

}  // namespace ravelin::common
