#pragma once
// GET /metrics over HTTP/1.1 on Boost.Beast, on the daemon's io_context: a
// scrape renders the registry on the engine's thread, so collectors read engine
// state without locks. One request per connection (Prometheus reconnects);
// every request is bounded in header size and time, and connections in number,
// so a slow or hostile client costs little.

#include <chrono>
#include <memory>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "common/result.hpp"
#include "control-plane/metrics/registry.hpp"

namespace ravelin::cp::metrics {

struct endpoint_limits {
    std::size_t max_header_bytes = 8 * 1024;
    std::chrono::milliseconds request_timeout{10'000};  // read request + write response
    std::size_t max_connections = 16;
};

using http_request = boost::beast::http::request<boost::beast::http::empty_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

// The answer to one request, without sockets: 200 with the exposition for GET
// or HEAD /metrics (a query string is ignored), 405 for other methods there,
// 404 elsewhere.
http_response answer(const http_request& request, const registry& reg);

// "127.0.0.1:9750", "[::1]:9750" (the metrics.listen setting, docs/CONFIG.md).
common::result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view text);

class http_endpoint {
public:
    // Declares its own families in reg (requests by code, scrape durations).
    http_endpoint(boost::asio::io_context& io, registry& reg, endpoint_limits limits = {});
    ~http_endpoint();
    http_endpoint(const http_endpoint&) = delete;
    http_endpoint& operator=(const http_endpoint&) = delete;

    // Port 0 picks a free port; local_endpoint() tells which.
    common::result<void> listen(const boost::asio::ip::tcp::endpoint& where);
    [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;
    // Stop accepting; requests in flight finish or time out.
    void close();

    // What sessions share with the endpoint (defined in the .cpp).
    struct shared_state;

private:
    void accept();
    void accept_later();

    boost::asio::ip::tcp::acceptor _acceptor;
    boost::asio::steady_timer _retry;
    std::shared_ptr<shared_state> _state;
};

}  // namespace ravelin::cp::metrics
