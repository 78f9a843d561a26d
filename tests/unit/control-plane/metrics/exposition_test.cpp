#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "control-plane/metrics/exposition.hpp"
#include "control-plane/metrics/registry.hpp"

namespace ravelin::cp::metrics {
namespace {

const descriptor exchanges{"ravelin_test_exchanges_total", metric_type::counter, {"exchange", "result"},
                           "IKE exchanges by type and result."};
const descriptor up{"ravelin_test_up", metric_type::gauge, {"connection"}, "1 when up."};
const descriptor plain{"ravelin_test_plain", metric_type::gauge, {}, "No labels."};

TEST(exposition, renders_help_type_and_samples_in_name_then_label_order) {
    snapshot snap;
    snap.of(up).set({"site-b"}, 0);
    snap.of(up).set({"site-a"}, 1);
    snap.of(exchanges).add({"ike_sa_init", "ok"}, 3);
    snap.of(exchanges).add({"ike_auth", "timeout"}, 1);
    snap.of(plain).set({}, 2.5);
    EXPECT_EQ(render(snap),
              "# HELP ravelin_test_exchanges_total IKE exchanges by type and result.\n"
              "# TYPE ravelin_test_exchanges_total counter\n"
              "ravelin_test_exchanges_total{exchange=\"ike_auth\",result=\"timeout\"} 1\n"
              "ravelin_test_exchanges_total{exchange=\"ike_sa_init\",result=\"ok\"} 3\n"
              "# HELP ravelin_test_plain No labels.\n"
              "# TYPE ravelin_test_plain gauge\n"
              "ravelin_test_plain 2.5\n"
              "# HELP ravelin_test_up 1 when up.\n"
              "# TYPE ravelin_test_up gauge\n"
              "ravelin_test_up{connection=\"site-a\"} 1\n"
              "ravelin_test_up{connection=\"site-b\"} 0\n");
}

TEST(exposition, samples_with_the_same_labels_accumulate_and_set_overwrites) {
    snapshot snap;
    snap.of(exchanges).add({"ike_auth", "ok"}, 2);
    snap.of(exchanges).add({"ike_auth", "ok"}, 5);
    snap.of(up).set({"a"}, 1);
    snap.of(up).set({"a"}, 0);
    EXPECT_EQ(snap.find(exchanges.name)->values().at({"ike_auth", "ok"}), 7);
    EXPECT_EQ(snap.find(up.name)->values().at({"a"}), 0);
}

TEST(exposition, empty_families_are_left_out) {
    snapshot snap;
    snap.of(up);
    EXPECT_EQ(render(snap), "");
}

TEST(exposition, escapes_label_values_backslash_quote_newline) {
    EXPECT_EQ(escape_label_value(R"(C:\dir "x")" "\nnext"), R"(C:\\dir \"x\"\nnext)");
    snapshot snap;
    snap.of(up).set({"a\\b\"c\nd"}, 1);
    EXPECT_EQ(render(snap),
              "# HELP ravelin_test_up 1 when up.\n# TYPE ravelin_test_up gauge\n"
              "ravelin_test_up{connection=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(exposition, escapes_help_backslash_and_newline_but_not_quotes) {
    EXPECT_EQ(escape_help("a \\ \"b\"\nc"), "a \\\\ \"b\"\\nc");
}

TEST(exposition, replaces_bytes_that_are_not_utf8) {
    EXPECT_EQ(escape_label_value("caf\xC3\xA9"), "caf\xC3\xA9");                    // é stays
    EXPECT_EQ(escape_label_value("\xF0\x9F\x94\x92"), "\xF0\x9F\x94\x92");          // 4-byte stays
    EXPECT_EQ(escape_label_value("a\xFF" "b"), "a\xEF\xBF\xBD" "b");                // invalid byte
    EXPECT_EQ(escape_label_value("\xC3"), "\xEF\xBF\xBD");                          // truncated
    EXPECT_EQ(escape_label_value("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong
    EXPECT_EQ(escape_label_value("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(exposition, formats_values) {
    EXPECT_EQ(format_value(0), "0");
    EXPECT_EQ(format_value(42), "42");
    EXPECT_EQ(format_value(-3), "-3");
    EXPECT_EQ(format_value(18446744073709551615.0), "1.8446744073709552e+19");
    EXPECT_EQ(format_value(0.25), "0.25");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(exposition, renders_cumulative_histogram_buckets_sum_and_count) {
    registry reg;
    auto& latency = reg.add_histogram({"ravelin_test_duration_seconds", {}, {"exchange"}, "How long."}, {0.1, 1});
    latency.with({"ike_auth"}).observe(0.05);
    latency.with({"ike_auth"}).observe(0.1);  // le is inclusive
    latency.with({"ike_auth"}).observe(0.5);
    latency.with({"ike_auth"}).observe(3);
    EXPECT_EQ(reg.expose(),
              "# HELP ravelin_test_duration_seconds How long.\n"
              "# TYPE ravelin_test_duration_seconds histogram\n"
              "ravelin_test_duration_seconds_bucket{exchange=\"ike_auth\",le=\"0.1\"} 2\n"
              "ravelin_test_duration_seconds_bucket{exchange=\"ike_auth\",le=\"1\"} 3\n"
              "ravelin_test_duration_seconds_bucket{exchange=\"ike_auth\",le=\"+Inf\"} 4\n"
              "ravelin_test_duration_seconds_sum{exchange=\"ike_auth\"} 3.65\n"
              "ravelin_test_duration_seconds_count{exchange=\"ike_auth\"} 4\n");
}

TEST(exposition, histogram_without_labels_has_only_le) {
    registry reg;
    reg.add_histogram({"ravelin_test_scrape_seconds", {}, {}, "x"}, {1}).with({}).observe(2);
    EXPECT_EQ(reg.expose(),
              "# HELP ravelin_test_scrape_seconds x\n# TYPE ravelin_test_scrape_seconds histogram\n"
              "ravelin_test_scrape_seconds_bucket{le=\"1\"} 0\n"
              "ravelin_test_scrape_seconds_bucket{le=\"+Inf\"} 1\n"
              "ravelin_test_scrape_seconds_sum 2\n"
              "ravelin_test_scrape_seconds_count 1\n");
}

}  // namespace
}  // namespace ravelin::cp::metrics
