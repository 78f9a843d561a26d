#pragma once
// RFC 7296 §3.11 Delete payload.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Protocol ID   |   SPI Size    |          Num of SPIs          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~               Security Parameter Index(es) (SPI)              ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike {

struct delete_payload {
    protocol_id protocol = protocol_id::esp;
    std::uint8_t spi_size = 4;  // kept explicit: with no SPIs it cannot be inferred
    std::vector<std::vector<std::uint8_t>> spis;
    friend bool operator==(const delete_payload&, const delete_payload&) = default;
};

common::result<delete_payload> parse_delete(common::byte_reader body);
common::result<void> write_delete(const delete_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
