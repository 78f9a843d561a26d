#pragma once
// result<T>: a value or a std::error_code, in the shape of boost::system::result
// (Boost 1.74 on Debian 12 predates it). Project error enums plug into
// std::error_code through their own categories (see common/error.hpp), so one
// result type carries codec, crypto and config errors alike.

#include <cassert>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace ravelin::common {

template <typename T>
class [[nodiscard]] result {
public:
    using value_type = T;

    result(const T& value) : _state(std::in_place_index<0>, value) {}
    result(T&& value) : _state(std::in_place_index<0>, std::move(value)) {}
    result(std::error_code error) : _state(std::in_place_index<1>, error) {}
    template <typename E>
        requires std::is_error_code_enum_v<E>
    result(E error) : _state(std::in_place_index<1>, make_error_code(error)) {}

    [[nodiscard]] bool has_value() const noexcept { return _state.index() == 0; }
    [[nodiscard]] bool has_error() const noexcept { return _state.index() == 1; }
    explicit operator bool() const noexcept { return has_value(); }

    // Reading the value of a failed result is a broken invariant, not an input error.
    [[nodiscard]] T& value() & { return ensure_value(), std::get<0>(_state); }
    [[nodiscard]] const T& value() const& { return ensure_value(), std::get<0>(_state); }
    [[nodiscard]] T&& value() && { return ensure_value(), std::move(std::get<0>(_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    [[nodiscard]] std::error_code error() const noexcept {
        return has_error() ? std::get<1>(_state) : std::error_code{};
    }

private:
    void ensure_value() const {
        if (!has_value()) throw std::system_error(std::get<1>(_state), "result holds an error");
    }

    std::variant<T, std::error_code> _state;
};

template <>
class [[nodiscard]] result<void> {
public:
    result() = default;
    result(std::error_code error) : _error(error) {}
    template <typename E>
        requires std::is_error_code_enum_v<E>
    result(E error) : _error(make_error_code(error)) {}

    [[nodiscard]] bool has_value() const noexcept { return !_error; }
    [[nodiscard]] bool has_error() const noexcept { return static_cast<bool>(_error); }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const {
        if (_error) throw std::system_error(_error, "result holds an error");
    }
    [[nodiscard]] std::error_code error() const noexcept { return _error; }

private:
    std::error_code _error;
};

}  // namespace ravelin::common

// Propagate an error to the caller, or bind the value:
//   RAVELIN_TRY(auto length, reader.read_u16());
#define RAVELIN_CONCAT_INNER(a, b) a##b
#define RAVELIN_CONCAT(a, b) RAVELIN_CONCAT_INNER(a, b)
#define RAVELIN_TRY_IMPL(tmp, decl, expr)                  \
    auto tmp = (expr);                                     \
    if (!tmp.has_value()) return tmp.error();              \
    decl = std::move(tmp).value()
#define RAVELIN_TRY(decl, expr) RAVELIN_TRY_IMPL(RAVELIN_CONCAT(_ravelin_try_, __LINE__), decl, expr)

// Propagate the error of a result<void>.
#define RAVELIN_CHECK(expr)                                                  \
    do {                                                                     \
        if (auto _ravelin_check = (expr); !_ravelin_check.has_value())        \
            return _ravelin_check.error();                                   \
    } while (false)
