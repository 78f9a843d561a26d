#include "dataplane/app/esp_backend.hpp"

#include <algorithm>
#include <span>

#include "dataplane/ipsec/replay.hpp"

namespace ravelin::dp::app {
namespace {

namespace shm = common::shm;

// IKEv2 Transform Type 1 (encryption) ids, RFC 7296 §3.3.2 and the IANA registry.
bool cipher_of(std::uint16_t id, ipsec::cipher_alg& out) {
    switch (id) {
        case 20: out = ipsec::cipher_alg::aes_gcm_16; return true;         // ENCR_AES_GCM_16, RFC 4106
        case 12: out = ipsec::cipher_alg::aes_cbc; return true;            // ENCR_AES_CBC, RFC 3602
        case 28: out = ipsec::cipher_alg::chacha20_poly1305; return true;  // ENCR_CHACHA20_POLY1305, RFC 7634
        case 21: out = ipsec::cipher_alg::aes_gmac; return true;           // ENCR_NULL_AUTH_AES_GMAC, RFC 4543
        default: return false;
    }
}

// IKEv2 Transform Type 3 (integrity) ids.
bool integ_of(std::uint16_t id, ipsec::integ_alg& out) {
    switch (id) {
        case 0: out = ipsec::integ_alg::none; return true;
        case 2: out = ipsec::integ_alg::hmac_sha1_96; return true;      // AUTH_HMAC_SHA1_96
        case 12: out = ipsec::integ_alg::hmac_sha256_128; return true;  // AUTH_HMAC_SHA2_256_128
        case 13: out = ipsec::integ_alg::hmac_sha384_192; return true;  // AUTH_HMAC_SHA2_384_192
        case 14: out = ipsec::integ_alg::hmac_sha512_256; return true;  // AUTH_HMAC_SHA2_512_256
        default: return false;
    }
}

common::ip_address address_of(const shm::address_record& a) {
    if (a.family == 6) return common::ip_address::v6(a.bytes);
    return common::ip_address::v4({a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]});
}

shm::command_error error_of(std::error_code error) {
    if (error == ipsec::errc::table_full) return shm::command_error::table_full;
    if (error == ipsec::errc::bad_tunnel_endpoints || error == ipsec::errc::bad_sa_index) {
        return shm::command_error::malformed;
    }
    return shm::command_error::unsupported;  // key length, transform, window, option
}

}  // namespace

translated to_sa_config(const shm::sa_record& sa) {
    translated out;
    auto& c = out.config;
    if ((sa.protocol != 2 && sa.protocol != 3) || sa.encryption_key_len > shm::max_key_bytes ||
        sa.integrity_key_len > shm::max_key_bytes) {
        out.error = shm::command_error::malformed;
        return out;
    }
    const bool inbound = sa.dir == shm::direction_code::inbound;
    c.spi = ipsec::spi{sa.spi};
    c.proto = sa.protocol == 2 ? ipsec::ipsec_proto::ah : ipsec::ipsec_proto::esp;
    c.dir = inbound ? ipsec::direction::inbound : ipsec::direction::outbound;
    c.mode = sa.mode == shm::mode_code::transport ? ipsec::ipsec_mode::transport : ipsec::ipsec_mode::tunnel;
    if (!integ_of(sa.integrity_id, c.integ) || (c.proto == ipsec::ipsec_proto::esp && !cipher_of(sa.encryption_id, c.cipher))) {
        out.error = shm::command_error::unsupported;
        return out;
    }
    if (c.proto == ipsec::ipsec_proto::esp) {
        c.cipher_key = common::secret_bytes(std::span(sa.encryption_key.data(), sa.encryption_key_len));
    }
    c.integ_key = common::secret_bytes(std::span(sa.integrity_key.data(), sa.integrity_key_len));
    c.esn = sa.esn != 0;
    // IKE proposes windows as small as 32; the engine's bitmap starts at 64, which
    // only accepts more, never less, of what the peer sends in order.
    c.replay_window = std::max(sa.replay_window, ipsec::min_replay_window);
    // Outer addresses as the packets carry them.
    c.tunnel_src = address_of(inbound ? sa.remote : sa.local);
    c.tunnel_dst = address_of(inbound ? sa.local : sa.remote);
    if (sa.has_encap != 0) {
        c.encap = ipsec::udp_encap{inbound ? sa.encap_remote_port : sa.encap_local_port,
                                   inbound ? sa.encap_local_port : sa.encap_remote_port};
    }
    if (sa.has_ipcomp != 0) c.ipcomp = ipsec::ipcomp_config{sa.ipcomp_cpi, 128};
    c.soft = {sa.soft_bytes, sa.soft_packets};
    c.hard = {sa.hard_bytes, sa.hard_packets};
    c.initial_seq = sa.initial_seq;
    return out;
}

esp_backend::esp_backend(ipsec::sa_table& table, crypto::mb_manager& mgr)
    : _table(&table), _mgr(&mgr), _reqid(table.capacity(), 0) {}

ctl::install_result esp_backend::install(const shm::sa_record& sa) {
    translated t = to_sa_config(sa);
    if (t.error != shm::command_error::none) return {lookup::no_sa, t.error};
    auto added = _table->add(t.config, *_mgr);
    if (!added) return {lookup::no_sa, error_of(added.error())};
    _reqid[added->value] = sa.reqid;
    return {added->value, shm::command_error::none};
}

void esp_backend::remove(std::uint32_t index) { (void)_table->remove(ipsec::sa_index{index}); }

ctl::sa_usage esp_backend::usage(std::uint32_t index) const {
    const ipsec::sa_index sa{index};
    if (!_table->valid(sa)) return {};
    const auto& rt = _table->runtime(sa);
    std::uint64_t drops = 0;
    for (const auto d : _table->stats(sa).drops) drops += d;
    return {rt.packets, rt.bytes, drops};
}

}  // namespace ravelin::dp::app
