#include "control-plane/ctl/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ravelin::cp::ctl {
namespace {

class fd_guard {
public:
    explicit fd_guard(int fd) : _fd(fd) {}
    ~fd_guard() {
        if (_fd >= 0) close(_fd);
    }
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    [[nodiscard]] int get() const { return _fd; }

private:
    int _fd;
};

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

bool wait_readable(int fd, std::chrono::milliseconds timeout) {
    pollfd poller{fd, POLLIN, 0};
    return poll(&poller, 1, static_cast<int>(timeout.count())) > 0;
}

}  // namespace

call_outcome call(const std::string& socket_path, const std::string& command, const json& args,
                  std::chrono::milliseconds timeout) {
    fd_guard fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof(address.sun_path)) return {false, {}, "socket path too long"};
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    if (connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        return {false, {}, system_error("cannot reach ravelin-ike at " + socket_path)};
    }
    const std::string request = json{{"command", command}, {"args", args}}.dump() + "\n";
    if (send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        return {false, {}, system_error("cannot send request")};
    }
    std::string reply;
    char chunk[4096];
    while (reply.find('\n') == std::string::npos) {
        if (!wait_readable(fd.get(), timeout)) return {false, {}, "no answer from ravelin-ike"};
        const ssize_t size = recv(fd.get(), chunk, sizeof(chunk), 0);
        if (size <= 0) break;
        reply.append(chunk, static_cast<std::size_t>(size));
    }
    try {
        const json response = json::parse(reply);
        if (response.value("ok", false)) return {true, response.value("result", json()), {}};
        return {false, {}, response.value("error", std::string("unknown error"))};
    } catch (const json::exception&) {
        return {false, {}, "malformed answer from ravelin-ike"};
    }
}

}  // namespace ravelin::cp::ctl
