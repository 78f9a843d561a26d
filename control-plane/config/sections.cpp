#include "control-plane/config/sections.hpp"

#include "control-plane/config/values.hpp"

namespace ravelin::cp::config {
namespace {

template <typename T>
void assign(T& target, std::optional<T> value) {
    if (value) target = std::move(*value);
}

std::vector<traffic_selector_spec> read_selectors(yaml_reader& reader, std::string_view key) {
    std::vector<traffic_selector_spec> selectors;
    for (const auto& text : reader.string_list(key).value_or(std::vector<std::string>{})) {
        auto outcome = parse_traffic_selector(text);
        if (outcome.selector) {
            selectors.push_back(*outcome.selector);
        } else {
            reader.report(key, outcome.error);
        }
    }
    return selectors;
}

std::vector<std::string> read_proposals(yaml_reader& reader, std::string_view key) {
    auto proposals = reader.string_list(key);
    if (proposals && proposals->empty()) reader.report(key, "needs at least one proposal");
    return proposals && !proposals->empty() ? *proposals : std::vector<std::string>{"default"};
}

auth_round read_auth(yaml_reader& reader) {
    auth_round round;
    assign(round.auth, reader.choice<auth_class>("auth", {{"psk", auth_class::psk}, {"pubkey", auth_class::pubkey}}));
    assign(round.id, reader.string("id"));
    assign(round.certs, reader.string_list("certs"));
    assign(round.key, reader.string("key"));
    assign(round.cacerts, reader.string_list("cacerts"));
    reader.reject_unknown_keys();
    return round;
}

const common::ip_address& address_of(const interface_address& a) { return a.address; }
const common::ip_address& address_of(const common::ip_address& a) { return a; }

// One value or a list with at most one value per family; a repeated family is
// reported. nullopt: the key is absent (or not a list, reported).
template <typename T, typename Parse>
std::optional<std::vector<T>> read_per_family(yaml_reader& reader, std::string_view key, Parse parse,
                                              const std::string& expected) {
    auto texts = reader.string_list(key);
    if (!texts) return std::nullopt;
    std::vector<T> values;
    bool seen[2] = {false, false};
    for (const auto& text : *texts) {
        std::optional<T> value = parse(text);
        if (!value) {
            reader.report(key, "'" + text + "' is not " + expected);
            continue;
        }
        bool& family_seen = seen[address_of(*value).is_v4() ? 0 : 1];
        if (family_seen) reader.report(key, "'" + text + "': at most one IPv4 and one IPv6 value");
        family_seen = true;
        values.push_back(std::move(*value));
    }
    return values;
}

void read_child_lifetimes(yaml_reader& reader, child_config& child) {
    assign(child.rekey_time, reader.duration("rekey_time"));
    child.life_time = reader.duration("life_time");
    child.rand_time = reader.duration("rand_time");
    constexpr std::uint64_t no_max = ~std::uint64_t{0};
    assign(child.rekey_bytes, reader.number("rekey_bytes", 0, no_max));
    assign(child.life_bytes, reader.number("life_bytes", 0, no_max));
    assign(child.rekey_packets, reader.number("rekey_packets", 0, no_max));
    assign(child.life_packets, reader.number("life_packets", 0, no_max));
}

// shm_open(3): one leading slash, no other, at most NAME_MAX characters.
bool valid_segment_name(const std::string& name) {
    return name.size() > 1 && name.size() <= 255 && name.front() == '/' && name.find('/', 1) == std::string::npos;
}

port_config read_port(yaml_reader& reader) {
    port_config port;
    assign(port.name, reader.string("name"));
    assign(port.device, reader.string("device"));
    if (port.name.empty()) reader.report("name", "every port needs a name");
    if (port.device.empty()) reader.report("device", "every port needs a device (PCI address or vdev)");
    auto addresses = read_per_family<interface_address>(reader, "address", parse_interface_address, "ADDRESS/PREFIXLEN");
    if (!addresses) reader.report("address", "every port needs an address");
    else port.addresses = std::move(*addresses);
    if (!port.addresses.empty()) port.address = port.addresses.front();
    const auto parse_address = [](const std::string& text) -> std::optional<common::ip_address> {
        auto parsed = common::ip_address::parse(text);
        if (!parsed) return std::nullopt;
        return *parsed;
    };
    port.gateways = read_per_family<common::ip_address>(reader, "gateway", parse_address, "an IP address")
                        .value_or(std::vector<common::ip_address>{});
    if (!port.gateways.empty()) port.gateway = port.gateways.front();
    if (auto mtu = reader.number("mtu", 1280, 9216)) port.mtu = static_cast<std::uint16_t>(*mtu);
    reader.reject_unknown_keys();
    return port;
}

std::vector<shared_secret> read_secrets(yaml_reader& root) {
    std::vector<shared_secret> secrets;
    root.each_list_item("secrets", [&](yaml_reader& reader) {
        shared_secret secret;
        assign(secret.ids, reader.string_list("id"));
        if (auto text = reader.string("psk")) {
            auto psk = parse_psk(*text);
            // Never echo the value: the message names the problem only.
            if (psk) secret.psk = std::move(*psk);
            else reader.report("psk", "not a valid key (a string, or 0x followed by an even number of hex digits)");
        } else {
            reader.report("psk", "every secret needs a psk");
        }
        reader.reject_unknown_keys();
        secrets.push_back(std::move(secret));
    });
    return secrets;
}

std::vector<common::ip_address> read_listen(yaml_reader& ike) {
    std::vector<common::ip_address> listen;
    for (const auto& text : ike.string_list("listen").value_or(std::vector<std::string>{})) {
        auto address = common::ip_address::parse(text);
        if (address) listen.push_back(*address);
        else ike.report("listen", "'" + text + "' is not an IP address");
    }
    return listen;
}

}  // namespace

child_config read_child(const std::string& name, yaml_reader& reader) {
    child_config child;
    child.name = name;
    child.local_ts = read_selectors(reader, "local_ts");
    child.remote_ts = read_selectors(reader, "remote_ts");
    child.esp_proposals = read_proposals(reader, "esp_proposals");
    assign(child.mode, reader.choice<ipsec_mode>("mode", {{"tunnel", ipsec_mode::tunnel},
                                                         {"transport", ipsec_mode::transport}}));
    assign(child.ipcomp, reader.boolean("ipcomp"));
    assign(child.start, reader.choice<start_action>("start_action", {{"none", start_action::none},
                                                                     {"trap", start_action::trap},
                                                                     {"start", start_action::start}}));
    assign(child.on_dpd, reader.choice<dpd_action>("dpd_action", {{"clear", dpd_action::clear},
                                                                  {"trap", dpd_action::trap},
                                                                  {"restart", dpd_action::restart}}));
    read_child_lifetimes(reader, child);
    if (auto window = reader.number("replay_window", 0, 65536)) child.replay_window = static_cast<std::uint32_t>(*window);
    reader.reject_unknown_keys();
    return child;
}

connection_config read_connection(const std::string& name, yaml_reader& reader) {
    connection_config conn;
    conn.name = name;
    if (auto version = reader.number("version", 0, 2); version && *version == 1) {
        reader.report("version", "IKEv1 is not supported; use 2 (or 0 for any)");
    }
    assign(conn.local_addrs, reader.string_list("local_addrs"));
    assign(conn.remote_addrs, reader.string_list("remote_addrs"));
    if (auto port = reader.number("local_port", 1, 65535)) conn.local_port = static_cast<std::uint16_t>(*port);
    if (auto port = reader.number("remote_port", 1, 65535)) conn.remote_port = static_cast<std::uint16_t>(*port);
    conn.proposals = read_proposals(reader, "proposals");
    if (auto local = reader.section("local")) conn.local = read_auth(*local);
    if (auto remote = reader.section("remote")) conn.remote = read_auth(*remote);
    assign(conn.dpd_delay, reader.duration("dpd_delay"));
    conn.dpd_timeout = reader.duration("dpd_timeout");
    assign(conn.rekey_time, reader.duration("rekey_time"));
    conn.over_time = reader.duration("over_time");
    conn.rand_time = reader.duration("rand_time");
    assign(conn.fragment, reader.choice<fragmentation>("fragmentation", {{"yes", fragmentation::yes},
                                                                         {"no", fragmentation::no},
                                                                         {"accept", fragmentation::accept},
                                                                         {"force", fragmentation::force}}));
    assign(conn.encap, reader.boolean("encap"));
    if (auto tries = reader.number("keyingtries", 0, 1000)) conn.keyingtries = static_cast<unsigned>(*tries);
    reader.each_named_section("children", [&](const std::string& child_name, yaml_reader& child) {
        conn.children.emplace(child_name, read_child(child_name, child));
    });
    reader.reject_unknown_keys();
    return conn;
}

daemon_config read_daemon(yaml_reader& root) {
    daemon_config config;
    if (auto ike = root.section("ike")) {
        config.listen = read_listen(*ike);
        ike->reject_unknown_keys();
    }
    if (auto control = root.section("control")) {
        assign(config.control_socket, control->string("socket"));
        control->reject_unknown_keys();
    }
    if (auto metrics = root.section("metrics")) {
        assign(config.metrics_listen, metrics->string("listen"));
        assign(config.metrics_per_sa, metrics->boolean("per_sa"));
        metrics->reject_unknown_keys();
    }
    if (auto dataplane = root.section("dataplane")) {
        config.dataplane.emplace();
        assign(config.dataplane->segment, dataplane->string("segment"));
        if (!valid_segment_name(config.dataplane->segment)) {
            dataplane->report("segment", "'" + config.dataplane->segment + "' is not a shared-memory name like /ravelin-dp");
        }
        // Every SA needs a counter block in the segment ravelin-ike reads.
        if (auto max_sas = dataplane->number("max_sas", 1, common::shm::max_sa_counters)) {
            config.dataplane->max_sas = static_cast<std::uint32_t>(*max_sas);
        }
        dataplane->each_list_item("ports", [&](yaml_reader& port) {
            config.dataplane->ports.push_back(read_port(port));
        });
        dataplane->reject_unknown_keys();
    }
    root.each_named_section("connections", [&](const std::string& name, yaml_reader& conn) {
        config.connections.emplace(name, read_connection(name, conn));
    });
    config.secrets = read_secrets(root);
    root.reject_unknown_keys();
    return config;
}

void check_consistency(const daemon_config& config, yaml_reader& root) {
    for (const auto& [name, conn] : config.connections) {
        for (const auto& [child_name, child] : conn.children) {
            if (child.life_time && *child.life_time < child.rekey_time) {
                root.report("connections", name + "." + child_name +
                                               ": life_time must not be shorter than rekey_time");
            }
        }
        const bool uses_psk = conn.local.auth == auth_class::psk || conn.remote.auth == auth_class::psk;
        if (uses_psk && config.secrets.empty()) {
            root.report("connections", name + ": uses psk authentication but no secrets are configured");
        }
        if (conn.local.auth == auth_class::pubkey && (conn.local.certs.empty() || conn.local.key.empty())) {
            root.report("connections", name + ".local: pubkey authentication needs certs and key");
        }
    }
}

}  // namespace ravelin::cp::config
