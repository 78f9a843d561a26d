// A registry filled with sample data, for tests that need the exporter from
// outside a unit binary:
//   sample_exporter print             the exposition on stdout (promtool check metrics)
//   sample_exporter serve PORT_FILE   serve it on 127.0.0.1:<free port>, written to
//                                     PORT_FILE once listening; runs until SIGTERM
//                                     (a real Prometheus scrapes it, tests/interop/metrics)
//   sample_exporter catalogue         name, type, labels, status per catalogue entry
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>
#include <unistd.h>

#include "common/shm/segment.hpp"
#include "control-plane/metrics/catalogue.hpp"
#include "control-plane/metrics/dataplane_collector.hpp"
#include "control-plane/metrics/engine_collector.hpp"
#include "control-plane/metrics/http_endpoint.hpp"

namespace {

using namespace ravelin::cp::metrics;
using namespace std::chrono_literals;
namespace ike = ravelin::cp::ike;

// Every kind of family, and label values that need escaping or are not UTF-8.
void fill_owned(registry& reg) {
    auto& events = reg.add_counter({"ravelin_sample_events_total", {}, {"event"}, "Sample events; HELP with \\ and\nnewline."});
    events.with({"plain"}).inc(3);
    events.with({"quote\" backslash\\ newline\n"}).inc();
    events.with({"caf\xC3\xA9 \xFF"}).inc();
    reg.add_gauge({"ravelin_sample_ratio", {}, {}, "A ratio."}).with({}).set(0.25);
    auto& durations = reg.add_histogram({"ravelin_sample_duration_seconds", {}, {"kind"}, "Durations."},
                                        default_seconds_buckets());
    for (double v : {0.0005, 0.02, 0.3, 7.0, 30.0}) durations.with({"a"}).observe(v);
}

// An engine with site-a up (child rekeyed 40 s ago) and site-b configured but down.
void collect_sample_engine(snapshot& snap) {
    ike::engine_stats stats;
    stats.counters = {{"exchanges.ike_sa_init.ok", 4}, {"exchanges.ike_auth.ok", 3}, {"auth_failures.psk_mismatch", 2},
                      {"rekeys.child", 5}, {"rekey_failures.child", 1}, {"drops.invalid_syntax", 1},
                      {"trap_acquires", 1}};
    stats.half_open_sas = 1;
    ike::ike_sa_status up;
    up.connection = "site-a";
    up.unique_id = 1;
    up.state = ike::ike_sa_state::established;
    up.established_for = 3600s;
    ike::child_sa_status& child = up.children.emplace_back();
    child.name = "net";
    child.state = ike::child_sa_state::installed;
    child.spi_in = 0xc0010203;
    child.installed_for = 40s;
    std::vector<ike::connection_status> connections(2);
    connections[0].name = "site-a";
    connections[0].established = true;
    connections[1].name = "site-b";
    collect_engine(stats, {up}, connections, snap, {.per_sa = true});
}

// Received messages grow by 10 per scrape, so PromQL's increase() has something to see.
void add_sample_collectors(registry& reg) {
    reg.add_collector(collect_sample_engine);
    reg.add_collector([scrapes = std::uint64_t{0}](snapshot& snap) mutable {
        ++scrapes;
        ravelin::cp::net::transport_counters counters;
        counters.received = counters.sent = 10 * scrapes;
        counters.nat_keepalives = 2;
        collect_transport(counters, snap);
    });
}

// A dataplane segment of the exporter's own (its name removed at once) with two
// workers, two SAs (per-SA series on) and a command waiting in the ring.
void add_sample_dataplane(registry& reg) {
    namespace shm = ravelin::common::shm;
    const std::string name = "/ravelin-sample-exporter-" + std::to_string(::getpid());
    auto created = shm::segment::create(name);
    if (!created) throw std::runtime_error("sample dataplane segment: " + created.error().message());
    shm::segment::remove(name);
    auto segment = std::make_shared<shm::segment>(std::move(created).value());
    auto& layout = segment->layout();
    for (std::size_t lcore = 0; lcore < 2; ++lcore) {
        for (std::size_t c = 0; c < shm::lcore_counter_count; ++c) layout.lcore_counters[lcore].value[c].store(c + lcore);
    }
    layout.sa_counters[1].tag.store(0xc0000001 + 1);
    layout.sa_counters[1].packets.store(42);
    layout.sa_counters[1].bytes.store(4200);
    (void)shm::ring_producer<shm::command_record, shm::command_slots>(layout.commands).try_push(shm::command_record{});
    const std::vector<dataplane_sa> sas = {{.counter_slot = 1, .spi = 0xc0000001, .inbound = true},
                                           {.counter_slot = 2, .spi = 0x1234, .inbound = false}};
    auto collector = std::make_shared<dataplane_collector>(dataplane_options{.per_sa = true});
    reg.add_collector([segment, collector, sas](snapshot& snap) { collector->collect(segment->layout(), sas, snap); });
}

int serve(registry& reg, const std::filesystem::path& port_file) {
    boost::asio::io_context io;
    http_endpoint endpoint(io, reg);
    if (auto listening = endpoint.listen({boost::asio::ip::make_address("127.0.0.1"), 0}); !listening) {
        std::cerr << "listen: " << listening.error().message() << "\n";
        return 1;
    }
    // Written whole then renamed, so a reader never sees half a port number.
    const auto partial = std::filesystem::path(port_file.string() + ".partial");
    std::ofstream(partial) << endpoint.local_endpoint().port() << "\n";
    std::filesystem::rename(partial, port_file);
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
    io.run();
    return 0;
}

void print_catalogue() {
    for (const auto& entry : catalogue()) {
        std::string labels;
        for (const auto& label : entry.desc.labels) labels += (labels.empty() ? "" : ",") + label;
        std::cout << entry.desc.name << '\t' << type_name(entry.desc.type) << '\t' << labels << '\t'
                  << (entry.status == availability::exported ? "exported" : "planned") << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    registry reg;
    fill_owned(reg);
    add_sample_collectors(reg);
    if (mode == "print" || mode == "serve") add_sample_dataplane(reg);
    if (mode == "print") {
        std::cout << reg.expose();
        return 0;
    }
    if (mode == "serve" && argc == 3) return serve(reg, argv[2]);
    if (mode == "catalogue") {
        print_catalogue();
        return 0;
    }
    std::cerr << "usage: sample_exporter print | serve PORT_FILE | catalogue\n";
    return 2;
}
