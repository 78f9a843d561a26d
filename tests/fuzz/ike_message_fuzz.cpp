// Fuzz target for the IKEv2 codec: the input is taken as a UDP 500 datagram, as a
// UDP 4500 datagram (RFC 3948 classifier first), and as the plaintext of an SK
// payload (first octet: the first inner payload type). Whatever parses must
// serialize, and re-parse to the same message (a fixpoint: reserved fields are
// ignored on receipt, RFC 7296 §3.2, so the first serialization may differ from
// the input only there). The dissector's JSON rendering and its frame decoder
// (every link type it reads) run on every input too.
#include <cstdint>
#include <cstdlib>

#include <pcap/dlt.h>

#include "control-plane/dissect/packet.hpp"
#include "control-plane/dissect/render.hpp"
#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/codec/udp_encap.hpp"

namespace {

using namespace ravelin::cp::ike;
using ravelin::common::bytes_view;

void require(bool condition) {
    if (!condition) std::abort();
}

void check_message(bytes_view input) {
    parse_report report;
    auto parsed = parse_message(input, &report);
    if (!parsed) {
        require(report.offset <= input.size());
        (void)ike_reaction_for(parsed.error(), report);
        return;
    }
    auto bytes = serialize(*parsed);
    require(bytes.has_value());
    require(bytes->size() == input.size());  // lengths are derived, never guessed
    auto again = parse_message(*bytes);
    require(again.has_value() && *again == *parsed);
    require(serialize(*again).value() == *bytes);
}

void check_chain(bytes_view input) {
    if (input.empty()) return;
    const auto first = static_cast<payload_type>(input[0]);
    auto parsed = parse_payload_chain(first, input.subspan(1));
    if (!parsed) return;
    auto bytes = serialize_payload_chain(*parsed);
    require(bytes.has_value());
    auto again = parse_payload_chain(parsed->empty() ? payload_type::none : parsed->front().type, *bytes);
    require(again.has_value() && *again == *parsed);
}

void check_frame(bytes_view input) {
    for (int link : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_NULL}) {
        auto packet = ravelin::cp::dissect::decode_frame(link, input);
        if (!packet) continue;
        require(packet->payload.data() >= input.data() &&
                packet->payload.data() + packet->payload.size() <= input.data() + input.size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bytes_view input(data, size);
    check_message(input);
    const auto classified = classify_udp4500(input);
    if (classified.kind == udp4500_kind::ike) check_message(classified.payload);
    if (classified.kind == udp4500_kind::esp) require(read_esp_header(classified.payload).has_value());
    check_chain(input);
    check_frame(input);
    (void)ravelin::cp::dissect::to_line(ravelin::cp::dissect::dissect_ike(input));
    return 0;
}
