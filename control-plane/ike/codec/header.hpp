#pragma once
// RFC 7296 §3.1 IKE header.
//
//                      1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       IKE SA Initiator's SPI                  |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       IKE SA Responder's SPI                  |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Message ID                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Length                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Next Payload and Length are not stored: the serializer derives them from the
// payload chain, so a constructed message cannot disagree with itself.

#include <cstdint>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/constants.hpp"

namespace ravelin::cp::ike {

struct ike_header {
    ike_spi initiator_spi;
    ike_spi responder_spi;
    std::uint8_t major_version = ike_major_version;
    std::uint8_t minor_version = ike_minor_version;  // ignored on receipt (§3.1), kept
    exchange_type exchange = exchange_type::ike_sa_init;
    std::uint8_t flags = 0;  // header_flag bits; reserved bits kept as received
    message_id id;

    [[nodiscard]] bool initiator() const noexcept { return (flags & header_flag::initiator) != 0; }
    [[nodiscard]] bool response() const noexcept { return (flags & header_flag::response) != 0; }
    [[nodiscard]] bool higher_version() const noexcept { return (flags & header_flag::version) != 0; }
    friend bool operator==(const ike_header&, const ike_header&) = default;
};

// The header as it sits on the wire, with the two derived fields.
struct wire_header {
    ike_header header;
    payload_type next_payload = payload_type::none;
    std::uint32_t length = 0;
};

// Reads the 28 header octets. Checks nothing beyond their presence: the version
// and length checks need the datagram and belong to parse_message().
common::result<wire_header> read_header(common::byte_reader& reader) noexcept;

common::result<void> write_header(const wire_header& header, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
