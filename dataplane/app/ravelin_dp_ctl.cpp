// ravelin-dp-ctl: pushes policy commands into ravelin-dp's ring and reads its
// counters, for tests and bring-up without ravelin-ike. It is a second producer
// on the command ring: never run it while ravelin-ike is attached.
//
//   ravelin-dp-ctl [--segment /NAME] policy in|out protect|bypass|discard|trap LOCAL/LEN REMOTE/LEN [REQID [PRIORITY]]
//   ravelin-dp-ctl [--segment /NAME] sa in|out SPI LOCAL REMOTE aes128gcm16|aes256gcm16 KEYHEX REQID [SOFT_PACKETS]
//   ravelin-dp-ctl [--segment /NAME] sa-bulk COUNT [in|out]               COUNT AES-GCM-128 SAs (inbound unless
//                                                                         out), prints the install rate
//   ravelin-dp-ctl [--segment /NAME] policy-bulk COUNT [discard|protect]  COUNT outbound policies, prints the rate
//   (sa-bulk N out with policy-bulk N protect: N tunnels, the i-th SA under the i-th policy, which is what
//   tests/perf/dp's ravelin-pktgen sends flow i to)
//   ravelin-dp-ctl [--segment /NAME] tunnel-bulk COUNT  COUNT Child SAs (inbound SA, outbound SA, outbound protect
//                                                     policy each, as a journal replay sends them), prints the rate
//   ravelin-dp-ctl [--segment /NAME] counters
//   ravelin-dp-ctl [--segment /NAME] wait-event acquire|soft_expiry|hard_expiry SECONDS   prints the first such event

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <cstdio>
#include <string>
#include <vector>

#include "common/ip_range.hpp"
#include "control-plane/sad/ring_sad.hpp"

namespace {

namespace sad = ravelin::cp::sad;
namespace shm = ravelin::common::shm;

int usage() {
    std::fprintf(stderr,
                 "usage: ravelin-dp-ctl [--segment /NAME] policy in|out protect|bypass|discard|trap LOCAL/LEN REMOTE/LEN "
                 "[REQID [PRIORITY]]\n"
                 "       ravelin-dp-ctl [--segment /NAME] sa in|out SPI LOCAL REMOTE aes128gcm16|aes256gcm16 KEYHEX REQID [SOFT_PACKETS]\n"
                 "       ravelin-dp-ctl [--segment /NAME] sa-bulk COUNT [in|out]\n"
                 "       ravelin-dp-ctl [--segment /NAME] policy-bulk COUNT [discard|protect]\n"
                 "       ravelin-dp-ctl [--segment /NAME] tunnel-bulk COUNT\n"
                 "       ravelin-dp-ctl [--segment /NAME] counters\n"
                 "       ravelin-dp-ctl [--segment /NAME] wait-event acquire|soft_expiry|hard_expiry SECONDS\n");
    return 2;
}

bool parse_action(const std::string& text, sad::policy_action& action) {
    if (text == "protect") action = sad::policy_action::protect;
    else if (text == "bypass") action = sad::policy_action::bypass;
    else if (text == "discard") action = sad::policy_action::discard;
    else if (text == "trap") action = sad::policy_action::trap;
    else return false;
    return true;
}

bool parse_selector(const std::string& text, ravelin::common::traffic_selector& ts) {
    auto prefix = ravelin::common::ip_prefix::parse(text);
    if (!prefix) return false;
    ts.addresses = ravelin::common::address_range::from_prefix(*prefix);
    return true;
}

std::vector<std::uint8_t> parse_hex(const std::string& text) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(text.substr(i, 2), nullptr, 16)));
    }
    return out;
}

int report_refusal(shm::command_error refused) {
    if (refused == shm::command_error::none) return 0;
    std::fprintf(stderr, "ravelin-dp-ctl: ravelin-dp refused it (error %u%s)\n", static_cast<unsigned>(refused),
                 refused == shm::command_error::table_full ? ": table full" : "");
    return 1;
}

// Sends through a fresh ring_sad and waits for ravelin-dp to apply it.
template <typename Send>
int send_and_sync(const std::string& segment, Send send) {
    sad::ring_sad_options options;
    options.segment_name = segment;
    sad::ring_sad ring(options);
    if (!ring.attached()) {
        std::fprintf(stderr, "ravelin-dp-ctl: %s: no ravelin-dp segment\n", segment.c_str());
        return 1;
    }
    shm::command_error refused = shm::command_error::none;
    ring.on_event([&](const sad::dataplane_event& e) {
        if (e.kind == shm::event_kind::command_failed) refused = e.error;
    });
    if (auto sent = send(ring); !sent) {
        std::fprintf(stderr, "ravelin-dp-ctl: %s\n", sent.error().message().c_str());
        return 1;
    }
    if (!ring.sync(std::chrono::seconds(5))) {
        std::fprintf(stderr, "ravelin-dp-ctl: ravelin-dp did not answer\n");
        return 1;
    }
    return report_refusal(refused);
}

int sa(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() < 7 || (args[0] != "in" && args[0] != "out")) return usage();
    sad::sa_spec spec;
    spec.dir = args[0] == "in" ? sad::direction::inbound : sad::direction::outbound;
    spec.id = sad::spi{static_cast<std::uint32_t>(std::stoul(args[1], nullptr, 0))};
    auto local = ravelin::common::ip_address::parse(args[2]);
    auto remote = ravelin::common::ip_address::parse(args[3]);
    if (!local || !remote) return usage();
    spec.local = *local;
    spec.remote = *remote;
    if (args[4] == "aes128gcm16") spec.encryption_key_bits = 128;
    else if (args[4] == "aes256gcm16") spec.encryption_key_bits = 256;
    else return usage();
    spec.encryption = ravelin::cp::ike::encryption_id::aes_gcm_16;
    const auto key = parse_hex(args[5]);
    if (key.size() != spec.encryption_key_bits / 8u + 4) return usage();  // key | 4-byte salt (RFC 4106 §8.1)
    spec.encryption_key = ravelin::common::secret_bytes(key);
    spec.reqid = static_cast<std::uint32_t>(std::stoul(args[6]));
    spec.replay_window = 64;
    if (args.size() > 7) spec.soft.packets = std::stoull(args[7]);
    return send_and_sync(segment, [&](sad::ring_sad& ring) { return ring.add_sa(std::move(spec)); });
}

// Installs COUNT things (`add` pushes the i-th) and reports how fast ravelin-dp
// took them, up to the sync that says they are all applied. In chunks, each
// synced before the next, and a refusal (table full) stops the run where it
// happened. A chunk and its sync fit in the command ring (shm::command_slots),
// which would otherwise stay full past ring_sad's patience while ravelin-dp
// rebinds the SPD for each outbound SA or checks each policy against the
// others. SAs go 1024 at a time; policies 4000, as a sync compiles the
// classifier and ravelin-dp compiles every 4096 policies anyway.
template <typename Add>
int timed_bulk(const std::string& segment, const std::vector<std::string>& args, const char* what,
               std::uint32_t chunk, Add add) {
    if (args.empty() || args.size() > 2) return usage();
    const auto count = static_cast<std::uint32_t>(std::stoul(args[0]));
    sad::ring_sad_options options;
    options.segment_name = segment;
    sad::ring_sad ring(options);
    if (!ring.attached()) {
        std::fprintf(stderr, "ravelin-dp-ctl: %s: no ravelin-dp segment\n", segment.c_str());
        return 1;
    }
    shm::command_error refused = shm::command_error::none;
    ring.on_event([&](const sad::dataplane_event& e) {
        if (e.kind == shm::event_kind::command_failed && refused == shm::command_error::none) refused = e.error;
    });
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t done = 0; done < count && refused == shm::command_error::none; done += std::min(chunk, count - done)) {
        for (std::uint32_t i = done; i < done + std::min(chunk, count - done); ++i) {
            if (auto sent = add(ring, i); !sent) {
                std::fprintf(stderr, "ravelin-dp-ctl: %s after %u %s\n", sent.error().message().c_str(), i, what);
                return 1;
            }
        }
        if (!ring.sync(std::chrono::seconds(60) + std::chrono::milliseconds(std::min(count, chunk)))) {
            std::fprintf(stderr, "ravelin-dp-ctl: ravelin-dp did not answer after %u %s\n", done, what);
            return 1;
        }
        if (refused != shm::command_error::none) {
            std::fprintf(stderr, "ravelin-dp-ctl: within the first %u %s:\n", done + std::min(chunk, count - done), what);
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (refused != shm::command_error::none) return report_refusal(refused);
    std::printf("%u %s in %.3f s: %.0f %s/s\n", count, what, took.count(), count / took.count(), what);
    return 0;
}

// COUNT AES-GCM-128 tunnel SAs between 10.2.0.254 and 10.2.0.1. Inbound: SPIs
// from 0x10000, reqids from 100. Outbound: SPIs from 0x20000000, reqids from
// 100000, the reqids of policy-bulk's policies, so the i-th protect policy
// sends through the i-th SA.
int sa_bulk(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() == 2 && args[1] != "in" && args[1] != "out") return usage();
    const bool outbound = args.size() == 2 && args[1] == "out";
    return timed_bulk(segment, args, "SAs", 1024, [outbound](sad::ring_sad& ring, std::uint32_t i) {
        sad::sa_spec spec;
        spec.dir = outbound ? sad::direction::outbound : sad::direction::inbound;
        spec.id = sad::spi{(outbound ? 0x20000000 : 0x10000) + i};
        spec.local = ravelin::common::ip_address::parse("10.2.0.254").value();
        spec.remote = ravelin::common::ip_address::parse("10.2.0.1").value();
        spec.encryption_key = ravelin::common::secret_bytes(std::vector<std::uint8_t>(20, static_cast<std::uint8_t>(i)));
        spec.reqid = (outbound ? 100000 : 100) + i;
        spec.replay_window = 64;
        return ring.add_sa(std::move(spec));
    });
}

// COUNT outbound discard (or protect) policies between hosts 172.(16+i/65536).x.y
// and 100.(i/65536).x.y, priority 1000 (below what the tests install), reqids
// from 100000: the SPD size of a hub with COUNT tunnels, away from test traffic.
int policy_bulk(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() == 2 && args[1] != "discard" && args[1] != "protect") return usage();
    const bool protect = args.size() == 2 && args[1] == "protect";
    static_assert(shm::command_slots > 4000, "a chunk and its sync fit in the command ring");
    return timed_bulk(segment, args, "policies", 4000, [protect](sad::ring_sad& ring, std::uint32_t i) {
        sad::policy_spec spec;
        spec.dir = sad::direction::outbound;
        spec.action = protect ? sad::policy_action::protect : sad::policy_action::discard;
        const std::string low = "." + std::to_string(i >> 8 & 255) + "." + std::to_string(i & 255) + "/32";
        parse_selector("172." + std::to_string(16 + (i >> 16 & 15)) + low, spec.local);
        parse_selector("100." + std::to_string(i >> 16 & 255) + low, spec.remote);
        spec.reqid = 100000 + i;
        spec.priority = 1000;
        return ring.add_policy(spec);
    });
}

// COUNT Child SAs between the hosts of policy-bulk: inbound SA 0x30000000+i,
// outbound SA 0x20000000+i and its protect policy, reqid 200000+i (policies and
// SAs interleaved, as replaying_sad replays its journal after a restart),
// 1000 tunnels (3000 commands) per synced chunk.
int tunnel_bulk(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() != 1) return usage();
    return timed_bulk(segment, args, "tunnels", 1000, [](sad::ring_sad& ring, std::uint32_t i) -> ravelin::common::result<void> {
        const auto add_sa = [&](sad::direction dir, std::uint32_t spi) {
            sad::sa_spec spec;
            spec.dir = dir;
            spec.id = sad::spi{spi};
            spec.local = ravelin::common::ip_address::parse("10.2.0.254").value();
            spec.remote = ravelin::common::ip_address::parse("10.2.0.1").value();
            spec.encryption_key =
                ravelin::common::secret_bytes(std::vector<std::uint8_t>(20, static_cast<std::uint8_t>(i)));
            spec.reqid = 200000 + i;
            spec.replay_window = 64;
            return ring.add_sa(std::move(spec));
        };
        RAVELIN_CHECK(add_sa(sad::direction::inbound, 0x30000000 + i));
        RAVELIN_CHECK(add_sa(sad::direction::outbound, 0x20000000 + i));
        sad::policy_spec policy;
        policy.dir = sad::direction::outbound;
        policy.action = sad::policy_action::protect;
        const std::string low = "." + std::to_string(i >> 8 & 255) + "." + std::to_string(i & 255) + "/32";
        parse_selector("172." + std::to_string(16 + (i >> 16 & 15)) + low, policy.local);
        parse_selector("100." + std::to_string(i >> 16 & 255) + low, policy.remote);
        policy.reqid = 200000 + i;
        policy.priority = 1000;
        return ring.add_policy(policy);
    });
}

int policy(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() < 4 || (args[0] != "in" && args[0] != "out")) return usage();
    sad::policy_spec spec;
    spec.dir = args[0] == "in" ? sad::direction::inbound : sad::direction::outbound;
    if (!parse_action(args[1], spec.action) || !parse_selector(args[2], spec.local) ||
        !parse_selector(args[3], spec.remote)) {
        return usage();
    }
    if (args.size() > 4) spec.reqid = static_cast<std::uint32_t>(std::stoul(args[4]));
    if (args.size() > 5) spec.priority = static_cast<std::uint32_t>(std::stoul(args[5]));

    return send_and_sync(segment, [&](sad::ring_sad& ring) { return ring.add_policy(spec); });
}

// Attaches, says so on stdout, and waits for an event of the given kind.
int wait_event(const std::string& segment, const std::vector<std::string>& args) {
    if (args.size() != 2) return usage();
    shm::event_kind wanted;
    if (args[0] == "acquire") wanted = shm::event_kind::acquire;
    else if (args[0] == "soft_expiry") wanted = shm::event_kind::soft_expiry;
    else if (args[0] == "hard_expiry") wanted = shm::event_kind::hard_expiry;
    else return usage();
    sad::ring_sad_options options;
    options.segment_name = segment;
    sad::ring_sad ring(options);
    if (!ring.attached()) return 1;
    std::optional<sad::dataplane_event> seen;
    ring.on_event([&](const sad::dataplane_event& e) {
        if (e.kind == wanted && !seen) seen = e;
    });
    std::printf("listening\n");
    std::fflush(stdout);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoul(args[1]));
    while (!seen && std::chrono::steady_clock::now() < deadline) {
        if (ring.poll() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!seen) return 1;
    if (wanted == shm::event_kind::acquire) {
        std::printf("acquire reqid=%u %s -> %s proto=%u dport=%u\n", seen->reqid, seen->src.to_string().c_str(),
                    seen->dst.to_string().c_str(), seen->ip_protocol, seen->dst_port);
    } else {
        std::printf("%s spi=0x%x reqid=%u %s\n", args[0].c_str(), seen->id.value, seen->reqid,
                    seen->dir == sad::direction::inbound ? "in" : "out");
    }
    return 0;
}

int counters(const std::string& segment) {
    auto mapped = shm::segment::attach(segment);
    if (!mapped) {
        std::fprintf(stderr, "ravelin-dp-ctl: %s: %s\n", segment.c_str(), mapped.error().message().c_str());
        return 1;
    }
    for (std::size_t c = 0; c < shm::lcore_counter_count; ++c) {
        std::uint64_t total = 0;
        for (const auto& block : mapped->layout().lcore_counters) total += block.value[c].load(std::memory_order_relaxed);
        const auto name = shm::lcore_counter_name(static_cast<shm::lcore_counter>(c));
        std::printf("%.*s %llu\n", static_cast<int>(name.size()), name.data(), static_cast<unsigned long long>(total));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string segment = shm::default_segment_name;
    if (args.size() >= 2 && args[0] == "--segment") {
        segment = args[1];
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.empty()) return usage();
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "policy") return policy(segment, args);
        if (command == "sa") return sa(segment, args);
        if (command == "sa-bulk") return sa_bulk(segment, args);
        if (command == "policy-bulk") return policy_bulk(segment, args);
        if (command == "tunnel-bulk") return tunnel_bulk(segment, args);
        if (command == "counters") return counters(segment);
        if (command == "wait-event") return wait_event(segment, args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ravelin-dp-ctl: %s\n", e.what());
        return 2;
    }
    return usage();
}
