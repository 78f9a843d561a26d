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
        case lcore_counter::handoffs: return "handoffs";
        case lcore_counter::drop_handoff: return "drop_handoff";
        case lcore_counter::count: break;
    }
    return "unknown";
}

}  // namespace ravelin::common::shm
