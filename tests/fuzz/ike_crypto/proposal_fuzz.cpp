// Fuzzes the proposal-string parser (configuration input): never crashes, and
// whatever parses formats back to a string that parses to the same proposal.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "control-plane/ike/crypto/proposal.hpp"

using namespace ravelin::cp::ike;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto protocol = (data[0] & 1) != 0 ? protocol_id::esp : protocol_id::ike;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto parsed = crypto::parse_proposal(text, protocol);
    if (!parsed.value.has_value()) {
        (void)parsed.message();
        return 0;
    }
    const auto again = crypto::parse_proposal(crypto::format_proposal(*parsed.value), protocol);
    if (!again.value.has_value() || !(*again.value == *parsed.value)) std::abort();
    return 0;
}
