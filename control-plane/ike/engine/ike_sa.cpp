#include "control-plane/ike/engine/ike_sa.hpp"

#include <fmt/format.h>

#include "control-plane/ike/engine/context.hpp"

namespace ravelin::cp::ike {

std::string ike_sa::describe() const {
    return fmt::format("{}[{}] {:016x}_i {:016x}_r {}[{}]", connection.name, unique_id, spi_i.value, spi_r.value,
                       remote.address.to_string(), remote.port);
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

}  // namespace ravelin::cp::ike
