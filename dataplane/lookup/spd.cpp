#include "dataplane/lookup/spd.hpp"

#include <algorithm>

namespace ravelin::dp::lookup {
namespace {

std::uint64_t load_be64(const std::uint8_t* bytes) noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | bytes[i];
    return value;
}

}  // namespace

wide_address widen_v4(const std::uint8_t* bytes) noexcept {
    return {0, std::uint64_t{bytes[0]} << 24 | std::uint64_t{bytes[1]} << 16 | std::uint64_t{bytes[2]} << 8 | bytes[3]};
}

wide_address widen_v6(const std::uint8_t* bytes) noexcept { return {load_be64(bytes), load_be64(bytes + 8)}; }

wide_address prefix_mask(std::uint8_t family, unsigned length) noexcept {
    const auto ones = [](unsigned n) { return n == 0 ? 0 : n >= 64 ? ~std::uint64_t{0} : ~std::uint64_t{0} << (64 - n); };
    if (family == 4) return {0, length == 0 ? 0 : ones(length) >> 32};
    return {ones(length), length <= 64 ? 0 : ones(length - 64)};
}

wide_address widen(const common::shm::address_record& address) noexcept {
    return address.family == 6 ? widen_v6(address.bytes.data()) : widen_v4(address.bytes.data());
}

compiled_selector compile(const common::shm::selector_record& selector) noexcept {
    compiled_selector out;
    out.family = selector.start.family;
    out.low = widen(selector.start);
    out.high = widen(selector.end);
    out.protocol = selector.ip_protocol;
    out.port_low = selector.port_from;
    out.port_high = selector.port_to;
    return out;
}

void spd_snapshot::sort() {
    const auto by_priority = [](const spd_entry& a, const spd_entry& b) { return a.priority < b.priority; };
    std::stable_sort(outbound.begin(), outbound.end(), by_priority);
    std::stable_sort(inbound.begin(), inbound.end(), by_priority);
}

bool spd_snapshot::build() {
    sort();
    auto acl = std::make_shared<std::array<spd_acl, 4>>();
    bool ok = true;
    for (std::uint8_t family : {std::uint8_t{4}, std::uint8_t{6}}) {
        const std::size_t f = family == 6 ? 1 : 0;
        ok = (*acl)[f].build(outbound, family, true) && ok;
        ok = (*acl)[2 + f].build(inbound, family, false) && ok;
    }
    _acl = std::move(acl);
    return ok;
}

void spd_snapshot::build_reusing(const spd_snapshot& previous) {
    sort();
    _acl = previous._acl;
}

const spd_entry* spd_snapshot::match_outbound(const flow& f) const noexcept {
    if (!_acl) return nullptr;
    const int i = (*_acl)[f.family == 6 ? 1 : 0].match(f);
    return i < 0 ? nullptr : &outbound[static_cast<std::size_t>(i)];
}

void spd_snapshot::match_outbound_burst(std::span<const flow> flows, std::span<const spd_entry*> hits) const noexcept {
    std::array<int, spd_acl::max_burst> ranks;
    ranks.fill(-1);
    if (_acl) {
        (*_acl)[0].match_burst(flows, ranks);
        (*_acl)[1].match_burst(flows, ranks);
    }
    for (std::size_t i = 0; i < flows.size() && i < ranks.size(); ++i) {
        hits[i] = ranks[i] < 0 ? nullptr : &outbound[static_cast<std::size_t>(ranks[i])];
    }
}

const spd_entry* spd_snapshot::match_inbound(const flow& f) const noexcept {
    if (!_acl) return nullptr;
    const int i = (*_acl)[f.family == 6 ? 3 : 2].match(f);
    return i < 0 ? nullptr : &inbound[static_cast<std::size_t>(i)];
}

spd_publisher::spd_publisher(std::function<void()> wait_for_readers)
    : _wait_for_readers(std::move(wait_for_readers)), _owned(std::make_unique<spd_snapshot>()) {
    _current.store(_owned.get(), std::memory_order_release);
}

spd_publisher::~spd_publisher() = default;

bool spd_publisher::publish(std::unique_ptr<spd_snapshot> next) {
    const bool built = next->built() || next->build();
    _current.store(next.get(), std::memory_order_release);
    if (_wait_for_readers) _wait_for_readers();
    _owned = std::move(next);  // the old snapshot is freed here, after the grace period
    return built;
}

}  // namespace ravelin::dp::lookup
