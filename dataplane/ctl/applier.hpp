#pragma once
// The main lcore's side of the command ring: applies SA and policy commands to
// the SAD (inbound SPI index) and SPD (published snapshots), reports refusals
// and answers queries on the event ring, and publishes per-SA counters into the
// segment for ravelin-ike and metrics scrapes.
//
// SA state itself lives behind sa_backend (the ESP engine's SA table in
// ravelin-dp, a fake in tests). A deleted SA's index is handed back to the
// backend only after a grace period, when no worker can still hold it.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "common/shm/segment.hpp"
#include "dataplane/lookup/spd.hpp"
#include "dataplane/lookup/spi_table.hpp"

namespace ravelin::dp::ctl {

namespace shm = common::shm;

struct install_result {
    std::uint32_t index = lookup::no_sa;
    shm::command_error error = shm::command_error::none;
};

struct sa_usage {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t drops = 0;
};

// Control-path only (one virtual call per command, never per packet).
class sa_backend {
public:
    virtual ~sa_backend() = default;
    virtual install_result install(const shm::sa_record& sa) = 0;
    virtual void remove(std::uint32_t index) = 0;
    [[nodiscard]] virtual sa_usage usage(std::uint32_t index) const = 0;
};

// Which SA an index is, for events raised by the packet engine.
struct sa_identity {
    std::uint8_t protocol = 3;
    shm::direction_code dir = shm::direction_code::inbound;
    std::uint32_t spi = 0;
    std::uint32_t reqid = 0;
    std::uint32_t counter_slot = 0;
    std::uint64_t order = 0;  // install order: the newest outbound SA of a reqid carries its traffic
};

struct applier_stats {
    std::uint64_t applied = 0;
    std::uint64_t refused = 0;
    std::uint64_t events_lost = 0;  // event ring full
};

class applier {
public:
    applier(shm::segment& segment, sa_backend& backend, std::uint32_t max_sas, std::function<void()> wait_for_readers);

    // Applies up to `budget` commands; returns how many were applied or refused.
    // Policy changes and new outbound SAs reach the workers when the ring is
    // drained, before the next SA deletion or query, or every max_stale_changes
    // commands.
    std::size_t poll(std::size_t budget = 64);
    // Copies the counters of up to `budget` SAs into the segment, going on from
    // where the last call stopped (a sweep over 100,000 SAs reads tens of MB:
    // ravelin-dp does it in slices between ring commands). True when the call
    // completed a sweep over every SA.
    bool publish_counters(std::size_t budget = std::numeric_limits<std::size_t>::max());
    // Events of the packet engine for SA `index`: expiry, sequence overflow.
    void raise(std::uint32_t index, shm::event_kind kind);
    // An outbound packet hit trap policy `reqid` (rate limiting is the caller's).
    void raise_acquire(std::uint32_t reqid, const shm::address_record& src, const shm::address_record& dst,
                       std::uint8_t ip_protocol, std::uint16_t src_port, std::uint16_t dst_port);

    [[nodiscard]] const lookup::spi_table& inbound() const noexcept { return _inbound; }
    [[nodiscard]] const lookup::spd_publisher& spd() const noexcept { return _spd; }
    [[nodiscard]] std::optional<sa_identity> identify(std::uint32_t index) const;
    [[nodiscard]] const applier_stats& stats() const noexcept { return _stats; }
    [[nodiscard]] std::size_t sa_count() const noexcept { return _by_index.size(); }
    [[nodiscard]] std::size_t policy_count() const noexcept { return _policies.size(); }

private:
    using sa_key = std::tuple<std::uint8_t, std::uint32_t, shm::direction_code>;

    shm::command_error apply(const shm::command_record& command);
    shm::command_error add_sa(const shm::sa_record& sa);
    shm::command_error delete_sa(const shm::sa_ref_record& ref);
    shm::command_error add_policy(const shm::policy_record& policy);
    shm::command_error delete_policy(const shm::policy_record& policy);
    // Policy changes and outbound SAs only mark the SPD stale; it is compiled
    // (or rebound) once the ring is drained (see poll), or before any command
    // that relies on it.
    void rebuild_spd(bool policies_changed);
    void flush_spd();
    void emit(const shm::event_record& event);

    shm::segment* _segment;
    sa_backend* _backend;
    std::uint32_t _max_sas;
    std::function<void()> _wait_for_readers;
    shm::ring_consumer<shm::command_record, shm::command_slots> _commands;
    shm::ring_producer<shm::event_record, shm::event_slots> _events;
    lookup::spi_table _inbound;
    lookup::spd_publisher _spd;
    std::map<sa_key, std::uint32_t> _by_key;
    std::map<std::uint32_t, sa_identity> _by_index;
    // reqid -> install order -> index of its outbound SAs: the newest carries
    // the reqid's traffic. Kept alongside _by_index so binding the SPD costs the
    // number of reqids, not of SAs (an outbound install rebinds it).
    std::map<std::uint32_t, std::map<std::uint64_t, std::uint32_t>> _outbound;
    std::vector<shm::policy_record> _policies;
    static constexpr std::size_t max_stale_changes = 4096;
    std::size_t _stale_policies = 0;  // policy commands applied since the SPD was published
    std::size_t _stale_bindings = 0;  // outbound SAs added since then
    std::uint64_t _order = 0;
    std::uint32_t _publish_next = 0;  // the SA index publish_counters goes on from
    applier_stats _stats;
};

}  // namespace ravelin::dp::ctl
