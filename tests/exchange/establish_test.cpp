// The happy paths: IKE_SA_INIT + IKE_AUTH with PSK and the first Child SA,
// keys and SPIs agreeing on both sides, narrowing, NAT traversal.

#include <gtest/gtest.h>

#include "tests/exchange/configs.hpp"
#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

const sad::sa_spec* installed(const peer& p, std::uint32_t spi, sad::direction dir) {
    for (const auto& s : p.southbound.installed()) {
        if (s.id.value == spi && s.dir == dir) return &s;
    }
    return nullptr;
}

// Each side's inbound SA is the other's outbound, with equal keys.
void expect_matching_child(const peer& a, const peer& b) {
    const auto sa_a = a.eng.list_sas();
    const auto sa_b = b.eng.list_sas();
    ASSERT_EQ(sa_a.size(), 1u);
    ASSERT_EQ(sa_b.size(), 1u);
    ASSERT_EQ(sa_a[0].children.size(), 1u);
    ASSERT_EQ(sa_b[0].children.size(), 1u);
    const auto& ca = sa_a[0].children[0];
    const auto& cb = sa_b[0].children[0];
    EXPECT_EQ(ca.spi_in, cb.spi_out);
    EXPECT_EQ(ca.spi_out, cb.spi_in);
    for (const auto& [x, y, spi] : {std::tuple{&a, &b, ca.spi_in}, std::tuple{&b, &a, cb.spi_in}}) {
        const auto* in = installed(*x, spi, sad::direction::inbound);
        const auto* out = installed(*y, spi, sad::direction::outbound);
        ASSERT_NE(in, nullptr);
        ASSERT_NE(out, nullptr);
        EXPECT_TRUE(in->encryption_key == out->encryption_key);
        EXPECT_TRUE(in->integrity_key == out->integrity_key);
        EXPECT_EQ(in->encryption, out->encryption);
        EXPECT_FALSE(in->encryption_key.empty());
    }
    // The two directions use different keys (§2.17: initiator->responder first).
    EXPECT_FALSE(installed(a, ca.spi_in, sad::direction::inbound)->encryption_key ==
                 installed(a, ca.spi_out, sad::direction::outbound)->encryption_key);
}

TEST(establish, psk_gcm_x25519_ike_sa_and_child_sa_with_equal_keys_and_spis) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    expect_matching_child(net.a, net.b);
    const auto a = net.a.eng.list_sas().front();
    const auto b = net.b.eng.list_sas().front();
    EXPECT_TRUE(a.initiator);
    EXPECT_FALSE(b.initiator);
    EXPECT_EQ(a.spi_i, b.spi_i);
    EXPECT_EQ(a.spi_r, b.spi_r);
    EXPECT_EQ(a.proposal, "aes256gcm16-prfsha256-x25519");
    EXPECT_EQ(a.children[0].proposal, "aes128gcm16");
    EXPECT_EQ(a.local_id, "moon.example");
    EXPECT_EQ(a.remote_id, "sun.example");
    EXPECT_EQ(b.remote_id, "moon.example");
    EXPECT_FALSE(a.nat_detected);
    EXPECT_EQ(a.children[0].local_ts.front().to_string(), "10.1.0.0/24");
    EXPECT_EQ(b.children[0].local_ts.front().to_string(), "10.2.0.0/24");
    // Two exchanges, four messages: nothing retransmitted.
    EXPECT_EQ(net.delivered.size(), 4u);
}

TEST(establish, inbound_sa_is_installed_before_outbound_and_policies_follow) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    for (const auto* p : {&net.a, &net.b}) {
        std::vector<std::string> adds;
        for (const auto& call : p->southbound.calls()) {
            if (call.rfind("add_", 0) == 0) adds.push_back(call.substr(0, call.rfind("add_sa", 0) == 0 ? 14 : 10));
        }
        ASSERT_GE(adds.size(), 4u);
        EXPECT_EQ(adds[0], "add_sa esp in ");
        EXPECT_EQ(adds[1], "add_sa esp out");
        EXPECT_EQ(adds[2], "add_policy");
        EXPECT_EQ(p->southbound.state().sa_count(), 2u);
        EXPECT_EQ(p->southbound.state().policy_count(), 2u);
    }
}

TEST(establish, cbc_hmac_modp2048_suite) {
    peer_settings s;
    s.ike_proposals = "aes128-sha256-modp2048";
    s.esp_proposals = "aes128-sha256";
    network net(moon(s), sun(s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    expect_matching_child(net.a, net.b);
    EXPECT_EQ(net.a.eng.list_sas().front().proposal, "aes128-sha256-prfsha256-modp2048");
    EXPECT_EQ(net.b.eng.list_sas().front().children[0].proposal, "aes128-sha256");
}

// §2.9: the responder allows only part of what the initiator asks for; both
// install the narrowed selectors.
TEST(establish, responder_narrows_traffic_selectors) {
    peer_settings narrow_sun;
    narrow_sun.local_ts = "10.1.0.0/25";  // sun's remote_ts after the swap in sun()
    network net(moon(), sun(narrow_sun));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    const auto a = net.a.eng.list_sas().front();
    ASSERT_EQ(a.children.size(), 1u);
    EXPECT_EQ(a.children[0].local_ts.front().to_string(), "10.1.0.0/25");
    EXPECT_EQ(net.b.eng.list_sas().front().children[0].remote_ts.front().to_string(), "10.1.0.0/25");
}

// Responder preference decides (configured order), among what the initiator offers.
TEST(establish, responder_picks_its_preferred_proposal_among_offered) {
    peer_settings moon_s, sun_s;
    moon_s.ike_proposals = "aes128gcm16-aes256gcm16-prfsha256-x25519";
    sun_s.ike_proposals = "aes256gcm16-prfsha256-x25519, aes128gcm16-prfsha256-x25519";
    moon_s.esp_proposals = "aes128gcm16, aes256gcm16";
    sun_s.esp_proposals = "aes256gcm16, aes128gcm16";
    network net(moon(moon_s), sun(sun_s));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    EXPECT_EQ(net.a.eng.list_sas().front().proposal, "aes256gcm16-prfsha256-x25519");
    EXPECT_EQ(net.a.eng.list_sas().front().children[0].proposal, "aes256gcm16");
}

// RFC 7296 §2.23: without a NAT neither side sees one. The request's NAT-D hashes
// carry SPIr 0; a responder hashing with its own SPIr would see a NAT here and
// install UDP-encapsulated SAs the initiator does not expect.
TEST(establish, no_nat_is_detected_without_one_and_esp_is_not_encapsulated) {
    network net(moon(), sun());
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    for (const auto* p : {&net.a, &net.b}) {
        const auto sa = p->eng.list_sas().front();
        EXPECT_FALSE(sa.nat_detected) << sa.local_id;
        EXPECT_EQ(sa.local.port, 500) << sa.local_id;
        EXPECT_EQ(sa.remote.port, 500) << sa.local_id;
        EXPECT_FALSE(sa.children.at(0).udp_encap) << sa.local_id;
        ASSERT_EQ(p->southbound.installed().size(), 2u);
        for (const auto& spec : p->southbound.installed()) EXPECT_FALSE(spec.encap.has_value()) << sa.local_id;
    }
}

// RFC 7296 §2.23: moon behind a NAT (its source rewritten on the way out). Both
// see it, the initiator moves to 4500, the SAs are UDP-encapsulated.
TEST(establish, nat_is_detected_and_ike_floats_to_4500) {
    const auto inside = *common::ip_address::parse("10.0.0.1");
    const auto outside = *common::ip_address::parse("192.0.2.7");
    std::map<std::uint16_t, std::uint16_t> ports{{500, 31000}, {4500, 31001}};
    const auto nat = [&](datagram& d) {
        if (d.from.address == inside) {
            d.from = {outside, ports[d.from.port]};
        } else if (d.to.address == outside) {
            for (const auto& [in, out] : ports) {
                if (out == d.to.port) d.to = {inside, in};
            }
        }
        return true;
    };
    // sun accepts moon at any address.
    auto sun_yaml = sun();
    sun_yaml.replace(sun_yaml.find("remote_addrs: [10.0.0.1]"), 24, "remote_addrs: [\"%any\"]  ");
    network nat_net(moon(), sun_yaml);
    ASSERT_TRUE(nat_net.a.eng.initiate("site", "net").has_value());
    nat_net.deliver(nat);
    ASSERT_TRUE(nat_net.a.established());
    ASSERT_TRUE(nat_net.b.established());
    const auto a = nat_net.a.eng.list_sas().front();
    const auto b = nat_net.b.eng.list_sas().front();
    EXPECT_TRUE(a.nat_detected);
    EXPECT_TRUE(b.nat_detected);
    EXPECT_EQ(a.local.port, 4500);
    EXPECT_EQ(a.remote.port, 4500);
    EXPECT_EQ(b.remote.address, outside);
    EXPECT_EQ(b.remote.port, 31001);
    EXPECT_TRUE(a.children.at(0).udp_encap);
    EXPECT_TRUE(b.children.at(0).udp_encap);
    expect_matching_child(nat_net.a, nat_net.b);
    // IKE_AUTH went over 4500.
    EXPECT_EQ(nat_net.delivered[2].to.port, 4500);
}

// What the metrics endpoint reads on every scrape agrees with list_sas().
TEST(establish, sa_summary_counts_states_and_the_youngest_keying) {
    network net(moon(), sun());
    EXPECT_EQ(net.a.eng.summarize_sas().ike_by_state, (std::array<std::uint64_t, 4>{}));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    const sa_summary summary = net.a.eng.summarize_sas();
    EXPECT_EQ(summary.ike_by_state[static_cast<std::size_t>(ike_sa_state::established)], 1u);
    EXPECT_EQ(summary.child_by_state[static_cast<std::size_t>(child_sa_state::installed)], 1u);
    ASSERT_EQ(summary.youngest_keying.count("site"), 1u);
    EXPECT_EQ(summary.youngest_keying.at("site"), net.a.eng.list_sas().front().children.front().installed_for);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
