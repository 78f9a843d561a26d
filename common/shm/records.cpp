#include "common/shm/records.hpp"

namespace ravelin::common::shm {

std::string_view lcore_counter_name(lcore_counter c) noexcept {
    switch (c) {
        case lcore_counter::rx_packets: return "rx_packets";
        case lcore_counter::tx_packets: return "tx_packets";
        case lcore_counter::tx_dropped: return "tx_dropped";
        case lcore_counter::inbound_packets: return "inbound_packets";
        case lcore_counter::outbound_packets: return "outbound_packets";
        case lcore_counter::bypass_packets: return "bypass_packets";
        case lcore_counter::exception_to_tap: return "exception_to_tap";
        case lcore_counter::exception_from_tap: return "exception_from_tap";
        case lcore_counter::drop_no_sa: return "drop_no_sa";
        case lcore_counter::drop_no_policy: return "drop_no_policy";
        case lcore_counter::drop_discard_policy: return "drop_discard_policy";
        case lcore_counter::drop_inner_policy: return "drop_inner_policy";
        case lcore_counter::drop_ipsec: return "drop_ipsec";
        case lcore_counter::drop_bad_header: return "drop_bad_header";
        case lcore_counter::drop_no_neighbour: return "drop_no_neighbour";
        case lcore_counter::drop_tap: return "drop_tap";
        case lcore_counter::drop_ttl: return "drop_ttl";
        case lcore_counter::ignored: return "ignored";
        case lcore_counter::arp_requests: return "arp_requests";
        case lcore_counter::acquires: return "acquires";
        case lcore_counter::port_polls: return "port_polls";
        case lcore_counter::busy_port_polls: return "busy_port_polls";
        case lcore_counter::soft_expiries: return "soft_expiries";
        case lcore_counter::hard_expiries: return "hard_expiries";
        case lcore_counter::seq_overflows: return "seq_overflows";
        case lcore_counter::ipsec_drop_other: return "ipsec_drop_other";
        case lcore_counter::ipsec_drop_bad_spi: return "ipsec_drop_bad_spi";
        case lcore_counter::ipsec_drop_truncated: return "ipsec_drop_truncated";
        case lcore_counter::ipsec_drop_bad_length: return "ipsec_drop_bad_length";
        case lcore_counter::ipsec_drop_replayed: return "ipsec_drop_replayed";
        case lcore_counter::ipsec_drop_too_old: return "ipsec_drop_too_old";
        case lcore_counter::ipsec_drop_icv_mismatch: return "ipsec_drop_icv_mismatch";
        case lcore_counter::ipsec_drop_bad_padding: return "ipsec_drop_bad_padding";
        case lcore_counter::ipsec_drop_bad_next_header: return "ipsec_drop_bad_next_header";
        case lcore_counter::ipsec_drop_dummy_packet: return "ipsec_drop_dummy_packet";
        case lcore_counter::ipsec_drop_bad_header: return "ipsec_drop_bad_header";
        case lcore_counter::ipsec_drop_no_room: return "ipsec_drop_no_room";
        case lcore_counter::ipsec_drop_unsupported: return "ipsec_drop_unsupported";
        case lcore_counter::ipsec_drop_seq_overflow: return "ipsec_drop_seq_overflow";
        case lcore_counter::ipsec_drop_lifetime_expired: return "ipsec_drop_lifetime_expired";
        case lcore_counter::ipsec_drop_crypto_error: return "ipsec_drop_crypto_error";
        case lcore_counter::ipsec_drop_decompress_failed: return "ipsec_drop_decompress_failed";
        case lcore_counter::ipsec_drop_decompress_too_large: return "ipsec_drop_decompress_too_large";
        case lcore_counter::ipsec_drop_ecn_not_ect: return "ipsec_drop_ecn_not_ect";
        case lcore_counter::drop_too_big: return "drop_too_big";
        case lcore_counter::icmp_too_big: return "icmp_too_big";
        case lcore_counter::prefragmented: return "prefragmented";
        case lcore_counter::drop_fragment: return "drop_fragment";
        case lcore_counter::handoffs: return "handoffs";
        case lcore_counter::drop_handoff: return "drop_handoff";
        case lcore_counter::count: break;
    }
    return "unknown";
}

}  // namespace ravelin::common::shm
