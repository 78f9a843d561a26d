#include "control-plane/ike/engine/tasks/child.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/crypto/keys.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

std::string hex(common::bytes_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

common::traffic_selector host_selector(const common::ip_address& address) {
    auto range = common::address_range::make(address, address);
    return common::traffic_selector{*range, 0, {}};
}

sad::sa_spec make_spec(const ike_sa& sa, const child_request& r, sad::direction dir, std::uint32_t reqid) {
    sad::sa_spec spec;
    spec.id = dir == sad::direction::inbound ? r.spi_in : r.spi_out;
    spec.protocol = protocol_id::esp;
    spec.dir = dir;
    spec.mode = r.mode;
    spec.local = sa.local.address;
    spec.remote = sa.remote.address;
    if (sa.nat_detected()) spec.encap = sad::udp_encap{sa.local.port, sa.remote.port};
    spec.encryption = r.proposal.encryption.id;
    spec.encryption_key_bits = r.proposal.encryption.key_bits == 0 ? 256 : r.proposal.encryption.key_bits;
    spec.integrity = r.proposal.integrity;
    spec.esn = r.proposal.esn == esn_id::yes;
    spec.replay_window = r.config->replay_window;
    spec.reqid = reqid;
    return spec;
}

void install_policies(engine_context& ctx, const child_sa& child) {
    for (const auto& l : child.local_ts) {
        for (const auto& r : child.remote_ts) {
            for (const auto dir : {sad::direction::outbound, sad::direction::inbound}) {
                if (auto added = ctx.southbound.add_policy({child.reqid, dir, l, r, sad::policy_action::protect, 0}); !added) {
                    logger().warn("add_policy {} -> {}: {}", l.to_string(), r.to_string(), added.error().message());
                }
            }
        }
    }
}

}  // namespace

std::vector<common::traffic_selector> configured_ts(const std::vector<config::traffic_selector_spec>& specs,
                                                    const common::ip_address& dynamic) {
    if (specs.empty()) return {host_selector(dynamic)};
    std::vector<common::traffic_selector> out;
    for (const auto& spec : specs) {
        common::traffic_selector ts;
        if (const auto* range = std::get_if<common::address_range>(&spec.addresses)) {
            ts.addresses = *range;
        } else {
            ts = host_selector(dynamic);
        }
        ts.protocol = spec.protocol;
        ts.ports = {spec.port_from, spec.port_to};
        out.push_back(ts);
    }
    return out;
}

ts_payload to_ts_payload(const std::vector<common::traffic_selector>& selectors) {
    ts_payload out;
    for (const auto& s : selectors) {
        traffic_selector t;
        t.type = s.addresses.family() == common::ip_family::v4 ? ts_type::ipv4_addr_range : ts_type::ipv6_addr_range;
        t.ip_protocol = s.protocol;
        t.start_port = s.ports.from;
        t.end_port = s.ports.to;
        const auto a = s.addresses.start().bytes();
        const auto b = s.addresses.end().bytes();
        t.start_address.assign(a.begin(), a.end());
        t.end_address.assign(b.begin(), b.end());
        out.selectors.push_back(std::move(t));
    }
    return out;
}

std::vector<common::traffic_selector> from_ts_payload(const ts_payload& payload) {
    std::vector<common::traffic_selector> out;
    for (const auto& t : payload.selectors) {
        if (t.type != ts_type::ipv4_addr_range && t.type != ts_type::ipv6_addr_range) continue;
        const auto start = common::ip_address::from_bytes(t.start_address);
        const auto end = common::ip_address::from_bytes(t.end_address);
        if (!start || !end) continue;
        const auto range = common::address_range::make(*start, *end);
        if (!range || t.start_port > t.end_port) continue;
        out.push_back({*range, t.ip_protocol, {t.start_port, t.end_port}});
    }
    return out;
}

std::vector<common::traffic_selector> narrow(const std::vector<common::traffic_selector>& configured,
                                             const std::vector<common::traffic_selector>& offered) {
    std::vector<common::traffic_selector> out;
    for (const auto& o : offered) {
        for (const auto& c : configured) {
            const auto both = c.intersect(o);
            if (both && std::find(out.begin(), out.end(), *both) == out.end()) out.push_back(*both);
        }
    }
    return out;
}

bool within(const std::vector<common::traffic_selector>& narrowed,
            const std::vector<common::traffic_selector>& proposed) {
    return !narrowed.empty() && std::all_of(narrowed.begin(), narrowed.end(), [&](const common::traffic_selector& n) {
        return std::any_of(proposed.begin(), proposed.end(),
                           [&](const common::traffic_selector& p) { return p.contains(n); });
    });
}

common::result<void> install_child(ike_sa& sa, engine_context& ctx, child_request r) {
    RAVELIN_TRY(auto keymat, crypto::derive_child_sa_keys(sa.proposal->prf, r.proposal.child_suite(), sa.keys->sk_d,
                                                          nullptr, sa.nonce_i, sa.nonce_r));
    const std::uint32_t reqid = ctx.next_reqid++;
    // §2.17: initiator-to-responder keys first; our inbound is the peer's outbound.
    auto& in_e = sa.initiator ? keymat.encryption_r : keymat.encryption_i;
    auto& in_a = sa.initiator ? keymat.integrity_r : keymat.integrity_i;
    auto& out_e = sa.initiator ? keymat.encryption_i : keymat.encryption_r;
    auto& out_a = sa.initiator ? keymat.integrity_i : keymat.integrity_r;

    child_sa child;
    child.name = r.config->name;
    child.reqid = reqid;
    child.spi_in = r.spi_in;
    child.spi_out = r.spi_out;
    child.proposal = r.proposal;
    child.mode = r.mode;
    child.udp_encap = sa.nat_detected();
    child.local_ts = r.local_ts;
    child.remote_ts = r.remote_ts;
    child.installed_at = ctx.io.now();
    if (ctx.options.expose_keys) {
        child.keys_hex_debug = "encr_i=" + hex(keymat.encryption_i.expose()) + " integ_i=" +
                               hex(keymat.integrity_i.expose()) + " encr_r=" + hex(keymat.encryption_r.expose()) +
                               " integ_r=" + hex(keymat.integrity_r.expose());
    }

    auto inbound = make_spec(sa, r, sad::direction::inbound, reqid);
    inbound.encryption_key = std::move(in_e);
    inbound.integrity_key = std::move(in_a);
    RAVELIN_CHECK(ctx.southbound.add_sa(std::move(inbound)));
    auto outbound = make_spec(sa, r, sad::direction::outbound, reqid);
    outbound.encryption_key = std::move(out_e);
    outbound.integrity_key = std::move(out_a);
    if (auto added = ctx.southbound.add_sa(std::move(outbound)); !added) {
        (void)ctx.southbound.delete_sa(protocol_id::esp, r.spi_in, sad::direction::inbound);
        return added.error();
    }
    install_policies(ctx, child);
    logger().info("{} CHILD_SA {} established: SPIs {:08x}_i {:08x}_o, {}, {} === {}", sa.describe(), child.name,
                  child.spi_in.value, child.spi_out.value, r.proposal.to_string(), r.local_ts.front().to_string(),
                  r.remote_ts.front().to_string());
    ctx.count("child_sas.installed");
    sa.children.push_back(std::move(child));
    return {};
}

void remove_child(ike_sa& sa, engine_context& ctx, const child_sa& child) {
    for (const auto& l : child.local_ts) {
        for (const auto& r : child.remote_ts) {
            for (const auto dir : {sad::direction::outbound, sad::direction::inbound}) {
                (void)ctx.southbound.delete_policy({child.reqid, dir, l, r, sad::policy_action::protect, 0});
            }
        }
    }
    // Outbound first: stop sending before we stop accepting.
    (void)ctx.southbound.delete_sa(protocol_id::esp, child.spi_out, sad::direction::outbound);
    (void)ctx.southbound.delete_sa(protocol_id::esp, child.spi_in, sad::direction::inbound);
    logger().info("{} CHILD_SA {} deleted: SPIs {:08x}_i {:08x}_o", sa.describe(), child.name, child.spi_in.value,
                  child.spi_out.value);
}

std::vector<std::uint8_t> spi_bytes(sad::spi spi) {
    return {static_cast<std::uint8_t>(spi.value >> 24), static_cast<std::uint8_t>(spi.value >> 16),
            static_cast<std::uint8_t>(spi.value >> 8), static_cast<std::uint8_t>(spi.value)};
}

std::optional<sad::spi> spi_from(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() != 4) return std::nullopt;
    return sad::spi{(std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                    (std::uint32_t{bytes[2]} << 8) | bytes[3]};
}

}  // namespace ravelin::cp::ike
