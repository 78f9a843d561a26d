#include "common/secret.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "common/constant_time.hpp"

namespace ravelin::common {

secret_bytes::secret_bytes(std::size_t size)
    : _data(size == 0 ? nullptr : new std::uint8_t[size]()), _size(size) {}

secret_bytes::secret_bytes(std::span<const std::uint8_t> bytes) : secret_bytes(bytes.size()) {
    std::copy(bytes.begin(), bytes.end(), _data.get());
}

secret_bytes::~secret_bytes() { wipe(); }

secret_bytes::secret_bytes(secret_bytes&& other) noexcept
    : _data(std::move(other._data)), _size(std::exchange(other._size, 0)) {}

secret_bytes& secret_bytes::operator=(secret_bytes&& other) noexcept {
    if (this != &other) {
        wipe();
        _data = std::move(other._data);
        _size = std::exchange(other._size, 0);
    }
    return *this;
}

secret_bytes secret_bytes::clone() const { return secret_bytes(expose()); }

secret_bytes secret_bytes::slice(std::size_t offset, std::size_t count) const {
    if (offset > _size || count > _size - offset) {
        throw std::out_of_range("secret_bytes::slice past the end");
    }
    return secret_bytes(expose().subspan(offset, count));
}

void secret_bytes::wipe() noexcept {
    secure_wipe(_data.get(), _size);
    _data.reset();
    _size = 0;
}

bool operator==(const secret_bytes& a, const secret_bytes& b) noexcept {
    return constant_time_equal(a.expose(), b.expose());
}

}  // namespace ravelin::common
