#pragma once
// JSON rendering of decoded IKE messages for ravelin-dissect: every field of the
// header and of each payload, with IANA names next to the numbers.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "common/byte_reader.hpp"
#include "control-plane/ike/codec/errors.hpp"
#include "control-plane/ike/codec/message.hpp"

namespace ravelin::cp::dissect {

nlohmann::json render_message(const ike::message& m, std::size_t wire_length);
nlohmann::json render_payloads(const std::vector<ike::payload>& payloads);

// Called for each parsed message whose last payload is SK or SKF; what it returns
// is attached to that payload as "decrypted" (see decrypt.hpp).
using decrypt_hook = std::function<std::optional<nlohmann::json>(const ike::message&, common::bytes_view wire)>;

// {"error": ..., "error_code": ..., "offset": ..., "payload": ..., "ike_action": ...}
nlohmann::json render_error(std::error_code error, const ike::parse_report& report);

// Parses one IKE message (as on UDP 500) and renders it, or its error.
nlohmann::json dissect_ike(common::bytes_view message, const decrypt_hook& decrypt = {});

std::string to_hex(common::bytes_view bytes);

// One output line: compact JSON that never throws on odd bytes.
std::string to_line(const nlohmann::json& object);

}  // namespace ravelin::cp::dissect
