#pragma once
// The named POSIX shared-memory segment between ravelin-ike and ravelin-dp
// (docs/ARCHITECTURE.md, "The shared-memory ring"). ravelin-dp creates it and
// bumps its generation number on every start; ravelin-ike attaches to it,
// refuses a layout it was not built for, and notices a new generation (or a
// segment replaced under the same name) as a dataplane restart.
//
//   header | command ring (ike -> dp) | event ring (dp -> ike) | per-SA counters | per-lcore counters

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>

#include "common/result.hpp"
#include "common/shm/records.hpp"
#include "common/shm/spsc_ring.hpp"

namespace ravelin::common::shm {

inline constexpr std::uint64_t segment_magic = 0x31'4e'49'4c'45'56'41'52;  // "RAVELIN1" in memory order
inline constexpr std::uint32_t layout_version = 3;  // 2: sa_record::initial_seq; 3: 64 lcore counters
inline constexpr std::size_t command_slots = 4096;
inline constexpr std::size_t event_slots = 4096;
inline constexpr std::size_t max_sa_counters = 131072;
inline constexpr std::size_t max_lcores = 64;
inline constexpr const char* default_segment_name = "/ravelin-dp";

using command_ring = spsc_ring<command_record, command_slots>;
using event_ring = spsc_ring<event_record, event_slots>;

struct alignas(cache_line) segment_header {
    std::atomic<std::uint64_t> magic;  // written last by the creator
    std::uint32_t version;
    std::uint32_t header_size;
    std::uint64_t total_size;
    std::atomic<std::uint64_t> generation;  // new on every ravelin-dp start
    std::atomic<std::int32_t> owner_pid;    // the ravelin-dp that created this generation
};

struct segment_layout {
    segment_header header;
    command_ring commands;
    event_ring events;
    sa_counter_block sa_counters[max_sa_counters];
    lcore_counter_block lcore_counters[max_lcores];
};

enum class shm_errc {
    os_error = 1,     // shm_open, ftruncate or mmap failed
    not_found,        // no segment by that name (ravelin-dp not started)
    layout_mismatch,  // magic, version or size differ from this build
    in_use,           // another live ravelin-dp owns the segment
    bad_name,         // not "/name" without further slashes
};

const std::error_category& shm_category() noexcept;
inline std::error_code make_error_code(shm_errc e) noexcept { return {static_cast<int>(e), shm_category()}; }

class segment {
public:
    // ravelin-dp: creates the segment, or takes over the one a previous run
    // left (same layout, owner gone): pending commands are wiped and dropped,
    // SA counters cleared, and the generation is bumped.
    static result<segment> create(const std::string& name);
    // ravelin-ike: maps an existing segment and checks its layout.
    static result<segment> attach(const std::string& name);
    // Removes the name; mappings stay valid until unmapped.
    static void remove(const std::string& name) noexcept;

    segment(segment&& other) noexcept;
    segment& operator=(segment&& other) noexcept;
    segment(const segment&) = delete;
    segment& operator=(const segment&) = delete;
    ~segment();

    [[nodiscard]] segment_layout& layout() noexcept { return *_layout; }
    [[nodiscard]] std::uint64_t generation() const noexcept {
        return _layout->header.generation.load(std::memory_order_acquire);
    }
    // True when the name now refers to another segment than the mapped one
    // (ravelin-dp removed and recreated it).
    [[nodiscard]] bool replaced() const noexcept;
    [[nodiscard]] const std::string& name() const noexcept { return _name; }

private:
    segment(std::string name, segment_layout* layout, std::uint64_t device, std::uint64_t inode) noexcept;

    std::string _name;
    segment_layout* _layout = nullptr;
    std::uint64_t _device = 0;
    std::uint64_t _inode = 0;
};

}  // namespace ravelin::common::shm

template <>
struct std::is_error_code_enum<ravelin::common::shm::shm_errc> : std::true_type {};
