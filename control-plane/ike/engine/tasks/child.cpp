#include "control-plane/ike/engine/tasks/child.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "control-plane/ike/codec/names.hpp"
#include "control-plane/ike/crypto/keys.hpp"
#include "control-plane/ike/engine/messenger.hpp"

namespace ravelin::cp::ike {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::ike); }

// How long the inbound SA of a replaced Child SA stays for packets in flight.
constexpr auto inbound_grace = std::chrono::seconds(5);

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
    // swanctl rekey_/life_bytes and _packets: the dataplane reports soft and hard expiry.
    spec.soft = {r.config->rekey_bytes, r.config->rekey_packets};
    spec.hard = {r.config->life_bytes, r.config->life_packets};
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

namespace {

// swanctl: rekey at rekey_time minus up to rand_time, gone at life_time (§2.8).
void schedule(child_sa& child, const config::child_config& c, engine_context& ctx) {
    const auto now = ctx.io.now();
    const auto life = c.life_time.value_or(c.rekey_time + c.rekey_time / 10);
    const auto rand = std::min(c.rand_time.value_or(life - c.rekey_time), c.rekey_time);
    if (c.rekey_time.count() > 0) child.rekey_at = now + c.rekey_time - ctx.jitter(rand);
    if (life.count() > 0) child.expire_at = now + life;
}

child_sa make_child(const ike_sa& sa, engine_context& ctx, const child_request& r, std::uint32_t reqid) {
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
    schedule(child, *r.config, ctx);
    return child;
}

}  // namespace

common::result<void> install_child(ike_sa& sa, engine_context& ctx, child_request r) {
    const bool first = r.nonce_i.empty();
    RAVELIN_TRY(auto keymat, crypto::derive_child_sa_keys(sa.proposal->prf, r.proposal.child_suite(), sa.keys->sk_d,
                                                          r.pfs, first ? sa.nonce_i : r.nonce_i,
                                                          first ? sa.nonce_r : r.nonce_r));
    const std::uint32_t reqid = r.reqid != 0 ? r.reqid : ctx.next_reqid++;
    // §2.17: the exchange initiator's keys first (IKE_AUTH or CREATE_CHILD_SA, not
    // necessarily the IKE SA's initiator); our inbound is the peer's outbound.
    auto& in_e = r.initiator ? keymat.encryption_r : keymat.encryption_i;
    auto& in_a = r.initiator ? keymat.integrity_r : keymat.integrity_i;
    auto& out_e = r.initiator ? keymat.encryption_i : keymat.encryption_r;
    auto& out_a = r.initiator ? keymat.integrity_i : keymat.integrity_r;

    auto child = make_child(sa, ctx, r, reqid);
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
    if (r.defer_outbound) {
        child.pending_outbound.emplace(std::move(outbound));
    } else if (auto added = ctx.southbound.add_sa(std::move(outbound)); !added) {
        (void)ctx.southbound.delete_sa(protocol_id::esp, r.spi_in, sad::direction::inbound);
        return added.error();
    }
    if (r.reqid == 0) install_policies(ctx, child);
    // What we send next (our response, or the delete of the old pair) lets the
    // peer send on the new inbound SA: the dataplane has it first.
    ctx.southbound.settle();
    logger().info("{} CHILD_SA {} established: SPIs {:08x}_i {:08x}_o, {}, {} === {}", sa.describe(), child.name,
                  child.spi_in.value, child.spi_out.value, r.proposal.to_string(), r.local_ts.front().to_string(),
                  r.remote_ts.front().to_string());
    ctx.count("child_sas.installed");
    sa.children.push_back(std::move(child));
    return {};
}

void remove_child(ike_sa& sa, engine_context& ctx, const child_sa& child, removal how) {
    const bool shared = std::any_of(sa.children.begin(), sa.children.end(), [&](const child_sa& c) {
        return &c != &child && c.reqid == child.reqid;
    });
    for (const auto& l : child.local_ts) {
        for (const auto& r : child.remote_ts) {
            for (const auto dir : {sad::direction::outbound, sad::direction::inbound}) {
                if (!shared) (void)ctx.southbound.delete_policy({child.reqid, dir, l, r, sad::policy_action::protect, 0});
            }
        }
    }
    // Outbound first: stop sending before we stop accepting.
    if (!child.pending_outbound && !child.expired) {
        (void)ctx.southbound.delete_sa(protocol_id::esp, child.spi_out, sad::direction::outbound);
    }
    if (child.expired) {
        // Its SAs went at the hard expiry.
    } else if (how == removal::after_grace) {
        ctx.retiring.push_back({child.spi_in, sad::direction::inbound, ctx.io.now() + inbound_grace});
    } else {
        (void)ctx.southbound.delete_sa(protocol_id::esp, child.spi_in, sad::direction::inbound);
    }
    logger().info("{} CHILD_SA {} deleted: SPIs {:08x}_i {:08x}_o", sa.describe(), child.name, child.spi_in.value,
                  child.spi_out.value);
}

void erase_child(ike_sa& sa, engine_context& ctx, sad::spi spi_in, removal how) {
    const auto it = std::find_if(sa.children.begin(), sa.children.end(),
                                 [&](const child_sa& c) { return c.spi_in == spi_in; });
    if (it == sa.children.end()) return;
    remove_child(sa, ctx, *it, how);
    sa.children.erase(it);
}

void activate_outbound(ike_sa& sa, engine_context& ctx, std::uint32_t reqid) {
    for (auto& c : sa.children) {
        if (c.reqid != reqid || !c.pending_outbound) continue;
        if (auto added = ctx.southbound.add_sa(std::move(*c.pending_outbound)); !added) {
            logger().warn("{} CHILD_SA {} outbound {:08x}: {}", sa.describe(), c.name, c.spi_out.value,
                          added.error().message());
        }
        c.pending_outbound.reset();
    }
}

const config::child_config* child_named(const config::connection_config& conn, const std::string& name) {
    const auto it = conn.children.find(name);
    return it == conn.children.end() ? nullptr : &it->second;
}

std::variant<notify_type, child_choice> choose_child(const ike_sa& sa, engine_context& ctx,
                                                     const std::vector<payload>& request, bool with_ke,
                                                     const config::child_config* only) {
    const auto* sa_i = find_payload<sa_payload>(request, payload_type::sa);
    const auto* tsi = find_payload<ts_payload>(request, payload_type::tsi);
    const auto* tsr = find_payload<ts_payload>(request, payload_type::tsr);
    if (!sa_i || !tsi || !tsr) return notify_type::invalid_syntax;
    const auto offered_i = from_ts_payload(*tsi);
    const auto offered_r = from_ts_payload(*tsr);
    bool proposal_fits = false;
    for (const auto& [name, child] : sa.connection.children) {
        if (only && only != &child) continue;
        const auto chosen = select_proposal(configured_proposals(child.esp_proposals, protocol_id::esp), *sa_i, with_ke);
        if (!chosen) continue;
        proposal_fits = true;
        auto remote = narrow(configured_ts(child.remote_ts, sa.remote.address), offered_i);
        auto local = narrow(configured_ts(child.local_ts, sa.local.address), offered_r);
        if (remote.empty() || local.empty()) continue;
        const bool transport = child.mode == config::ipsec_mode::transport &&
                               find_notify(request, notify_type::use_transport_mode) != nullptr;
        return child_choice{&child, *chosen, std::move(local), std::move(remote), transport};
    }
    const auto why = proposal_fits ? notify_type::ts_unacceptable : notify_type::no_proposal_chosen;
    logger().info("{} CHILD_SA refused: {}", sa.describe(), name_of(why));
    ctx.count("child_sas.refused." + std::string(name_of(why)));
    return why;
}

std::vector<payload> child_answer(const child_choice& choice, sad::spi spi_in) {
    auto answer = choice.proposal;
    answer.spi = spi_bytes(spi_in);
    std::vector<payload> out;
    if (choice.transport) out.push_back(notify_of(notify_type::use_transport_mode));
    out.push_back(payload_of(payload_type::sa, make_sa_payload(answer)));
    out.push_back(payload_of(payload_type::tsi, to_ts_payload(choice.remote_ts)));
    out.push_back(payload_of(payload_type::tsr, to_ts_payload(choice.local_ts)));
    return out;
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
