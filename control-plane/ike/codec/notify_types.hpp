#pragma once
// RFC 7296 §3.10.1 Notify Message Types: every value the IANA "IKEv2 Notify Message
// Types" registry names. 1..16383 are errors, 16384..65535 status types.

#include <cstdint>

namespace ravelin::cp::ike {

enum class notify_type : std::uint16_t {
    // Error types (RFC 7296 §3.10.1 and later RFCs)
    unsupported_critical_payload = 1,
    invalid_ike_spi = 4,
    invalid_major_version = 5,
    invalid_syntax = 7,
    invalid_message_id = 9,
    invalid_spi = 11,
    no_proposal_chosen = 14,
    invalid_ke_payload = 17,
    authentication_failed = 24,
    single_pair_required = 34,
    no_additional_sas = 35,
    internal_address_failure = 36,
    failed_cp_required = 37,
    ts_unacceptable = 38,
    invalid_selectors = 39,
    unacceptable_addresses = 40,        // RFC 4555
    unexpected_nat_detected = 41,       // RFC 4555
    use_assigned_hoa = 42,              // RFC 5026
    temporary_failure = 43,             // RFC 7296
    child_sa_not_found = 44,            // RFC 7296
    invalid_group_id = 45,              // G-IKEv2
    authorization_failed = 46,          // G-IKEv2

    // Status types
    initial_contact = 16384,
    set_window_size = 16385,
    additional_ts_possible = 16386,
    ipcomp_supported = 16387,
    nat_detection_source_ip = 16388,
    nat_detection_destination_ip = 16389,
    cookie = 16390,
    use_transport_mode = 16391,
    http_cert_lookup_supported = 16392,
    rekey_sa = 16393,
    esp_tfc_padding_not_supported = 16394,
    non_first_fragments_also = 16395,
    mobike_supported = 16396,           // RFC 4555
    additional_ip4_address = 16397,
    additional_ip6_address = 16398,
    no_additional_addresses = 16399,
    update_sa_addresses = 16400,
    cookie2 = 16401,
    no_nats_allowed = 16402,
    auth_lifetime = 16403,              // RFC 4478
    multiple_auth_supported = 16404,    // RFC 4739
    another_auth_follows = 16405,
    redirect_supported = 16406,         // RFC 5685
    redirect = 16407,
    redirected_from = 16408,
    ticket_lt_opaque = 16409,           // RFC 5723
    ticket_request = 16410,
    ticket_ack = 16411,
    ticket_nack = 16412,
    ticket_opaque = 16413,
    link_id = 16414,                    // RFC 5739
    use_wesp_mode = 16415,              // RFC 5840
    rohc_supported = 16416,             // RFC 5857
    eap_only_authentication = 16417,    // RFC 5998
    childless_ikev2_supported = 16418,  // RFC 6023
    quick_crash_detection = 16419,      // RFC 6290
    ikev2_message_id_sync_supported = 16420,  // RFC 6311
    ipsec_replay_counter_sync_supported = 16421,
    ikev2_message_id_sync = 16422,
    ipsec_replay_counter_sync = 16423,
    secure_password_methods = 16424,    // RFC 6467
    psk_persist = 16425,                // RFC 6631
    psk_confirm = 16426,
    erx_supported = 16427,              // RFC 6867
    ifom_capability = 16428,            // 3GPP
    sender_request_id = 16429,          // G-IKEv2
    ikev2_fragmentation_supported = 16430,  // RFC 7383
    signature_hash_algorithms = 16431,  // RFC 7427
    clone_ike_sa_supported = 16432,     // RFC 7791
    clone_ike_sa = 16433,
    puzzle = 16434,                     // RFC 8019
    use_ppk = 16435,                    // RFC 8784
    ppk_identity = 16436,
    no_ppk_auth = 16437,
    intermediate_exchange_supported = 16438,  // RFC 9242
    ip4_allowed = 16439,                // RFC 8983
    ip6_allowed = 16440,
    additional_key_exchange = 16441,    // RFC 9370
    use_aggfrag = 16442,                // RFC 9347
    supported_auth_methods = 16443,     // RFC 9593
    sa_resource_info = 16444,           // RFC 9611
};

// RFC 7296 §3.10.1: "Types in the range 0 - 16383 are intended for reporting errors."
inline constexpr bool is_error(notify_type type) noexcept {
    return static_cast<std::uint16_t>(type) < 16384;
}

}  // namespace ravelin::cp::ike
