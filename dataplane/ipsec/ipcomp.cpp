#include "dataplane/ipsec/ipcomp.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>

#include "dataplane/ipsec/packet.hpp"

namespace ravelin::dp::ipsec {

std::size_t ipcomp_compress(esp_engine& engine, const sa_runtime& rt, std::uint8_t* body, std::size_t len,
                            std::uint8_t next_header) noexcept {
    if (len < rt.ipcomp_min || len <= ipcomp_header_len + 1) return 0;
    const std::span<std::uint8_t> out = engine.zbuf();
    // RFC 3173 §2.2: only worth sending if strictly smaller than the original.
    const std::size_t limit = std::min(out.size(), len - ipcomp_header_len - 1);
    const std::size_t clen = libdeflate_deflate_compress(engine.compressor(), body, len, out.data(), limit);
    if (clen == 0) return 0;
    body[0] = next_header;
    body[1] = 0;  // flags, reserved
    pkt::store16(body + 2, rt.ipcomp_cpi);
    std::memcpy(body + ipcomp_header_len, out.data(), clen);
    return ipcomp_header_len + clen;
}

drop_reason ipcomp_decompress(esp_engine& engine, const sa_runtime& rt, std::uint8_t* payload, std::size_t len,
                              std::size_t room, std::uint8_t& nh, std::size_t& out_len) noexcept {
    if (len < ipcomp_header_len || pkt::load16(payload + 2) != rt.ipcomp_cpi) return drop_reason::decompress_failed;
    nh = payload[0];
    const std::span<std::uint8_t> out = engine.zbuf();
    // The bound is what the packet buffer can hold: a bomb stops there.
    const std::size_t avail = std::min(out.size(), room);
    std::size_t produced = 0;
    const libdeflate_result r = libdeflate_deflate_decompress(engine.decompressor(), payload + ipcomp_header_len,
                                                              len - ipcomp_header_len, out.data(), avail, &produced);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return drop_reason::decompress_too_large;
    if (r != LIBDEFLATE_SUCCESS) return drop_reason::decompress_failed;
    std::memcpy(payload, out.data(), produced);
    out_len = produced;
    return drop_reason::none;
}

}  // namespace ravelin::dp::ipsec
