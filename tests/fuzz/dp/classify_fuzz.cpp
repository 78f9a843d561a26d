// Any bytes as a received Ethernet frame: classify() stays within the frame and
// points inbound ESP at a header that lies inside it.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dataplane/io/classify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ravelin::dp::io;
    const port_identity port{{0x02, 0, 0, 0, 0, 0x01}, 0x0a0100fe, {0xfd00000100000000ull, 0xfe}};
    const classified c = classify(std::span<const std::uint8_t>(data, size), port);
    if ((c.what == frame_class::inbound_esp || c.what == frame_class::inbound_esp_udp) && c.esp_offset + 8u > size) {
        std::abort();
    }
    return 0;
}
