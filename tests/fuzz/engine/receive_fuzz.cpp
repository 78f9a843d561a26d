// The engine's inbound path as an attacker sees it: arbitrary datagrams sent
// to a responder (RFC 7296 §2.21). The input is split at "\xff\xfe\xfd\xfc"
// into several datagrams from one peer, so a valid IKE_SA_INIT from the seeds
// can be followed by anything; timers run between and after them. Whatever
// arrives, the engine must neither crash nor leak, and stays listable.

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "control-plane/config/loader.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/sad/in_process_sad.hpp"

namespace {

using namespace ravelin::cp;

class fuzz_io final : public ike::engine_io {
public:
    void send(const ike::endpoint&, const ike::endpoint&, std::span<const std::uint8_t>) override {}
    [[nodiscard]] ike::time_point now() const override { return clock; }
    void random_bytes(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = static_cast<std::uint8_t>(random());
    }
    ike::time_point clock = ike::time_point{} + std::chrono::hours(1);
    std::mt19937_64 random{7};
};

// daemon_config holds secrets and so is move-only: parsed afresh per input.
config::daemon_config responder_config() {
    auto loaded = config::load_config_text(
            "connections:\n"
            "  any:\n"
            "    proposals: [aes256gcm16-prfsha256-x25519, aes128-sha256-modp2048, default]\n"
            "    local: { auth: psk }\n"
            "    remote: { auth: psk }\n"
            "    dpd_delay: 10s\n"
            "    children:\n"
            "      net: { esp_proposals: [aes128gcm16, default] }\n"
            "secrets:\n"
            "  - { psk: \"fuzz\" }\n",
            "fuzz.yaml");
    return std::move(*loaded.config);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz_io io;
    sad::in_process_sad southbound(1);
    ike::engine_options options;
    options.cookie_threshold = 2;
    ike::engine eng(io, southbound, responder_config(), options);
    const ike::endpoint local{*ravelin::common::ip_address::parse("10.99.0.1"), 500};
    const ike::endpoint remote{*ravelin::common::ip_address::parse("10.99.0.2"), 500};
    static constexpr std::uint8_t separator[] = {0xff, 0xfe, 0xfd, 0xfc};
    std::size_t start = 0;
    while (start <= size) {
        std::size_t end = start;
        while (end + sizeof separator <= size && std::memcmp(data + end, separator, sizeof separator) != 0) ++end;
        if (end + sizeof separator > size) end = size;
        eng.receive(local, remote, {data + start, end - start});
        io.clock += std::chrono::seconds(1);
        eng.tick();
        start = end + sizeof separator;
    }
    io.clock += std::chrono::seconds(300);
    eng.tick();
    (void)eng.list_sas();
    (void)eng.stats();
    return 0;
}
