#include "dataplane/lookup/spd_acl.hpp"

#include <rte_acl.h>
#include <rte_memory.h>

#include <array>
#include <atomic>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/lookup/spd.hpp"

namespace ravelin::dp::lookup {
namespace {

using u128 = unsigned __int128;

// The lookup key; the field definitions below point into it.
struct alignas(4) acl_key {
    std::uint8_t protocol;
    std::uint8_t pad[3];
    std::uint8_t addresses[32];  // local then remote: 4 + 4 bytes (IPv4) or 16 + 16 (IPv6)
    std::uint8_t ports[4];       // local then remote
    std::uint32_t opaque;        // all ones: the flow's ports are OPAQUE
};

constexpr std::size_t max_fields = 12;
RTE_ACL_RULE_DEF(acl_rule, max_fields);

struct layout {
    unsigned address_words;  // 32-bit words per address
    std::size_t fields;      // protocol, local words, remote words, two ports, opaque flag
};

layout layout_of(std::uint8_t family) noexcept {
    const unsigned words = family == 6 ? 4 : 1;
    return {words, 1 + 2 * std::size_t{words} + 3};
}

// IPv4 addresses are one RANGE field each; IPv6 addresses four MASK words
// (rte_acl fields are at most 8 bytes, and ranges do not span fields).
rte_acl_config config_of(std::uint8_t family) noexcept {
    const layout l = layout_of(family);
    rte_acl_config cfg{};
    cfg.num_categories = 1;
    cfg.num_fields = static_cast<std::uint32_t>(l.fields);
    std::uint8_t field = 0;
    std::uint8_t input = 0;
    const auto add = [&](std::uint8_t type, std::uint8_t size, std::size_t offset, bool new_input) {
        if (new_input && field != 0) ++input;
        cfg.defs[field] = {type, size, field, input, static_cast<std::uint32_t>(offset)};
        ++field;
    };
    add(RTE_ACL_FIELD_TYPE_BITMASK, 1, offsetof(acl_key, protocol), true);
    const std::uint8_t address_type = family == 6 ? RTE_ACL_FIELD_TYPE_MASK : RTE_ACL_FIELD_TYPE_RANGE;
    for (unsigned w = 0; w < 2 * l.address_words; ++w) {
        add(address_type, 4, offsetof(acl_key, addresses) + 4 * w, true);
    }
    add(RTE_ACL_FIELD_TYPE_RANGE, 2, offsetof(acl_key, ports), true);
    add(RTE_ACL_FIELD_TYPE_RANGE, 2, offsetof(acl_key, ports) + 2, false);  // same 4-byte input as the local port
    add(RTE_ACL_FIELD_TYPE_BITMASK, 4, offsetof(acl_key, opaque), true);
    return cfg;
}

u128 to_u128(const wide_address& a) noexcept { return u128{a.hi} << 64 | a.lo; }

unsigned trailing_zeros(u128 v) noexcept {
    if (v == 0) return 128;
    const auto lo = static_cast<std::uint64_t>(v);
    return lo != 0 ? static_cast<unsigned>(__builtin_ctzll(lo))
                   : 64 + static_cast<unsigned>(__builtin_ctzll(static_cast<std::uint64_t>(v >> 64)));
}

// An inclusive 128-bit range as the fewest prefixes (at most 254).
std::vector<std::pair<u128, unsigned>> to_prefixes(u128 lo, u128 hi) {
    std::vector<std::pair<u128, unsigned>> out;
    for (;;) {
        unsigned k = trailing_zeros(lo);  // the largest block aligned at lo
        while (k > 0 && (k == 128 ? hi != ~u128{0} : hi - lo < (u128{1} << k) - 1)) --k;
        out.emplace_back(lo, 128 - k);
        if (k == 128) return out;
        const u128 next = lo + (u128{1} << k);
        if (next == 0 || next > hi) return out;
        lo = next;
    }
}

void set_address(rte_acl_field* f, u128 address, unsigned length) noexcept {
    for (unsigned w = 0; w < 4; ++w) {
        const int bits = static_cast<int>(length) - static_cast<int>(32 * w);
        f[w].value.u32 = static_cast<std::uint32_t>(address >> (96 - 32 * w));
        f[w].mask_range.u32 = static_cast<std::uint32_t>(bits < 0 ? 0 : bits > 32 ? 32 : bits);
    }
}

// The protocol both selectors agree on (0: any), or nullopt if they cannot both match.
std::optional<std::uint8_t> protocol_of(const spd_entry& e) noexcept {
    if (e.local.protocol != 0 && e.remote.protocol != 0 && e.local.protocol != e.remote.protocol) return std::nullopt;
    return e.local.protocol != 0 ? e.local.protocol : e.remote.protocol;
}

// The rules of one entry: one per (local, remote) prefix pair for IPv6, one
// for IPv4. False if the entry needs more than `limit` rules (none added).
bool add_rules(const spd_entry& e, std::uint32_t rank, std::uint8_t family, std::size_t limit,
               std::vector<acl_rule>& rules) {
    const auto protocol = protocol_of(e);
    if (!protocol) return true;  // matches nothing
    acl_rule base{};
    base.data.category_mask = 1;
    base.data.priority = static_cast<std::int32_t>(RTE_ACL_MAX_PRIORITY - rank);
    base.data.userdata = rank + 1;
    rte_acl_field* f = base.field;
    f[0].value.u8 = *protocol;
    f[0].mask_range.u8 = *protocol == 0 ? 0 : 0xff;
    const std::size_t ports = family == 6 ? 9 : 3;
    f[ports].value.u16 = e.local.port_low, f[ports].mask_range.u16 = e.local.port_high;
    f[ports + 1].value.u16 = e.remote.port_low, f[ports + 1].mask_range.u16 = e.remote.port_high;
    f[ports + 2].value.u32 = 0;
    f[ports + 2].mask_range.u32 = e.local.any_port() && e.remote.any_port() ? 0 : ~std::uint32_t{0};
    if (family == 4) {
        f[1].value.u32 = static_cast<std::uint32_t>(e.local.low.lo);
        f[1].mask_range.u32 = static_cast<std::uint32_t>(e.local.high.lo);
        f[2].value.u32 = static_cast<std::uint32_t>(e.remote.low.lo);
        f[2].mask_range.u32 = static_cast<std::uint32_t>(e.remote.high.lo);
        rules.push_back(base);
        return true;
    }
    const auto locals = to_prefixes(to_u128(e.local.low), to_u128(e.local.high));
    const auto remotes = to_prefixes(to_u128(e.remote.low), to_u128(e.remote.high));
    if (locals.size() * remotes.size() > limit) return false;
    for (const auto& local : locals) {
        for (const auto& remote : remotes) {
            set_address(base.field + 1, local.first, local.second);
            set_address(base.field + 5, remote.first, remote.second);
            rules.push_back(base);
        }
    }
    return true;
}

}  // namespace

spd_acl::spd_acl(spd_acl&&) noexcept = default;
spd_acl& spd_acl::operator=(spd_acl&&) noexcept = default;
spd_acl::~spd_acl() = default;

void spd_acl::deleter::operator()(rte_acl_ctx* ctx) const noexcept { rte_acl_free(ctx); }

bool spd_acl::build(std::span<const spd_entry> sorted, std::uint8_t family, bool outbound) {
    _ctx.reset();
    _outside.clear();
    _family = family;
    _outbound = outbound;
    std::vector<acl_rule> rules;
    std::size_t count = 0;
    for (const spd_entry& e : sorted) count += e.local.family == family;
    if (count <= linear_limit) {
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (sorted[i].local.family == family) _outside.emplace_back(static_cast<int>(i), sorted[i]);
        }
        return true;
    }
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (sorted[i].local.family != family) continue;
        if (!add_rules(sorted[i], static_cast<std::uint32_t>(i), family, max_rules_per_entry, rules)) {
            _outside.emplace_back(static_cast<int>(i), sorted[i]);
        }
    }
    if (rules.empty()) return true;
    // Context names are global to the process; each build gets a new one.
    static std::atomic<unsigned> serial{0};
    const std::string name = "rv_spd" + std::to_string(serial.fetch_add(1));
    rte_acl_param param{};
    param.name = name.c_str();
    param.socket_id = SOCKET_ID_ANY;
    param.rule_size = sizeof(acl_rule);
    param.max_rule_num = static_cast<std::uint32_t>(rules.size());
    std::unique_ptr<rte_acl_ctx, deleter> ctx(rte_acl_create(&param));
    if (!ctx) return false;
    const rte_acl_config cfg = config_of(family);
    if (rte_acl_add_rules(ctx.get(), reinterpret_cast<const rte_acl_rule*>(rules.data()),
                          static_cast<std::uint32_t>(rules.size())) != 0 ||
        rte_acl_build(ctx.get(), &cfg) != 0) {
        return false;
    }
    _ctx = std::move(ctx);
    return true;
}

// Written in place, a word at a time (it ran per packet, byte by byte through
// 128-bit shifts, at several percent of a worker's time); bytes no field reads
// (an IPv4 key's unused address space) are left as they are.
void spd_acl::fill_key(const flow& f, acl_key_bytes& out) const noexcept {
    std::uint8_t* k = out.data();
    const auto put32 = [](std::uint8_t* p, std::uint32_t v) {
        v = __builtin_bswap32(v);
        std::memcpy(p, &v, 4);
    };
    const auto put64 = [](std::uint8_t* p, std::uint64_t v) {
        v = __builtin_bswap64(v);
        std::memcpy(p, &v, 8);
    };
    const wide_address& local = _outbound ? f.src : f.dst;
    const wide_address& remote = _outbound ? f.dst : f.src;
    put32(k + offsetof(acl_key, protocol), std::uint32_t{f.protocol} << 24);  // protocol, then padding
    std::uint8_t* a = k + offsetof(acl_key, addresses);
    if (_family == 6) {
        put64(a, local.hi), put64(a + 8, local.lo), put64(a + 16, remote.hi), put64(a + 24, remote.lo);
    } else {
        put32(a, static_cast<std::uint32_t>(local.lo)), put32(a + 4, static_cast<std::uint32_t>(remote.lo));
    }
    const std::uint16_t local_port = _outbound ? f.src_port : f.dst_port;
    const std::uint16_t remote_port = _outbound ? f.dst_port : f.src_port;
    put32(k + offsetof(acl_key, ports), std::uint32_t{local_port} << 16 | remote_port);
    const std::uint32_t opaque = f.opaque_ports ? ~std::uint32_t{0} : 0;
    std::memcpy(k + offsetof(acl_key, opaque), &opaque, 4);
    static_assert(sizeof(acl_key) == sizeof(acl_key_bytes));
}

// Policies left out of the trie win only if they rank above its answer.
int spd_acl::match_outside(const flow& f, int best) const noexcept {
    for (const auto& [rank, entry] : _outside) {
        if (best >= 0 && rank > best) break;
        if (entry.matches(f, _outbound)) return rank;
    }
    return best;
}

int spd_acl::match(const flow& f) const noexcept {
    if (f.family != _family) return -1;
    std::uint32_t result = 0;
    if (_ctx) {
        alignas(8) acl_key_bytes key;
        fill_key(f, key);
        const std::uint8_t* data = key.data();
        // One flow: the scalar search (the SIMD ones pay for filling their lanes).
        if (rte_acl_classify_alg(_ctx.get(), &data, &result, 1, 1, RTE_ACL_CLASSIFY_SCALAR) != 0) result = 0;
    }
    return match_outside(f, static_cast<int>(result) - 1);
}

void spd_acl::match_burst(std::span<const flow> flows, std::span<int> ranks) const noexcept {
    alignas(8) std::array<acl_key_bytes, max_burst> keys;
    std::array<const std::uint8_t*, max_burst> data;
    std::array<std::uint32_t, max_burst> results{};
    std::array<std::uint8_t, max_burst> index;
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < flows.size() && i < max_burst; ++i) {
        if (flows[i].family != _family) continue;
        if (_ctx) fill_key(flows[i], keys[n]);
        data[n] = keys[n].data();
        index[n++] = static_cast<std::uint8_t>(i);
    }
    if (n == 0) return;
    if (_ctx && rte_acl_classify(_ctx.get(), data.data(), results.data(), n, 1) != 0) results.fill(0);
    for (std::uint32_t k = 0; k < n; ++k) {
        ranks[index[k]] = match_outside(flows[index[k]], static_cast<int>(results[k]) - 1);
    }
}

}  // namespace ravelin::dp::lookup
