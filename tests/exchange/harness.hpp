#pragma once
// Two in-process IKE engines over a fake wire with a fake clock, a
// deterministic random source and recording SADs. The wire can drop, alter or
// NAT datagrams, so every path of the engine is reachable without sockets.

#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "control-plane/config/loader.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/sad/recording_sad.hpp"

namespace ravelin::cp::ike::test {

using namespace std::chrono_literals;

struct datagram {
    endpoint from;
    endpoint to;
    std::vector<std::uint8_t> bytes;
};

class fake_io final : public engine_io {
public:
    fake_io(std::deque<datagram>& wire, const time_point& clock, std::uint64_t seed)
        : _wire(wire), _clock(clock), _random(seed) {}
    void send(const endpoint& local, const endpoint& remote, std::span<const std::uint8_t> message) override {
        _wire.push_back({local, remote, {message.begin(), message.end()}});
        ++sent;
    }
    [[nodiscard]] time_point now() const override { return _clock; }
    void random_bytes(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = static_cast<std::uint8_t>(_random());
    }
    // Forced nonces first (every octet the given value), then random ones:
    // decides simultaneous rekeys (RFC 7296 §2.8.1).
    void nonce_bytes(std::span<std::uint8_t> out) override {
        if (forced_nonces.empty()) return random_bytes(out);
        std::fill(out.begin(), out.end(), forced_nonces.front());
        forced_nonces.pop_front();
    }
    unsigned sent = 0;
    std::deque<std::uint8_t> forced_nonces;

private:
    std::deque<datagram>& _wire;
    const time_point& _clock;
    std::mt19937_64 _random;
};

inline config::daemon_config parse_config(const std::string& yaml) {
    auto loaded = config::load_config_text(yaml, "test.yaml");
    if (!loaded.config) throw std::runtime_error(config::to_string(loaded.issues));
    return std::move(*loaded.config);
}

struct peer {
    peer(std::deque<datagram>& wire, const time_point& clock, std::uint64_t seed, const std::string& yaml,
         engine_options options)
        : io(wire, clock, seed), southbound(seed), eng(io, southbound, parse_config(yaml), options) {}
    fake_io io;
    sad::recording_sad southbound;
    engine eng;

    [[nodiscard]] std::uint64_t counter(const std::string& name) const {
        const auto stats = eng.stats();
        const auto it = stats.counters.find(name);
        return it == stats.counters.end() ? 0 : it->second;
    }
    [[nodiscard]] bool established() const {
        const auto sas = eng.list_sas();
        return sas.size() == 1 && sas.front().state == ike_sa_state::established;
    }
};

// What the wire does with a datagram: deliver it as is (possibly changed), or drop it.
using wire_filter = std::function<bool(datagram&)>;  // false: drop

class network {
public:
    network(const std::string& initiator_yaml, const std::string& responder_yaml, engine_options options = {},
            engine_options responder_options = {})
        : a(_wire, _clock, 11, initiator_yaml, options), b(_wire, _clock, 22, responder_yaml, responder_options) {}

    // Delivers until the wire is empty; the filter sees every datagram.
    void deliver(const wire_filter& filter = {}) {
        for (unsigned guard = 0; !_wire.empty() && guard < 1000; ++guard) {
            auto d = std::move(_wire.front());
            _wire.pop_front();
            if (filter && !filter(d)) continue;
            delivered.push_back(d);
            (d.to.address == address_a ? a : b).eng.receive(d.to, d.from, d.bytes);
        }
    }

    // Runs timers and the wire until `limit` of fake time has passed.
    void run_for(std::chrono::milliseconds limit, const wire_filter& filter = {}) {
        const auto end = _clock + limit;
        deliver(filter);
        while (true) {
            const auto next = std::min(a.eng.next_deadline(), b.eng.next_deadline());
            if (next > end) break;
            _clock = std::max(_clock, next);
            a.eng.tick();
            b.eng.tick();
            deliver(filter);
        }
        _clock = end;
    }

    [[nodiscard]] time_point now() const { return _clock; }
    [[nodiscard]] const time_point& clock() const { return _clock; }
    // For tests that bring a third engine onto the wire.
    std::deque<datagram>& wire() { return _wire; }

    common::ip_address address_a = *common::ip_address::parse("10.0.0.1");
    common::ip_address address_b = *common::ip_address::parse("10.0.0.2");
    std::vector<datagram> delivered;

private:
    std::deque<datagram> _wire;
    time_point _clock = time_point{} + 1000h;

public:
    peer a;  // initiator by convention
    peer b;
};

// An IKE header's exchange type and flags, for filters.
inline std::uint8_t exchange_of(const datagram& d) {
    // The engine never sees the non-ESP marker, so the header starts at 0 on both ports.
    return d.bytes.size() > 18 ? d.bytes[18] : 0;
}
inline bool is_response(const datagram& d) { return d.bytes.size() > 19 && (d.bytes[19] & 0x20) != 0; }

}  // namespace ravelin::cp::ike::test
