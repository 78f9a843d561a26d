#include "dataplane/ipsec/sa_table.hpp"

#include <cstring>

#include "common/constant_time.hpp"
#include "dataplane/ipsec/esp.hpp"

namespace ravelin::dp::ipsec {
namespace {

bool salted(cipher_alg c) noexcept { return c != cipher_alg::aes_cbc; }

std::size_t integ_key_length(integ_alg a) noexcept {
    switch (a) {
        case integ_alg::none: return 0;
        case integ_alg::hmac_sha1_96: return 20;      // RFC 2404 §3
        case integ_alg::hmac_sha256_128: return 32;   // RFC 4868 §2.1.1
        case integ_alg::hmac_sha384_192: return 48;
        case integ_alg::hmac_sha512_256: return 64;
    }
    return 0;
}

// RFC 2404: 96 bits; RFC 4868 §2.3: half the hash output.
std::uint8_t icv_length(integ_alg a) noexcept {
    return a == integ_alg::hmac_sha1_96 ? 12 : static_cast<std::uint8_t>(integ_key_length(a) / 2);
}

crypto::hmac_hash hmac_of(integ_alg a) noexcept {
    switch (a) {
        case integ_alg::hmac_sha384_192: return crypto::hmac_hash::sha384;
        case integ_alg::hmac_sha512_256: return crypto::hmac_hash::sha512;
        case integ_alg::hmac_sha256_128: return crypto::hmac_hash::sha256;
        default: return crypto::hmac_hash::sha1;
    }
}

result<void> validate_keys(const sa_config& c) noexcept {
    const std::size_t n = c.cipher_key.size();
    switch (c.cipher) {
        case cipher_alg::aes_gcm_16:
        case cipher_alg::aes_gmac:
            if (n != 20 && n != 36) return errc::bad_key_length;
            break;
        case cipher_alg::chacha20_poly1305:
            if (n != 36) return errc::bad_key_length;
            break;
        case cipher_alg::aes_cbc:
            if (n != 16 && n != 32) return errc::bad_key_length;
            break;
    }
    // Combined-mode transforms carry their own integrity (RFC 4303 §3.2.3); CBC needs one.
    if ((c.cipher == cipher_alg::aes_cbc) != (c.integ != integ_alg::none)) return errc::bad_transform;
    if (c.integ_key.size() != integ_key_length(c.integ)) return errc::bad_key_length;
    return {};
}

}  // namespace

result<void> validate(const sa_config& c, const sa_table_limits& limits) noexcept {
    if (c.proto == ipsec_proto::ah) {
        // RFC 4302: integrity only; RFC 3948 defines no UDP encapsulation of AH.
        if (c.integ == integ_alg::none || !c.cipher_key.empty() || c.encap || c.tfc_pad_to != 0) return errc::bad_transform;
        if (c.integ_key.size() != integ_key_length(c.integ)) return errc::bad_key_length;
    } else {
        RAVELIN_CHECK(validate_keys(c));
    }
    if (c.dir == direction::inbound &&
        (c.replay_window < min_replay_window || c.replay_window > limits.max_replay_window)) {
        return errc::bad_replay_window;
    }
    if (c.dir == direction::outbound && c.mode == ipsec_mode::tunnel &&
        c.tunnel_src.family() != c.tunnel_dst.family()) {
        return errc::bad_tunnel_endpoints;
    }
    if (c.tfc_pad_to != 0 && (c.dir != direction::outbound || c.mode != ipsec_mode::tunnel || c.ipcomp)) {
        return errc::bad_option;  // RFC 4303 §2.7: only where the inner length is recoverable
    }
    if (c.ipcomp && c.proto != ipsec_proto::esp) return errc::bad_option;
    return {};
}

sa_table::sa_table(sa_table_limits limits)
    : _limits(limits),
      _blocks_per_sa(replay_blocks(limits.max_replay_window)),
      _runtime(limits.max_sas),
      _keys(new sa_keys[limits.max_sas]),
      _info(limits.max_sas),
      _stats(limits.max_sas),
      _replay_blocks(new std::uint64_t[std::size_t{limits.max_sas} * _blocks_per_sa]) {
    _free.reserve(limits.max_sas);
    for (std::uint32_t i = limits.max_sas; i > 0; --i) _free.push_back(i - 1);
}

sa_table::~sa_table() {
    for (std::uint32_t i = 0; i < _info.size(); ++i) {
        if (_info[i].in_use) (void)remove(sa_index{i});
    }
}

result<sa_index> sa_table::add(const sa_config& config, crypto::mb_manager& mgr) {
    RAVELIN_CHECK(validate(config, _limits));
    if (_free.empty()) return errc::table_full;
    const sa_index index{_free.back()};
    sa_runtime& rt = _runtime[index.value];
    rt = sa_runtime{};
    RAVELIN_CHECK(install_keys(config, rt, _keys[index.value], mgr));
    _free.pop_back();

    rt.spi_be = __builtin_bswap32(config.spi.value);
    rt.seq = config.initial_seq;
    rt.flags = static_cast<std::uint8_t>((config.esn ? flag_esn : 0) | (config.encap ? flag_udp_encap : 0));
    rt.ttl = config.ttl;
    rt.tfc_pad_to = config.tfc_pad_to;
    if (config.proto == ipsec_proto::ah) rt.flags |= flag_ah;
    if (config.ipcomp) {
        rt.flags |= flag_ipcomp;
        rt.ipcomp_cpi = config.ipcomp->cpi;
        rt.ipcomp_min = config.ipcomp->min_size;
    }
    rt.soft = config.soft;
    rt.hard = config.hard;
    if (config.dir == direction::inbound) {
        const std::uint32_t blocks = replay_blocks(config.replay_window);
        rt.replay.blocks = &_replay_blocks[std::size_t{index.value} * _blocks_per_sa];
        std::memset(rt.replay.blocks, 0, blocks * sizeof(std::uint64_t));
        rt.replay.window = config.replay_window;
        rt.replay.block_mask = blocks - 1;
    }
    build_outer_template(config, rt);

    _info[index.value] = sa_info{config.spi, config.proto, config.dir, config.mode, config.cipher, config.integ, config.esn, true,
                                 config.tunnel_src, config.tunnel_dst, config.encap, config.soft, config.hard};
    _stats[index.value] = sa_stats{};
    rt.process = select_burst_fn(_info[index.value]);
    return index;
}

result<void> sa_table::install_keys(const sa_config& c, sa_runtime& rt, sa_keys& keys, crypto::mb_manager& mgr) {
    if (c.proto == ipsec_proto::ah) {
        if (!crypto::precompute_hmac(mgr.raw(), hmac_of(c.integ), c.integ_key.expose(), keys.cbc.hmac)) {
            return errc::bad_key_length;
        }
        rt.ipad = keys.cbc.hmac.ipad;
        rt.opad = keys.cbc.hmac.opad;
        rt.imb_cipher = IMB_CIPHER_NULL;
        rt.imb_hash = static_cast<std::uint8_t>(crypto::hmac_imb_alg(hmac_of(c.integ)));
        rt.icv_len = icv_length(c.integ);
        return {};
    }
    const auto key = c.cipher_key.expose();
    const std::size_t key_bytes = salted(c.cipher) ? key.size() - 4 : key.size();
    if (salted(c.cipher)) std::memcpy(rt.salt.data(), key.data() + key_bytes, 4);
    rt.key_len = static_cast<std::uint8_t>(key_bytes);
    rt.iv_len = 8;  // RFC 4106 §3.1, RFC 4543 §3.1, RFC 7634 §2
    rt.icv_len = 16;
    rt.pad_align = 4;
    switch (c.cipher) {
        case cipher_alg::aes_gcm_16:
        case cipher_alg::aes_gmac:
            if (!crypto::expand_gcm_key(mgr.raw(), key.first(key_bytes), keys.gcm)) return errc::bad_key_length;
            rt.enc_keys = rt.dec_keys = &keys.gcm;
            rt.imb_cipher = IMB_CIPHER_GCM;
            rt.imb_hash = IMB_AUTH_AES_GMAC;
            break;
        case cipher_alg::chacha20_poly1305:
            std::memcpy(keys.chacha, key.data(), 32);
            rt.enc_keys = rt.dec_keys = keys.chacha;
            rt.imb_cipher = IMB_CIPHER_CHACHA20_POLY1305;
            rt.imb_hash = IMB_AUTH_CHACHA20_POLY1305;
            break;
        case cipher_alg::aes_cbc:
            if (!crypto::expand_aes_key(mgr.raw(), key, keys.cbc.aes)) return errc::bad_key_length;
            if (!crypto::precompute_hmac(mgr.raw(), hmac_of(c.integ), c.integ_key.expose(), keys.cbc.hmac)) {
                return errc::bad_key_length;
            }
            rt.enc_keys = keys.cbc.aes.enc;
            rt.dec_keys = keys.cbc.aes.dec;
            rt.ipad = keys.cbc.hmac.ipad;
            rt.opad = keys.cbc.hmac.opad;
            rt.imb_cipher = IMB_CIPHER_CBC;
            rt.imb_hash = static_cast<std::uint8_t>(crypto::hmac_imb_alg(hmac_of(c.integ)));
            rt.iv_len = 16;  // RFC 3602 §3
            rt.icv_len = icv_length(c.integ);
            rt.pad_align = 16;
            break;
    }
    return {};
}

void sa_table::build_outer_template(const sa_config& c, sa_runtime& rt) noexcept {
    std::uint8_t* t = rt.outer.data();
    const std::uint8_t proto = c.proto == ipsec_proto::ah ? 51 : c.encap ? 17 : 50;
    std::uint16_t ip_len = 0;
    if (c.mode == ipsec_mode::tunnel && c.dir == direction::outbound) {
        if (c.tunnel_src.is_v4()) {
            ip_len = 20;
            t[0] = 0x45;  // RFC 791, no options
            t[8] = c.ttl;
            t[9] = proto;
            std::memcpy(t + 12, c.tunnel_src.bytes().data(), 4);
            std::memcpy(t + 16, c.tunnel_dst.bytes().data(), 4);
            // RFC 1071: the words that never change are summed once; each packet
            // adds TOS, total length and identification.
            for (int i = 0; i < 20; i += 2) rt.outer_sum += static_cast<std::uint32_t>(t[i] << 8 | t[i + 1]);
        } else {
            ip_len = 40;
            rt.flags |= flag_outer_v6;
            t[0] = 0x60;  // RFC 8200 §3
            t[6] = proto;
            t[7] = c.ttl;
            std::memcpy(t + 8, c.tunnel_src.bytes().data(), 16);
            std::memcpy(t + 24, c.tunnel_dst.bytes().data(), 16);
        }
    }
    rt.outer_len = ip_len;
    if (c.encap) {  // RFC 3948 §2.1: checksum zero
        t[ip_len] = static_cast<std::uint8_t>(c.encap->src_port >> 8);
        t[ip_len + 1] = static_cast<std::uint8_t>(c.encap->src_port);
        t[ip_len + 2] = static_cast<std::uint8_t>(c.encap->dst_port >> 8);
        t[ip_len + 3] = static_cast<std::uint8_t>(c.encap->dst_port);
        rt.outer_len = static_cast<std::uint16_t>(ip_len + 8);
    }
}

result<void> sa_table::remove(sa_index index) {
    if (!valid(index)) return errc::bad_sa_index;
    sa_runtime& rt = _runtime[index.value];
    if (rt.replay.blocks != nullptr) common::secure_wipe(rt.replay.blocks, _blocks_per_sa * sizeof(std::uint64_t));
    common::secure_wipe(&_keys[index.value], sizeof(sa_keys));
    common::secure_wipe(&rt, sizeof(sa_runtime));
    _info[index.value].in_use = false;
    _free.push_back(index.value);
    return {};
}

}  // namespace ravelin::dp::ipsec
