#include "control-plane/metrics/dataplane_collector.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/shm/segment.hpp"
#include "control-plane/metrics/exposition.hpp"

namespace ravelin::cp::metrics {
namespace {

namespace shm = common::shm;
using shm::lcore_counter;

// A real segment, as ravelin-dp creates it, under a name of this test's own
// (removed at once: the mapping outlives the name).
class dataplane_collector_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        const std::string name = "/ravelin-metrics-test-" + std::to_string(::getpid()) + "-" + info->name();
        auto created = shm::segment::create(name);
        ASSERT_TRUE(created) << created.error().message();
        shm::segment::remove(name);
        _segment = std::make_unique<shm::segment>(std::move(created).value());
    }

    shm::segment_layout& layout() { return _segment->layout(); }
    void put(std::size_t lcore, lcore_counter c, std::uint64_t value) {
        layout().lcore_counters[lcore].value[static_cast<std::size_t>(c)].store(value);
    }
    void install(std::uint32_t slot, std::uint32_t spi, std::uint64_t packets, std::uint64_t bytes) {
        auto& block = layout().sa_counters[slot];
        block.tag.store(std::uint64_t{spi} + 1);
        block.packets.store(packets);
        block.bytes.store(bytes);
        block.drops.store(packets / 10);
    }

    std::unique_ptr<shm::segment> _segment;
};

double value(const snapshot& snap, std::string_view name, const label_values& labels) {
    const family* f = snap.find(name);
    if (f == nullptr) throw std::runtime_error("no family " + std::string(name));
    const auto found = f->values().find(labels);
    if (found == f->values().end()) throw std::runtime_error("no series in " + std::string(name));
    return found->second;
}

bool has(const snapshot& snap, std::string_view name, const label_values& labels) {
    const family* f = snap.find(name);
    return f != nullptr && f->values().count(labels) != 0;
}

TEST_F(dataplane_collector_test, lcore_counters_map_to_their_series) {
    put(0, lcore_counter::rx_packets, 1000);
    put(0, lcore_counter::tx_packets, 990);
    put(0, lcore_counter::drop_no_sa, 4);
    put(0, lcore_counter::drop_ipsec, 7);
    put(0, lcore_counter::ipsec_drop_replayed, 5);
    put(0, lcore_counter::ipsec_drop_icv_mismatch, 2);
    put(0, lcore_counter::inbound_packets, 400);
    put(0, lcore_counter::port_polls, 50);
    put(0, lcore_counter::busy_port_polls, 20);
    put(2, lcore_counter::hard_expiries, 1);
    snapshot snap;
    collect_lcores_and_rings(layout(), snap);

    EXPECT_EQ(value(snap, "ravelin_dp_lcore_packets_total", {"0", "rx"}), 1000);
    EXPECT_EQ(value(snap, "ravelin_dp_lcore_packets_total", {"0", "tx"}), 990);
    EXPECT_EQ(value(snap, "ravelin_dp_drops_total", {"0", "no_sa"}), 4);
    EXPECT_EQ(value(snap, "ravelin_dp_drops_total", {"0", "ipsec"}), 7);
    EXPECT_EQ(value(snap, "ravelin_dp_ipsec_drops_total", {"0", "replayed"}), 5);
    EXPECT_EQ(value(snap, "ravelin_dp_ipsec_drops_total", {"0", "icv_mismatch"}), 2);
    EXPECT_EQ(value(snap, "ravelin_dp_ipsec_drops_total", {"0", "other"}), 0);  // zeros are explicit
    EXPECT_EQ(value(snap, "ravelin_dp_forwarded_packets_total", {"0", "decrypted"}), 400);
    EXPECT_EQ(value(snap, "ravelin_dp_worker_polls_total", {"0"}), 50);
    EXPECT_EQ(value(snap, "ravelin_dp_worker_busy_polls_total", {"0"}), 20);
    EXPECT_EQ(value(snap, "ravelin_dp_sa_lifetime_events_total", {"2", "hard_expiry"}), 1);
    // lcore 1 never counted anything: no series for it.
    EXPECT_FALSE(has(snap, "ravelin_dp_lcore_packets_total", {"1", "rx"}));
    EXPECT_EQ(snap.find("ravelin_dp_ipsec_drops_total")->values().size(), 2 * shm::ipsec_drop_reasons);
}

TEST_F(dataplane_collector_test, ring_depth_is_what_the_consumer_has_not_taken) {
    shm::ring_producer<shm::command_record, shm::command_slots> commands(layout().commands);
    shm::ring_consumer<shm::command_record, shm::command_slots> dataplane(layout().commands);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(commands.try_push(shm::command_record{}));
    shm::command_record taken;
    ASSERT_TRUE(dataplane.try_pop(taken));
    snapshot snap;
    collect_lcores_and_rings(layout(), snap);
    EXPECT_EQ(render(snap),
              "# HELP ravelin_dp_ring_capacity Records a shared-memory ring holds.\n"
              "# TYPE ravelin_dp_ring_capacity gauge\n"
              "ravelin_dp_ring_capacity{ring=\"command\"} 4096\n"
              "ravelin_dp_ring_capacity{ring=\"event\"} 4096\n"
              "# HELP ravelin_dp_ring_depth Records waiting in a shared-memory ring (command, event).\n"
              "# TYPE ravelin_dp_ring_depth gauge\n"
              "ravelin_dp_ring_depth{ring=\"command\"} 2\n"
              "ravelin_dp_ring_depth{ring=\"event\"} 0\n");
}

const std::vector<dataplane_sa> two_sas = {{.counter_slot = 7, .spi = 0xc0000001, .inbound = true},
                                           {.counter_slot = 9, .spi = 0x00001234, .inbound = false}};

TEST_F(dataplane_collector_test, totals_by_direction_without_per_sa_series_by_default) {
    install(7, 0xc0000001, 100, 15000);
    install(9, 0x00001234, 80, 12000);
    dataplane_collector collector;
    snapshot snap;
    collector.collect(layout(), two_sas, snap);
    EXPECT_EQ(value(snap, "ravelin_dp_attached", {}), 1);
    EXPECT_EQ(value(snap, "ravelin_dp_ipsec_packets_total", {"in"}), 100);
    EXPECT_EQ(value(snap, "ravelin_dp_ipsec_bytes_total", {"out"}), 12000);
    EXPECT_EQ(value(snap, "ravelin_dp_installed_sas", {"in"}), 1);
    EXPECT_EQ(snap.find("ravelin_dp_sa_packets_total"), nullptr);
    EXPECT_EQ(snap.find("ravelin_dp_sa_bytes_total"), nullptr);
}

TEST_F(dataplane_collector_test, per_sa_series_when_switched_on_and_only_for_slots_still_theirs) {
    install(7, 0xc0000001, 100, 15000);
    install(9, 0x99999999, 80, 12000);  // the slot holds another SA now
    dataplane_collector collector({.per_sa = true});
    snapshot snap;
    collector.collect(layout(), two_sas, snap);
    EXPECT_EQ(value(snap, "ravelin_dp_sa_packets_total", {"0xc0000001", "in"}), 100);
    EXPECT_EQ(value(snap, "ravelin_dp_sa_bytes_total", {"0xc0000001", "in"}), 15000);
    EXPECT_EQ(value(snap, "ravelin_dp_sa_drops_total", {"0xc0000001", "in"}), 10);
    EXPECT_EQ(snap.find("ravelin_dp_sa_packets_total")->values().size(), 1u);
    EXPECT_EQ(value(snap, "ravelin_dp_installed_sas", {"out"}), 0);
}

TEST_F(dataplane_collector_test, totals_keep_what_deleted_sas_carried_until_the_dataplane_restarts) {
    install(7, 0xc0000001, 100, 15000);
    dataplane_collector collector;
    snapshot first;
    collector.collect(layout(), two_sas, first);
    layout().sa_counters[7].tag.store(0);  // deleted (a rekey), its successor installed
    install(8, 0xc0000002, 5, 500);
    snapshot second;
    collector.collect(layout(), {{.counter_slot = 8, .spi = 0xc0000002, .inbound = true}}, second);
    EXPECT_EQ(value(second, "ravelin_dp_ipsec_packets_total", {"in"}), 105);
    EXPECT_EQ(value(second, "ravelin_dp_ipsec_bytes_total", {"in"}), 15500);

    layout().header.generation.store(layout().header.generation.load() + 1);  // a new ravelin-dp
    install(8, 0xc0000002, 1, 100);
    snapshot third;
    collector.collect(layout(), {{.counter_slot = 8, .spi = 0xc0000002, .inbound = true}}, third);
    EXPECT_EQ(value(third, "ravelin_dp_ipsec_packets_total", {"in"}), 1);
}

TEST_F(dataplane_collector_test, detached_says_so_and_nothing_else) {
    snapshot snap;
    dataplane_collector::collect_detached(snap);
    EXPECT_EQ(
        render(snap),
        "# HELP ravelin_dp_attached 1 when ravelin-ike is attached to ravelin-dp's shared-memory segment.\n"
        "# TYPE ravelin_dp_attached gauge\n"
        "ravelin_dp_attached 0\n");
}

TEST(lcore_counters, names_are_distinct_and_ipsec_drop_reasons_map_in_order) {
    std::set<std::string_view> names;
    for (std::size_t c = 0; c < shm::lcore_counter_count; ++c) {
        const auto name = shm::lcore_counter_name(static_cast<lcore_counter>(c));
        EXPECT_NE(name, "unknown");
        EXPECT_TRUE(names.insert(name).second) << name;
    }
    EXPECT_EQ(shm::ipsec_drop_counter(0), lcore_counter::ipsec_drop_other);
    EXPECT_EQ(shm::ipsec_drop_counter(4), lcore_counter::ipsec_drop_replayed);  // drop_reason::replayed
    EXPECT_EQ(shm::ipsec_drop_counter(6), lcore_counter::ipsec_drop_icv_mismatch);
    EXPECT_EQ(shm::ipsec_drop_counter(200), lcore_counter::ipsec_drop_other);
    EXPECT_EQ(shm::lifetime_counter(shm::event_kind::soft_expiry), lcore_counter::soft_expiries);
}

}  // namespace
}  // namespace ravelin::cp::metrics
