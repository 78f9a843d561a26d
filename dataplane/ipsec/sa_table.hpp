#pragma once
// The preallocated SA table: SAs are indices, every array is sized at start-up,
// and installing or deleting an SA never touches another SA's state.

#include <cstdint>
#include <memory>
#include <vector>

#include "common/result.hpp"
#include "dataplane/crypto/mb_manager.hpp"
#include "dataplane/ipsec/error.hpp"
#include "dataplane/ipsec/sa.hpp"

namespace ravelin::dp::ipsec {

using common::result;

struct sa_table_limits {
    std::uint32_t max_sas = 1024;
    std::uint32_t max_replay_window = 4096;  // bits; each SA reserves this much bitmap
};

class sa_table {
public:
    explicit sa_table(sa_table_limits limits);
    ~sa_table();
    sa_table(const sa_table&) = delete;
    sa_table& operator=(const sa_table&) = delete;

    // Validates, expands keys with `mgr` (the installing thread's manager) and
    // picks the SA's burst function.
    result<sa_index> add(const sa_config& config, crypto::mb_manager& mgr);
    // Wipes key schedules and replay state; the index may be reused.
    result<void> remove(sa_index index);

    [[nodiscard]] bool valid(sa_index index) const noexcept {
        return index.value < _info.size() && _info[index.value].in_use;
    }
    [[nodiscard]] sa_runtime& runtime(sa_index index) noexcept { return _runtime[index.value]; }
    [[nodiscard]] const sa_runtime& runtime(sa_index index) const noexcept { return _runtime[index.value]; }
    [[nodiscard]] const sa_info& info(sa_index index) const noexcept { return _info[index.value]; }
    [[nodiscard]] sa_stats& stats(sa_index index) noexcept { return _stats[index.value]; }
    [[nodiscard]] const sa_stats& stats(sa_index index) const noexcept { return _stats[index.value]; }
    [[nodiscard]] std::uint32_t capacity() const noexcept { return static_cast<std::uint32_t>(_info.size()); }

private:
    result<void> install_keys(const sa_config& config, sa_runtime& rt, sa_keys& keys, crypto::mb_manager& mgr);
    void build_outer_template(const sa_config& config, sa_runtime& rt) noexcept;

    sa_table_limits _limits;
    std::uint32_t _blocks_per_sa;
    std::vector<sa_runtime> _runtime;
    // Key schedules and replay bitmaps, two thirds of the table's memory, are
    // left uninitialised (add() writes what an SA uses): the pages of SAs never
    // installed are never touched, so a large dataplane.max_sas costs memory as
    // SAs arrive rather than at start.
    std::unique_ptr<sa_keys[]> _keys;
    std::vector<sa_info> _info;
    std::vector<sa_stats> _stats;
    std::unique_ptr<std::uint64_t[]> _replay_blocks;
    std::vector<std::uint32_t> _free;
};

// Checks a configuration without installing it.
result<void> validate(const sa_config& config, const sa_table_limits& limits) noexcept;

}  // namespace ravelin::dp::ipsec
