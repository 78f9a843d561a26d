#pragma once
// esp_engine: the per-lcore packet engine for ESP (RFC 4303, with IPComp per
// RFC 3173 inside it) and AH (RFC 4302); the SA's burst function decides which.
// It owns nothing shared: one IPsec-MB manager, per-packet scratch space, an
// event buffer and the DEFLATE state, all allocated at start-up.
//
//   uint16_t good = engine.process(sa, pkts, reasons);
//   pkts[0, good)          processed, ready to send / deliver
//   pkts[good, n)          dropped; reasons[i] says why (the caller frees them)
//
// The burst runs the rte_ipsec phases in one call, since IPsec-MB completes
// synchronously: prepare (header checks, replay check, sequence reservation),
// crypto (burst submission), process (ICV verdict, replay update, decap).

#include <cstdint>
#include <span>
#include <vector>

#include "dataplane/crypto/mb_manager.hpp"
#include "dataplane/ipsec/sa.hpp"
#include "dataplane/ipsec/sa_table.hpp"

struct libdeflate_compressor;
struct libdeflate_decompressor;

namespace ravelin::dp::ipsec {

// Packets handed to a burst function at once (the IPsec-MB job queue holds 128).
inline constexpr std::size_t max_burst = 64;

// Per-packet state that must outlive job submission.
struct alignas(64) packet_scratch {
    std::uint8_t nonce[16];   // salt | IV (RFC 4106 §4)
    std::uint8_t aad[16];     // SPI | seq_hi | seq_lo with ESN (RFC 4106 §5)
    std::uint8_t icv[64];     // ICV computed on receive
    std::uint8_t saved[32];   // bytes overwritten to hash seq_hi in place (RFC 4303 §2.2.1)
    std::uint64_t seq;        // full sequence number
    std::uint16_t esp_off;    // ESP header offset from the packet start
    std::uint16_t text_len;   // encrypted part: payload | TFC | padding | pad length | next header
    std::uint16_t nh_off;     // byte naming ESP (transport: the IP protocol / last next header)
    std::uint16_t prefix;     // transport: IP header bytes kept in front of ESP
    std::uint16_t ah_len;     // AH: header length including ICV and padding
    std::uint8_t hdr[128];    // AH: IP headers as sent, while their mutable fields are zeroed
};

class esp_engine {
public:
    esp_engine(crypto::mb_manager& mgr, sa_table& table, std::size_t event_capacity = 1024);
    ~esp_engine();
    esp_engine(const esp_engine&) = delete;
    esp_engine& operator=(const esp_engine&) = delete;

    // Processes `pkts` (up to 65535) on SA `index`; reasons.size() >= pkts.size().
    // One lcore at a time per SA: the hot record has a single writer.
    std::uint16_t process(sa_index index, std::span<rte_mbuf*> pkts, std::span<drop_reason> reasons) noexcept;

    // Events since the last clear (soft/hard lifetime, sequence overflow), in order.
    [[nodiscard]] std::span<const sa_event> events() const noexcept { return _events; }
    void clear_events() noexcept { _events.clear(); }
    [[nodiscard]] std::uint64_t events_lost() const noexcept { return _events_lost; }

    // For the burst functions.
    [[nodiscard]] IMB_MGR* mgr() const noexcept { return _mgr->raw(); }
    [[nodiscard]] sa_table& table() noexcept { return *_table; }
    [[nodiscard]] packet_scratch* scratch() noexcept { return _scratch.data(); }
    void raise(sa_index index, sa_event_kind kind) noexcept;
    [[nodiscard]] libdeflate_compressor* compressor() noexcept { return _compressor; }
    [[nodiscard]] libdeflate_decompressor* decompressor() noexcept { return _decompressor; }
    [[nodiscard]] std::span<std::uint8_t> zbuf() noexcept { return _zbuf; }

private:
    crypto::mb_manager* _mgr;
    sa_table* _table;
    std::vector<packet_scratch> _scratch;
    std::vector<sa_event> _events;  // capacity reserved up front: push_back never allocates
    std::size_t _event_capacity;
    std::uint64_t _events_lost = 0;
    libdeflate_compressor* _compressor = nullptr;      // IPComp, allocated once per lcore
    libdeflate_decompressor* _decompressor = nullptr;
    std::vector<std::uint8_t> _zbuf;                    // IPComp work buffer, 64 KiB
};

}  // namespace ravelin::dp::ipsec
