#include <gtest/gtest.h>

#include "control-plane/ctl/status_json.hpp"
#include "control-plane/ravelinctl/render.hpp"

namespace ravelin::cp::ctl {
namespace {

common::traffic_selector ts(const char* prefix) {
    return {common::address_range::from_prefix(*common::ip_prefix::parse(prefix)), 0, {}};
}

ike::ike_sa_status sample_sa() {
    ike::ike_sa_status sa;
    sa.connection = "site-a";
    sa.unique_id = 3;
    sa.state = ike::ike_sa_state::established;
    sa.initiator = true;
    sa.spi_i = 0x218b38628db02228;
    sa.spi_r = 0x4eb61ed95a0e5103;
    sa.local = {*common::ip_address::parse("10.99.0.2"), 4500};
    sa.remote = {*common::ip_address::parse("10.99.0.1"), 4500};
    sa.local_id = "10.99.0.2";
    sa.remote_id = "10.99.0.1";
    sa.proposal = "aes256gcm16-prfsha256-x25519";
    sa.nat_detected = true;
    ike::child_sa_status child;
    child.name = "net";
    child.state = ike::child_sa_state::installed;
    child.spi_in = 0x77a64f75;
    child.spi_out = 0x0342c63;
    child.proposal = "aes128gcm16";
    child.udp_encap = true;
    child.reqid = 1;
    child.local_ts = {ts("10.2.0.0/24")};
    child.remote_ts = {ts("10.1.0.0/24")};
    sa.children.push_back(child);
    return sa;
}

TEST(status_json, carries_every_field_scripts_rely_on) {
    const json sa = to_json(sample_sa());
    EXPECT_EQ(sa["state"], "ESTABLISHED");
    EXPECT_EQ(sa["spi_i"], "218b38628db02228");
    EXPECT_EQ(sa["remote"]["port"], 4500);
    EXPECT_EQ(sa["children"][0]["spi_out"], "00342c63");
    EXPECT_EQ(sa["children"][0]["local_ts"][0], "10.2.0.0/24");
    EXPECT_FALSE(sa["children"][0].contains("keys_debug"));
}

TEST(render, list_sas_reads_like_swanctl) {
    const std::string text = render_sas(to_json(std::vector<ike::ike_sa_status>{sample_sa()}));
    EXPECT_NE(text.find("site-a: #3, ESTABLISHED, IKEv2, 218b38628db02228_i* 4eb61ed95a0e5103_r\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("  remote '10.99.0.1' @ 10.99.0.1[4500]\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  net: reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:aes128gcm16\n"), std::string::npos) << text;
    EXPECT_NE(text.find("    in  77a64f75\n    out 00342c63\n"), std::string::npos) << text;
    EXPECT_NE(text.find("NAT detected"), std::string::npos) << text;
    EXPECT_EQ(render_sas(json::array()), "no IKE SAs\n");
}

TEST(render, stats_and_connections) {
    ike::engine_stats stats;
    stats.ike_sas = 2;
    stats.counters["exchanges.ike_sa_init.ok"] = 5;
    const std::string text = render_stats(to_json(stats));
    EXPECT_NE(text.find("IKE SAs: 2"), std::string::npos) << text;
    EXPECT_NE(text.find("exchanges.ike_sa_init.ok"), std::string::npos) << text;

    ike::connection_status conn{"site-a", {"10.99.0.2"}, {"10.99.0.1"}, {"net"}, false};
    const std::string conns = render_connections(to_json(std::vector<ike::connection_status>{conn}));
    EXPECT_NE(conns.find("site-a: IKEv2, down"), std::string::npos) << conns;
}

}  // namespace
}  // namespace ravelin::cp::ctl
