#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "control-plane/sad/replaying_sad.hpp"
#include "control-plane/sad/ring_sad.hpp"
#include "tests/unit/control-plane/sad/fake_dataplane.hpp"

namespace ravelin::cp::sad {
namespace {
namespace shm = common::shm;
using namespace std::chrono_literals;
using test_support::fake_dataplane;

class ring_sad_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        _name = "/ravelin-ringsad-" + std::to_string(::getpid()) + "-" + info->name();
        shm::segment::remove(_name);
    }
    void TearDown() override { shm::segment::remove(_name); }

    ring_sad_options options() const {
        ring_sad_options o;
        o.segment_name = _name;
        o.full_ring_wait = 5ms;
        o.seed = 11;
        return o;
    }
    std::string _name;
};

sa_spec make_sa(std::uint32_t id, direction dir) {
    sa_spec spec;
    spec.id = spi{id};
    spec.dir = dir;
    spec.reqid = 7;
    spec.local = common::ip_address::parse("192.0.2.1").value();
    spec.remote = common::ip_address::parse("2001:db8::2").value();
    spec.encap = udp_encap{4500, 4501};
    spec.integrity = ike::integrity_id::hmac_sha2_256_128;
    std::vector<std::uint8_t> key(20, 0x5a);
    spec.encryption_key = common::secret_bytes(key);
    spec.integrity_key = common::secret_bytes(std::vector<std::uint8_t>(32, 0xc3));
    spec.hard.packets = 1000;
    spec.initial_seq = 0x1'0000'0005;
    return spec;
}

policy_spec make_policy(direction dir) {
    policy_spec policy;
    policy.reqid = 7;
    policy.dir = dir;
    policy.local.addresses = common::address_range::make(common::ip_address::parse("10.1.0.0").value(),
                                                         common::ip_address::parse("10.1.0.255").value())
                                 .value();
    policy.remote.protocol = 6;
    policy.remote.ports = {443, 443};
    policy.action = policy_action::trap;
    policy.priority = 5;
    return policy;
}

TEST_F(ring_sad_test, without_a_dataplane_commands_are_unavailable) {
    ring_sad sad(options());
    EXPECT_FALSE(sad.attached());
    EXPECT_EQ(sad.add_sa(make_sa(0x1000, direction::inbound)).error(), sad_errc::unavailable);
    EXPECT_EQ(sad.sa_count(), 0u);
    EXPECT_EQ(sad.poll(), 0u);
    EXPECT_FALSE(sad.sync(10ms));
}

TEST_F(ring_sad_test, allocates_random_spis_outside_the_reserved_range) {
    ring_sad sad(options());
    std::set<std::uint32_t> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = sad.alloc_spi(ike::protocol_id::esp);
        ASSERT_TRUE(id.has_value());
        EXPECT_GE(id->value, 256u);
        EXPECT_TRUE(seen.insert(id->value).second);
    }
}

TEST_F(ring_sad_test, add_sa_sends_every_field_and_the_keys_are_wiped_once_taken) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    ASSERT_TRUE(sad.attached());
    ASSERT_TRUE(sad.add_sa(make_sa(0x1234, direction::outbound)).has_value());
    EXPECT_EQ(sad.add_sa(make_sa(0x1234, direction::outbound)).error(), sad_errc::duplicate_sa);

    auto command = dp.next();
    ASSERT_TRUE(command.has_value());
    EXPECT_EQ(command->kind, shm::command_kind::add_sa);
    EXPECT_EQ(command->cookie, 1u);
    const auto& sa = command->body.sa;
    EXPECT_EQ(sa.spi, 0x1234u);
    EXPECT_EQ(sa.dir, shm::direction_code::outbound);
    EXPECT_EQ(sa.protocol, 3);
    EXPECT_EQ(sa.reqid, 7u);
    EXPECT_EQ(sa.encryption_id, 20);  // ENCR_AES_GCM_16
    EXPECT_EQ(sa.integrity_id, 12);   // AUTH_HMAC_SHA2_256_128
    EXPECT_EQ(sa.encryption_key_len, 20);
    EXPECT_EQ(sa.encryption_key[19], 0x5a);
    EXPECT_EQ(sa.integrity_key_len, 32);
    EXPECT_EQ(sa.integrity_key[31], 0xc3);
    EXPECT_EQ(sa.has_encap, 1);
    EXPECT_EQ(sa.encap_remote_port, 4501);
    EXPECT_EQ(sa.hard_packets, 1000u);
    EXPECT_EQ(sa.initial_seq, 0x1'0000'0005u);
    EXPECT_EQ(from_record(sa.local).to_string(), "192.0.2.1");
    EXPECT_EQ(from_record(sa.remote).to_string(), "2001:db8::2");
    EXPECT_LT(sa.counter_slot, shm::max_sa_counters);

    const auto& slot = dp.segment.layout().commands.slot[0];
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(&slot);
    EXPECT_TRUE(std::all_of(bytes, bytes + sizeof slot, [](std::uint8_t b) { return b == 0; }));
}

TEST_F(ring_sad_test, oversized_keys_are_refused_before_the_ring) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    auto spec = make_sa(0x2000, direction::inbound);
    spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(65, 1));
    EXPECT_TRUE(sad.add_sa(std::move(spec)).has_error());
    EXPECT_FALSE(dp.next().has_value());
}

TEST_F(ring_sad_test, delete_names_the_same_counter_slot_and_frees_it) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    ASSERT_TRUE(sad.add_sa(make_sa(0x3000, direction::inbound)).has_value());
    const std::uint32_t slot = dp.next()->body.sa.counter_slot;
    ASSERT_TRUE(sad.delete_sa(ike::protocol_id::esp, {0x3000}, direction::inbound).has_value());
    auto command = dp.next();
    ASSERT_TRUE(command.has_value());
    EXPECT_EQ(command->kind, shm::command_kind::delete_sa);
    EXPECT_EQ(command->body.ref.spi, 0x3000u);
    EXPECT_EQ(command->body.ref.counter_slot, slot);
    EXPECT_EQ(command->body.ref.dir, shm::direction_code::inbound);
    EXPECT_EQ(sad.delete_sa(ike::protocol_id::esp, {0x3000}, direction::inbound).error(), sad_errc::no_such_sa);
    EXPECT_EQ(sad.query_sa(ike::protocol_id::esp, {0x3000}, direction::inbound).error(), sad_errc::no_such_sa);
    ASSERT_TRUE(sad.add_sa(make_sa(0x3001, direction::inbound)).has_value());
    EXPECT_EQ(dp.next()->body.sa.counter_slot, slot);
}

TEST_F(ring_sad_test, policies_travel_with_their_selectors) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    ASSERT_TRUE(sad.add_policy(make_policy(direction::outbound)).has_value());
    EXPECT_EQ(sad.add_policy(make_policy(direction::outbound)).error(), sad_errc::duplicate_policy);
    auto command = dp.next();
    ASSERT_TRUE(command.has_value());
    EXPECT_EQ(command->kind, shm::command_kind::add_policy);
    const auto& policy = command->body.policy;
    EXPECT_EQ(policy.action, shm::action_code::trap);
    EXPECT_EQ(policy.priority, 5u);
    EXPECT_EQ(from_record(policy.local.start).to_string(), "10.1.0.0");
    EXPECT_EQ(from_record(policy.local.end).to_string(), "10.1.0.255");
    EXPECT_EQ(policy.remote.ip_protocol, 6);
    EXPECT_EQ(policy.remote.port_from, 443);
    EXPECT_EQ(policy.remote.port_to, 443);
    ASSERT_TRUE(sad.delete_policy(make_policy(direction::outbound)).has_value());
    EXPECT_EQ(dp.next()->kind, shm::command_kind::delete_policy);
    EXPECT_EQ(sad.delete_policy(make_policy(direction::outbound)).error(), sad_errc::no_such_policy);
}

TEST_F(ring_sad_test, query_reads_the_counters_the_dataplane_publishes) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    ASSERT_TRUE(sad.add_sa(make_sa(0x4000, direction::inbound)).has_value());
    const std::uint32_t slot = dp.next()->body.sa.counter_slot;
    // Not applied yet: zero, not someone else's counts.
    EXPECT_EQ(sad.query_sa(ike::protocol_id::esp, {0x4000}, direction::inbound)->packets, 0u);
    auto& block = dp.segment.layout().sa_counters[slot];
    block.packets.store(12);
    block.bytes.store(3400);
    EXPECT_EQ(sad.query_sa(ike::protocol_id::esp, {0x4000}, direction::inbound)->packets, 0u);
    block.tag.store(0x4000 + 1);
    auto counters = sad.query_sa(ike::protocol_id::esp, {0x4000}, direction::inbound);
    ASSERT_TRUE(counters.has_value());
    EXPECT_EQ(counters->packets, 12u);
    EXPECT_EQ(counters->bytes, 3400u);
}

TEST_F(ring_sad_test, sync_waits_for_the_dataplane_to_answer) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    EXPECT_FALSE(sad.sync(20ms));  // nobody serves the ring
    std::atomic<bool> stop{false};
    std::thread server([&] {
        while (!stop) {
            if (dp.serve() == 0) std::this_thread::sleep_for(100us);
        }
    });
    ASSERT_TRUE(sad.add_sa(make_sa(0x5000, direction::inbound)).has_value());
    EXPECT_TRUE(sad.sync(5s));
    stop = true;
    server.join();
}

TEST_F(ring_sad_test, events_are_delivered_with_their_fields) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    std::vector<dataplane_event> seen;
    sad.on_event([&](const dataplane_event& e) { seen.push_back(e); });
    shm::event_record acquire;
    acquire.kind = shm::event_kind::acquire;
    acquire.reqid = 9;
    acquire.src = to_record(common::ip_address::parse("10.1.0.5").value());
    acquire.dst = to_record(common::ip_address::parse("10.2.0.6").value());
    acquire.ip_protocol = 17;
    acquire.dst_port = 53;
    dp.emit(acquire);
    shm::event_record expiry;
    expiry.kind = shm::event_kind::soft_expiry;
    expiry.spi = 0xabcd;
    expiry.dir = shm::direction_code::outbound;
    dp.emit(expiry);
    EXPECT_EQ(sad.poll(), 2u);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].kind, shm::event_kind::acquire);
    EXPECT_EQ(seen[0].reqid, 9u);
    EXPECT_EQ(seen[0].src.to_string(), "10.1.0.5");
    EXPECT_EQ(seen[0].dst.to_string(), "10.2.0.6");
    EXPECT_EQ(seen[0].dst_port, 53);
    EXPECT_EQ(seen[1].kind, shm::event_kind::soft_expiry);
    EXPECT_EQ(seen[1].id.value, 0xabcdu);
    EXPECT_EQ(seen[1].dir, direction::outbound);
}

TEST_F(ring_sad_test, a_dataplane_restart_forgets_installed_state_and_replays) {
    std::optional<fake_dataplane> dp(std::in_place, _name);
    ring_sad sad(options());
    int replays = 0;
    sad.on_restart([&] {
        ++replays;
        ASSERT_TRUE(sad.add_sa(make_sa(0x6000, direction::inbound)).has_value());
        ASSERT_TRUE(sad.add_policy(make_policy(direction::inbound)).has_value());
    });
    ASSERT_TRUE(sad.add_sa(make_sa(0x6000, direction::inbound)).has_value());
    ASSERT_TRUE(sad.add_policy(make_policy(direction::inbound)).has_value());
    const std::uint64_t first = sad.generation();
    sad.poll();
    EXPECT_EQ(replays, 0);

    dp.reset();
    dp.emplace(_name);  // ravelin-dp restarts: same segment, new generation
    EXPECT_EQ(sad.add_sa(make_sa(0x6001, direction::inbound)).error(), sad_errc::unavailable);
    sad.poll();
    EXPECT_EQ(replays, 1);
    EXPECT_NE(sad.generation(), first);
    EXPECT_EQ(sad.sa_count(), 1u);
    EXPECT_EQ(sad.policy_count(), 1u);
    auto replayed = dp->next();
    ASSERT_TRUE(replayed.has_value());
    EXPECT_EQ(replayed->body.sa.spi, 0x6000u);
    EXPECT_EQ(dp->next()->kind, shm::command_kind::add_policy);
    EXPECT_FALSE(dp->next().has_value());
    sad.poll();
    EXPECT_EQ(replays, 1);
}

TEST_F(ring_sad_test, a_recreated_segment_is_a_restart_too) {
    std::optional<fake_dataplane> dp(std::in_place, _name);
    ring_sad sad(options());
    int replays = 0;
    sad.on_restart([&] { ++replays; });
    shm::segment::remove(_name);
    dp.reset();
    sad.poll();  // gone: detached, nothing to replay into
    EXPECT_FALSE(sad.attached());
    EXPECT_EQ(replays, 0);
    dp.emplace(_name);
    sad.poll();
    EXPECT_TRUE(sad.attached());
    EXPECT_EQ(replays, 1);
}

TEST_F(ring_sad_test, a_dataplane_started_later_is_attached_by_poll) {
    ring_sad sad(options());
    int replays = 0;
    sad.on_restart([&] { ++replays; });
    EXPECT_FALSE(sad.attached());
    fake_dataplane dp(_name);
    sad.poll();
    EXPECT_TRUE(sad.attached());
    EXPECT_EQ(replays, 1);
    ASSERT_TRUE(sad.add_sa(make_sa(0x7000, direction::inbound)).has_value());
    EXPECT_TRUE(dp.next().has_value());
}

// ravelin-ike's arrangement: the engine talks to a replaying_sad over the ring.
TEST_F(ring_sad_test, a_journal_over_the_ring_replays_into_a_restarted_dataplane) {
    ring_sad ring(options());
    replaying_sad journal(ring);
    ring.on_restart([&] { journal.replay(); });
    // Before ravelin-dp runs: kept, then sent when it attaches.
    ASSERT_TRUE(journal.add_sa(make_sa(0x8000, direction::inbound)).has_value());
    std::optional<fake_dataplane> dp(std::in_place, _name);
    ring.poll();
    ASSERT_EQ(dp->next()->body.sa.spi, 0x8000u);
    ASSERT_TRUE(journal.add_policy(make_policy(direction::inbound)).has_value());
    ASSERT_EQ(dp->next()->kind, shm::command_kind::add_policy);

    dp.reset();
    dp.emplace(_name);  // restarted: empty, new generation
    ring.poll();
    const auto sa = dp->next();
    ASSERT_TRUE(sa.has_value());
    EXPECT_EQ(sa->kind, shm::command_kind::add_sa);
    EXPECT_EQ(sa->body.sa.spi, 0x8000u);
    EXPECT_EQ(sa->body.sa.encryption_key[0], 0x5a);
    EXPECT_EQ(dp->next()->kind, shm::command_kind::add_policy);
    EXPECT_FALSE(dp->next().has_value());
    EXPECT_EQ(ring.sa_count(), 1u);
}

TEST_F(ring_sad_test, a_full_ring_fails_the_command_without_recording_it) {
    fake_dataplane dp(_name);
    ring_sad sad(options());
    policy_spec policy = make_policy(direction::outbound);
    for (std::size_t i = 0; i < shm::command_slots; ++i) {
        policy.reqid = static_cast<std::uint32_t>(i + 1);
        ASSERT_TRUE(sad.add_policy(policy).has_value()) << i;
    }
    EXPECT_EQ(sad.add_sa(make_sa(0x8000, direction::inbound)).error(), sad_errc::unavailable);
    EXPECT_EQ(sad.sa_count(), 0u);
    EXPECT_TRUE(dp.next().has_value());
    EXPECT_TRUE(sad.add_sa(make_sa(0x8000, direction::inbound)).has_value());
}

}  // namespace
}  // namespace ravelin::cp::sad
