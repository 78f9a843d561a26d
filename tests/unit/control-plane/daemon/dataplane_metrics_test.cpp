// The daemon's dataplane collector over a real ring_sad and segment: the SA
// ravelin-ike sent is found in its counter slot as ravelin-dp fills it.
#include <gtest/gtest.h>
#include <unistd.h>

#include "control-plane/daemon/dataplane_metrics.hpp"
#include "tests/unit/control-plane/sad/fake_dataplane.hpp"

namespace ravelin::cp::daemon {
namespace {
namespace shm = common::shm;

class dataplane_metrics_test : public ::testing::Test {
protected:
    void SetUp() override {
        _name = "/ravelin-dpmetrics-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name();
        shm::segment::remove(_name);
    }
    void TearDown() override { shm::segment::remove(_name); }
    sad::ring_sad_options options() const {
        sad::ring_sad_options o;
        o.segment_name = _name;
        return o;
    }
    std::string _name;
};

double value(const metrics::snapshot& snap, std::string_view name, const metrics::label_values& labels) {
    const metrics::family* f = snap.find(name);
    return f == nullptr || f->values().count(labels) == 0 ? -1 : f->values().at(labels);
}

TEST_F(dataplane_metrics_test, detached_until_ravelin_dp_is_there) {
    sad::ring_sad ring(options());
    dataplane_metrics collector(ring, false);
    metrics::snapshot snap;
    collector.collect(snap);
    EXPECT_EQ(value(snap, "ravelin_dp_attached", {}), 0);
    EXPECT_EQ(snap.find("ravelin_dp_ring_depth"), nullptr);
}

TEST_F(dataplane_metrics_test, the_sa_sent_is_read_from_its_counter_slot) {
    sad::test_support::fake_dataplane dp(_name);
    sad::ring_sad ring(options());
    ring.poll();
    ASSERT_TRUE(ring.attached());
    sad::sa_spec spec;
    spec.id = sad::spi{0x4242};
    spec.local = common::ip_address::parse("10.2.0.254").value();
    spec.remote = common::ip_address::parse("10.2.0.1").value();
    spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(20, 0x11));
    ASSERT_TRUE(ring.add_sa(std::move(spec)).has_value());
    dataplane_metrics collector(ring, true);

    metrics::snapshot before;
    collector.collect(before);
    EXPECT_EQ(value(before, "ravelin_dp_ring_depth", {"command"}), 1);  // not taken by ravelin-dp yet
    EXPECT_EQ(value(before, "ravelin_dp_installed_sas", {"in"}), 0);

    const auto command = dp.next();
    ASSERT_TRUE(command);
    auto& block = dp.segment.layout().sa_counters[command->body.sa.counter_slot];
    block.tag.store(0x4242 + 1);  // as ravelin-dp's applier does
    block.packets.store(12);
    block.bytes.store(1200);
    metrics::snapshot after;
    collector.collect(after);
    EXPECT_EQ(value(after, "ravelin_dp_attached", {}), 1);
    EXPECT_EQ(value(after, "ravelin_dp_ring_depth", {"command"}), 0);
    EXPECT_EQ(value(after, "ravelin_dp_sa_packets_total", {"0x00004242", "in"}), 12);
    EXPECT_EQ(value(after, "ravelin_dp_ipsec_bytes_total", {"in"}), 1200);
}

}  // namespace
}  // namespace ravelin::cp::daemon
