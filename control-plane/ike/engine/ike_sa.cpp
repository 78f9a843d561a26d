#include "control-plane/ike/engine/ike_sa.hpp"

#include <fmt/format.h>

#include "control-plane/ike/engine/context.hpp"

namespace ravelin::cp::ike {

std::string ike_sa::describe() const {
    return fmt::format("{}[{}] {:016x}_i {:016x}_r {}[{}]", connection.name, unique_id, spi_i.value, spi_r.value,
                       remote.address.to_string(), remote.port);
}

child_sa* ike_sa::child_by_spi_in(sad::spi spi) {
    for (auto& c : children) {
        if (c.spi_in == spi) return &c;
    }
    return nullptr;
}

child_sa* ike_sa::child_by_spi_out(sad::spi spi) {
    for (auto& c : children) {
        if (c.spi_out == spi) return &c;
    }
    return nullptr;
}

std::uint64_t engine_context::random_u64() {
    std::uint64_t value = 0;
    // SPIs are never zero: zero means "not yet known" in the header (§3.1).
    while (value == 0) {
        std::array<std::uint8_t, 8> bytes{};
        io.random_bytes(bytes);
        for (const auto b : bytes) value = (value << 8) | b;
    }
    return value;
}

std::vector<std::uint8_t> engine_context::nonce() {
    std::vector<std::uint8_t> out(32);
    io.nonce_bytes(out);
    return out;
}

time_point engine_context::retry_time() {
    return io.now() + std::chrono::seconds(2) + jitter(std::chrono::seconds(3));
}

std::chrono::milliseconds engine_context::jitter(std::chrono::milliseconds limit) {
    if (limit.count() <= 0) return std::chrono::milliseconds(0);
    const auto range = static_cast<std::uint64_t>(limit.count()) + 1;
    return std::chrono::milliseconds(static_cast<std::int64_t>(random_u64() % range));
}

}  // namespace ravelin::cp::ike
