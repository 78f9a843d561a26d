#pragma once
// RFC 7296 §3.10 Notify payload.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Protocol ID  |   SPI Size    |      Notify Message Type      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                Security Parameter Index (SPI)                 ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                       Notification Data                       ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/codec/notify_types.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike {

struct notify_payload {
    protocol_id protocol = protocol_id::none;  // §3.10: 0 when no SPI is named
    std::vector<std::uint8_t> spi;
    notify_type type = notify_type::invalid_syntax;
    std::vector<std::uint8_t> data;
    friend bool operator==(const notify_payload&, const notify_payload&) = default;
};

common::result<notify_payload> parse_notify(common::byte_reader body);
common::result<void> write_notify(const notify_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
