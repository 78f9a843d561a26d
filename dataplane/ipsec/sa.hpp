#pragma once
// The SA model of the packet engine: a cold configuration record, kept for
// management, and a hot runtime record read and written by every packet
// (VPP's split), plus key schedules and drop counters in their own tables so
// that the hot record stays within four cache lines.

#include <intel-ipsec-mb.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/ip_address.hpp"
#include "common/secret.hpp"
#include "dataplane/crypto/keys.hpp"
#include "dataplane/ipsec/replay.hpp"
#include "dataplane/ipsec/types.hpp"

struct rte_mbuf;

namespace ravelin::dp::ipsec {

struct lifetime {
    std::uint64_t bytes = 0;    // 0: no limit
    std::uint64_t packets = 0;  // 0: no limit
};

// RFC 3948 UDP encapsulation ports (outbound: source and destination of the outer UDP header).
struct udp_encap {
    std::uint16_t src_port = 4500;
    std::uint16_t dst_port = 4500;
};

// IPComp (RFC 3173) with DEFLATE (RFC 2394) in front of ESP.
struct ipcomp_config {
    std::uint16_t cpi = 2;          // RFC 3173 §3.3: well-known CPI of DEFLATE, or the negotiated one
    std::uint16_t min_size = 128;   // smaller payloads are sent uncompressed (RFC 2394 §2)
};

// What the control plane installs. Keys cross this boundary only as secret_bytes;
// for the salted transforms the last 4 bytes of cipher_key are the salt
// (RFC 4106 §8.1, RFC 4543 §6.1, RFC 7634 §4).
struct sa_config {
    ipsec::spi spi;
    ipsec_proto proto = ipsec_proto::esp;  // AH: integrity only, cipher and cipher_key unused
    direction dir = direction::outbound;
    ipsec_mode mode = ipsec_mode::tunnel;
    cipher_alg cipher = cipher_alg::aes_gcm_16;
    integ_alg integ = integ_alg::none;
    common::secret_bytes cipher_key;
    common::secret_bytes integ_key;
    bool esn = false;
    std::uint32_t replay_window = 64;        // inbound, bits
    common::ip_address tunnel_src;           // outbound tunnel: outer source (local)
    common::ip_address tunnel_dst;           // outbound tunnel: outer destination (peer)
    std::optional<udp_encap> encap;          // RFC 3948
    std::uint16_t tfc_pad_to = 0;            // outbound tunnel: pad inner packets to this length (RFC 4303 §2.7)
    std::optional<ipcomp_config> ipcomp;     // ESP only
    std::uint8_t ttl = 64;                   // outer TTL / hop limit
    lifetime soft;
    lifetime hard;
    std::uint64_t initial_seq = 0;           // outbound: last number used before the first packet
};

// The cold record kept per SA: the configuration without its keys.
struct sa_info {
    ipsec::spi spi;
    ipsec_proto proto = ipsec_proto::esp;
    direction dir = direction::outbound;
    ipsec_mode mode = ipsec_mode::tunnel;
    cipher_alg cipher = cipher_alg::aes_gcm_16;
    integ_alg integ = integ_alg::none;
    bool esn = false;
    bool in_use = false;
    common::ip_address tunnel_src;
    common::ip_address tunnel_dst;
    std::optional<udp_encap> encap;
    lifetime soft;
    lifetime hard;
};

class esp_engine;
struct sa_runtime;

// The per-SA burst function, chosen once at SA creation (direction x mode x
// outer family x transform kind). Returns the number of good packets, which
// are at the front of `pkts`; the others follow with reasons[i] set.
using burst_fn = std::uint16_t (*)(esp_engine& engine, sa_runtime& sa, sa_index index,
                                   std::span<rte_mbuf*> pkts, std::span<drop_reason> reasons);

enum sa_flag : std::uint8_t {
    flag_esn = 1 << 0,
    flag_udp_encap = 1 << 1,
    flag_outer_v6 = 1 << 2,
    flag_soft_fired = 1 << 3,
    flag_hard_fired = 1 << 4,
    flag_overflow_fired = 1 << 5,
    flag_ipcomp = 1 << 6,
    flag_ah = 1 << 7,  // AH (RFC 4302), not ESP: what path MTU needs to know
};

// Hot per-SA state, one writer (the lcore owning the SA's traffic).
struct alignas(64) sa_runtime {
    // Cache line 0: read for every packet.
    burst_fn process = nullptr;
    const void* enc_keys = nullptr;
    const void* dec_keys = nullptr;
    const std::uint8_t* ipad = nullptr;
    const std::uint8_t* opad = nullptr;
    std::uint32_t spi_be = 0;           // network order, as on the wire
    std::array<std::uint8_t, 4> salt{};  // RFC 4106 §4 nonce salt
    std::uint64_t seq = 0;              // outbound: last number used
    std::uint8_t key_len = 0;
    std::uint8_t iv_len = 0;
    std::uint8_t icv_len = 0;
    std::uint8_t pad_align = 4;         // RFC 4303 §2.4: lcm(block size, 4), a power of two
    std::uint8_t flags = 0;
    std::uint8_t imb_cipher = 0;        // IMB_CIPHER_MODE
    std::uint8_t imb_hash = 0;          // IMB_HASH_ALG
    std::uint8_t ttl = 64;

    // Cache line 1: replay window, sizes, counters.
    replay_state replay;
    std::uint16_t tfc_pad_to = 0;
    std::uint16_t outer_len = 0;        // outer IP (+ UDP) header bytes in tunnel mode
    std::uint16_t ipv4_id = 0;
    std::uint32_t outer_sum = 0;        // one's complement sum of the constant outer IPv4 header words
    std::uint16_t ipcomp_cpi = 0;
    std::uint16_t ipcomp_min = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;

    // Cache line 2: lifetimes.
    alignas(64) lifetime soft;
    lifetime hard;

    // Cache line 3: outer header template (IPv6 + UDP at most).
    alignas(64) std::array<std::uint8_t, 48> outer{};
};
static_assert(sizeof(sa_runtime) == 256, "sa_runtime is four cache lines");
static_assert(offsetof(sa_runtime, replay) == 64, "line 0 holds exactly the per-packet fields");

// Key schedules, 64-byte aligned as IPsec-MB's AVX-512 paths prefer.
struct alignas(64) sa_keys {
    union {
        gcm_key_data gcm;
        struct {
            crypto::aes_key_schedule aes;
            crypto::hmac_key hmac;
        } cbc;
        std::uint8_t chacha[32];
    };
};

struct sa_stats {
    std::array<std::uint64_t, drop_reason_count> drops{};
};

}  // namespace ravelin::dp::ipsec
