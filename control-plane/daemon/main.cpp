// ravelin-ike: the IKEv2 daemon (docs/ARCHITECTURE.md). Without a dataplane
// section (IKE-only mode) SAs stay in process; with one they go over the ring to
// ravelin-dp.

#include <CLI/CLI.hpp>

#include "common/log.hpp"
#include "control-plane/config/loader.hpp"
#include "control-plane/daemon/daemon.hpp"

int main(int argc, char** argv) {
    using namespace ravelin;
    CLI::App app{"ravelin-ike: IKEv2 daemon (RFC 7296)"};
    std::string config_path;
    std::string log_spec = "info";
    std::string control_socket;
    bool expose_keys = false;
    unsigned ike_port = 500, natt_port = 4500;
    app.add_option("--config", config_path, "YAML configuration file")->required();
    app.add_option("--log-level", log_spec, "log levels, e.g. info or info,ike=debug");
    app.add_option("--control-socket", control_socket, "unix socket for ravelinctl (overrides control.socket)");
    std::string metrics_listen;
    app.add_option("--metrics-listen", metrics_listen, "ADDRESS:PORT for /metrics (overrides metrics.listen; off disables)");
    app.add_option("--ike-port", ike_port, "UDP port for IKE (tests)")->check(CLI::Range(1, 65535));
    app.add_option("--natt-port", natt_port, "UDP port for NAT traversal (tests)")->check(CLI::Range(1, 65535));
    unsigned retransmit_ms = 4000, retransmit_tries = 5;
    double retransmit_base = 1.8;
    app.add_option("--retransmit-timeout", retransmit_ms, "first retransmission after this many ms (strongSwan: 4000)");
    app.add_option("--retransmit-base", retransmit_base, "backoff factor (strongSwan: 1.8)");
    app.add_option("--retransmit-tries", retransmit_tries, "retransmissions before giving up (strongSwan: 5)");
    std::size_t fragment_size = 1280;
    app.add_option("--fragment-size", fragment_size, "RFC 7383: fragment IKE messages above this IP datagram size");
    app.add_flag("--debug-expose-keys", expose_keys,
                 "show Child SA keys in list-sas (debugging only: anyone with the socket sees them)");
    CLI11_PARSE(app, argc, argv);

    common::log::setup(log_spec);
    auto& log = common::log::get(common::log::subsystem::main);
    auto loaded = cp::config::load_config_file(config_path);
    if (!loaded.config) {
        for (const auto& issue : loaded.issues) log.error("{}", issue.to_string());
        return 1;
    }
    if (loaded.config->dataplane) {
        log.info("dataplane: SAs go to ravelin-dp over segment {}", loaded.config->dataplane->segment);
    } else {
        log.info("no dataplane section: IKE-only mode, SAs kept in process");
    }

    boost::asio::io_context io;
    cp::daemon::daemon_options options;
    options.config_path = config_path;
    options.control_socket = control_socket;
    options.metrics_listen = metrics_listen;
    options.ports = {static_cast<std::uint16_t>(ike_port), static_cast<std::uint16_t>(natt_port)};
    options.engine.expose_keys = expose_keys;
    options.engine.retransmit_timeout = std::chrono::milliseconds(retransmit_ms);
    options.engine.retransmit_base = retransmit_base;
    options.engine.retransmit_tries = retransmit_tries;
    options.engine.fragment_size = fragment_size;
    if (expose_keys) log.warn("--debug-expose-keys: Child SA keys are visible over the control socket");
    try {
        cp::daemon::daemon d(io, options, std::move(*loaded.config));
        if (auto started = d.start(); !started) {
            log.error("cannot start: {}", started.error().message());
            return 1;
        }
        io.run();
    } catch (const std::exception& e) {
        log.error("fatal: {}", e.what());
        return 1;
    }
    log.info("ravelin-ike stopped");
    return 0;
}
