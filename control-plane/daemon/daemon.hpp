#pragma once
// ravelin-ike's event loop: UDP 500/4500 into the engine, one timer re-armed to
// the engine's next deadline after every event, the control socket, the ring
// to ravelin-dp when configured (southbound.hpp), and signals (SIGHUP reloads,
// SIGTERM/SIGINT delete SAs politely and exit).

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "control-plane/ctl/server.hpp"
#include "control-plane/ike/engine/engine.hpp"
#include "control-plane/metrics/http_endpoint.hpp"
#include "control-plane/metrics/registry.hpp"
#include "control-plane/net/udp_transport.hpp"
#include "control-plane/daemon/dataplane_metrics.hpp"
#include "control-plane/daemon/southbound.hpp"

namespace ravelin::cp::daemon {

struct daemon_options {
    std::string config_path;
    std::string control_socket;  // overrides the configuration's when set
    std::string metrics_listen;  // overrides metrics.listen when set; "off" disables
    net::transport_ports ports;
    ike::engine_options engine;
};

class daemon {
public:
    daemon(boost::asio::io_context& io, daemon_options options, config::daemon_config config);
    ~daemon();
    // Opens sockets and the control socket, starts start_action=start children.
    common::result<void> start();

private:
    class asio_io;

    common::result<void> start_metrics();
    void on_datagram(const ike::endpoint& local, const ike::endpoint& remote, common::bytes_view bytes);
    void on_dataplane_event(const sad::dataplane_event& event);
    void rearm();
    void wait_signals();
    void shut_down();
    // Re-reads the configuration file; the running one stays when it has issues.
    nlohmann::json reload();
    nlohmann::json handle(const std::string& command, const nlohmann::json& args);
    nlohmann::json terminate(const nlohmann::json& args);
    nlohmann::json rekey(const nlohmann::json& args);
    std::string connection_of(const std::string& child) const;

    boost::asio::io_context& _io;
    daemon_options _options;
    std::string _socket_path;
    std::string _metrics_listen;  // read from the configuration before _engine takes it
    bool _metrics_per_sa = false;
    std::vector<common::ip_address> _listen;  // ike.listen at start; a reload does not rebind
    net::udp_transport _transport;
    std::unique_ptr<asio_io> _engine_io;
    southbound _southbound;  // before _engine, which installs into it
    ike::engine _engine;
    ctl::server _ctl;
    metrics::registry _metrics;
    metrics::http_endpoint _metrics_endpoint;
    std::unique_ptr<dataplane_metrics> _dataplane_metrics;  // with a dataplane section only
    boost::asio::steady_timer _timer;
    boost::asio::signal_set _signals;
    bool _stopping = false;
};

}  // namespace ravelin::cp::daemon
