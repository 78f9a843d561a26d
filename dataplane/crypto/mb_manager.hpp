#pragma once
// One Intel IPsec-MB manager per lcore (share-nothing: a manager is never
// touched by two threads). The architecture is picked once at start-up, the
// best the CPU offers unless overridden, and a known-answer self-test must pass
// before the manager is handed out.

#include <intel-ipsec-mb.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "dataplane/crypto/error.hpp"

namespace ravelin::dp::crypto {

using common::result;

// AVX-512 includes the VAES/VPCLMULQDQ code paths when the CPU has them.
enum class arch : std::uint8_t { sse, avx2, avx512 };

std::string_view arch_name(arch a) noexcept;
// "sse", "avx2", "avx512"; "auto" is the caller's std::nullopt.
result<arch> parse_arch(std::string_view name) noexcept;
bool arch_supported(arch a) noexcept;
arch best_arch() noexcept;

class mb_manager {
public:
    // Allocates, initialises for `requested` (or the best arch) and self-tests.
    static result<mb_manager> create(std::optional<arch> requested = std::nullopt);

    mb_manager(mb_manager&& other) noexcept;
    mb_manager& operator=(mb_manager&& other) noexcept;
    mb_manager(const mb_manager&) = delete;
    mb_manager& operator=(const mb_manager&) = delete;
    ~mb_manager();

    [[nodiscard]] IMB_MGR* raw() const noexcept { return _mgr; }
    [[nodiscard]] arch architecture() const noexcept { return _arch; }

private:
    mb_manager(IMB_MGR* mgr, arch a) noexcept : _mgr(mgr), _arch(a) {}

    IMB_MGR* _mgr = nullptr;
    arch _arch = arch::sse;
};

// Submit one job built from `job` and wait for it (set-up and self-test only:
// the packet path submits bursts). Returns the completed job's status.
IMB_STATUS run_one_job(IMB_MGR* mgr, const IMB_JOB& job) noexcept;

// The known-answer tests run by mb_manager::create(), exposed for tests.
result<void> run_self_test(IMB_MGR* mgr) noexcept;

}  // namespace ravelin::dp::crypto
