#include "control-plane/metrics/http_endpoint.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>
#include <exception>

#include "common/log.hpp"
#include "control-plane/metrics/catalogue.hpp"
#include "control-plane/metrics/exposition.hpp"

namespace ravelin::cp::metrics {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// What sessions share with the endpoint. A session may outlive the endpoint (its
// handlers are queued on the io_context), but never uses the registry after it:
// the endpoint clears `reg` when it goes, and a session still in flight then
// answers 503. The registry must outlive the endpoint.
struct http_endpoint::shared_state {
    registry* reg = nullptr;
    bool accepting = false;
    endpoint_limits limits;
    std::size_t connections = 0;
    family_of<counter>* requests = nullptr;
    family_of<histogram>* durations = nullptr;
};

namespace {

http_response plain(const http_request& request, http::status status, std::string body) {
    http_response response(status, request.version());
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(body);
    return response;
}

class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket socket, std::shared_ptr<http_endpoint::shared_state> state)
        : _stream(std::move(socket)), _state(std::move(state)) {
        ++_state->connections;
        _parser.header_limit(static_cast<std::uint32_t>(_state->limits.max_header_bytes));
        _parser.body_limit(0);
    }
    ~session() { --_state->connections; }

    void start() {
        _stream.expires_after(_state->limits.request_timeout);
        http::async_read(_stream, _buffer, _parser,
                         [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
    }

private:
    void on_read(beast::error_code error) {
        if (error == beast::error::timeout || error == http::error::end_of_stream) return;
        if (error == http::error::header_limit) return reply(http::status::request_header_fields_too_large);
        if (error) return reply(http::status::bad_request);
        if (_state->reg == nullptr) return reply(http::status::service_unavailable);
        const auto started = std::chrono::steady_clock::now();
        try {
            _response = answer(_parser.get(), *_state->reg);
        } catch (const std::exception& broken) {
            // A collector broke an invariant: fail this scrape, keep the daemon.
            common::log::get(common::log::subsystem::metrics).error("scrape failed: {}", broken.what());
            return reply(http::status::internal_server_error);
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        if (_response.result() == http::status::ok) _state->durations->with({}).observe(took.count());
        send();
    }

    void reply(http::status status) {
        _response = plain(http_request{}, status, std::string(http::obsolete_reason(status)) + "\n");
        send();
    }

    void send() {
        if (_state->reg != nullptr) _state->requests->with({std::to_string(_response.result_int())}).inc();
        _response.keep_alive(false);
        http::async_write(_stream, _response, [self = shared_from_this()](beast::error_code, std::size_t) {
            beast::error_code ignored;
            self->_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        });
    }

    beast::tcp_stream _stream;
    std::shared_ptr<http_endpoint::shared_state> _state;
    beast::flat_buffer _buffer;
    http::request_parser<http::empty_body> _parser;
    http_response _response;
};

}  // namespace

http_response answer(const http_request& request, const registry& reg) {
    const std::string_view target(request.target().data(), request.target().size());
    if (target.substr(0, target.find('?')) != "/metrics") return plain(request, http::status::not_found, "not found\n");
    const bool head = request.method() == http::verb::head;
    if (request.method() != http::verb::get && !head) {
        http_response response = plain(request, http::status::method_not_allowed, "GET or HEAD\n");
        response.set(http::field::allow, "GET, HEAD");
        return response;
    }
    http_response response(http::status::ok, request.version());
    response.set(http::field::content_type, std::string(content_type));
    response.body() = reg.expose();
    response.prepare_payload();
    if (head) response.body().clear();  // Content-Length still tells the GET size
    return response;
}

common::result<tcp::endpoint> parse_listen_address(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::make_error_code(std::errc::invalid_argument);
    std::string_view host = text.substr(0, colon);
    const std::string_view port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    else if (host.find(':') != std::string_view::npos) return std::make_error_code(std::errc::invalid_argument);
    std::uint16_t port = 0;
    const auto [end, parsed] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (parsed != std::errc{} || end != port_text.data() + port_text.size() || port_text.empty()) {
        return std::make_error_code(std::errc::invalid_argument);
    }
    boost::system::error_code error;
    const auto address = asio::ip::make_address(std::string(host), error);
    if (error) return std::make_error_code(std::errc::invalid_argument);
    return tcp::endpoint(address, port);
}

http_endpoint::http_endpoint(asio::io_context& io, registry& reg, endpoint_limits limits)
    : _acceptor(io), _retry(io), _state(std::make_shared<shared_state>()) {
    _state->reg = &reg;
    _state->limits = limits;
    _state->requests = &reg.add_counter(metric("ravelin_metrics_http_requests_total"));
    _state->durations = &reg.add_histogram(metric("ravelin_metrics_scrape_duration_seconds"), default_seconds_buckets());
}

http_endpoint::~http_endpoint() {
    close();
    _state->reg = nullptr;
}

common::result<void> http_endpoint::listen(const tcp::endpoint& where) {
    boost::system::error_code error;
    _acceptor.open(where.protocol(), error);
    if (!error) _acceptor.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) _acceptor.bind(where, error);
    if (!error) _acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
        boost::system::error_code ignored;
        _acceptor.close(ignored);
        return std::error_code(error.value(), std::system_category());
    }
    common::log::get(common::log::subsystem::metrics)
        .info("serving /metrics on {} port {}", local_endpoint().address().to_string(), local_endpoint().port());
    _state->accepting = true;
    accept();
    return {};
}

tcp::endpoint http_endpoint::local_endpoint() const {
    boost::system::error_code ignored;
    return _acceptor.local_endpoint(ignored);
}

void http_endpoint::close() {
    _state->accepting = false;
    boost::system::error_code ignored;
    _acceptor.close(ignored);
    _retry.cancel();
}

void http_endpoint::accept() {
    _acceptor.async_accept([this, state = _state](boost::system::error_code error, tcp::socket socket) {
        // The endpoint may be gone: only the shared state is safe to read first.
        if (!state->accepting) return;
        if (error) {
            // Out of descriptors, say: try again shortly rather than spin the engine's thread.
            common::log::get(common::log::subsystem::metrics).warn("accept: {}", error.message());
            return accept_later();
        }
        // Over the limit the connection is closed unanswered: the next scrape retries.
        if (state->connections < state->limits.max_connections) {
            std::make_shared<session>(std::move(socket), state)->start();
        }
        accept();
    });
}

void http_endpoint::accept_later() {
    _retry.expires_after(std::chrono::milliseconds(100));
    _retry.async_wait([this, state = _state](const boost::system::error_code&) {
        if (state->accepting) accept();
    });
}

}  // namespace ravelin::cp::metrics
