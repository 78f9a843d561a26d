// Certificate authentication (RFC 7296 §2.15, RFC 7427) between two engines,
// with a PKI made at test time by strongSwan's pki.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/exchange/harness.hpp"

namespace ravelin::cp::ike::test {
namespace {

class cert_exchange : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = std::filesystem::temp_directory_path() / ("ravelin-exchange-pki-" + std::to_string(::getpid()));
        const auto command = std::string(RAVELIN_EXCHANGE_PKI_SCRIPT) + " " + dir.string();
        ASSERT_EQ(std::system(command.c_str()), 0) << "pki (strongswan-pki) is needed";
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(dir); }

    static std::string yaml(const std::string& self, const std::string& peer, const std::string& name,
                            const std::string& peer_name, const std::string& cert, const std::string& ike,
                            const std::string& ca = "ca") {
        const auto d = dir.string() + "/";
        return "connections:\n"
               "  site:\n"
               "    local_addrs: [" + self + "]\n"
               "    remote_addrs: [" + peer + "]\n"
               "    proposals: [" + ike + "]\n"
               "    local: { auth: pubkey, id: " + name + ".example, certs: [" + d + cert + ".pem], key: " + d + cert + ".key }\n"
               "    remote: { auth: pubkey, id: " + peer_name + ".example, cacerts: [" + d + ca + ".pem] }\n"
               "    children:\n"
               "      net: { local_ts: [10.1.0.0/24], remote_ts: [10.2.0.0/24], esp_proposals: [aes256gcm16] }\n";
    }
    static std::string moon_yaml(const std::string& kind, const std::string& ike) {
        return yaml("10.0.0.1", "10.0.0.2", "moon", "sun", "moon-" + kind, ike);
    }
    static std::string sun_yaml(const std::string& kind, const std::string& ike) {
        auto y = yaml("10.0.0.2", "10.0.0.1", "sun", "moon", "sun-" + kind, ike);
        // sun's selectors are moon's, mirrored.
        y.replace(y.find("local_ts: [10.1.0.0/24], remote_ts: [10.2.0.0/24]"), 49,
                  "local_ts: [10.2.0.0/24], remote_ts: [10.1.0.0/24]");
        return y;
    }

    static inline std::filesystem::path dir;
};

TEST_F(cert_exchange, ecdsa_p256_with_aes256_sha384_ecp384) {
    network net(moon_yaml("p256", "aes256-sha384-ecp384"), sun_yaml("p256", "aes256-sha384-ecp384"));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
    EXPECT_EQ(net.a.eng.list_sas().front().remote_id, "sun.example");
    EXPECT_EQ(net.a.eng.list_sas().front().children.size(), 1u);
}

TEST_F(cert_exchange, rsa_with_rfc7427_pss) {
    network net(moon_yaml("rsa", "aes256gcm16-prfsha256-x25519"), sun_yaml("rsa", "aes256gcm16-prfsha256-x25519"));
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    ASSERT_TRUE(net.b.established());
}

TEST_F(cert_exchange, untrusted_certificate_is_refused) {
    auto sun = yaml("10.0.0.2", "10.0.0.1", "sun", "moon", "sun-rogue", "aes256gcm16-prfsha256-x25519");
    sun.replace(sun.find("local_ts: [10.1.0.0/24], remote_ts: [10.2.0.0/24]"), 49,
                "local_ts: [10.2.0.0/24], remote_ts: [10.1.0.0/24]");
    network net(moon_yaml("p256", "aes256gcm16-prfsha256-x25519"), sun);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    EXPECT_TRUE(net.a.eng.list_sas().empty());
    EXPECT_EQ(net.a.counter("auth_failures.peer_auth_invalid"), 1u);
}

// Certificates make IKE_AUTH large: with a small fragment size it is fragmented.
TEST_F(cert_exchange, rsa_ike_auth_is_fragmented) {
    engine_options o;
    o.fragment_size = 576;
    network net(moon_yaml("rsa", "aes256gcm16-prfsha256-x25519"), sun_yaml("rsa", "aes256gcm16-prfsha256-x25519"), o, o);
    ASSERT_TRUE(net.a.eng.initiate("site", "net").has_value());
    net.deliver();
    ASSERT_TRUE(net.a.established());
    EXPECT_EQ(net.b.counter("fragments.reassembled"), 1u);
    EXPECT_EQ(net.a.counter("fragments.reassembled"), 1u);
}

}  // namespace
}  // namespace ravelin::cp::ike::test
