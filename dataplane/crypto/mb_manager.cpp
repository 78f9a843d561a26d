#include "dataplane/crypto/mb_manager.hpp"

#include <utility>

#include "common/log.hpp"

namespace ravelin::dp::crypto {

std::string_view arch_name(arch a) noexcept {
    switch (a) {
        case arch::sse: return "sse";
        case arch::avx2: return "avx2";
        case arch::avx512: return "avx512";
    }
    return "?";
}

result<arch> parse_arch(std::string_view name) noexcept {
    for (arch a : {arch::sse, arch::avx2, arch::avx512}) {
        if (name == arch_name(a)) return a;
    }
    return errc::unknown_arch_name;
}

bool arch_supported(arch a) noexcept {
    const std::uint64_t f = imb_get_feature_flags();
    const auto has = [f](std::uint64_t bits) { return (f & bits) == bits; };
    switch (a) {
        case arch::sse: return has(IMB_FEATURE_SSE4_2 | IMB_FEATURE_AESNI | IMB_FEATURE_PCLMULQDQ);
        case arch::avx2: return has(IMB_FEATURE_AVX2 | IMB_FEATURE_AESNI | IMB_FEATURE_PCLMULQDQ);
        case arch::avx512: return has(IMB_FEATURE_AVX512_SKX | IMB_FEATURE_AESNI);
    }
    return false;
}

arch best_arch() noexcept {
    for (arch a : {arch::avx512, arch::avx2}) {
        if (arch_supported(a)) return a;
    }
    return arch::sse;
}

result<mb_manager> mb_manager::create(std::optional<arch> requested) {
    const arch a = requested.value_or(best_arch());
    if (!arch_supported(a)) return errc::arch_unsupported;
    IMB_MGR* mgr = alloc_mb_mgr(0);
    if (mgr == nullptr) return errc::manager_alloc_failed;
    mb_manager owned(mgr, a);
    switch (a) {
        case arch::sse: init_mb_mgr_sse(mgr); break;
        case arch::avx2: init_mb_mgr_avx2(mgr); break;
        case arch::avx512: init_mb_mgr_avx512(mgr); break;
    }
    if (imb_get_errno(mgr) != 0) return errc::arch_unsupported;
    RAVELIN_CHECK(run_self_test(mgr));
    common::log::get(common::log::subsystem::dp)
        .debug("IPsec-MB {} manager ready ({}), self-test passed", arch_name(a), IMB_VERSION_STR);
    return owned;
}

mb_manager::mb_manager(mb_manager&& other) noexcept
    : _mgr(std::exchange(other._mgr, nullptr)), _arch(other._arch) {}

mb_manager& mb_manager::operator=(mb_manager&& other) noexcept {
    if (this != &other) {
        if (_mgr != nullptr) free_mb_mgr(_mgr);
        _mgr = std::exchange(other._mgr, nullptr);
        _arch = other._arch;
    }
    return *this;
}

mb_manager::~mb_manager() {
    if (_mgr != nullptr) free_mb_mgr(_mgr);
}

IMB_STATUS run_one_job(IMB_MGR* mgr, const IMB_JOB& job) noexcept {
    IMB_JOB* slot = IMB_GET_NEXT_JOB(mgr);
    *slot = job;
    IMB_JOB* done = IMB_SUBMIT_JOB(mgr);
    if (done == nullptr) done = IMB_FLUSH_JOB(mgr);
    // Set-up runs with nothing else in flight, so the completed job is ours.
    return done == nullptr ? IMB_STATUS_INVALID_ARGS : done->status;
}

}  // namespace ravelin::dp::crypto
