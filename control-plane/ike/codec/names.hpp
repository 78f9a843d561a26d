#pragma once
// Human-readable names of wire values, spelled as the IANA registries spell them,
// for the dissector and for logs. Unknown values give an empty string_view.

#include <cstdint>
#include <string_view>

#include "control-plane/ike/codec/cert.hpp"
#include "control-plane/ike/codec/constants.hpp"
#include "control-plane/ike/codec/cp.hpp"
#include "control-plane/ike/codec/eap.hpp"
#include "control-plane/ike/codec/id.hpp"
#include "control-plane/ike/codec/notify_types.hpp"
#include "control-plane/ike/codec/ts.hpp"
#include "control-plane/ike/iana.hpp"

namespace ravelin::cp::ike {

std::string_view name_of(payload_type value) noexcept;
std::string_view name_of(exchange_type value) noexcept;
std::string_view name_of(notify_type value) noexcept;
std::string_view name_of(id_type value) noexcept;
std::string_view name_of(ts_type value) noexcept;
std::string_view name_of(cert_encoding value) noexcept;
std::string_view name_of(cfg_type value) noexcept;
std::string_view name_of(cp_attribute_type value) noexcept;
std::string_view name_of(eap_code value) noexcept;
std::string_view name_of(protocol_id value) noexcept;
std::string_view name_of(transform_type value) noexcept;
std::string_view name_of(auth_method value) noexcept;
// A transform ID means something only together with its transform type.
std::string_view transform_id_name(transform_type type, std::uint16_t id) noexcept;

}  // namespace ravelin::cp::ike
