#pragma once
// Matching outbound/inbound SA configurations for tests.

#include <string>

#include "test_util.hpp"

namespace ravelin::dp::test {

struct transform {
    ipsec::cipher_alg cipher;
    ipsec::integ_alg integ;
    std::size_t key_len;    // with salt
    std::size_t integ_len;
    const char* name;
};

inline const transform transforms[] = {
    {ipsec::cipher_alg::aes_gcm_16, ipsec::integ_alg::none, 20, 0, "aes128gcm16"},
    {ipsec::cipher_alg::aes_gcm_16, ipsec::integ_alg::none, 36, 0, "aes256gcm16"},
    {ipsec::cipher_alg::aes_cbc, ipsec::integ_alg::hmac_sha1_96, 16, 20, "aes128_sha1"},
    {ipsec::cipher_alg::aes_cbc, ipsec::integ_alg::hmac_sha256_128, 32, 32, "aes256_sha256"},
    {ipsec::cipher_alg::aes_cbc, ipsec::integ_alg::hmac_sha384_192, 16, 48, "aes128_sha384"},
    {ipsec::cipher_alg::aes_cbc, ipsec::integ_alg::hmac_sha512_256, 32, 64, "aes256_sha512"},
    {ipsec::cipher_alg::chacha20_poly1305, ipsec::integ_alg::none, 36, 0, "chacha20poly1305"},
    {ipsec::cipher_alg::aes_gmac, ipsec::integ_alg::none, 20, 0, "aes128gmac"},
    {ipsec::cipher_alg::aes_gmac, ipsec::integ_alg::none, 36, 0, "aes256gmac"},
};

struct sa_params {
    transform t = transforms[0];
    ipsec::ipsec_mode mode = ipsec::ipsec_mode::tunnel;
    bool outer_v6 = false;
    bool esn = false;
    bool encap = false;
    std::uint32_t spi = 0x1000;
    std::uint8_t key_seed = 1;
};

inline ipsec::sa_config make_sa(const sa_params& p, ipsec::direction dir) {
    ipsec::sa_config c;
    c.spi = ipsec::spi{p.spi};
    c.dir = dir;
    c.mode = p.mode;
    c.cipher = p.t.cipher;
    c.integ = p.t.integ;
    c.cipher_key = secret(p.t.key_len, p.key_seed);
    c.integ_key = secret(p.t.integ_len, static_cast<std::uint8_t>(p.key_seed + 100));
    c.esn = p.esn;
    c.replay_window = 128;
    c.tunnel_src = addr(p.outer_v6 ? "2001:db8:ff::1" : "192.0.2.1");
    c.tunnel_dst = addr(p.outer_v6 ? "2001:db8:ff::2" : "192.0.2.2");
    if (p.encap) c.encap = ipsec::udp_encap{4500, 4500};
    return c;
}

}  // namespace ravelin::dp::test
