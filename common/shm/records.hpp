#pragma once
// Record formats of the shared-memory segment between ravelin-ike (producer of
// commands, consumer of events) and ravelin-dp (the other way round). Records
// are fixed-size, trivially copyable and hold no pointers. Algorithms and
// protocols travel as their IANA numbers (IKEv2 parameters registry), the way
// they were negotiated; each side maps them to its own implementation.
//
// Any change to these structs changes the layout: bump layout_version.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ravelin::common::shm {

// An IPv4 or IPv6 address in network byte order; family 4 or 6.
struct address_record {
    std::uint8_t family = 4;
    std::array<std::uint8_t, 16> bytes{};
};

enum class direction_code : std::uint8_t { inbound = 0, outbound = 1 };
enum class mode_code : std::uint8_t { tunnel = 0, transport = 1 };
enum class action_code : std::uint8_t { protect = 0, bypass = 1, discard = 2, trap = 3 };

inline constexpr std::size_t max_key_bytes = 64;

// add_sa: one direction of one Child SA, keys inline. The consumer wipes the
// slot as soon as it has copied the record.
struct sa_record {
    std::uint32_t spi = 0;            // host order
    std::uint32_t reqid = 0;
    std::uint32_t counter_slot = 0;   // index into segment_layout::sa_counters, chosen by the producer
    std::uint32_t replay_window = 0;  // bits
    std::uint8_t protocol = 3;        // IANA protocol id: 2 AH, 3 ESP
    direction_code dir = direction_code::inbound;
    mode_code mode = mode_code::tunnel;
    std::uint8_t esn = 0;
    std::uint8_t has_encap = 0;       // RFC 3948 UDP encapsulation
    std::uint8_t has_ipcomp = 0;
    std::uint16_t ipcomp_cpi = 0;
    std::uint16_t encap_local_port = 0;
    std::uint16_t encap_remote_port = 0;
    std::uint16_t encryption_id = 0;  // IANA transform type 1
    std::uint16_t encryption_key_bits = 0;
    std::uint16_t integrity_id = 0;   // IANA transform type 3
    std::uint8_t encryption_key_len = 0;
    std::uint8_t integrity_key_len = 0;
    address_record local;             // outer address of this gateway
    address_record remote;            // outer address of the peer
    std::uint64_t soft_bytes = 0;     // 0: none
    std::uint64_t soft_packets = 0;
    std::uint64_t hard_bytes = 0;
    std::uint64_t hard_packets = 0;
    // Outbound: the last sequence number used, so that an SA replayed into a
    // restarted ravelin-dp continues past what the peer has seen (RFC 4303 §3.3.3).
    std::uint64_t initial_seq = 0;
    std::array<std::uint8_t, max_key_bytes> encryption_key{};  // salt at the end for AEADs (RFC 4106 §8.1)
    std::array<std::uint8_t, max_key_bytes> integrity_key{};
};

// delete_sa: which SA.
struct sa_ref_record {
    std::uint32_t spi = 0;
    std::uint32_t counter_slot = 0;
    std::uint8_t protocol = 3;
    direction_code dir = direction_code::inbound;
};

// One side of a policy: an RFC 7296 §3.13.1 traffic selector.
struct selector_record {
    address_record start;
    address_record end;
    std::uint8_t ip_protocol = 0;  // 0: any
    std::uint16_t port_from = 0;
    std::uint16_t port_to = 65535;
};

struct policy_record {
    std::uint32_t reqid = 0;
    std::uint32_t priority = 0;  // lower wins
    direction_code dir = direction_code::outbound;
    action_code action = action_code::protect;
    selector_record local;
    selector_record remote;
};

enum class command_kind : std::uint8_t {
    none = 0,
    add_sa,
    delete_sa,
    add_policy,
    delete_policy,
    query,  // answered by a query_reply event carrying the same cookie: a barrier
};

struct alignas(64) command_record {
    std::uint64_t cookie = 0;  // producer's sequence number, echoed by replies and failures
    command_kind kind = command_kind::none;
    union body_type {
        sa_record sa;
        sa_ref_record ref;
        policy_record policy;
        body_type() : sa() {}
    } body;
};
static_assert(sizeof(command_record) == 256, "command records are four cache lines");

enum class event_kind : std::uint8_t {
    none = 0,
    acquire,         // outbound packet matched a trap policy without an SA
    soft_expiry,     // soft byte/packet lifetime reached: rekey
    hard_expiry,     // hard lifetime reached: the SA no longer passes traffic
    seq_overflow,    // outbound sequence space exhausted (RFC 4303 §3.3.3)
    query_reply,     // every command before the query with this cookie has been applied
    command_failed,  // the command with this cookie was refused; error says why
};

// Why ravelin-dp refused a command (event_record::error).
enum class command_error : std::uint32_t {
    none = 0,
    malformed,        // unknown kind or field out of range
    unsupported,      // algorithm or mode the dataplane does not implement
    duplicate,        // SA or policy already installed
    not_found,        // delete of an unknown SA or policy
    table_full,       // SA or policy table exhausted
    bad_counter_slot, // counter_slot outside the counter array
};

struct alignas(64) event_record {
    std::uint64_t cookie = 0;     // query_reply, command_failed
    event_kind kind = event_kind::none;
    std::uint8_t protocol = 3;    // expiry, overflow: IANA protocol of the SA
    direction_code dir = direction_code::inbound;
    std::uint8_t ip_protocol = 0; // acquire: the packet's protocol
    std::uint32_t spi = 0;        // expiry, overflow
    std::uint32_t reqid = 0;      // acquire: the trap policy's; expiry: the SA's
    command_error error = command_error::none;
    std::uint16_t src_port = 0;   // acquire: the packet's ports
    std::uint16_t dst_port = 0;
    address_record src;           // acquire: the packet's addresses
    address_record dst;
};
static_assert(sizeof(event_record) == 64, "event records are one cache line");

// Per-SA counters, published by ravelin-dp's main lcore and read by a metrics
// scrape at any time (relaxed atomics: a scrape sees each value whole, not a
// snapshot across values). `tag` is spi + 1 of the SA the slot belongs to
// (0: free), so a reader can tell the slot still holds the SA it asks about.
struct alignas(32) sa_counter_block {
    std::atomic<std::uint64_t> tag;
    std::atomic<std::uint64_t> packets;
    std::atomic<std::uint64_t> bytes;
    std::atomic<std::uint64_t> drops;
};

// Per-lcore counters, each written by its own lcore only.
enum class lcore_counter : std::uint8_t {
    rx_packets,
    tx_packets,
    tx_dropped,           // TX ring full
    inbound_packets,      // decrypted and forwarded
    outbound_packets,     // encrypted and sent
    bypass_packets,       // forwarded in clear by a bypass policy
    exception_to_tap,     // IKE, ARP, ICMP for us, handed to the kernel
    exception_from_tap,   // sent by the kernel through the port
    drop_no_sa,           // ESP with an unknown SPI
    drop_no_policy,       // plaintext matching no policy
    drop_discard_policy,  // plaintext matching a discard policy
    drop_inner_policy,    // decrypted packet outside the SA's selectors
    drop_ipsec,           // the ESP engine refused it (per-SA reason counters say why)
    drop_bad_header,      // not a well-formed Ethernet/IPv4/IPv6 frame
    drop_no_neighbour,    // next-hop MAC not resolved yet
    drop_tap,             // exception path full or down
    drop_ttl,             // TTL expired on a forwarded packet
    ignored,              // not for the gateway: other MACs, foreign ARP, other multicast
    arp_requests,         // ARP requests and Neighbour Solicitations sent for next hops
    acquires,             // acquire events raised
    handoffs,             // packets passed to the worker owning their SA
    drop_handoff,         // that worker's handoff ring was full
    // Layout 2: what a metrics scrape needs beyond the above.
    port_polls,           // RX bursts asked of a port (each port, each poll round)
    busy_port_polls,      // of which returned packets: busy_port_polls / port_polls is the busy ratio
    soft_expiries,        // SA lifetime events raised by the ESP engine
    hard_expiries,
    seq_overflows,
    // IPsec (ESP, AH) engine refusals by reason (drop_ipsec counts them all): one counter
    // per dataplane/ipsec drop_reason, in its order; `other` stands for none.
    ipsec_drop_other,
    ipsec_drop_bad_spi,
    ipsec_drop_truncated,
    ipsec_drop_bad_length,
    ipsec_drop_replayed,
    ipsec_drop_too_old,
    ipsec_drop_icv_mismatch,
    ipsec_drop_bad_padding,
    ipsec_drop_bad_next_header,
    ipsec_drop_dummy_packet,
    ipsec_drop_bad_header,
    ipsec_drop_no_room,
    ipsec_drop_unsupported,
    ipsec_drop_seq_overflow,
    ipsec_drop_lifetime_expired,
    ipsec_drop_crypto_error,
    ipsec_drop_decompress_failed,
    ipsec_drop_decompress_too_large,
    ipsec_drop_ecn_not_ect,
    // Path MTU on the protect path (dataplane/io/pmtu.hpp), in slots the block
    // already had: the counters before keep their places.
    drop_too_big,         // DF-set IPv4 or IPv6 over the tunnel's MTU (ICMP sent unless rate-limited)
    icmp_too_big,         // ICMP "fragmentation needed" / ICMPv6 "packet too big" sent
    prefragmented,        // IPv4 packets without DF split before encryption
    drop_fragment,        // could not be split (no mbufs, too many fragments)
    count
};
inline constexpr std::size_t lcore_counter_count = static_cast<std::size_t>(lcore_counter::count);
inline constexpr std::size_t ipsec_drop_reasons = static_cast<std::size_t>(lcore_counter::ipsec_drop_ecn_not_ect) + 1 -
                                                  static_cast<std::size_t>(lcore_counter::ipsec_drop_other);

// The counter of an ESP/AH engine drop reason (dataplane/ipsec drop_reason as a
// number); ipsec_drop_other for none or a reason this layout does not know.
constexpr lcore_counter ipsec_drop_counter(std::uint8_t reason) noexcept {
    const std::size_t first = static_cast<std::size_t>(lcore_counter::ipsec_drop_other);
    if (reason >= ipsec_drop_reasons) return lcore_counter::ipsec_drop_other;
    return static_cast<lcore_counter>(first + reason);
}

// The counter of an SA lifetime event (soft_expiry, hard_expiry, seq_overflow).
constexpr lcore_counter lifetime_counter(event_kind kind) noexcept {
    switch (kind) {
        case event_kind::soft_expiry: return lcore_counter::soft_expiries;
        case event_kind::hard_expiry: return lcore_counter::hard_expiries;
        default: return lcore_counter::seq_overflows;
    }
}

std::string_view lcore_counter_name(lcore_counter c) noexcept;

struct alignas(64) lcore_counter_block {
    std::array<std::atomic<std::uint64_t>, 64> value;
};
static_assert(lcore_counter_count <= 64);

}  // namespace ravelin::common::shm
