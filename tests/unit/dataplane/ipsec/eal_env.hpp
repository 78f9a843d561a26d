#pragma once
// DPDK EAL for tests: initialised once per test binary, without hugepages,
// PCI, shared config files (--no-shconf; --in-memory conflicts with --no-huge) or telemetry, so several binaries run side by side
// and under ASan.

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace ravelin::dp::test {

inline bool init_eal() {
    static const bool ok = [] {
        std::vector<std::string> args = {"ravelin-test", "--no-huge", "-m", "128", "--no-pci", "--no-shconf",
                                         "--no-telemetry", "-l", "0", "--log-level=3"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        if (rte_eal_init(static_cast<int>(argv.size()), argv.data()) < 0) {
            std::fprintf(stderr, "rte_eal_init failed: %s\n", rte_strerror(rte_errno));
            return false;
        }
        return true;
    }();
    return ok;
}

// A process-wide mbuf pool with the default 128-byte headroom.
inline rte_mempool* test_pool() {
    static rte_mempool* pool = [] {
        if (!init_eal()) std::abort();
        return rte_pktmbuf_pool_create("ravelin_test_pool", 4095, 0, 0, 2048 + RTE_PKTMBUF_HEADROOM, 0);
    }();
    return pool;
}

}  // namespace ravelin::dp::test
