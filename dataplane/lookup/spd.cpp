#include "dataplane/lookup/spd.hpp"

#include <algorithm>

namespace ravelin::dp::lookup {
namespace {

std::uint64_t load_be64(const std::uint8_t* bytes) noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | bytes[i];
    return value;
}

const spd_entry* first_match(const std::vector<spd_entry>& entries, const flow& f, bool outbound) noexcept {
    const auto& local_address = outbound ? f.src : f.dst;
    const auto& remote_address = outbound ? f.dst : f.src;
    const std::uint16_t local_port = outbound ? f.src_port : f.dst_port;
    const std::uint16_t remote_port = outbound ? f.dst_port : f.src_port;
    for (const auto& entry : entries) {
        if (entry.local.matches(f.family, local_address, f.protocol, local_port, f.opaque_ports) &&
            entry.remote.matches(f.family, remote_address, f.protocol, remote_port, f.opaque_ports)) {
            return &entry;
        }
    }
    return nullptr;
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

const spd_entry* spd_snapshot::match_outbound(const flow& f) const noexcept { return first_match(outbound, f, true); }

const spd_entry* spd_snapshot::match_inbound(const flow& f) const noexcept { return first_match(inbound, f, false); }

spd_publisher::spd_publisher(std::function<void()> wait_for_readers)
    : _wait_for_readers(std::move(wait_for_readers)), _owned(std::make_unique<spd_snapshot>()) {
    _current.store(_owned.get(), std::memory_order_release);
}

spd_publisher::~spd_publisher() = default;

void spd_publisher::publish(std::unique_ptr<spd_snapshot> next) {
    const auto by_priority = [](const spd_entry& a, const spd_entry& b) { return a.priority < b.priority; };
    std::stable_sort(next->outbound.begin(), next->outbound.end(), by_priority);
    std::stable_sort(next->inbound.begin(), next->inbound.end(), by_priority);
    _current.store(next.get(), std::memory_order_release);
    if (_wait_for_readers) _wait_for_readers();
    _owned = std::move(next);  // the old snapshot is freed here, after the grace period
}

}  // namespace ravelin::dp::lookup
