#include "control-plane/daemon/daemon.hpp"

#include <algorithm>
#include <csignal>

#include <openssl/rand.h>

#include "common/log.hpp"
#include "control-plane/config/loader.hpp"
#include "control-plane/ctl/status_json.hpp"
#include "control-plane/metrics/engine_collector.hpp"

namespace ravelin::cp::daemon {
namespace {

auto& logger() { return common::log::get(common::log::subsystem::main); }

// How long SIGTERM waits for the peers to acknowledge our deletes.
constexpr auto shutdown_grace = std::chrono::seconds(3);

}  // namespace

// engine_io over the transport, the steady clock and OpenSSL's DRBG.
class daemon::asio_io final : public ike::engine_io {
public:
    explicit asio_io(net::udp_transport& transport) : _transport(transport) {}
    void send(const ike::endpoint& local, const ike::endpoint& remote, std::span<const std::uint8_t> message) override {
        _transport.send(local, remote, message);
    }
    [[nodiscard]] ike::time_point now() const override { return ike::clock_type::now(); }
    void random_bytes(std::span<std::uint8_t> out) override {
        if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) throw std::runtime_error("RAND_bytes failed");
    }

private:
    net::udp_transport& _transport;
};

daemon::daemon(boost::asio::io_context& io, daemon_options options, config::daemon_config config)
    : _io(io),
      _options(std::move(options)),
      _socket_path(_options.control_socket.empty() ? config.control_socket : _options.control_socket),
      _metrics_listen(_options.metrics_listen.empty() ? config.metrics_listen : _options.metrics_listen),
      _metrics_per_sa(config.metrics_per_sa),
      _listen(config.listen),
      _transport(io, _options.ports),
      _engine_io(std::make_unique<asio_io>(_transport)),
      _southbound(io, config.dataplane),
      _engine(*_engine_io, _southbound.sad(), std::move(config), _options.engine),
      _ctl(io, [this](const std::string& command, const nlohmann::json& args) { return handle(command, args); }),
      _metrics_endpoint(io, _metrics),
      _timer(io),
      _signals(io, SIGHUP, SIGTERM, SIGINT) {}

daemon::~daemon() = default;

common::result<void> daemon::start() {
    RAVELIN_CHECK(_transport.listen(_listen, [this](const auto& local, const auto& remote, auto bytes) {
        on_datagram(local, remote, bytes);
    }));
    RAVELIN_CHECK(_ctl.listen(_socket_path));
    RAVELIN_CHECK(start_metrics());
    wait_signals();
    _southbound.start([this](const sad::dataplane_event& event) { on_dataplane_event(event); });
    _engine.start();
    rearm();
    logger().info("ravelin-ike running: control socket {}", _socket_path);
    return {};
}

// Prometheus endpoint (docs/METRICS.md). Scrapes run on this thread, so the
// collectors read the engine directly.
common::result<void> daemon::start_metrics() {
    if (_metrics_listen == "off") return {};
    RAVELIN_TRY(auto where, metrics::parse_listen_address(_metrics_listen));
    _metrics.add_collector([this](metrics::snapshot& snap) {
        metrics::collect_engine(_engine.stats(), _engine.summarize_sas(), _engine.list_connections(), snap);
        if (_metrics_per_sa) metrics::collect_per_sa(_engine.list_sas(), snap);
        metrics::collect_transport(_transport.counters(), snap);
    });
    if (const sad::ring_sad* ring = _southbound.dataplane()) {
        _dataplane_metrics = std::make_unique<dataplane_metrics>(*ring, _metrics_per_sa);
        _metrics.add_collector([this](metrics::snapshot& snap) { _dataplane_metrics->collect(snap); });
    }
    if (auto listening = _metrics_endpoint.listen(where); !listening) {
        logger().error("cannot serve metrics on {}: {}", _metrics_listen, listening.error().message());
        return listening.error();
    }
    logger().info("metrics on http://{}:{}/metrics", _metrics_endpoint.local_endpoint().address().to_string(),
                  _metrics_endpoint.local_endpoint().port());
    return {};
}

void daemon::on_datagram(const ike::endpoint& local, const ike::endpoint& remote, common::bytes_view bytes) {
    _engine.receive(local, remote, bytes);
    rearm();
}

// THE place where dataplane events reach ravelin-ike. Today they are logged;
// the engine's entry points for acquires (RFC 4301 §4.4.1 trap policies) and
// for soft/hard expiry and sequence overflow (rekey, RFC 7296 §2.8) are called
// from here when they exist (branch rekey), followed by rearm().
void daemon::on_dataplane_event(const sad::dataplane_event& event) {
    using common::shm::event_kind;
    using expiry = ike::engine::expiry;
    switch (event.kind) {
        case event_kind::query_reply: return;  // sync() barriers, nothing to report
        case event_kind::command_failed: logger().warn("dataplane: {}", sad::describe(event)); return;
        case event_kind::acquire:
            logger().info("dataplane: {}", sad::describe(event));
            _engine.on_acquire(event.reqid);
            break;
        case event_kind::soft_expiry:
            logger().info("dataplane: {}", sad::describe(event));
            _engine.on_expiry(event.id, event.dir, expiry::soft);
            break;
        // RFC 4303 §3.3.3: an outbound SA whose sequence space is exhausted must
        // not send again, which is what a hard expiry means to the engine.
        case event_kind::hard_expiry:
        case event_kind::seq_overflow:
            logger().warn("dataplane: {}", sad::describe(event));
            _engine.on_expiry(event.id, event.dir, expiry::hard);
            break;
        default: logger().info("dataplane: {}", sad::describe(event)); return;
    }
    rearm();  // the engine may have sent a request and armed a retransmission
}

void daemon::rearm() {
    const auto deadline = _engine.next_deadline();
    if (deadline == ike::time_point::max()) {
        _timer.cancel();
        return;
    }
    _timer.expires_at(deadline);
    _timer.async_wait([this](const boost::system::error_code& error) {
        if (error) return;  // cancelled: re-armed elsewhere
        _engine.tick();
        rearm();
    });
}

void daemon::wait_signals() {
    _signals.async_wait([this](const boost::system::error_code& error, int signal) {
        if (error) return;
        if (signal == SIGHUP) {
            reload();
            wait_signals();
            return;
        }
        logger().info("signal {}: deleting SAs and exiting", signal);
        shut_down();
    });
}

void daemon::shut_down() {
    if (_stopping) return;
    _stopping = true;
    for (const auto& sa : _engine.list_sas()) (void)_engine.terminate_ike(sa.unique_id);
    rearm();
    // Wait for the deletes to be acknowledged, but not for long: poll the SA list.
    const auto until = ike::clock_type::now() + shutdown_grace;
    auto poll = std::make_shared<boost::asio::steady_timer>(_io);
    auto check = std::make_shared<std::function<void()>>();
    *check = [this, poll, check, until] {
        if (_engine.list_sas().empty() || ike::clock_type::now() >= until) {
            _io.stop();
            return;
        }
        poll->expires_after(std::chrono::milliseconds(50));
        poll->async_wait([check](const boost::system::error_code&) { (*check)(); });
    };
    (*check)();
}

nlohmann::json daemon::reload() {
    auto loaded = config::load_config_file(_options.config_path);
    if (!loaded.config) {
        nlohmann::json issues = nlohmann::json::array();
        for (const auto& issue : loaded.issues) {
            logger().error("reload: {}", issue.to_string());
            issues.push_back(issue.to_string());
        }
        logger().error("reload refused: keeping the running configuration");
        return {{"reloaded", false}, {"issues", issues}};
    }
    _engine.reload(std::move(*loaded.config));
    rearm();
    return {{"reloaded", true}, {"issues", nlohmann::json::array()}};
}

nlohmann::json daemon::terminate(const nlohmann::json& args) {
    common::result<void> outcome;
    if (args.contains("ike")) {
        outcome = _engine.terminate_ike(args.at("ike").get<std::uint32_t>());
    } else if (args.contains("connection")) {
        outcome = _engine.terminate_connection(args.at("connection").get<std::string>());
    } else {
        throw ctl::command_error("terminate needs \"ike\" (unique id) or \"connection\"");
    }
    if (!outcome) throw ctl::command_error("no such IKE SA or connection");
    rearm();
    return {{"terminating", true}};
}

nlohmann::json daemon::rekey(const nlohmann::json& args) {
    common::result<void> outcome;
    if (args.contains("ike")) {
        outcome = _engine.rekey_ike(args.at("ike").get<std::uint32_t>());
    } else if (args.contains("child")) {
        outcome = _engine.rekey_child(args.at("child").get<std::uint32_t>());
    } else {
        throw ctl::command_error("rekey needs \"ike\" (unique id) or \"child\" (reqid)");
    }
    if (!outcome) throw ctl::command_error("cannot rekey: " + outcome.error().message());
    rearm();
    return {{"rekeying", true}};
}

// The connection that configures `child`, for `ravelinctl initiate --child NAME`
// without --ike (as swanctl does); ambiguous or unknown names are refused.
std::string daemon::connection_of(const std::string& child) const {
    std::string found;
    for (const auto& connection : _engine.list_connections()) {
        const auto& children = connection.children;
        if (std::find(children.begin(), children.end(), child) == children.end()) continue;
        if (!found.empty()) throw ctl::command_error("child '" + child + "' is in several connections: name one");
        found = connection.name;
    }
    if (found.empty()) throw ctl::command_error("no connection has a child named '" + child + "'");
    return found;
}

nlohmann::json daemon::handle(const std::string& command, const nlohmann::json& args) {
    if (command == "list-sas") return ctl::to_json(_engine.list_sas());
    if (command == "list-conns") return ctl::to_json(_engine.list_connections());
    if (command == "stats") {
        auto out = ctl::to_json(_engine.stats());
        const auto& t = _transport.counters();
        out["transport"] = {{"received", t.received},           {"sent", t.sent},
                            {"send_errors", t.send_errors},     {"nat_keepalives", t.nat_keepalives},
                            {"esp_dropped", t.esp_dropped},     {"invalid_dropped", t.invalid_dropped}};
        return out;
    }
    if (command == "initiate") {
        const auto child = args.value("child", std::string{});
        const auto connection = args.value("connection", std::string{}).empty() ? connection_of(child)
                                                                                : args.value("connection", std::string{});
        if (auto started = _engine.initiate(connection, child); !started) {
            throw ctl::command_error("cannot initiate " + connection + "/" + child + ": " + started.error().message());
        }
        rearm();
        return {{"initiated", true}};
    }
    if (command == "terminate") return terminate(args);
    if (command == "rekey") return rekey(args);
    if (command == "reload") return reload();
    throw ctl::command_error("unknown command '" + command + "'");
}

}  // namespace ravelin::cp::daemon
