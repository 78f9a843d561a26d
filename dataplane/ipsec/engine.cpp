#include "dataplane/ipsec/engine.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <new>

#include "dataplane/ipsec/esp.hpp"

namespace ravelin::dp::ipsec {

transform_kind kind_of(cipher_alg c) noexcept {
    switch (c) {
        case cipher_alg::aes_cbc: return transform_kind::cipher_hmac;
        case cipher_alg::aes_gmac: return transform_kind::gmac;
        case cipher_alg::aes_gcm_16:
        case cipher_alg::chacha20_poly1305: return transform_kind::aead;
    }
    return transform_kind::aead;
}

namespace {

template <ipsec_mode M, bool V6>
burst_fn outbound_for(transform_kind k) noexcept {
    switch (k) {
        case transform_kind::aead: return &esp_outbound<M, V6, transform_kind::aead>;
        case transform_kind::cipher_hmac: return &esp_outbound<M, V6, transform_kind::cipher_hmac>;
        case transform_kind::gmac: return &esp_outbound<M, V6, transform_kind::gmac>;
    }
    return nullptr;
}

template <ipsec_mode M>
burst_fn inbound_for(transform_kind k) noexcept {
    switch (k) {
        case transform_kind::aead: return &esp_inbound<M, transform_kind::aead>;
        case transform_kind::cipher_hmac: return &esp_inbound<M, transform_kind::cipher_hmac>;
        case transform_kind::gmac: return &esp_inbound<M, transform_kind::gmac>;
    }
    return nullptr;
}

}  // namespace

burst_fn select_burst_fn(const sa_info& info) noexcept {
    if (info.proto == ipsec_proto::ah) {
        if (info.dir == direction::inbound) {
            return info.mode == ipsec_mode::tunnel ? &ah_inbound<ipsec_mode::tunnel> : &ah_inbound<ipsec_mode::transport>;
        }
        if (info.mode == ipsec_mode::transport) return &ah_outbound<ipsec_mode::transport, false>;
        return info.tunnel_src.is_v4() ? &ah_outbound<ipsec_mode::tunnel, false> : &ah_outbound<ipsec_mode::tunnel, true>;
    }
    const transform_kind k = kind_of(info.cipher);
    if (info.dir == direction::inbound) {
        return info.mode == ipsec_mode::tunnel ? inbound_for<ipsec_mode::tunnel>(k) : inbound_for<ipsec_mode::transport>(k);
    }
    if (info.mode == ipsec_mode::transport) return outbound_for<ipsec_mode::transport, false>(k);
    return info.tunnel_src.is_v4() ? outbound_for<ipsec_mode::tunnel, false>(k) : outbound_for<ipsec_mode::tunnel, true>(k);
}

esp_engine::esp_engine(crypto::mb_manager& mgr, sa_table& table, std::size_t event_capacity)
    : _mgr(&mgr),
      _table(&table),
      _scratch(max_burst),
      _event_capacity(event_capacity),
      _compressor(libdeflate_alloc_compressor(1)),  // fastest level: the packet path pays for it
      _decompressor(libdeflate_alloc_decompressor()),
      _zbuf(65536) {
    _events.reserve(event_capacity);
    if (_compressor == nullptr || _decompressor == nullptr) {
        libdeflate_free_compressor(_compressor);
        libdeflate_free_decompressor(_decompressor);
        throw std::bad_alloc();  // start-up failure
    }
}

esp_engine::~esp_engine() {
    libdeflate_free_compressor(_compressor);
    libdeflate_free_decompressor(_decompressor);
}

void esp_engine::raise(sa_index index, sa_event_kind kind) noexcept {
    if (_events.size() < _event_capacity) {
        _events.push_back(sa_event{index, kind});
    } else {
        ++_events_lost;
    }
}

std::uint16_t esp_engine::process(sa_index index, std::span<rte_mbuf*> pkts, std::span<drop_reason> reasons) noexcept {
    sa_runtime& rt = _table->runtime(index);
    sa_stats& stats = _table->stats(index);
    std::size_t good = 0;
    if (reasons.size() < pkts.size()) pkts = pkts.first(reasons.size());  // a caller bug: never write past reasons
    for (std::size_t start = 0; start < pkts.size(); start += max_burst) {
        const std::size_t n = std::min(max_burst, pkts.size() - start);
        const std::uint16_t ok = rt.process(*this, rt, index, pkts.subspan(start, n), reasons.subspan(start, n));
        for (std::size_t i = start + ok; i < start + n; ++i) ++stats.drops[static_cast<std::size_t>(reasons[i])];
        // [good ... | bad of earlier chunks | good of this chunk | bad of this chunk]:
        // rotate this chunk's good packets in front of the earlier drops.
        std::rotate(pkts.begin() + static_cast<std::ptrdiff_t>(good), pkts.begin() + static_cast<std::ptrdiff_t>(start),
                    pkts.begin() + static_cast<std::ptrdiff_t>(start + ok));
        std::rotate(reasons.begin() + static_cast<std::ptrdiff_t>(good), reasons.begin() + static_cast<std::ptrdiff_t>(start),
                    reasons.begin() + static_cast<std::ptrdiff_t>(start + ok));
        good += ok;
    }
    return static_cast<std::uint16_t>(good);
}

}  // namespace ravelin::dp::ipsec
