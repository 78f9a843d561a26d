#include "control-plane/sad/ring_sad.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "control-plane/sad/recording_sad.hpp"

namespace ravelin::cp::sad {
namespace shm = common::shm;

struct ring_sad::link {
    explicit link(shm::segment mapped)
        : segment(std::move(mapped)), commands(segment.layout().commands), events(segment.layout().events) {}
    shm::segment segment;
    shm::ring_producer<shm::command_record, shm::command_slots> commands;
    shm::ring_consumer<shm::event_record, shm::event_slots> events;
};

const shm::segment_layout* ring_sad::layout() const noexcept {
    return _link == nullptr ? nullptr : &_link->segment.layout();
}

namespace {

shm::direction_code to_code(direction dir) {
    return dir == direction::inbound ? shm::direction_code::inbound : shm::direction_code::outbound;
}

direction from_code(shm::direction_code dir) {
    return dir == shm::direction_code::inbound ? direction::inbound : direction::outbound;
}

shm::selector_record selector_record_of(const common::traffic_selector& ts) {
    shm::selector_record record;
    record.start = to_record(ts.addresses.start());
    record.end = to_record(ts.addresses.end());
    record.ip_protocol = ts.protocol;
    record.port_from = ts.ports.from;
    record.port_to = ts.ports.to;
    return record;
}

bool copy_key(const common::secret_bytes& key, std::array<std::uint8_t, shm::max_key_bytes>& out, std::uint8_t& len) {
    if (key.size() > out.size()) return false;
    const auto bytes = key.expose();
    std::copy(bytes.begin(), bytes.end(), out.begin());
    len = static_cast<std::uint8_t>(bytes.size());
    return true;
}

dataplane_event to_event(const shm::event_record& record) {
    dataplane_event event;
    event.kind = record.kind;
    event.protocol = static_cast<ike::protocol_id>(record.protocol);
    event.id = spi{record.spi};
    event.dir = from_code(record.dir);
    event.reqid = record.reqid;
    event.src = from_record(record.src);
    event.dst = from_record(record.dst);
    event.ip_protocol = record.ip_protocol;
    event.src_port = record.src_port;
    event.dst_port = record.dst_port;
    event.cookie = record.cookie;
    event.error = record.error;
    return event;
}

}  // namespace

shm::address_record to_record(const common::ip_address& address) {
    shm::address_record record;
    record.family = address.is_v4() ? 4 : 6;
    const auto bytes = address.bytes();
    std::copy(bytes.begin(), bytes.end(), record.bytes.begin());
    return record;
}

common::ip_address from_record(const shm::address_record& address) {
    if (address.family == 6) return common::ip_address::v6(address.bytes);
    return common::ip_address::v4({address.bytes[0], address.bytes[1], address.bytes[2], address.bytes[3]});
}

common::result<shm::sa_record> to_record(const sa_spec& spec, std::uint32_t counter_slot) {
    shm::sa_record record;
    record.spi = spec.id.value;
    record.reqid = spec.reqid;
    record.counter_slot = counter_slot;
    record.replay_window = spec.replay_window;
    record.protocol = static_cast<std::uint8_t>(spec.protocol);
    record.dir = to_code(spec.dir);
    record.mode = spec.mode == mode::tunnel ? shm::mode_code::tunnel : shm::mode_code::transport;
    record.esn = spec.esn ? 1 : 0;
    if (spec.encap) {
        record.has_encap = 1;
        record.encap_local_port = spec.encap->local_port;
        record.encap_remote_port = spec.encap->remote_port;
    }
    if (spec.ipcomp_cpi) {
        record.has_ipcomp = 1;
        record.ipcomp_cpi = *spec.ipcomp_cpi;
    }
    record.encryption_id = static_cast<std::uint16_t>(spec.encryption);
    record.encryption_key_bits = spec.encryption_key_bits;
    record.integrity_id = static_cast<std::uint16_t>(spec.integrity);
    record.local = to_record(spec.local);
    record.remote = to_record(spec.remote);
    record.soft_bytes = spec.soft.bytes;
    record.soft_packets = spec.soft.packets;
    record.hard_bytes = spec.hard.bytes;
    record.hard_packets = spec.hard.packets;
    record.initial_seq = spec.initial_seq;
    if (!copy_key(spec.encryption_key, record.encryption_key, record.encryption_key_len) ||
        !copy_key(spec.integrity_key, record.integrity_key, record.integrity_key_len)) {
        shm::secure_wipe(&record, sizeof record);
        return std::make_error_code(std::errc::value_too_large);
    }
    return record;
}

shm::policy_record to_record(const policy_spec& policy) {
    shm::policy_record record;
    record.reqid = policy.reqid;
    record.priority = policy.priority;
    record.dir = to_code(policy.dir);
    record.action = static_cast<shm::action_code>(policy.action);
    record.local = selector_record_of(policy.local);
    record.remote = selector_record_of(policy.remote);
    return record;
}

ring_sad::ring_sad(ring_sad_options options) : _options(std::move(options)), _random(_options.seed) {
    _free_slots.reserve(shm::max_sa_counters);
    for (std::uint32_t slot = shm::max_sa_counters; slot > 0; --slot) _free_slots.push_back(slot - 1);
    try_attach();
}

ring_sad::~ring_sad() = default;

bool ring_sad::try_attach() {
    auto mapped = shm::segment::attach(_options.segment_name);
    if (!mapped) return false;
    _generation = mapped->generation();
    _link = std::make_unique<link>(std::move(mapped).value());
    // Events of a previous ravelin-ike or generation say nothing about our SAs.
    _link->events.discard_pending();
    return true;
}

bool ring_sad::restarted() const {
    return _link->segment.generation() != _generation || _link->segment.replaced();
}

void ring_sad::forget_installed() {
    for (const auto& [key, slot] : _sas) _free_slots.push_back(slot);
    _sas.clear();
    _policies.clear();
    _synced = _cookie;
}

std::size_t ring_sad::poll() {
    if (_link != nullptr && restarted()) {
        _link.reset();
        forget_installed();
    }
    if (_link == nullptr) {
        if (!try_attach()) return 0;
        // A dataplane that came back, or one that started after us: either way
        // it holds nothing of ours, so everything is replayed.
        forget_installed();
        if (_on_restart) _on_restart();
    }
    std::size_t delivered = 0;
    for (; !_held.empty(); _held.pop_front(), ++delivered) {
        if (_on_event) _on_event(to_event(_held.front()));
    }
    return delivered + drain_events();
}

std::size_t ring_sad::drain_events() {
    std::size_t delivered = 0;
    shm::event_record record;
    while (_link != nullptr && _link->events.try_pop(record)) {
        if (record.kind == shm::event_kind::query_reply) _synced = std::max(_synced, record.cookie);
        if (_holding) {
            _held.push_back(record);
        } else if (_on_event) {
            _on_event(to_event(record));
        }
        ++delivered;
    }
    return delivered;
}

void ring_sad::settle() {
    _holding = true;
    (void)sync(_options.settle_wait);
    _holding = false;
}

bool ring_sad::sync(std::chrono::milliseconds timeout) {
    if (_link == nullptr) return false;
    shm::command_record command;
    command.kind = shm::command_kind::query;
    if (!send(command)) return false;
    const std::uint64_t cookie = command.cookie;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (_synced < cookie) {
        if (std::chrono::steady_clock::now() > deadline || _link == nullptr) return false;
        if (drain_events() == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    return true;
}

common::result<void> ring_sad::send(shm::command_record& command) {
    if (_link == nullptr) return sad_errc::unavailable;
    if (restarted()) {
        // Leave the replay to poll(): it must happen with the hook, not mid-command.
        return sad_errc::unavailable;
    }
    command.cookie = _cookie + 1;
    const auto deadline = std::chrono::steady_clock::now() + _options.full_ring_wait;
    while (!_link->commands.try_push(command)) {
        if (std::chrono::steady_clock::now() > deadline) return sad_errc::unavailable;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    ++_cookie;
    return {};
}

common::result<spi> ring_sad::alloc_spi(ike::protocol_id protocol) {
    // Random, never 0..255 (RFC 4303 §2.1); SPIs are allocated here, not by the
    // dataplane, so allocation needs no round trip.
    std::uniform_int_distribution<std::uint32_t> distribution(256, 0xffffffffu);
    for (int attempt = 0; attempt < 256; ++attempt) {
        const spi candidate{distribution(_random)};
        if (_allocated.emplace(protocol, candidate).second) return candidate;
    }
    return sad_errc::spi_exhausted;
}

common::result<void> ring_sad::add_sa(sa_spec spec) {
    const sa_key key{spec.protocol, spec.id, spec.dir};
    if (_sas.count(key) != 0) return sad_errc::duplicate_sa;
    if (_free_slots.empty()) return sad_errc::spi_exhausted;
    shm::command_record command;
    command.kind = shm::command_kind::add_sa;
    auto record = to_record(spec, _free_slots.back());
    if (!record) return record.error();
    command.body.sa = *record;
    shm::secure_wipe(&*record, sizeof(shm::sa_record));
    const auto sent = send(command);
    shm::secure_wipe(&command, sizeof command);
    if (!sent) return sent;
    _sas.emplace(key, _free_slots.back());
    _free_slots.pop_back();
    return {};
}

common::result<void> ring_sad::delete_sa(ike::protocol_id protocol, spi id, direction dir) {
    const auto found = _sas.find({protocol, id, dir});
    if (found == _sas.end()) return sad_errc::no_such_sa;
    shm::command_record command;
    command.kind = shm::command_kind::delete_sa;
    command.body.ref.spi = id.value;
    command.body.ref.counter_slot = found->second;
    command.body.ref.protocol = static_cast<std::uint8_t>(protocol);
    command.body.ref.dir = to_code(dir);
    RAVELIN_CHECK(send(command));
    _free_slots.push_back(found->second);
    _sas.erase(found);
    if (dir == direction::inbound) _allocated.erase({protocol, id});
    return {};
}

common::result<void> ring_sad::add_policy(const policy_spec& policy) {
    policy_key key{policy.reqid, policy.dir, policy.local.to_string(), policy.remote.to_string()};
    if (_policies.count(key) != 0) return sad_errc::duplicate_policy;
    shm::command_record command;
    command.kind = shm::command_kind::add_policy;
    command.body.policy = to_record(policy);
    RAVELIN_CHECK(send(command));
    _policies.insert(std::move(key));
    return {};
}

common::result<void> ring_sad::delete_policy(const policy_spec& policy) {
    const policy_key key{policy.reqid, policy.dir, policy.local.to_string(), policy.remote.to_string()};
    if (_policies.count(key) == 0) return sad_errc::no_such_policy;
    shm::command_record command;
    command.kind = shm::command_kind::delete_policy;
    command.body.policy = to_record(policy);
    RAVELIN_CHECK(send(command));
    _policies.erase(key);
    return {};
}

common::result<sa_counters> ring_sad::query_sa(ike::protocol_id protocol, spi id, direction dir) {
    const auto found = _sas.find({protocol, id, dir});
    if (found == _sas.end()) return sad_errc::no_such_sa;
    if (_link == nullptr) return sad_errc::unavailable;
    // Read while the workers run: each value is whole, the pair is not a snapshot.
    const auto& block = _link->segment.layout().sa_counters[found->second];
    if (block.tag.load(std::memory_order_acquire) != std::uint64_t{id.value} + 1) return sa_counters{};
    return sa_counters{block.packets.load(std::memory_order_relaxed), block.bytes.load(std::memory_order_relaxed)};
}

namespace {

const char* kind_name(shm::event_kind kind) {
    switch (kind) {
        case shm::event_kind::acquire: return "acquire";
        case shm::event_kind::soft_expiry: return "soft_expiry";
        case shm::event_kind::hard_expiry: return "hard_expiry";
        case shm::event_kind::seq_overflow: return "seq_overflow";
        case shm::event_kind::query_reply: return "query_reply";
        case shm::event_kind::command_failed: return "command_failed";
        case shm::event_kind::none: break;
    }
    return "none";
}

const char* error_name(shm::command_error error) {
    switch (error) {
        case shm::command_error::malformed: return "malformed";
        case shm::command_error::unsupported: return "unsupported";
        case shm::command_error::duplicate: return "duplicate";
        case shm::command_error::not_found: return "not_found";
        case shm::command_error::table_full: return "table_full";
        case shm::command_error::bad_counter_slot: return "bad_counter_slot";
        case shm::command_error::none: break;
    }
    return "none";
}

}  // namespace

std::string describe(const dataplane_event& event) {
    switch (event.kind) {
        case shm::event_kind::acquire:
            return fmt::format("acquire reqid={} {}:{} -> {}:{} proto {}", event.reqid, event.src.to_string(),
                               event.src_port, event.dst.to_string(), event.dst_port, event.ip_protocol);
        case shm::event_kind::query_reply:
        case shm::event_kind::command_failed:
            return fmt::format("{} cookie={} {}", kind_name(event.kind), event.cookie, error_name(event.error));
        default:
            return fmt::format("{} {} reqid={}", kind_name(event.kind), describe(event.protocol, event.id, event.dir),
                               event.reqid);
    }
}

std::unique_ptr<ring_sad> make_ring_sad(const std::string& segment_name) {
    ring_sad_options options;
    options.segment_name = segment_name;
    return std::make_unique<ring_sad>(std::move(options));
}

}  // namespace ravelin::cp::sad
