// Any input either loads or produces located issues; never a crash, never both.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "control-plane/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto loaded = ravelin::cp::config::load_config_text(text, "fuzz.yaml");
    if (loaded.config.has_value() == !loaded.issues.empty()) std::abort();
    return 0;
}
