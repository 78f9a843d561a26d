#include "control-plane/config/loader.hpp"

#include <gtest/gtest.h>

namespace ravelin::cp::config {
namespace {

// The sketch of ../shared/ARCHITECTURE-BRIEF.md, verbatim in shape.
constexpr const char* brief_example = R"(ike:
  listen: [10.99.0.2]
control: { socket: /run/ravelin/ravelin.sock }
metrics: { listen: 127.0.0.1:9750 }
dataplane:
  ports:
    - { name: wan, device: "net_af_packet0,iface=eth1", address: 10.99.0.2/24, gateway: 10.99.0.1 }
    - { name: lan, device: "0000:03:00.0", address: 10.2.0.254/24 }
connections:
  site-a:
    local_addrs: [10.99.0.2]
    remote_addrs: [10.99.0.1]
    proposals: [aes256gcm16-prfsha256-x25519]
    local:  { auth: psk, id: 10.99.0.2 }
    remote: { auth: psk, id: 10.99.0.1 }
    dpd_delay: 30s
    children:
      net:
        local_ts: [10.2.0.0/24]
        remote_ts: [10.1.0.0/24]
        esp_proposals: [aes128gcm16]
        mode: tunnel
        start_action: none
secrets:
  - { id: [10.99.0.1], psk: "example-only" }
)";

TEST(load_config, reads_the_architecture_brief_example) {
    auto loaded = load_config_text(brief_example, "brief.yaml");
    ASSERT_TRUE(loaded.config) << to_string(loaded.issues);
    const daemon_config& config = *loaded.config;
    ASSERT_EQ(config.listen.size(), 1u);
    EXPECT_EQ(config.listen[0].to_string(), "10.99.0.2");
    EXPECT_EQ(config.metrics_listen, "127.0.0.1:9750");
    ASSERT_TRUE(config.dataplane);
    ASSERT_EQ(config.dataplane->ports.size(), 2u);
    EXPECT_EQ(config.dataplane->ports[0].device, "net_af_packet0,iface=eth1");
    EXPECT_EQ(config.dataplane->ports[0].gateway->to_string(), "10.99.0.1");
    EXPECT_FALSE(config.dataplane->ports[1].gateway);
    EXPECT_EQ(config.dataplane->segment, "/ravelin-dp");  // the default

    const connection_config& conn = config.connections.at("site-a");
    EXPECT_EQ(conn.proposals, std::vector<std::string>{"aes256gcm16-prfsha256-x25519"});
    EXPECT_EQ(conn.remote.id, "10.99.0.1");
    EXPECT_EQ(conn.dpd_delay, seconds(30));
    const child_config& child = conn.children.at("net");
    EXPECT_EQ(child.mode, ipsec_mode::tunnel);
    EXPECT_EQ(child.start, start_action::none);
    ASSERT_EQ(child.local_ts.size(), 1u);
    EXPECT_EQ(std::get<common::address_range>(child.local_ts[0].addresses).to_string(), "10.2.0.0/24");
    ASSERT_EQ(config.secrets.size(), 1u);
    EXPECT_EQ(config.secrets[0].psk.size(), 12u);
}

TEST(load_config, per_sa_metrics_are_off_unless_asked_for) {
    auto defaults = load_config_text(brief_example, "brief.yaml");
    ASSERT_TRUE(defaults.config) << to_string(defaults.issues);
    EXPECT_FALSE(defaults.config->metrics_per_sa);
    auto on = load_config_text("metrics: { listen: 127.0.0.1:9751, per_sa: true }\n", "per_sa.yaml");
    ASSERT_TRUE(on.config) << to_string(on.issues);
    EXPECT_TRUE(on.config->metrics_per_sa);
    EXPECT_FALSE(load_config_text("metrics: { per_sa: maybe }\n", "bad.yaml").config);
}

TEST(load_config, defaults_follow_swanctl) {
    auto loaded = load_config_text("connections:\n  c:\n    remote: { auth: psk }\n    children: { x: {} }\n"
                                   "secrets:\n  - { psk: k }\n",
                                   "defaults.yaml");
    ASSERT_TRUE(loaded.config) << to_string(loaded.issues);
    EXPECT_FALSE(loaded.config->dataplane);  // IKE-only mode
    const auto& conn = loaded.config->connections.at("c");
    EXPECT_EQ(conn.rekey_time, seconds(14400));
    EXPECT_EQ(conn.proposals, std::vector<std::string>{"default"});
    EXPECT_EQ(conn.children.at("x").rekey_time, seconds(3600));
    EXPECT_EQ(conn.children.at("x").start, start_action::none);
}

TEST(load_config, reports_every_problem_with_file_line_and_key) {
    constexpr const char* bad = R"(connections:
  site-a:
    dpd_delay: soon
    dpd_dealy: 30s
    children:
      net:
        mode: tunel
        local_ts: [10.2.0.1/24]
secrets:
  - { psk: "0xabc" }
)";
    auto loaded = load_config_text(bad, "bad.yaml");
    EXPECT_FALSE(loaded.config);
    const std::string report = to_string(loaded.issues);
    EXPECT_NE(report.find("bad.yaml:3:16: connections.site-a.dpd_delay: 'soon' is not a duration"), std::string::npos)
        << report;
    EXPECT_NE(report.find("bad.yaml:4:5: connections.site-a.dpd_dealy: unknown key"), std::string::npos) << report;
    EXPECT_NE(report.find("bad.yaml:7:15: connections.site-a.children.net.mode: 'tunel' is not one of: tunnel, transport"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("connections.site-a.children.net.local_ts"), std::string::npos) << report;
    EXPECT_NE(report.find("secrets[0].psk: not a valid key"), std::string::npos) << report;
    EXPECT_EQ(loaded.issues.size(), 5u) << report;
}

TEST(load_config, dataplane_segment_is_a_shared_memory_name) {
    constexpr const char* ports = "  ports: [{ name: wan, device: net_null0, address: 10.0.0.1/24 }]\n";
    auto named = load_config_text(std::string("dataplane:\n  segment: /ravelin-site-b\n") + ports, "seg.yaml");
    ASSERT_TRUE(named.config) << to_string(named.issues);
    EXPECT_EQ(named.config->dataplane->segment, "/ravelin-site-b");
    auto bad = load_config_text(std::string("dataplane:\n  segment: run/x\n") + ports, "seg.yaml");
    ASSERT_FALSE(bad.config);
    EXPECT_NE(to_string(bad.issues).find("dataplane.segment: 'run/x' is not a shared-memory name"), std::string::npos)
        << to_string(bad.issues);
}

TEST(load_config, dataplane_max_sas_is_bounded_by_the_segment_counter_blocks) {
    constexpr const char* ports = "  ports: [{ name: wan, device: net_null0, address: 10.0.0.1/24 }]\n";
    auto defaults = load_config_text(std::string("dataplane:\n") + ports, "sas.yaml");
    ASSERT_TRUE(defaults.config) << to_string(defaults.issues);
    EXPECT_EQ(defaults.config->dataplane->max_sas, dataplane_config::default_max_sas);
    EXPECT_LE(dataplane_config::default_max_sas, common::shm::max_sa_counters);
    auto set = load_config_text(std::string("dataplane:\n  max_sas: 200000\n") + ports, "sas.yaml");
    ASSERT_FALSE(set.config);  // the segment has 131072 counter blocks
    EXPECT_NE(to_string(set.issues).find("sas.yaml:2:12: dataplane.max_sas: '200000' is not a number from 1 to 131072"),
              std::string::npos)
        << to_string(set.issues);
    for (const char* bad : {"0", "-1", "lots", "131073"}) {
        auto refused = load_config_text(std::string("dataplane:\n  max_sas: ") + bad + "\n" + ports, "sas.yaml");
        EXPECT_FALSE(refused.config) << bad;
    }
    auto small = load_config_text(std::string("dataplane:\n  max_sas: 1024\n") + ports, "sas.yaml");
    ASSERT_TRUE(small.config) << to_string(small.issues);
    EXPECT_EQ(small.config->dataplane->max_sas, 1024u);
    auto largest = load_config_text(std::string("dataplane:\n  max_sas: 131072\n") + ports, "sas.yaml");
    ASSERT_TRUE(largest.config) << to_string(largest.issues);
    EXPECT_EQ(largest.config->dataplane->max_sas, 131072u);
}

TEST(load_config, never_echoes_a_secret) {
    auto loaded = load_config_text("secrets:\n  - { psk: \"0xsupersecretvalue\" }\n", "s.yaml");
    ASSERT_FALSE(loaded.config);
    EXPECT_EQ(to_string(loaded.issues).find("supersecret"), std::string::npos);
}

TEST(load_config, yaml_syntax_errors_are_located) {
    auto loaded = load_config_text("connections:\n  a: [unclosed\n", "syntax.yaml");
    ASSERT_FALSE(loaded.config);
    ASSERT_EQ(loaded.issues.size(), 1u);
    EXPECT_EQ(loaded.issues[0].file, "syntax.yaml");
    EXPECT_GT(loaded.issues[0].line, 0);
}

TEST(load_config, cross_section_rules) {
    auto loaded = load_config_text(
        "connections:\n  c:\n    local: { auth: pubkey }\n    children:\n      x: { rekey_time: 1h, life_time: 30m }\n",
        "rules.yaml");
    ASSERT_FALSE(loaded.config);
    const std::string report = to_string(loaded.issues);
    EXPECT_NE(report.find("life_time must not be shorter than rekey_time"), std::string::npos) << report;
    EXPECT_NE(report.find("pubkey authentication needs certs and key"), std::string::npos) << report;
}

// Found by config_load_fuzz: a name that is not a scalar (`? [a, b]`) was looked
// up by its empty text, and yaml-cpp's non-const lookup inserted it into the
// mapping being iterated. Aliases make one mapping reachable from two readers.
TEST(load_config, odd_keys_and_aliases_are_reported_not_crashed_on) {
    for (const char* text : {"connections:\n  ? [a, b]\n  : {}\n  c: {}\n",
                             "connections:\n  c:\n    ? {x: y}\n    : 1\n","connections: &c\n  a:\n    children: *c\n",
                             "connections: &c {a: {children: {n: *c}}}\n",
                             "ike: &i {listen: [10.0.0.1]}\ncontrol: *i\n"}) {
        auto loaded = load_config_text(text, "alias.yaml");
        EXPECT_FALSE(loaded.config) << text;
        EXPECT_FALSE(loaded.issues.empty()) << text;
    }
}

TEST(load_config, missing_file_is_reported) {
    auto loaded = load_config_file("/nonexistent/ravelin.yaml");
    ASSERT_FALSE(loaded.config);
    EXPECT_EQ(loaded.issues[0].to_string(), "/nonexistent/ravelin.yaml: cannot open file");
}

TEST(load_config, rejects_wrong_shapes) {
    for (const char* text : {"- a\n- b\n", "connections: [a, b]\n", "connections:\n  c:\n    proposals: {a: b}\n",
                             "ike:\n  listen: [nothost]\n", "connections:\n  c:\n    version: 1\n"}) {
        auto loaded = load_config_text(text, "shape.yaml");
        EXPECT_FALSE(loaded.config) << text;
        EXPECT_FALSE(loaded.issues.empty()) << text;
    }
}

TEST(load_config, a_port_takes_one_ipv4_and_one_ipv6_address_and_gateway) {
    auto loaded = load_config_text(R"(dataplane:
  ports:
    - name: lan
      device: net_null0
      address: [10.1.0.254/24, "fd00:1::fe/64"]
      gateway: ["fd00:1::1", 10.1.0.1]
    - { name: v6only, device: net_null1, address: "fd00:2::fe/64" }
)",
                                   "dual.yaml");
    ASSERT_TRUE(loaded.config) << to_string(loaded.issues);
    const auto& lan = loaded.config->dataplane->ports[0];
    EXPECT_EQ(lan.address.address.to_string(), "10.1.0.254");  // the first listed
    ASSERT_NE(lan.address_of(common::ip_family::v6), nullptr);
    EXPECT_EQ(lan.address_of(common::ip_family::v6)->address.to_string(), "fd00:1::fe");
    EXPECT_EQ(lan.address_of(common::ip_family::v6)->prefix_length, 64u);
    EXPECT_EQ(lan.gateway_of(common::ip_family::v4)->to_string(), "10.1.0.1");
    EXPECT_EQ(lan.gateway_of(common::ip_family::v6)->to_string(), "fd00:1::1");
    const auto& v6only = loaded.config->dataplane->ports[1];
    EXPECT_EQ(v6only.address_of(common::ip_family::v4), nullptr);
    EXPECT_FALSE(v6only.gateway);
    EXPECT_EQ(v6only.mtu, 1500) << "the default";
}

TEST(load_config, a_port_mtu_is_between_1280_and_9216) {
    auto loaded = load_config_text(R"(dataplane:
  ports:
    - { name: wan, device: net_null0, address: 10.99.0.2/24, mtu: 1400 }
)",
                                   "mtu.yaml");
    ASSERT_TRUE(loaded.config) << to_string(loaded.issues);
    EXPECT_EQ(loaded.config->dataplane->ports[0].mtu, 1400);
    for (const char* mtu : {"1279", "9217", "big"}) {
        const std::string text = std::string("dataplane:\n  ports:\n    - { name: wan, device: net_null0, address: 10.99.0.2/24, mtu: ") + mtu + " }\n";
        auto refused = load_config_text(text, "mtu.yaml");
        EXPECT_FALSE(refused.config) << mtu;
        EXPECT_NE(to_string(refused.issues).find("dataplane.ports[0].mtu"), std::string::npos) << to_string(refused.issues);
    }
}

TEST(load_config, a_port_with_two_addresses_of_a_family_is_refused_with_the_location) {
    auto loaded = load_config_text(R"(dataplane:
  ports:
    - { name: lan, device: net_null0, address: [10.1.0.254/24, 10.1.1.254/24, "fd00::1/129"] }
    - { name: wan, device: net_null1 }
)",
                                   "two.yaml");
    ASSERT_FALSE(loaded.config);
    const std::string report = to_string(loaded.issues);
    EXPECT_NE(report.find("two.yaml:3:"), std::string::npos) << report;
    EXPECT_NE(report.find("dataplane.ports[0].address: '10.1.1.254/24': at most one IPv4 and one IPv6 value"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("'fd00::1/129' is not ADDRESS/PREFIXLEN"), std::string::npos) << report;
    EXPECT_NE(report.find("dataplane.ports[1].address: every port needs an address"), std::string::npos) << report;
}

}  // namespace
}  // namespace ravelin::cp::config
