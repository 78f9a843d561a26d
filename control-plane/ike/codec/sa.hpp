#pragma once
// RFC 7296 §3.3 Security Association payload: proposals, transforms, attributes.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike {

// RFC 7296 §3.3.5 Transform Attributes.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |A|       Attribute Type        |    AF=0  Attribute Length     |
// |F|                             |    AF=1  Attribute Value      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   AF=0  Attribute Value                       |
// |                   AF=1  Not Transmitted                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct sa_attribute {
    std::uint16_t type = 0;                  // 15 bits
    bool tv = true;                          // AF: value in the header (TV) or after it (TLV)
    std::uint16_t value = 0;                 // TV value
    std::vector<std::uint8_t> data;          // TLV value
    friend bool operator==(const sa_attribute&, const sa_attribute&) = default;
};

// RFC 7296 §3.3.2 Transform Substructure.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Last Substruc |   RESERVED    |        Transform Length       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Transform Type |   RESERVED    |          Transform ID         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                      Transform Attributes                     ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct transform {
    transform_type type = transform_type::encryption;
    std::uint16_t id = 0;
    std::vector<sa_attribute> attributes;

    // RFC 7296 §3.3.5: the Key Length attribute (type 14, TV), if present.
    [[nodiscard]] std::optional<std::uint16_t> key_length() const noexcept;
    friend bool operator==(const transform&, const transform&) = default;
};

// RFC 7296 §3.3.1 Proposal Substructure.
//
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Last Substruc |   RESERVED    |         Proposal Length       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                        SPI (variable)                         ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                        <Transforms>                           ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct proposal {
    std::uint8_t number = 1;
    protocol_id protocol = protocol_id::ike;
    std::vector<std::uint8_t> spi;   // 0 (initial IKE), 8 (IKE rekey) or 4 (AH/ESP) octets
    std::vector<transform> transforms;
    friend bool operator==(const proposal&, const proposal&) = default;
};

// RFC 7296 §3.3: the body of the SA payload is a list of proposals.
struct sa_payload {
    std::vector<proposal> proposals;
    friend bool operator==(const sa_payload&, const sa_payload&) = default;
};

common::result<sa_payload> parse_sa(common::byte_reader body);
common::result<void> write_sa(const sa_payload& sa, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
