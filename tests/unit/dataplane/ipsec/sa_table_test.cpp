// SA installation: validation of transforms, keys and options; index reuse;
// state wiped on removal.
#include "esp_fixture.hpp"
#include "sa_builder.hpp"

namespace ravelin::dp::test {
namespace {

using ipsec::direction;
using ipsec::errc;

class sa_table_test : public esp_fixture {
protected:
    std::error_code add_error(const ipsec::sa_config& c) {
        auto r = table->add(c, *mgr);
        return r.has_value() ? std::error_code{} : r.error();
    }
};

TEST_F(sa_table_test, key_lengths_follow_the_transform) {
    ipsec::sa_config c = make_sa({}, direction::outbound);
    c.cipher_key = secret(16, 1);  // GCM without its 4-byte salt
    EXPECT_EQ(add_error(c), errc::bad_key_length);
    c = make_sa({transforms[6]}, direction::outbound);
    c.cipher_key = secret(20, 1);  // ChaCha20 wants 32 + 4
    EXPECT_EQ(add_error(c), errc::bad_key_length);
    c = make_sa({transforms[3]}, direction::outbound);
    c.integ_key = secret(20, 1);  // HMAC-SHA2-256 wants 32 (RFC 4868 §2.1.1)
    EXPECT_EQ(add_error(c), errc::bad_key_length);
}

TEST_F(sa_table_test, combined_mode_and_integrity_do_not_mix) {
    ipsec::sa_config c = make_sa({}, direction::outbound);
    c.integ = ipsec::integ_alg::hmac_sha256_128;
    c.integ_key = secret(32, 1);
    EXPECT_EQ(add_error(c), errc::bad_transform);
    c = make_sa({transforms[2]}, direction::outbound);
    c.integ = ipsec::integ_alg::none;
    c.integ_key = {};
    EXPECT_EQ(add_error(c), errc::bad_transform);  // no encryption without integrity
}

TEST_F(sa_table_test, ah_is_integrity_only_and_never_udp_encapsulated) {
    ipsec::sa_config c = make_sa({transforms[3]}, direction::outbound);
    c.proto = ipsec::ipsec_proto::ah;
    EXPECT_EQ(add_error(c), errc::bad_transform);  // carries a cipher key
    c.cipher_key = {};
    c.encap = ipsec::udp_encap{};
    EXPECT_EQ(add_error(c), errc::bad_transform);  // RFC 3948 covers ESP only
    c.encap.reset();
    EXPECT_EQ(add_error(c), std::error_code{});
    c = make_sa({transforms[0]}, direction::outbound);
    c.proto = ipsec::ipsec_proto::ah;
    c.cipher_key = {};
    EXPECT_EQ(add_error(c), errc::bad_transform);  // no integrity algorithm
}

TEST_F(sa_table_test, options_are_checked) {
    ipsec::sa_config c = make_sa({}, direction::inbound);
    c.replay_window = 32;
    EXPECT_EQ(add_error(c), errc::bad_replay_window);
    c = make_sa({}, direction::inbound);
    c.replay_window = 16384;  // the table was sized for 8192
    EXPECT_EQ(add_error(c), errc::bad_replay_window);
    c = make_sa({}, direction::inbound);
    c.tfc_pad_to = 100;
    EXPECT_EQ(add_error(c), errc::bad_option);
    c = make_sa({}, direction::outbound);
    c.tunnel_dst = addr("2001:db8::1");
    EXPECT_EQ(add_error(c), errc::bad_tunnel_endpoints);
    c = make_sa({}, direction::outbound);
    c.ipcomp = ipsec::ipcomp_config{};
    c.tfc_pad_to = 200;  // TFC padding would land inside the DEFLATE stream
    EXPECT_EQ(add_error(c), errc::bad_option);
}

TEST_F(sa_table_test, fills_up_reuses_indices_and_wipes_on_removal) {
    std::vector<ipsec::sa_index> all;
    for (std::uint32_t i = 0; i < table->capacity(); ++i) all.push_back(add(make_sa({}, direction::inbound)));
    EXPECT_EQ(add_error(make_sa({}, direction::inbound)), errc::table_full);
    const ipsec::sa_index victim = all[10];
    table->runtime(victim).replay.blocks[0] = 0xff;
    ASSERT_TRUE(table->remove(victim));
    EXPECT_FALSE(table->valid(victim));
    EXPECT_EQ(table->runtime(victim).process, nullptr);
    EXPECT_EQ(table->runtime(victim).enc_keys, nullptr);
    EXPECT_EQ(table->remove(victim).error(), errc::bad_sa_index);
    EXPECT_EQ(table->remove(ipsec::sa_index{100000}).error(), errc::bad_sa_index);
    const ipsec::sa_index again = add(make_sa({}, direction::inbound));
    EXPECT_EQ(again, victim);
    EXPECT_EQ(table->runtime(again).replay.blocks[0], 0u);  // a fresh window
    EXPECT_EQ(table->runtime(again).replay.top, 0u);
}

TEST_F(sa_table_test, runtime_layout_is_pinned) {
    static_assert(alignof(ipsec::sa_runtime) == 64);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&table->runtime(ipsec::sa_index{1})) % 64, 0u);
}

}  // namespace
}  // namespace ravelin::dp::test
