#include "control-plane/ctl/server.hpp"

#include <sys/stat.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>

#include "common/log.hpp"

namespace ravelin::cp::ctl {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

std::string handle_request_line(const std::string& line, const server::handler& on_request) {
    json response;
    try {
        const json request = json::parse(line);
        if (!request.is_object() || !request.contains("command") || !request["command"].is_string()) {
            throw command_error("a request is {\"command\": NAME, \"args\": {...}}");
        }
        const json args = request.value("args", json::object());
        response = {{"ok", true}, {"result", on_request(request["command"].get<std::string>(), args)}};
    } catch (const json::exception& error) {
        response = {{"ok", false}, {"error", std::string("malformed request: ") + error.what()}};
    } catch (const command_error& error) {
        response = {{"ok", false}, {"error", error.what()}};
    }
    // Error texts may quote the request's bytes: invalid UTF-8 is replaced, not thrown on.
    return response.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

server::server(asio::io_context& io, handler on_request)
    : _io(io), _on_request(std::move(on_request)), _acceptor(io) {}

server::~server() {
    if (!_path.empty()) std::filesystem::remove(_path);
}

common::result<void> server::listen(const std::string& path) {
    std::error_code fs_error;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), fs_error);
    std::filesystem::remove(path, fs_error);
    boost::system::error_code error;
    _acceptor.open(stream(), error);
    if (!error) _acceptor.bind(stream::endpoint(path), error);
    if (!error) _acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) return std::error_code(error.value(), std::system_category());
    // Operators only: the socket can start and stop tunnels.
    chmod(path.c_str(), 0600);
    _path = path;
    accept();
    return {};
}

void server::accept() {
    auto peer = std::make_shared<stream::socket>(_io);
    _acceptor.async_accept(*peer, [this, peer](const boost::system::error_code& error) {
        if (error == asio::error::operation_aborted) return;
        if (!error) serve(peer);
        accept();
    });
}

void server::serve(std::shared_ptr<stream::socket> peer) {
    auto buffer = std::make_shared<asio::streambuf>(max_request_size);
    asio::async_read_until(*peer, *buffer, '\n', [this, peer, buffer](const boost::system::error_code& error, std::size_t) {
        if (error) return;
        std::istream in(buffer.get());
        std::string line;
        std::getline(in, line);
        auto reply = std::make_shared<std::string>(handle_request_line(line, _on_request));
        asio::async_write(*peer, asio::buffer(*reply), [peer, reply](const boost::system::error_code&, std::size_t) {
            boost::system::error_code ignored;
            peer->shutdown(stream::socket::shutdown_both, ignored);
        });
    });
}

}  // namespace ravelin::cp::ctl
