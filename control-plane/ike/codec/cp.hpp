#pragma once
// RFC 7296 §3.15 Configuration payload.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   CFG Type    |                    RESERVED                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                   Configuration Attributes                    ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 7296 §3.15.1 Configuration Attributes.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |R|         Attribute Type      |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                             Value                             ~
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstdint>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/result.hpp"

namespace ravelin::cp::ike {

// IANA "IKEv2 Configuration Payload CFG Types".
enum class cfg_type : std::uint8_t { request = 1, reply = 2, set = 3, ack = 4 };

// IANA "IKEv2 Configuration Payload Attribute Types".
enum class cp_attribute_type : std::uint16_t {
    internal_ip4_address = 1,
    internal_ip4_netmask = 2,
    internal_ip4_dns = 3,
    internal_ip4_nbns = 4,
    internal_ip4_dhcp = 6,
    application_version = 7,
    internal_ip6_address = 8,
    internal_ip6_dns = 10,
    internal_ip6_dhcp = 12,
    internal_ip4_subnet = 13,
    supported_attributes = 14,
    internal_ip6_subnet = 15,
    mip6_home_prefix = 16,          // RFC 5026
    internal_ip6_link = 17,         // RFC 5739
    internal_ip6_prefix = 18,       // RFC 5739
    home_agent_address = 19,        // 3GPP
    p_cscf_ip4_address = 20,        // RFC 7651
    p_cscf_ip6_address = 21,        // RFC 7651
    ftt_kat = 22,                   // 3GPP
    external_source_ip4_nat_info = 23,  // 3GPP
    timeout_period_for_liveness_check = 24,  // 3GPP
    internal_dns_domain = 25,       // RFC 8598
    internal_dnssec_ta = 26,        // RFC 8598
};

struct cp_attribute {
    std::uint16_t type = 0;  // 15 bits (the R bit is reserved, sent as zero)
    std::vector<std::uint8_t> value;
    friend bool operator==(const cp_attribute&, const cp_attribute&) = default;
};

struct cp_payload {
    cfg_type type = cfg_type::request;
    std::vector<cp_attribute> attributes;
    friend bool operator==(const cp_payload&, const cp_payload&) = default;
};

common::result<cp_payload> parse_cp(common::byte_reader body);
common::result<void> write_cp(const cp_payload& p, common::byte_writer& writer) noexcept;

}  // namespace ravelin::cp::ike
