#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "control-plane/sad/ring_sad.hpp"
#include "dataplane/ctl/applier.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"

namespace ravelin::dp::ctl {
namespace {
namespace sad = cp::sad;
using namespace std::chrono_literals;

// Stands in for the ESP engine's SA table; records calls in order.
class fake_backend final : public sa_backend {
public:
    install_result install(const shm::sa_record& sa) override {
        if (refuse != shm::command_error::none) return {lookup::no_sa, refuse};
        log.push_back("install " + std::to_string(sa.spi));
        last_key_byte = sa.encryption_key[sa.encryption_key_len - 1];
        return {next_index++, shm::command_error::none};
    }
    void remove(std::uint32_t index) override { log.push_back("remove " + std::to_string(index)); }
    sa_usage usage(std::uint32_t index) const override { return {index * 10ull, index * 1000ull, 1}; }

    std::vector<std::string> log;
    std::uint32_t next_index = 1;
    std::uint8_t last_key_byte = 0;
    shm::command_error refuse = shm::command_error::none;
};

// The SPD's rte_acl classifiers allocate with the EAL's allocator.
class eal_env : public ::testing::Environment {
public:
    void SetUp() override { ASSERT_TRUE(dp::test::init_eal()); }
};
const auto* const env = ::testing::AddGlobalTestEnvironment(new eal_env);

class applier_test : public ::testing::Test {
protected:
    applier_test()
        : _name("/ravelin-applier-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name()),
          _segment((shm::segment::remove(_name), shm::segment::create(_name).value())),
          _applier(_segment, _backend, 64, [this] {
              ++_grace_periods;
              _backend.log.push_back("grace");
          }),
          _sad(options()) {
        _sad.on_event([this](const sad::dataplane_event& e) { _events.push_back(e); });
    }
    ~applier_test() override { shm::segment::remove(_name); }

    sad::ring_sad_options options() const {
        sad::ring_sad_options o;
        o.segment_name = _name;
        o.seed = 3;
        return o;
    }

    static sad::sa_spec sa(std::uint32_t id, sad::direction dir, std::uint32_t reqid = 1) {
        sad::sa_spec spec;
        spec.id = sad::spi{id};
        spec.dir = dir;
        spec.reqid = reqid;
        spec.local = common::ip_address::parse("192.0.2.1").value();
        spec.remote = common::ip_address::parse("192.0.2.2").value();
        spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(20, 0x77));
        return spec;
    }

    static sad::policy_spec policy(sad::direction dir, std::uint32_t reqid = 1) {
        sad::policy_spec p;
        p.reqid = reqid;
        p.dir = dir;
        p.local.addresses = common::address_range::make(common::ip_address::parse("10.1.0.0").value(),
                                                        common::ip_address::parse("10.1.0.255").value())
                                .value();
        p.remote.addresses = common::address_range::make(common::ip_address::parse("10.2.0.0").value(),
                                                         common::ip_address::parse("10.2.0.255").value())
                                 .value();
        return p;
    }

    static lookup::flow lan_flow() {
        lookup::flow f;
        const std::uint8_t src[4] = {10, 1, 0, 5};
        const std::uint8_t dst[4] = {10, 2, 0, 6};
        f.src = lookup::widen_v4(src);
        f.dst = lookup::widen_v4(dst);
        f.protocol = 1;
        return f;
    }

    std::string _name;
    shm::segment _segment;
    fake_backend _backend;
    int _grace_periods = 0;
    applier _applier;
    sad::ring_sad _sad;
    std::vector<sad::dataplane_event> _events;
};

TEST_F(applier_test, inbound_sa_from_ring_sad_is_found_by_spi) {
    ASSERT_TRUE(_sad.add_sa(sa(0x1111, sad::direction::inbound)).has_value());
    EXPECT_EQ(_applier.poll(), 1u);
    EXPECT_EQ(_applier.inbound().find(0x1111, 3), 1u);
    EXPECT_EQ(_backend.last_key_byte, 0x77);
    EXPECT_EQ(_applier.stats().applied, 1u);
}

TEST_F(applier_test, protect_policy_points_at_the_newest_outbound_sa_of_its_reqid) {
    ASSERT_TRUE(_sad.add_policy(policy(sad::direction::outbound)).has_value());
    ASSERT_TRUE(_sad.add_sa(sa(0x2001, sad::direction::outbound)).has_value());
    _applier.poll();
    const auto* hit = _applier.spd().current()->match_outbound(lan_flow());
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->sa, 1u);
    // Rekey, make-before-break: the new outbound SA takes the traffic at once,
    // the old one goes afterwards without disturbing it.
    ASSERT_TRUE(_sad.add_sa(sa(0x2002, sad::direction::outbound)).has_value());
    _applier.poll();
    EXPECT_EQ(_applier.spd().current()->match_outbound(lan_flow())->sa, 2u);
    ASSERT_TRUE(_sad.delete_sa(cp::ike::protocol_id::esp, {0x2001}, sad::direction::outbound).has_value());
    _applier.poll();
    EXPECT_EQ(_applier.spd().current()->match_outbound(lan_flow())->sa, 2u);
    EXPECT_EQ(_backend.log.back(), "remove 1");
}

TEST_F(applier_test, a_batch_of_policies_is_published_once_and_an_sa_rebinds_without_changing_matches) {
    for (std::uint32_t reqid = 1; reqid <= 20; ++reqid) {
        ASSERT_TRUE(_sad.add_policy(policy(sad::direction::outbound, reqid)).has_value());
    }
    const int before = _grace_periods;
    EXPECT_EQ(_applier.poll(), 20u);
    EXPECT_EQ(_grace_periods, before + 1);  // one snapshot published for the whole batch
    const auto* hit = _applier.spd().current()->match_outbound(lan_flow());
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->reqid, 1u);  // equal priorities: the first installed wins
    // An outbound SA rebinds policy 1 in a new snapshot that matches like the old one.
    ASSERT_TRUE(_sad.add_sa(sa(0x4001, sad::direction::outbound, 1)).has_value());
    _applier.poll();
    EXPECT_EQ(_applier.spd().current()->match_outbound(lan_flow())->sa, 1u);
    // Deleting and re-adding a policy in one batch: one rebuild, the policy now last among equals.
    ASSERT_TRUE(_sad.delete_policy(policy(sad::direction::outbound, 1)).has_value());
    ASSERT_TRUE(_sad.add_policy(policy(sad::direction::outbound, 1)).has_value());
    _applier.poll();
    EXPECT_EQ(_applier.spd().current()->match_outbound(lan_flow())->reqid, 2u);
    EXPECT_EQ(_applier.spd().current()->outbound.size(), 20u);
}

// A journal replay interleaves policies and outbound SAs: publishing the SPD
// (the whole SPD and a grace period) for each would make it quadratic.
TEST_F(applier_test, a_replay_of_policies_and_outbound_sas_is_published_once_per_batch) {
    for (std::uint32_t reqid = 1; reqid <= 30; ++reqid) {
        ASSERT_TRUE(_sad.add_policy(policy(sad::direction::outbound, reqid)).has_value());
        ASSERT_TRUE(_sad.add_sa(sa(0x8000 + reqid, sad::direction::outbound, reqid)).has_value());
        ASSERT_TRUE(_sad.add_sa(sa(0x9000 + reqid, sad::direction::inbound, reqid)).has_value());
    }
    const int before = _grace_periods;
    EXPECT_EQ(_applier.poll(128), 90u);
    EXPECT_EQ(_grace_periods, before + 1);
    const auto& outbound = _applier.spd().current()->outbound;
    ASSERT_EQ(outbound.size(), 30u);
    for (const auto& entry : outbound) {
        EXPECT_EQ(_applier.identify(entry.sa).value().spi, 0x8000 + entry.reqid) << entry.reqid;
    }
    // A delete right behind an add in one batch: the new SA is bound before the old one goes.
    ASSERT_TRUE(_sad.add_sa(sa(0x8101, sad::direction::outbound, 1)).has_value());
    ASSERT_TRUE(_sad.delete_sa(cp::ike::protocol_id::esp, {0x8001}, sad::direction::outbound).has_value());
    _backend.log.clear();
    _applier.poll();
    EXPECT_EQ(_applier.identify(_applier.spd().current()->match_outbound(lan_flow())->sa).value().spi, 0x8101u);
    ASSERT_GE(_backend.log.size(), 3u);
    EXPECT_EQ(_backend.log[0], "install 33025");  // 0x8101
    EXPECT_EQ(_backend.log[1], "grace");          // bound to 0x8101, published
    EXPECT_EQ(_backend.log[2], "grace");          // unbound from 0x8001, published
    EXPECT_EQ(_backend.log[3], "remove 1");
}

TEST_F(applier_test, an_sa_index_is_released_only_after_a_grace_period) {
    ASSERT_TRUE(_sad.add_sa(sa(0x3000, sad::direction::inbound)).has_value());
    _applier.poll();
    _backend.log.clear();
    ASSERT_TRUE(_sad.delete_sa(cp::ike::protocol_id::esp, {0x3000}, sad::direction::inbound).has_value());
    _applier.poll();
    EXPECT_EQ(_applier.inbound().find(0x3000, 3), lookup::no_sa);
    ASSERT_EQ(_backend.log.size(), 2u);
    EXPECT_EQ(_backend.log[0], "grace");
    EXPECT_EQ(_backend.log[1], "remove 1");
}

TEST_F(applier_test, refusals_come_back_as_events_with_the_command_cookie) {
    _backend.refuse = shm::command_error::unsupported;
    ASSERT_TRUE(_sad.add_sa(sa(0x4000, sad::direction::inbound)).has_value());
    const std::uint64_t cookie = _sad.last_cookie();
    _applier.poll();
    _sad.poll();
    ASSERT_EQ(_events.size(), 1u);
    EXPECT_EQ(_events[0].kind, shm::event_kind::command_failed);
    EXPECT_EQ(_events[0].cookie, cookie);
    EXPECT_EQ(_events[0].error, shm::command_error::unsupported);
    EXPECT_EQ(_events[0].id.value, 0x4000u);
    EXPECT_EQ(_applier.stats().refused, 1u);
}

TEST_F(applier_test, sync_returns_once_the_applier_has_caught_up) {
    std::atomic<bool> stop{false};
    std::thread main_lcore([&] {
        while (!stop) {
            if (_applier.poll() == 0) std::this_thread::sleep_for(50us);
        }
    });
    for (std::uint32_t i = 0; i < 32; ++i) {
        ASSERT_TRUE(_sad.add_sa(sa(0x5000 + i, sad::direction::inbound)).has_value());
    }
    const bool synced = _sad.sync(5s);
    stop = true;
    main_lcore.join();
    ASSERT_TRUE(synced);
    EXPECT_EQ(_applier.sa_count(), 32u);
    EXPECT_EQ(_applier.inbound().find(0x501f, 3), 32u);
}

TEST_F(applier_test, published_counters_are_what_query_sa_reads) {
    ASSERT_TRUE(_sad.add_sa(sa(0x6000, sad::direction::inbound)).has_value());
    ASSERT_TRUE(_sad.add_sa(sa(0x6001, sad::direction::outbound)).has_value());
    _applier.poll();
    _applier.publish_counters();
    auto in = _sad.query_sa(cp::ike::protocol_id::esp, {0x6000}, sad::direction::inbound);
    auto out = _sad.query_sa(cp::ike::protocol_id::esp, {0x6001}, sad::direction::outbound);
    ASSERT_TRUE(in && out);
    EXPECT_EQ(in->packets, 10u);
    EXPECT_EQ(out->packets, 20u);
    EXPECT_EQ(out->bytes, 2000u);
}

TEST_F(applier_test, counters_are_published_in_slices_that_survive_deletions) {
    for (std::uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(_sad.add_sa(sa(0x6100 + i, sad::direction::inbound)).has_value());
    _applier.poll();  // indices 1..5
    const auto packets = [&](std::uint32_t spi) {
        return _sad.query_sa(cp::ike::protocol_id::esp, {spi}, sad::direction::inbound).value().packets;
    };
    EXPECT_FALSE(_applier.publish_counters(2));  // indices 1, 2
    EXPECT_EQ(packets(0x6101), 20u);
    EXPECT_EQ(packets(0x6102), 0u);
    ASSERT_TRUE(_sad.delete_sa(cp::ike::protocol_id::esp, {0x6102}, sad::direction::inbound).has_value());
    _applier.poll();  // the SA the next slice starts at is gone
    EXPECT_TRUE(_applier.publish_counters(2));  // indices 4, 5: the sweep is complete
    EXPECT_EQ(packets(0x6103), 40u);
    EXPECT_EQ(packets(0x6104), 50u);
    EXPECT_FALSE(_applier.publish_counters(1));  // a new sweep starts at the first SA
    EXPECT_TRUE(_applier.publish_counters(100));
}

TEST_F(applier_test, engine_events_name_the_sa_and_acquires_the_packet) {
    ASSERT_TRUE(_sad.add_sa(sa(0x7000, sad::direction::outbound, 42)).has_value());
    _applier.poll();
    _applier.raise(1, shm::event_kind::soft_expiry);
    _applier.raise(99, shm::event_kind::hard_expiry);  // unknown index: nothing
    _applier.raise_acquire(5, sad::to_record(common::ip_address::parse("10.1.0.1").value()),
                           sad::to_record(common::ip_address::parse("10.2.0.1").value()), 6, 1234, 80);
    _sad.poll();
    ASSERT_EQ(_events.size(), 2u);
    EXPECT_EQ(_events[0].kind, shm::event_kind::soft_expiry);
    EXPECT_EQ(_events[0].id.value, 0x7000u);
    EXPECT_EQ(_events[0].reqid, 42u);
    EXPECT_EQ(_events[0].dir, sad::direction::outbound);
    EXPECT_EQ(_events[1].kind, shm::event_kind::acquire);
    EXPECT_EQ(_events[1].reqid, 5u);
    EXPECT_EQ(_events[1].dst.to_string(), "10.2.0.1");
    EXPECT_EQ(_events[1].dst_port, 80);
}

TEST_F(applier_test, malformed_and_duplicate_commands_are_refused) {
    shm::ring_producer<shm::command_record, shm::command_slots> raw(_segment.layout().commands);
    shm::command_record bad;
    bad.cookie = 900;
    bad.kind = shm::command_kind::add_sa;
    bad.body.sa.spi = 0x8000;
    bad.body.sa.counter_slot = shm::max_sa_counters;  // outside the array
    ASSERT_TRUE(raw.try_push(bad));
    shm::command_record garbage;
    garbage.cookie = 901;
    garbage.kind = static_cast<shm::command_kind>(77);
    ASSERT_TRUE(raw.try_push(garbage));
    _applier.poll();
    _sad.poll();
    ASSERT_EQ(_events.size(), 2u);
    EXPECT_EQ(_events[0].error, shm::command_error::bad_counter_slot);
    EXPECT_EQ(_events[1].error, shm::command_error::malformed);
    EXPECT_EQ(_applier.sa_count(), 0u);
}

}  // namespace
}  // namespace ravelin::dp::ctl
