#pragma once
// An lcore's worth of ESP machinery for tests: a manager, an SA table, an
// engine, and helpers to push byte vectors through a burst.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "dataplane/ipsec/engine.hpp"
#include "eal_env.hpp"
#include "test_util.hpp"

namespace ravelin::dp::test {

struct burst_out {
    std::vector<bytes> good;
    std::vector<ipsec::drop_reason> dropped;
};

class esp_fixture : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(init_eal());
        pool = test_pool();
        ASSERT_NE(pool, nullptr);
        auto m = crypto::mb_manager::create();
        ASSERT_TRUE(m.has_value()) << m.error().message();
        mgr = std::make_unique<crypto::mb_manager>(std::move(m).value());
        table = std::make_unique<ipsec::sa_table>(ipsec::sa_table_limits{64, 8192});
        engine = std::make_unique<ipsec::esp_engine>(*mgr, *table);
    }

    ipsec::sa_index add(const ipsec::sa_config& c) {
        auto r = table->add(c, *mgr);
        EXPECT_TRUE(r.has_value()) << r.error().message();
        return r.has_value() ? r.value() : ipsec::sa_index{};
    }

    // Runs `in` as one burst; frees every mbuf; good packets keep their order.
    burst_out run(ipsec::sa_index sa, const std::vector<bytes>& in) {
        std::vector<rte_mbuf*> mbufs;
        for (const bytes& b : in) mbufs.push_back(to_mbuf(pool, b));
        std::vector<ipsec::drop_reason> reasons(in.size());
        const std::uint16_t ok = engine->process(sa, mbufs, reasons);
        burst_out out;
        for (std::size_t i = 0; i < mbufs.size(); ++i) {
            if (i < ok) {
                out.good.push_back(from_mbuf(mbufs[i]));
            } else {
                out.dropped.push_back(reasons[i]);
            }
            rte_pktmbuf_free(mbufs[i]);
        }
        return out;
    }

    bytes run_one(ipsec::sa_index sa, const bytes& in) {
        burst_out out = run(sa, {in});
        EXPECT_EQ(out.good.size(), 1u) << (out.dropped.empty() ? "" : ipsec::drop_reason_name(out.dropped[0]));
        return out.good.empty() ? bytes{} : out.good[0];
    }

    ipsec::drop_reason drop_one(ipsec::sa_index sa, const bytes& in) {
        burst_out out = run(sa, {in});
        EXPECT_EQ(out.dropped.size(), 1u);
        return out.dropped.empty() ? ipsec::drop_reason::none : out.dropped[0];
    }

    std::uint64_t drops(ipsec::sa_index sa, ipsec::drop_reason r) const {
        return table->stats(sa).drops[static_cast<std::size_t>(r)];
    }

    rte_mempool* pool = nullptr;
    std::unique_ptr<crypto::mb_manager> mgr;
    std::unique_ptr<ipsec::sa_table> table;
    std::unique_ptr<ipsec::esp_engine> engine;
};

}  // namespace ravelin::dp::test
