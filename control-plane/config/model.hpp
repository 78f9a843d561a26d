#pragma once
// The configuration model of ravelin-ike. Names and meanings follow swanctl.conf
// (strongSwan 5.9) wherever swanctl has them, so a connection moves over by
// renaming, not re-learning; docs/CONFIG.md lists every key.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/ip_address.hpp"
#include "common/ip_range.hpp"
#include "common/secret.hpp"
#include "common/shm/segment.hpp"

namespace ravelin::cp::config {

using seconds = std::chrono::seconds;

enum class auth_class { psk, pubkey };
enum class ipsec_mode { tunnel, transport };
enum class start_action { none, trap, start };
enum class dpd_action { clear, trap, restart };
enum class fragmentation { yes, no, accept, force };

// An address with its on-link prefix length, as `ip addr` writes it: 10.99.0.2/24.
struct interface_address {
    common::ip_address address;
    unsigned prefix_length = 0;
};

// swanctl's local_ts/remote_ts entry: "10.1.0.0/24", "10.1.0.1-10.1.0.9",
// "dynamic", each optionally followed by "[protocol/port]".
struct traffic_selector_spec {
    struct dynamic_address {
        bool operator==(const dynamic_address&) const = default;
    };
    std::variant<dynamic_address, common::address_range> addresses;
    std::uint8_t protocol = 0;  // 0: any
    std::uint16_t port_from = 0;
    std::uint16_t port_to = 65535;
};

struct auth_round {
    auth_class auth = auth_class::psk;
    std::string id;                  // empty: the local/remote address
    std::vector<std::string> certs;  // local: own certificate chain (PEM/DER files)
    std::string key;                 // local: private key file
    std::vector<std::string> cacerts;  // remote: trust anchors
};

struct child_config {
    std::string name;
    std::vector<traffic_selector_spec> local_ts;   // empty: dynamic
    std::vector<traffic_selector_spec> remote_ts;  // empty: dynamic
    std::vector<std::string> esp_proposals{"default"};
    ipsec_mode mode = ipsec_mode::tunnel;
    bool ipcomp = false;
    start_action start = start_action::none;
    dpd_action on_dpd = dpd_action::clear;
    seconds rekey_time{3600};
    std::optional<seconds> life_time;  // default: rekey_time + 10 %
    std::optional<seconds> rand_time;  // default: life_time - rekey_time
    std::uint64_t rekey_bytes = 0, life_bytes = 0;      // 0: no limit
    std::uint64_t rekey_packets = 0, life_packets = 0;  // 0: no limit
    std::uint32_t replay_window = 32;
};

struct connection_config {
    std::string name;
    std::vector<std::string> local_addrs;   // addresses or hostnames; empty: any
    std::vector<std::string> remote_addrs;  // empty: any (responder only)
    std::uint16_t local_port = 500;
    std::uint16_t remote_port = 500;
    std::vector<std::string> proposals{"default"};
    auth_round local;
    auth_round remote;
    seconds dpd_delay{0};  // 0: no liveness checks
    std::optional<seconds> dpd_timeout;
    seconds rekey_time{14400};
    std::optional<seconds> over_time;
    std::optional<seconds> rand_time;
    fragmentation fragment = fragmentation::yes;
    bool encap = false;  // force UDP encapsulation of ESP
    unsigned keyingtries = 1;
    std::map<std::string, child_config> children;
};

// A pre-shared key and the identities it is for (swanctl's secrets.ike<suffix>).
struct shared_secret {
    std::vector<std::string> ids;  // empty: any identity
    common::secret_bytes psk;
};

// `address` and `gateway` take one value or a list of at most one per family
// (`address: [10.1.0.254/24, "fd00:1::fe/64"]`, as netplan's `addresses`).
struct port_config {
    std::string name;
    std::string device;  // PCI address or DPDK vdev string
    interface_address address;                  // the first of `addresses`
    std::optional<common::ip_address> gateway;  // the first of `gateways`
    std::vector<interface_address> addresses;   // at most one per family
    std::vector<common::ip_address> gateways;   // at most one per family
    // The link's IP MTU: ravelin-dp sends no larger IP packet through the port
    // (ESP packets included; pmtu.hpp). RFC 8200 §5's 1280 at least.
    std::uint16_t mtu = 1500;

    [[nodiscard]] const interface_address* address_of(common::ip_family family) const noexcept {
        for (const auto& a : addresses) {
            if (a.address.family() == family) return &a;
        }
        return nullptr;
    }
    [[nodiscard]] const common::ip_address* gateway_of(common::ip_family family) const noexcept {
        for (const auto& g : gateways) {
            if (g.family() == family) return &g;
        }
        return nullptr;
    }
};

struct dataplane_config {
    // The shared-memory segment between ravelin-ike and ravelin-dp (shm_open name).
    std::string segment = common::shm::default_segment_name;
    // SAs ravelin-dp can hold (both directions): ~0.6 KiB each at start,
    // ~2 KiB once installed. At most the segment's per-SA counter blocks.
    std::uint32_t max_sas = default_max_sas;
    std::vector<port_config> ports;

    static constexpr std::uint32_t default_max_sas = 131072;
};

struct daemon_config {
    std::vector<common::ip_address> listen;  // empty: every address
    std::string control_socket = "/run/ravelin/ravelin.sock";
    std::string metrics_listen = "127.0.0.1:9750";
    bool metrics_per_sa = false;  // one series per SA (a concentrator may hold 100,000)
    std::optional<dataplane_config> dataplane;  // absent: IKE-only mode
    std::map<std::string, connection_config> connections;
    std::vector<shared_secret> secrets;
};

}  // namespace ravelin::cp::config
