#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "control-plane/metrics/exposition.hpp"
#include "control-plane/metrics/http_endpoint.hpp"

namespace ravelin::cp::metrics {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

const std::string test_family_text =
    "# HELP ravelin_test_up 1 when up.\n# TYPE ravelin_test_up gauge\nravelin_test_up{connection=\"a\"} 1\n";

// A real endpoint on 127.0.0.1:0, its io_context on a thread of its own; the
// client is a blocking socket with a receive timeout, so no test can hang.
class http_endpoint_test : public ::testing::Test {
protected:
    void start(endpoint_limits limits = {}) {
        _reg.add_gauge({"ravelin_test_up", {}, {"connection"}, "1 when up."}).with({"a"}).set(1);
        _endpoint = std::make_unique<http_endpoint>(_io, _reg, limits);
        ASSERT_TRUE(_endpoint->listen(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)).has_value());
        _thread = std::thread([this] { _io.run(); });
    }
    void TearDown() override {
        _io.stop();
        if (_thread.joinable()) _thread.join();
        _endpoint.reset();
    }

    tcp::socket connect() {
        if (_endpoint) _address = _endpoint->local_endpoint();
        tcp::socket socket(_client_io);
        socket.connect(_address);
        timeval timeout{5, 0};
        setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        return socket;
    }

    // The whole reply, as the server sends it before closing.
    std::string exchange_raw(const std::string& request) {
        tcp::socket socket = connect();
        asio::write(socket, asio::buffer(request));
        std::string reply;
        boost::system::error_code error;
        asio::read(socket, asio::dynamic_buffer(reply), error);
        EXPECT_EQ(error, asio::error::eof);
        return reply;
    }

    http::response<http::string_body> fetch(http::verb method, const std::string& target) {
        tcp::socket socket = connect();
        http::request<http::empty_body> request(method, target, 11);
        request.set(http::field::host, "127.0.0.1");
        http::write(socket, request);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.skip(method == http::verb::head);
        http::read(socket, buffer, parser);
        return parser.release();
    }

    asio::io_context _io;
    asio::executor_work_guard<asio::io_context::executor_type> _work{_io.get_executor()};
    asio::io_context _client_io;
    registry _reg;
    std::unique_ptr<http_endpoint> _endpoint;
    tcp::endpoint _address;
    std::thread _thread;
};

TEST_F(http_endpoint_test, get_metrics_answers_the_exposition_as_text_0_0_4) {
    start();
    auto response = fetch(http::verb::get, "/metrics");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(response[http::field::content_length], std::to_string(test_family_text.size()));
    EXPECT_EQ(response.body(), test_family_text);  // the endpoint's own families are still empty
    EXPECT_FALSE(response.keep_alive());
}

TEST_F(http_endpoint_test, counts_its_requests_and_times_its_scrapes) {
    start();
    (void)fetch(http::verb::get, "/nowhere");
    (void)fetch(http::verb::get, "/metrics");
    const std::string body = fetch(http::verb::get, "/metrics?debug=1").body();
    EXPECT_NE(body.find("ravelin_metrics_http_requests_total{code=\"404\"} 1\n"), std::string::npos) << body;
    EXPECT_NE(body.find("ravelin_metrics_http_requests_total{code=\"200\"} 1\n"), std::string::npos) << body;
    EXPECT_NE(body.find("ravelin_metrics_scrape_duration_seconds_count 1\n"), std::string::npos) << body;
}

TEST_F(http_endpoint_test, head_tells_the_length_without_a_body) {
    start();
    auto response = fetch(http::verb::head, "/metrics");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response[http::field::content_length], std::to_string(test_family_text.size()));
    EXPECT_EQ(response.body(), "");
}

TEST_F(http_endpoint_test, other_paths_are_404_and_other_methods_405) {
    start();
    EXPECT_EQ(fetch(http::verb::get, "/").result(), http::status::not_found);
    EXPECT_EQ(fetch(http::verb::get, "/metrics/x").result(), http::status::not_found);
    auto post = fetch(http::verb::post, "/metrics");
    EXPECT_EQ(post.result(), http::status::method_not_allowed);
    EXPECT_EQ(post[http::field::allow], "GET, HEAD");
    EXPECT_EQ(fetch(http::verb::delete_, "/metrics").result(), http::status::method_not_allowed);
}

TEST_F(http_endpoint_test, malformed_request_is_400) {
    start();
    EXPECT_TRUE(exchange_raw("GARBAGE\r\n\r\n").starts_with("HTTP/1.1 400 Bad Request\r\n"));
}

TEST_F(http_endpoint_test, a_request_body_is_refused) {
    start();
    EXPECT_TRUE(exchange_raw("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
                    .starts_with("HTTP/1.1 400 Bad Request\r\n"));
}

TEST_F(http_endpoint_test, oversized_headers_are_431) {
    start({.max_header_bytes = 256});
    const std::string request = "GET /metrics HTTP/1.1\r\nX-Fill: " + std::string(1000, 'a') + "\r\n\r\n";
    EXPECT_TRUE(exchange_raw(request).starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
}

TEST_F(http_endpoint_test, a_silent_client_is_dropped_after_the_request_timeout) {
    start({.request_timeout = std::chrono::milliseconds(200)});
    tcp::socket socket = connect();
    const auto started = std::chrono::steady_clock::now();
    std::string reply;
    boost::system::error_code error;
    asio::read(socket, asio::dynamic_buffer(reply), error);
    EXPECT_EQ(error, asio::error::eof);  // closed by the server, not our 5 s receive timeout
    EXPECT_EQ(reply, "");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(http_endpoint_test, connections_over_the_limit_are_closed_unanswered) {
    start({.request_timeout = std::chrono::milliseconds(500), .max_connections = 1});
    tcp::socket idle = connect();  // accepted first: holds the only slot until it times out
    std::string reply;
    boost::system::error_code error;
    tcp::socket second = connect();
    asio::write(second, asio::buffer(std::string("GET /metrics HTTP/1.1\r\n\r\n")), error);
    asio::read(second, asio::dynamic_buffer(reply), error);
    EXPECT_EQ(reply, "");
    EXPECT_TRUE(error == asio::error::eof || error == asio::error::connection_reset) << error.message();
    asio::read(idle, asio::dynamic_buffer(reply), error);  // the idle one times out, freeing the slot
    EXPECT_EQ(fetch(http::verb::get, "/metrics").result(), http::status::ok);
}

TEST_F(http_endpoint_test, a_session_outliving_the_endpoint_answers_503_without_touching_it) {
    start();
    tcp::socket client = connect();
    // Let the endpoint accept the connection (a request on another proves the loop ran).
    EXPECT_EQ(fetch(http::verb::get, "/metrics").result(), http::status::ok);
    std::promise<void> gone;
    asio::post(_io, [this, &gone] {
        _endpoint.reset();
        gone.set_value();
    });
    gone.get_future().wait();
    boost::system::error_code error;
    asio::write(client, asio::buffer(std::string("GET /metrics HTTP/1.1\r\n\r\n")), error);
    std::string reply;
    asio::read(client, asio::dynamic_buffer(reply), error);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n")) << reply;
}

TEST(answer, works_without_sockets) {
    registry reg;
    http_request request(http::verb::get, "/metrics", 10);
    auto response = answer(request, reg);
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response.version(), 10);
    EXPECT_EQ(response.body(), "");
}

TEST(parse_listen_address, accepts_v4_and_bracketed_v6) {
    auto v4 = parse_listen_address("127.0.0.1:9750");
    ASSERT_TRUE(v4.has_value());
    EXPECT_EQ(v4->address().to_string(), "127.0.0.1");
    EXPECT_EQ(v4->port(), 9750);
    auto v6 = parse_listen_address("[::1]:0");
    ASSERT_TRUE(v6.has_value());
    EXPECT_TRUE(v6->address().is_v6());
    EXPECT_EQ(v6->port(), 0);
}

TEST(parse_listen_address, refuses_malformed_text) {
    for (const char* text : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:9x", "::1:9750",
                             "host:9750", "[::1]9750", "1.2.3.4:-1"}) {
        EXPECT_FALSE(parse_listen_address(text).has_value()) << text;
    }
}

}  // namespace
}  // namespace ravelin::cp::metrics
