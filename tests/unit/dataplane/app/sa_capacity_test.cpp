// dataplane.max_sas end to end: ring_sad -> command ring -> applier -> the ESP
// engine's SA table, sized as ravelin-dp sizes them from the configuration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <set>

#include "control-plane/sad/ring_sad.hpp"
#include "dataplane/app/esp_backend.hpp"
#include "dataplane/ctl/applier.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"

namespace ravelin::dp::app {
namespace {
namespace sad = cp::sad;
namespace shm = common::shm;

// The SPD's rte_acl classifiers allocate with the EAL's allocator.
class eal_env : public ::testing::Environment {
public:
    void SetUp() override { ASSERT_TRUE(dp::test::init_eal()); }
};
const auto* const env = ::testing::AddGlobalTestEnvironment(new eal_env);

// Small enough to stay fast under ASan, larger than the command ring (4096).
constexpr std::uint32_t cap = 5000;

std::unique_ptr<crypto::mb_manager> make_manager() {
    auto mgr = crypto::mb_manager::create();
    if (!mgr) return nullptr;
    return std::make_unique<crypto::mb_manager>(std::move(mgr).value());
}

class sa_capacity_test : public ::testing::Test {
protected:
    sa_capacity_test()
        : _name("/ravelin-sa-cap-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name()),
          _segment((shm::segment::remove(_name), shm::segment::create(_name).value())),
          _manager(make_manager()),
          _table(ipsec::sa_table_limits{cap, 1024}),
          _backend(_table, *_manager),
          _applier(_segment, _backend, cap, [this] { ++_grace_periods; }),
          _sad(options()) {
        _sad.on_event([this](const sad::dataplane_event& e) { _events.push_back(e); });
    }
    ~sa_capacity_test() override { shm::segment::remove(_name); }

    sad::ring_sad_options options() const {
        sad::ring_sad_options o;
        o.segment_name = _name;
        o.seed = 5;
        return o;
    }

    static sad::sa_spec sa(std::uint32_t id, sad::direction dir) {
        sad::sa_spec spec;
        spec.id = sad::spi{id};
        spec.dir = dir;
        spec.reqid = id;
        spec.local = common::ip_address::parse("192.0.2.1").value();
        spec.remote = common::ip_address::parse("192.0.2.2").value();
        spec.encryption_key = common::secret_bytes(std::vector<std::uint8_t>(20, static_cast<std::uint8_t>(id)));
        spec.replay_window = 64;
        return spec;
    }

    // Sends SPIs [first, first + count) and lets the applier take them, a ring at a time.
    void add(std::uint32_t first, std::uint32_t count, sad::direction dir) {
        for (std::uint32_t i = 0; i < count; ++i) {
            ASSERT_TRUE(_sad.add_sa(sa(first + i, dir)).has_value()) << i;
            if (i % 1024 == 1023) drain();
        }
        drain();
    }
    void drain() {
        while (_applier.poll(4096) != 0) {
        }
        _sad.poll();
    }

    std::string _name;
    shm::segment _segment;
    std::unique_ptr<crypto::mb_manager> _manager;
    ipsec::sa_table _table;
    esp_backend _backend;
    int _grace_periods = 0;
    ctl::applier _applier;
    sad::ring_sad _sad;
    std::vector<sad::dataplane_event> _events;
};

TEST_F(sa_capacity_test, the_configured_cap_is_filled_exactly_then_table_full_comes_back) {
    ASSERT_NE(_manager, nullptr);
    add(0x10000, cap - 100, sad::direction::inbound);
    add(0x90000, 100, sad::direction::outbound);
    EXPECT_TRUE(_events.empty()) << sad::describe(_events.front());
    EXPECT_EQ(_applier.sa_count(), cap);
    EXPECT_EQ(_applier.inbound().size(), cap - 100);

    ASSERT_TRUE(_sad.add_sa(sa(0x20000, sad::direction::inbound)).has_value());
    const std::uint64_t cookie = _sad.last_cookie();
    ASSERT_TRUE(_sad.add_sa(sa(0xa0000, sad::direction::outbound)).has_value());
    drain();
    ASSERT_EQ(_events.size(), 2u);
    EXPECT_EQ(_events[0].kind, shm::event_kind::command_failed);
    EXPECT_EQ(_events[0].cookie, cookie);
    EXPECT_EQ(_events[0].error, shm::command_error::table_full);
    EXPECT_EQ(_events[0].id.value, 0x20000u);
    EXPECT_EQ(_events[1].error, shm::command_error::table_full);
    EXPECT_EQ(_events[1].id.value, 0xa0000u);
    EXPECT_EQ(_applier.inbound().find(0x20000, 3), lookup::no_sa);
    EXPECT_EQ(_applier.sa_count(), cap);
    EXPECT_EQ(_applier.stats().refused, 2u);
}

TEST_F(sa_capacity_test, deleted_sas_free_their_slots_for_new_ones) {
    ASSERT_NE(_manager, nullptr);
    add(0x10000, cap, sad::direction::inbound);
    std::set<std::uint32_t> freed;
    for (std::uint32_t spi = 0x10000; spi < 0x10000 + 300; ++spi) {
        freed.insert(_applier.inbound().find(spi, 3));
        ASSERT_TRUE(_sad.delete_sa(cp::ike::protocol_id::esp, sad::spi{spi}, sad::direction::inbound).has_value());
    }
    drain();
    EXPECT_EQ(_applier.sa_count(), cap - 300);
    EXPECT_EQ(_grace_periods, 300);  // every index went back only after readers moved on

    add(0x30000, 300, sad::direction::inbound);
    EXPECT_TRUE(_events.empty()) << sad::describe(_events.front());
    EXPECT_EQ(_applier.sa_count(), cap);
    std::set<std::uint32_t> reused;
    for (std::uint32_t spi = 0x30000; spi < 0x30000 + 300; ++spi) {
        const std::uint32_t index = _applier.inbound().find(spi, 3);
        EXPECT_TRUE(_table.valid(ipsec::sa_index{index})) << spi;
        reused.insert(index);
    }
    EXPECT_EQ(reused, freed);
    for (std::uint32_t spi = 0x10000; spi < 0x10000 + 300; ++spi) EXPECT_EQ(_applier.inbound().find(spi, 3), lookup::no_sa);
    EXPECT_NE(_applier.inbound().find(0x10000 + 300, 3), lookup::no_sa);

    ASSERT_TRUE(_sad.add_sa(sa(0x40000, sad::direction::inbound)).has_value());
    drain();
    ASSERT_EQ(_events.size(), 1u);
    EXPECT_EQ(_events[0].error, shm::command_error::table_full);
}

}  // namespace
}  // namespace ravelin::dp::app
