#pragma once
// The daemon side of the control socket, on the daemon's io_context: requests
// are handled on the engine's thread, so handlers may touch engine state.

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "common/result.hpp"
#include "control-plane/ctl/protocol.hpp"

namespace ravelin::cp::ctl {

class server {
public:
    using handler = std::function<json(const std::string& command, const json& args)>;

    server(boost::asio::io_context& io, handler on_request);
    ~server();

    // Creates the socket's directory if needed; replaces a stale socket file.
    common::result<void> listen(const std::string& path);

private:
    void accept();
    void serve(std::shared_ptr<boost::asio::local::stream_protocol::socket> peer);

    boost::asio::io_context& _io;
    handler _on_request;
    boost::asio::local::stream_protocol::acceptor _acceptor;
    std::string _path;
};

// Answer one request line: parse, dispatch, wrap the result or error.
std::string handle_request_line(const std::string& line, const server::handler& on_request);

}  // namespace ravelin::cp::ctl
