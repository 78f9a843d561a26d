#include <gtest/gtest.h>

#include <random>

#include "dataplane/lookup/spd.hpp"
#include "tests/unit/dataplane/ipsec/eal_env.hpp"
#include "tests/unit/dataplane/lookup/spd_linear.hpp"

namespace ravelin::dp::lookup {
namespace {
namespace shm = common::shm;

shm::address_record v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    shm::address_record r;
    r.family = 4;
    r.bytes[0] = a, r.bytes[1] = b, r.bytes[2] = c, r.bytes[3] = d;
    return r;
}

// An IPv6 address record from its two 64-bit halves.
shm::address_record v6(std::uint64_t hi, std::uint64_t lo) {
    shm::address_record r;
    r.family = 6;
    for (int i = 0; i < 8; ++i) {
        r.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
        r.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
    }
    return r;
}
constexpr std::uint64_t all = ~std::uint64_t{0};

compiled_selector range(shm::address_record lo, shm::address_record hi, std::uint8_t proto = 0,
                        std::uint16_t port_lo = 0, std::uint16_t port_hi = 65535) {
    shm::selector_record s;
    s.start = lo;
    s.end = hi;
    s.ip_protocol = proto;
    s.port_from = port_lo;
    s.port_to = port_hi;
    return compile(s);
}

flow v4_flow(shm::address_record src, shm::address_record dst, std::uint8_t proto = 17, std::uint16_t sport = 1000,
             std::uint16_t dport = 53) {
    flow f;
    f.family = 4;
    f.src = widen(src);
    f.dst = widen(dst);
    f.protocol = proto;
    f.src_port = sport;
    f.dst_port = dport;
    return f;
}

spd_entry entry(compiled_selector local, compiled_selector remote, std::uint32_t priority, std::uint32_t reqid,
                shm::action_code action = shm::action_code::protect) {
    spd_entry e;
    e.local = local;
    e.remote = remote;
    e.priority = priority;
    e.reqid = reqid;
    e.action = action;
    return e;
}

// rte_acl allocates its classifiers with the EAL's allocator.
class spd_env : public ::testing::Environment {
public:
    void SetUp() override { ASSERT_TRUE(dp::test::init_eal()); }
};
const auto* const env = ::testing::AddGlobalTestEnvironment(new spd_env);

TEST(spd, lowest_priority_value_wins_among_matches) {
    spd_publisher spd(nullptr);
    auto snapshot = std::make_unique<spd_snapshot>();
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    const auto any = range(v4(0, 0, 0, 0), v4(255, 255, 255, 255));
    snapshot->outbound.push_back(entry(lan, any, 10, 1, shm::action_code::bypass));
    snapshot->outbound.push_back(entry(lan, range(v4(10, 2, 0, 0), v4(10, 2, 0, 255)), 5, 2));
    spd.publish(std::move(snapshot));
    const auto* hit = spd.current()->match_outbound(v4_flow(v4(10, 1, 0, 5), v4(10, 2, 0, 9)));
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->reqid, 2u);
    hit = spd.current()->match_outbound(v4_flow(v4(10, 1, 0, 5), v4(10, 3, 0, 9)));
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->action, shm::action_code::bypass);
    EXPECT_EQ(spd.current()->match_outbound(v4_flow(v4(10, 9, 0, 5), v4(10, 2, 0, 9))), nullptr);
}

TEST(spd, protocol_and_port_ranges_are_selectors_too) {
    spd_snapshot snapshot;
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 6, 443, 443), 1, 9));
    ASSERT_TRUE(snapshot.build());
    EXPECT_NE(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 6, 5000, 443)), nullptr);
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 17, 5000, 443)), nullptr);
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 6, 5000, 80)), nullptr);
}

TEST(spd, opaque_ports_of_later_fragments_match_only_any_port_selectors) {
    // RFC 4301 §4.4.1: OPAQUE matches ANY, never a port range (not even one holding 0).
    spd_snapshot snapshot;
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 17, 0, 100), 1, 1));
    snapshot.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255), 17), 2, 2));
    ASSERT_TRUE(snapshot.build());
    flow fragment = v4_flow(v4(10, 1, 0, 1), v4(1, 2, 3, 4), 17, 0, 0);
    fragment.opaque_ports = true;
    ASSERT_NE(snapshot.match_outbound(fragment), nullptr);
    EXPECT_EQ(snapshot.match_outbound(fragment)->reqid, 2u);
    fragment.opaque_ports = false;
    EXPECT_EQ(snapshot.match_outbound(fragment)->reqid, 1u);
}

TEST(spd, inbound_policies_match_the_local_side_against_the_destination) {
    spd_snapshot snapshot;
    snapshot.inbound.push_back(entry(range(v4(10, 1, 0, 0), v4(10, 1, 0, 255)), range(v4(10, 2, 0, 0), v4(10, 2, 0, 255)), 1, 4));
    ASSERT_TRUE(snapshot.build());
    EXPECT_NE(snapshot.match_inbound(v4_flow(v4(10, 2, 0, 7), v4(10, 1, 0, 7))), nullptr);
    EXPECT_EQ(snapshot.match_inbound(v4_flow(v4(10, 1, 0, 7), v4(10, 2, 0, 7))), nullptr);
}

TEST(spd, families_never_match_each_other) {
    const auto lo6 = v6(0, 0), hi6 = v6(all, all);
    spd_snapshot snapshot;
    snapshot.outbound.push_back(entry(range(lo6, hi6), range(lo6, hi6), 1, 1));
    ASSERT_TRUE(snapshot.build());
    EXPECT_EQ(snapshot.match_outbound(v4_flow(v4(10, 1, 0, 1), v4(10, 2, 0, 1))), nullptr);
    flow f6;
    f6.family = 6;
    f6.src = {0x20010db800000000ull, 1};
    f6.dst = {0x20010db800000000ull, 2};
    EXPECT_NE(snapshot.match_outbound(f6), nullptr);
}

TEST(spd, a_snapshot_rebinding_sas_reuses_the_classifiers_and_answers_with_its_own_entries) {
    spd_snapshot first;
    const auto lan = range(v4(10, 1, 0, 0), v4(10, 1, 0, 255));
    first.outbound.push_back(entry(lan, range(v4(10, 2, 0, 0), v4(10, 2, 0, 255)), 5, 1));
    first.outbound.push_back(entry(lan, range(v4(0, 0, 0, 0), v4(255, 255, 255, 255)), 9, 2));
    ASSERT_TRUE(first.build());
    spd_snapshot second;
    second.outbound = first.outbound;
    second.outbound[0].sa = 42;
    second.build_reusing(first);
    ASSERT_TRUE(second.built());
    const flow f = v4_flow(v4(10, 1, 0, 5), v4(10, 2, 0, 9));
    EXPECT_EQ(second.match_outbound(f), &second.outbound[0]);
    EXPECT_EQ(second.match_outbound(f)->sa, 42u);
    EXPECT_EQ(first.match_outbound(f)->sa, no_sa);
}

TEST(spd, publish_waits_for_readers_before_freeing_the_old_snapshot) {
    int grace = 0;
    spd_publisher spd([&] { ++grace; });
    const spd_snapshot* before = spd.current();
    spd.publish(std::make_unique<spd_snapshot>());
    EXPECT_NE(spd.current(), before);
    EXPECT_EQ(grace, 1);
}

// Randomised policy sets against the linear reference (tests/unit/dataplane/lookup/spd_linear.hpp).
// Addresses and ports come from small pools so that rules overlap, nest and tie
// on priority; IPv6 ranges are mostly prefixes, some arbitrary ranges.
class random_spd {
public:
    explicit random_spd(std::uint32_t seed) : _rng(seed) {}

    wide_address address(std::uint8_t family) {
        const std::uint64_t pick = _rng() % 64;
        if (family == 4) return {0, 0x0a000000u | (pick << 16) | (_rng() % 4 << 8) | (_rng() % 256)};
        return {0xfd00000000000000ull | pick << 16 | _rng() % 4, _rng() % 3 == 0 ? _rng() : _rng() % 256};
    }
    compiled_selector selector(std::uint8_t family, std::uint8_t protocol) {
        compiled_selector s;
        s.family = family;
        s.protocol = protocol;
        const wide_address a = address(family);
        const unsigned bits = family == 4 ? 32 : 128;
        const unsigned length = static_cast<unsigned>(_rng() % 5 == 0 ? 0 : bits - _rng() % (bits == 32 ? 25 : 100));
        if (_rng() % 4 == 0) {
            s.low = a;
            s.high = std::max(a, address(family));  // an arbitrary range
        } else {
            const wide_address mask = prefix_mask(family, length);
            s.low = a & mask;
            s.high = {s.low.hi | (family == 4 ? 0 : ~mask.hi), s.low.lo | (family == 4 ? ~mask.lo & 0xffffffffu : ~mask.lo)};
        }
        if (_rng() % 3 == 0) {
            s.port_low = static_cast<std::uint16_t>(_rng() % 1000);
            s.port_high = static_cast<std::uint16_t>(s.port_low + _rng() % 1000);
        }
        return s;
    }
    std::vector<spd_entry> entries(std::size_t n) {
        std::vector<spd_entry> out;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t family = _rng() % 2 == 0 ? 4 : 6;
            const std::uint8_t protocol = static_cast<std::uint8_t>(std::array<int, 4>{0, 6, 17, 0}[_rng() % 4]);
            spd_entry e;
            e.local = selector(family, protocol);
            e.remote = selector(family, _rng() % 4 == 0 ? 0 : protocol);
            e.priority = static_cast<std::uint32_t>(_rng() % 50);  // many ties: insertion order decides
            e.reqid = static_cast<std::uint32_t>(i);
            out.push_back(e);
        }
        return out;
    }
    flow packet(std::uint8_t family) {
        flow f;
        f.family = family;
        f.src = address(family);
        f.dst = address(family);
        f.protocol = static_cast<std::uint8_t>(std::array<int, 4>{6, 17, 1, 50}[_rng() % 4]);
        f.src_port = static_cast<std::uint16_t>(_rng() % 2000);
        f.dst_port = static_cast<std::uint16_t>(_rng() % 2000);
        f.opaque_ports = _rng() % 8 == 0;
        if (f.opaque_ports) f.src_port = f.dst_port = 0;
        return f;
    }

private:
    std::mt19937_64 _rng;
};

TEST(spd, rte_acl_classifier_agrees_with_the_linear_reference_on_random_policy_sets) {
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        random_spd gen(seed);
        spd_snapshot snapshot;
        snapshot.outbound = gen.entries(seed * 40);
        snapshot.inbound = gen.entries(seed * 25);
        ASSERT_TRUE(snapshot.build());
        std::size_t hits = 0;
        std::vector<flow> burst;
        for (int i = 0; i < 4000; ++i) {
            const flow f = gen.packet(gen.packet(4).src_port % 2 == 0 ? 4 : 6);
            const spd_entry* out = snapshot.match_outbound(f);
            const spd_entry* in = snapshot.match_inbound(f);
            ASSERT_EQ(out, test::linear_match(snapshot.outbound, f, true)) << "seed " << seed << " packet " << i;
            ASSERT_EQ(in, test::linear_match(snapshot.inbound, f, false)) << "seed " << seed << " packet " << i;
            hits += (out != nullptr) + (in != nullptr);
            burst.push_back(f);
        }
        // Bursts of mixed families, of every length up to the maximum.
        for (std::size_t at = 0, length = 1; at + length <= burst.size(); at += length, length = length % 64 + 1) {
            std::array<const spd_entry*, 64> got;
            got.fill(nullptr);
            snapshot.match_outbound_burst(std::span<const flow>(burst.data() + at, length), got);
            for (std::size_t k = 0; k < length; ++k) {
                ASSERT_EQ(got[k], test::linear_match(snapshot.outbound, burst[at + k], true)) << "seed " << seed;
            }
        }
        EXPECT_GT(hits, 100u) << "seed " << seed << ": the sets should match something";
    }
}

// Up to spd_acl::linear_limit policies per family and direction are scanned,
// more go through rte_acl: both sides of the limit give the same first match.
TEST(spd, small_policy_sets_scanned_in_order_agree_with_the_linear_reference) {
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        random_spd gen(seed);
        spd_snapshot snapshot;
        snapshot.outbound = gen.entries(seed % (4 * spd_acl::linear_limit));
        snapshot.inbound = gen.entries(seed % 5);
        ASSERT_TRUE(snapshot.build());
        std::vector<flow> burst;
        for (int i = 0; i < 500; ++i) {
            const flow f = gen.packet(i % 2 == 0 ? 4 : 6);
            ASSERT_EQ(snapshot.match_outbound(f), test::linear_match(snapshot.outbound, f, true)) << "seed " << seed;
            ASSERT_EQ(snapshot.match_inbound(f), test::linear_match(snapshot.inbound, f, false)) << "seed " << seed;
            burst.push_back(f);
        }
        for (std::size_t at = 0; at + 32 <= burst.size(); at += 32) {
            std::array<const spd_entry*, 32> got;
            got.fill(nullptr);
            snapshot.match_outbound_burst(std::span<const flow>(burst.data() + at, 32), got);
            for (std::size_t k = 0; k < 32; ++k) {
                ASSERT_EQ(got[k], test::linear_match(snapshot.outbound, burst[at + k], true)) << "seed " << seed;
            }
        }
    }
}

TEST(spd, ipv6_ranges_that_are_not_prefixes_match_exactly_their_addresses) {
    spd_snapshot snapshot;
    snapshot.outbound.push_back(entry(range(v6(0xfd00000100000000ull, 3), v6(0xfd00000100000000ull, 0x11)),
                                      range(v6(0, 0), v6(all, all)), 1, 1));
    ASSERT_TRUE(snapshot.build());
    for (std::uint64_t last = 0; last < 0x20; ++last) {
        flow f;
        f.family = 6;
        f.src = {0xfd00000100000000ull, last};
        f.dst = {0x2001000000000000ull, 1};
        EXPECT_EQ(snapshot.match_outbound(f) != nullptr, last >= 3 && last <= 0x11) << last;
    }
}

TEST(spd, ipv6_policies_too_wide_for_the_trie_keep_their_rank) {
    // fd00:1::3 - fd00:1::ffff:fff1 on both sides: about 60 prefixes each, far
    // over max_rules_per_entry, so the policy is checked outside the trie.
    const std::uint64_t net = 0xfd00000100000000ull;
    const auto lo6 = v6(net, 3), hi6 = v6(net, 0xfffffff1);
    const auto net_lo = v6(net, 0), net_hi = v6(net, all);
    spd_snapshot snapshot;
    snapshot.outbound.push_back(entry(range(net_lo, net_hi), range(net_lo, net_hi), 20, 3));  // in the trie
    snapshot.outbound.push_back(entry(range(lo6, hi6), range(lo6, hi6), 10, 2));               // outside
    snapshot.outbound.push_back(entry(range(net_lo, net_hi), range(net_lo, net_hi), 5, 1,
                                      shm::action_code::protect));  // in the trie, ranks first for TCP only
    snapshot.outbound.back().remote.protocol = 6;
    // Enough further policies (other addresses) that the family is classified, not scanned.
    for (std::uint64_t i = 0; i < spd_acl::linear_limit; ++i) {
        snapshot.outbound.push_back(entry(range(v6(net + 0x10000 * (i + 2), 0), v6(net + 0x10000 * (i + 2), all)),
                                          range(net_lo, net_hi), 1, 100 + static_cast<std::uint32_t>(i)));
    }
    ASSERT_TRUE(snapshot.build());
    flow f;
    f.family = 6;
    f.protocol = 17;
    f.src = {0xfd00000100000000ull, 0x10};
    f.dst = {0xfd00000100000000ull, 0x20};
    EXPECT_EQ(snapshot.match_outbound(f)->reqid, 2u);  // outside the trie, above its answer
    f.protocol = 6;
    EXPECT_EQ(snapshot.match_outbound(f)->reqid, 1u);  // the trie's answer ranks first
    f.protocol = 17;
    f.dst.lo = 0xfffffff5;  // beyond the wide range's end
    EXPECT_EQ(snapshot.match_outbound(f)->reqid, 3u);
}

}  // namespace
}  // namespace ravelin::dp::lookup
