#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>

#include "control-plane/daemon/southbound.hpp"
#include "tests/unit/control-plane/sad/fake_dataplane.hpp"

namespace ravelin::cp::daemon {
namespace {
namespace shm = common::shm;
using sad::test_support::fake_dataplane;

sad::sa_spec make_sa(std::uint32_t id) {
    sad::sa_spec spec;
    spec.id = sad::spi{id};
    spec.reqid = 4;
    spec.local = common::ip_address::parse("10.2.0.254").value();
    spec.remote = common::ip_address::parse("10.2.0.1").value();
    spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(20, 0x11));
    return spec;
}

class southbound_test : public ::testing::Test {
protected:
    void SetUp() override {
        _name = "/ravelin-southbound-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name();
        shm::segment::remove(_name);
    }
    void TearDown() override { shm::segment::remove(_name); }
    std::optional<config::dataplane_config> dataplane() const {
        config::dataplane_config dp;
        dp.segment = _name;
        return dp;
    }
    boost::asio::io_context _io;
    std::string _name;
};

TEST_F(southbound_test, without_a_dataplane_section_sas_stay_in_process) {
    southbound south(_io, std::nullopt);
    south.start([](const sad::dataplane_event&) {});
    EXPECT_EQ(south.dataplane(), nullptr);
    ASSERT_TRUE(south.sad().add_sa(make_sa(0x100)).has_value());
    EXPECT_TRUE(south.sad().query_sa(ike::protocol_id::esp, {0x100}, sad::direction::inbound).has_value());
    EXPECT_EQ(_io.poll(), 0u);  // no timer: nothing to poll
}

TEST_F(southbound_test, sas_reach_the_configured_segment_and_a_restart_replays_them) {
    southbound south(_io, dataplane());
    std::vector<std::string> events;
    south.start([&](const sad::dataplane_event& e) { events.push_back(sad::describe(e)); });
    ASSERT_NE(south.dataplane(), nullptr);
    // ravelin-dp not running yet: kept, reported installed.
    ASSERT_TRUE(south.sad().add_sa(make_sa(0x100)).has_value());

    std::optional<fake_dataplane> dp(std::in_place, _name);
    south.poll();
    EXPECT_TRUE(south.dataplane()->attached());
    ASSERT_EQ(dp->next()->body.sa.spi, 0x100u);

    dp.reset();
    dp.emplace(_name);  // ravelin-dp restarted
    south.poll();
    const auto replayed = dp->next();
    ASSERT_TRUE(replayed.has_value());
    EXPECT_EQ(replayed->kind, shm::command_kind::add_sa);
    EXPECT_EQ(replayed->body.sa.spi, 0x100u);

    shm::event_record expiry;
    expiry.kind = shm::event_kind::soft_expiry;
    expiry.spi = 0x100;
    expiry.reqid = 4;
    dp->emit(expiry);
    south.poll();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0], "soft_expiry esp in 0x00000100 reqid=4");
}

TEST_F(southbound_test, the_timer_polls_the_ring_on_the_loop) {
    southbound south(_io, dataplane());
    south.start([](const sad::dataplane_event&) {});
    EXPECT_FALSE(south.dataplane()->attached());
    fake_dataplane dp(_name);
    // Bounded, and generous for loaded machines and sanitizers.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!south.dataplane()->attached() && std::chrono::steady_clock::now() < deadline) {
        _io.run_for(southbound::poll_interval);
    }
    EXPECT_TRUE(south.dataplane()->attached());
    south.stop();
}

}  // namespace
}  // namespace ravelin::cp::daemon
