#include <set>

#include <gtest/gtest.h>

#include "control-plane/metrics/catalogue.hpp"
#include "control-plane/metrics/engine_collector.hpp"
#include "control-plane/metrics/exposition.hpp"

namespace ravelin::cp::metrics {
namespace {

using namespace std::chrono_literals;
using ike::child_sa_state;
using ike::ike_sa_state;

ike::child_sa_status child(std::string name, child_sa_state state, std::uint32_t spi_in, std::chrono::seconds age) {
    ike::child_sa_status c;
    c.name = std::move(name);
    c.state = state;
    c.spi_in = spi_in;
    c.installed_for = age;
    return c;
}

ike::ike_sa_status sa(std::string connection, std::uint32_t id, ike_sa_state state, std::chrono::seconds age,
                      std::vector<ike::child_sa_status> children = {}) {
    ike::ike_sa_status s;
    s.connection = std::move(connection);
    s.unique_id = id;
    s.state = state;
    s.established_for = age;
    s.children = std::move(children);
    return s;
}

ike::connection_status connection(std::string name, bool established) {
    ike::connection_status c;
    c.name = std::move(name);
    c.established = established;
    return c;
}

// site-a: up, rekeyed recently (child 40 s old); site-b: configured, down,
// an SA still connecting; site-c: down, nothing at all.
struct engine_fixture {
    ike::engine_stats stats;
    std::vector<ike::ike_sa_status> sas;
    std::vector<ike::connection_status> connections;

    engine_fixture() {
        stats.counters = {{"exchanges.ike_sa_init.ok", 4},
                          {"exchanges.ike_auth.timeout", 1},
                          {"retransmissions", 7},
                          {"rekeys.child", 2},
                          {"auth_failures.psk_mismatch", 3},
                          {"drops.invalid_syntax", 5},
                          {"trap_acquires", 1}};
        stats.half_open_sas = 1;
        sas = {sa("site-a", 1, ike_sa_state::established, 3600s,
                  {child("net", child_sa_state::installed, 0xc0010203, 40s),
                   child("net", child_sa_state::deleting, 0xc0000001, 3700s)}),
               sa("site-b", 2, ike_sa_state::connecting, 2s)};
        connections = {connection("site-a", true), connection("site-b", false), connection("site-c", false)};
    }
};

TEST(engine_collector, maps_engine_state_to_the_catalogue_exactly) {
    engine_fixture f;
    snapshot snap;
    collect_engine(f.stats, f.sas, f.connections, snap);
    EXPECT_EQ(render(snap),
              "# HELP ravelin_child_sas Child SAs by state.\n"
              "# TYPE ravelin_child_sas gauge\n"
              "ravelin_child_sas{state=\"deleting\"} 1\n"
              "ravelin_child_sas{state=\"installed\"} 1\n"
              "ravelin_child_sas{state=\"installing\"} 0\n"
              "ravelin_child_sas{state=\"rekeying\"} 0\n"
              "# HELP ravelin_connection_up 1 when the configured connection has an established IKE SA, 0 when it is down.\n"
              "# TYPE ravelin_connection_up gauge\n"
              "ravelin_connection_up{connection=\"site-a\"} 1\n"
              "ravelin_connection_up{connection=\"site-b\"} 0\n"
              "ravelin_connection_up{connection=\"site-c\"} 0\n"
              "# HELP ravelin_ike_auth_failures_total IKE_AUTH failures, by reason.\n"
              "# TYPE ravelin_ike_auth_failures_total counter\n"
              "ravelin_ike_auth_failures_total{reason=\"peer_auth_invalid\"} 0\n"
              "ravelin_ike_auth_failures_total{reason=\"psk_mismatch\"} 3\n"
              "ravelin_ike_auth_failures_total{reason=\"rejected_by_peer\"} 0\n"
              "# HELP ravelin_ike_cookies_sent_total COOKIE notifications sent (RFC 7296 section 2.6).\n"
              "# TYPE ravelin_ike_cookies_sent_total counter\n"
              "ravelin_ike_cookies_sent_total 0\n"
              "# HELP ravelin_ike_dpd_failures_total Peers declared dead by dead peer detection.\n"
              "# TYPE ravelin_ike_dpd_failures_total counter\n"
              "ravelin_ike_dpd_failures_total 0\n"
              "# HELP ravelin_ike_events_total Engine counters with no dedicated metric, by key.\n"
              "# TYPE ravelin_ike_events_total counter\n"
              "ravelin_ike_events_total{event=\"trap_acquires\"} 1\n"
              "# HELP ravelin_ike_exchanges_total IKE exchanges completed, by type and result.\n"
              "# TYPE ravelin_ike_exchanges_total counter\n"
              "ravelin_ike_exchanges_total{exchange=\"ike_auth\",result=\"timeout\"} 1\n"
              "ravelin_ike_exchanges_total{exchange=\"ike_sa_init\",result=\"ok\"} 4\n"
              "# HELP ravelin_ike_half_open_sas IKE SAs past IKE_SA_INIT but not yet authenticated.\n"
              "# TYPE ravelin_ike_half_open_sas gauge\n"
              "ravelin_ike_half_open_sas 1\n"
              "# HELP ravelin_ike_messages_dropped_total IKE messages dropped, by reason.\n"
              "# TYPE ravelin_ike_messages_dropped_total counter\n"
              "ravelin_ike_messages_dropped_total{reason=\"invalid_syntax\"} 5\n"
              "# HELP ravelin_ike_rekey_collisions_total Simultaneous rekeys resolved (RFC 7296 section 2.8.1).\n"
              "# TYPE ravelin_ike_rekey_collisions_total counter\n"
              "ravelin_ike_rekey_collisions_total 0\n"
              "# HELP ravelin_ike_rekey_failures_total Rekeys that failed, by kind (ike, child).\n"
              "# TYPE ravelin_ike_rekey_failures_total counter\n"
              "ravelin_ike_rekey_failures_total{kind=\"child\"} 0\n"
              "ravelin_ike_rekey_failures_total{kind=\"ike\"} 0\n"
              "# HELP ravelin_ike_rekeys_total Successful rekeys, by kind (ike, child).\n"
              "# TYPE ravelin_ike_rekeys_total counter\n"
              "ravelin_ike_rekeys_total{kind=\"child\"} 2\n"
              "ravelin_ike_rekeys_total{kind=\"ike\"} 0\n"
              "# HELP ravelin_ike_retransmissions_total IKE requests retransmitted.\n"
              "# TYPE ravelin_ike_retransmissions_total counter\n"
              "ravelin_ike_retransmissions_total 7\n"
              "# HELP ravelin_ike_sas IKE SAs by state.\n"
              "# TYPE ravelin_ike_sas gauge\n"
              "ravelin_ike_sas{state=\"connecting\"} 1\n"
              "ravelin_ike_sas{state=\"deleting\"} 0\n"
              "ravelin_ike_sas{state=\"established\"} 1\n"
              "ravelin_ike_sas{state=\"rekeying\"} 0\n"
              "# HELP ravelin_ike_seconds_since_last_rekey Seconds since the connection's newest IKE or Child SA "
              "was established or rekeyed.\n"
              "# TYPE ravelin_ike_seconds_since_last_rekey gauge\n"
              "ravelin_ike_seconds_since_last_rekey{connection=\"site-a\"} 40\n");
}

TEST(engine_collector, per_sa_series_only_when_switched_on) {
    engine_fixture f;
    snapshot off;
    collect_engine(f.stats, f.sas, f.connections, off);
    EXPECT_EQ(off.find("ravelin_ike_sa_established_seconds"), nullptr);
    EXPECT_EQ(off.find("ravelin_child_sa_installed_seconds"), nullptr);
    snapshot on;
    collect_engine(f.stats, f.sas, f.connections, on, {.per_sa = true});
    using values = std::map<label_values, double>;
    EXPECT_EQ(on.find("ravelin_ike_sa_established_seconds")->values(), (values{{{"site-a", "1"}, 3600}}));
    EXPECT_EQ(on.find("ravelin_child_sa_installed_seconds")->values(),
              (values{{{"site-a", "1", "net", "0xc0010203"}, 40}}));
}

TEST(engine_collector, counter_keys_follow_the_dotted_convention) {
    const auto is = [](std::string_view key, std::string_view metric_name, label_values labels) {
        const mapped_counter mapped = map_counter_key(key);
        EXPECT_EQ(mapped.metric, metric_name) << key;
        EXPECT_EQ(mapped.labels, labels) << key;
    };
    is("exchanges.create_child_sa.error_notify", "ravelin_ike_exchanges_total", {"create_child_sa", "error_notify"});
    is("retransmissions", "ravelin_ike_retransmissions_total", {});
    is("rekeys.ike", "ravelin_ike_rekeys_total", {"ike"});
    is("rekey_failures.child", "ravelin_ike_rekey_failures_total", {"child"});
    is("rekey_collisions", "ravelin_ike_rekey_collisions_total", {});
    is("auth_failures.no_matching_id", "ravelin_ike_auth_failures_total", {"no_matching_id"});
    is("dpd_failures", "ravelin_ike_dpd_failures_total", {});
    is("cookies_sent", "ravelin_ike_cookies_sent_total", {});
    is("drops.unknown-spi", "ravelin_ike_messages_dropped_total", {"unknown-spi"});
    // Keys bending a pattern are kept as events, never dropped.
    for (std::string_view odd : {"exchanges.ike_auth", "exchanges.a.b.c", "rekeys", "retransmissions.x", "drops.",
                                 ".drops", "drops..x", "drops.a b", "drops.\"q\"", "", "something_new"}) {
        is(odd, "ravelin_ike_events_total", {std::string(odd)});
    }
}

TEST(engine_collector, events_with_awkward_keys_still_render) {
    ike::engine_stats stats;
    stats.counters = {{"drops.a\"b\nc", 1}};
    snapshot snap;
    collect_engine(stats, ike::sa_summary{}, {}, snap);
    EXPECT_NE(render(snap).find("ravelin_ike_events_total{event=\"drops.a\\\"b\\nc\"} 1\n"), std::string::npos);
}

TEST(engine_collector, maps_transport_counters) {
    net::transport_counters counters{.received = 10, .sent = 9, .send_errors = 1, .nat_keepalives = 4,
                                     .esp_dropped = 2, .invalid_dropped = 3};
    snapshot snap;
    collect_transport(counters, snap);
    EXPECT_EQ(snap.find("ravelin_ike_udp_messages_received_total")->values().at({}), 10);
    EXPECT_EQ(snap.find("ravelin_ike_udp_messages_sent_total")->values().at({}), 9);
    EXPECT_EQ(snap.find("ravelin_ike_udp_send_errors_total")->values().at({}), 1);
    EXPECT_EQ(snap.find("ravelin_ike_udp_nat_keepalives_total")->values().at({}), 4);
    EXPECT_EQ(snap.find("ravelin_ike_udp_datagrams_dropped_total")->values().at({"esp_without_dataplane"}), 2);
    EXPECT_EQ(snap.find("ravelin_ike_udp_datagrams_dropped_total")->values().at({"too_short"}), 3);
}

TEST(catalogue, every_entry_follows_the_naming_rules_and_names_are_unique) {
    std::set<std::string> names;
    for (const auto& entry : catalogue()) {
        EXPECT_EQ(naming_problem(entry.desc.name, entry.desc.type, entry.desc.labels), "") << entry.desc.name;
        EXPECT_FALSE(entry.desc.help.empty()) << entry.desc.name;
        EXPECT_TRUE(names.insert(entry.desc.name).second) << entry.desc.name;
    }
    EXPECT_THROW(metric("ravelin_not_there"), std::logic_error);
}

}  // namespace
}  // namespace ravelin::cp::metrics
