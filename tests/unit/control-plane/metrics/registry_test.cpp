#include <stdexcept>

#include <gtest/gtest.h>

#include "control-plane/metrics/registry.hpp"

namespace ravelin::cp::metrics {
namespace {

TEST(naming, accepts_prometheus_style_names) {
    EXPECT_EQ(naming_problem("ravelin_ike_exchanges_total", metric_type::counter, {"exchange", "result"}), "");
    EXPECT_EQ(naming_problem("ravelin_ike_half_open_sas", metric_type::gauge, {}), "");
    EXPECT_EQ(naming_problem("ravelin_dp_worker_busy_ratio", metric_type::gauge, {"lcore"}), "");
    EXPECT_EQ(naming_problem("ravelin_ike_exchange_duration_seconds", metric_type::histogram, {}), "");
}

TEST(naming, refuses_what_the_rules_forbid) {
    EXPECT_NE(naming_problem("ike_exchanges_total", metric_type::counter, {}), "");      // prefix
    EXPECT_NE(naming_problem("ravelin_", metric_type::gauge, {}), "");                  // prefix alone
    EXPECT_NE(naming_problem("ravelin_ike_exchanges", metric_type::counter, {}), "");    // counter sans _total
    EXPECT_NE(naming_problem("ravelin_ike_sas_total", metric_type::gauge, {}), "");      // gauge with _total
    EXPECT_NE(naming_problem("ravelin_rtt_milliseconds", metric_type::gauge, {}), "");   // not a base unit
    EXPECT_NE(naming_problem("ravelin_busy_percent", metric_type::gauge, {}), "");
    EXPECT_NE(naming_problem("ravelin_x:rate", metric_type::gauge, {}), "");             // colon
    EXPECT_NE(naming_problem("ravelin_ike-sas", metric_type::gauge, {}), "");
    EXPECT_NE(naming_problem("ravelin_9", metric_type::gauge, {"9x"}), "");              // label grammar
    EXPECT_NE(naming_problem("ravelin_x", metric_type::gauge, {"__name"}), "");          // reserved label
    EXPECT_NE(naming_problem("ravelin_x", metric_type::gauge, {"a", "a"}), "");          // duplicate label
    EXPECT_NE(naming_problem("ravelin_x_seconds", metric_type::histogram, {"le"}), "");  // le is reserved
    EXPECT_NE(naming_problem("ravelin_x_count", metric_type::histogram, {}), "");
}

TEST(registry, owned_counters_and_gauges_are_read_at_scrape) {
    registry reg;
    auto& scrapes = reg.add_counter({"ravelin_test_scrapes_total", {}, {"code"}, "Scrapes."});
    auto& depth = reg.add_gauge({"ravelin_test_depth", {}, {}, "Depth."});
    counter& ok = scrapes.with({"200"});
    ok.inc();
    ok.inc(2);
    depth.with({}).set(7);
    depth.with({}).dec(2);
    EXPECT_EQ(reg.expose(),
              "# HELP ravelin_test_depth Depth.\n# TYPE ravelin_test_depth gauge\nravelin_test_depth 5\n"
              "# HELP ravelin_test_scrapes_total Scrapes.\n# TYPE ravelin_test_scrapes_total counter\n"
              "ravelin_test_scrapes_total{code=\"200\"} 3\n");
    ok.inc();
    EXPECT_EQ(reg.collect().find("ravelin_test_scrapes_total")->values().at({"200"}), 4);
}

TEST(registry, collectors_run_on_every_scrape_and_read_the_owner_then) {
    registry reg;
    int sessions = 1;
    reg.add_collector([&sessions](snapshot& snap) {
        snap.of({"ravelin_test_sessions", metric_type::gauge, {}, "Sessions."}).set({}, sessions);
    });
    EXPECT_EQ(reg.collect().find("ravelin_test_sessions")->values().at({}), 1);
    sessions = 9;
    EXPECT_EQ(reg.collect().find("ravelin_test_sessions")->values().at({}), 9);
}

TEST(registry, two_collectors_adding_to_one_family_sum_up) {
    registry reg;
    const descriptor sas{"ravelin_test_sas", metric_type::gauge, {"state"}, "SAs."};
    reg.add_collector([&](snapshot& snap) { snap.of(sas).add({"up"}, 2); });
    reg.add_collector([&](snapshot& snap) { snap.of(sas).add({"up"}, 3); });
    EXPECT_EQ(reg.collect().find("ravelin_test_sas")->values().at({"up"}), 5);
}

TEST(registry, programming_errors_throw) {
    registry reg;
    EXPECT_THROW(reg.add_counter({"ravelin_bad", {}, {}, ""}), std::logic_error);
    reg.add_gauge({"ravelin_test_g", {}, {"a"}, ""});
    EXPECT_THROW(reg.add_gauge({"ravelin_test_g", {}, {"a"}, ""}), std::logic_error);
    EXPECT_THROW(reg.add_histogram({"ravelin_test_h_seconds", {}, {}, ""}, {2, 1}), std::logic_error);
    auto& c = reg.add_counter({"ravelin_test_c_total", {}, {"a"}, ""});
    EXPECT_THROW(c.with({}), std::logic_error);
    EXPECT_THROW(c.with({"x"}).inc(-1), std::logic_error);
    // A collector declaring a family the registry owns with another type.
    reg.add_collector([](snapshot& snap) { snap.of({"ravelin_test_c_total", metric_type::gauge, {"a"}, ""}); });
    EXPECT_THROW((void)reg.collect(), std::logic_error);
}

TEST(registry, snapshot_rejects_wrong_label_arity) {
    snapshot snap;
    EXPECT_THROW(snap.of({"ravelin_test_x", metric_type::gauge, {"a"}, ""}).set({}, 1), std::logic_error);
}

}  // namespace
}  // namespace ravelin::cp::metrics
