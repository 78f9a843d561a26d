#include "control-plane/net/udp_socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "common/log.hpp"

namespace ravelin::cp::net {
namespace {

namespace asio = boost::asio;
using common::ip_address;
using common::ip_family;

common::result<void> set_option(int fd, int level, int name, int value) {
    if (setsockopt(fd, level, name, &value, sizeof(value)) != 0) {
        return std::error_code(errno, std::system_category());
    }
    return {};
}

asio::ip::udp::endpoint to_asio(const ip_address& address, std::uint16_t port) {
    if (address.is_v4()) {
        asio::ip::address_v4::bytes_type bytes;
        std::copy_n(address.bytes().begin(), 4, bytes.begin());
        return {asio::ip::address_v4(bytes), port};
    }
    asio::ip::address_v6::bytes_type bytes;
    std::copy_n(address.bytes().begin(), 16, bytes.begin());
    return {asio::ip::address_v6(bytes), port};
}

endpoint from_sockaddr(const sockaddr_storage& storage) {
    if (storage.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(storage);
        std::array<std::uint8_t, 4> bytes{};
        std::memcpy(bytes.data(), &in.sin_addr, 4);
        return {ip_address::v4(bytes), ntohs(in.sin_port)};
    }
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(storage);
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &in6.sin6_addr, 16);
    return {ip_address::v6(bytes), ntohs(in6.sin6_port)};
}

socklen_t to_sockaddr(const endpoint& to, sockaddr_storage& storage) {
    std::memset(&storage, 0, sizeof(storage));
    if (to.address.is_v4()) {
        auto& in = reinterpret_cast<sockaddr_in&>(storage);
        in.sin_family = AF_INET;
        in.sin_port = htons(to.port);
        std::memcpy(&in.sin_addr, to.address.bytes().data(), 4);
        return sizeof(sockaddr_in);
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(storage);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(to.port);
    std::memcpy(&in6.sin6_addr, to.address.bytes().data(), 16);
    return sizeof(sockaddr_in6);
}

// The destination address of a received datagram, from its IP_PKTINFO/IPV6_PKTINFO.
std::optional<ip_address> destination_of(msghdr& header) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof(info));
            std::array<std::uint8_t, 4> bytes{};
            std::memcpy(bytes.data(), &info.ipi_addr, 4);
            return ip_address::v4(bytes);
        }
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof(info));
            std::array<std::uint8_t, 16> bytes{};
            std::memcpy(bytes.data(), &info.ipi6_addr, 16);
            return ip_address::v6(bytes);
        }
    }
    return std::nullopt;
}

// Ask the kernel to send from `source` (ignored for the unspecified address).
void add_source(msghdr& header, const ip_address& source, std::span<std::uint8_t> control) {
    if (source == ip_address::lowest(source.family())) {
        header.msg_controllen = 0;
        return;
    }
    header.msg_control = control.data();
    header.msg_controllen = source.is_v4() ? CMSG_SPACE(sizeof(in_pktinfo)) : CMSG_SPACE(sizeof(in6_pktinfo));
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    if (source.is_v4()) {
        in_pktinfo info{};
        std::memcpy(&info.ipi_spec_dst, source.bytes().data(), 4);
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(info));
        std::memcpy(CMSG_DATA(c), &info, sizeof(info));
    } else {
        in6_pktinfo info{};
        std::memcpy(&info.ipi6_addr, source.bytes().data(), 16);
        c->cmsg_level = IPPROTO_IPV6;
        c->cmsg_type = IPV6_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(info));
        std::memcpy(CMSG_DATA(c), &info, sizeof(info));
    }
}

}  // namespace

udp_socket::udp_socket(asio::io_context& io, ip_family family) : _socket(io), _family(family) {}

common::result<std::unique_ptr<udp_socket>> udp_socket::open(asio::io_context& io, ip_family family,
                                                             std::optional<ip_address> address,
                                                             std::uint16_t port) {
    std::unique_ptr<udp_socket> socket(new udp_socket(io, family));
    boost::system::error_code error;
    const bool v4 = family == ip_family::v4;
    socket->_socket.open(v4 ? asio::ip::udp::v4() : asio::ip::udp::v6(), error);
    if (error) return std::error_code(error.value(), std::system_category());
    const int fd = socket->_socket.native_handle();
    if (v4) {
        RAVELIN_CHECK(set_option(fd, IPPROTO_IP, IP_PKTINFO, 1));
    } else {
        RAVELIN_CHECK(set_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1));
        RAVELIN_CHECK(set_option(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
    }
    RAVELIN_CHECK(set_option(fd, SOL_SOCKET, SO_REUSEADDR, 1));
    socket->_socket.non_blocking(true, error);
    const ip_address bind_to = address.value_or(ip_address::lowest(family));
    socket->_socket.bind(to_asio(bind_to, port), error);
    if (error) return std::error_code(error.value(), std::system_category());
    return socket;
}

void udp_socket::start(receive_handler handler) {
    _handler = std::move(handler);
    wait_readable();
}

void udp_socket::wait_readable() {
    _socket.async_wait(asio::ip::udp::socket::wait_read, [this](const boost::system::error_code& error) {
        if (error == asio::error::operation_aborted) return;
        drain();
        wait_readable();
    });
}

void udp_socket::drain() {
    // Bounded, so that one busy socket cannot starve the others on this thread.
    for (int i = 0; i < 64 && receive_one(); ++i) {
    }
}

bool udp_socket::receive_one() {
    sockaddr_storage from{};
    iovec vector{_buffer.data(), _buffer.size()};
    alignas(cmsghdr) std::array<std::uint8_t, 256> control{};
    msghdr header{};
    header.msg_name = &from;
    header.msg_namelen = sizeof(from);
    header.msg_iov = &vector;
    header.msg_iovlen = 1;
    header.msg_control = control.data();
    header.msg_controllen = control.size();
    const ssize_t size = recvmsg(_socket.native_handle(), &header, MSG_DONTWAIT);
    if (size < 0) return false;
    if ((header.msg_flags & MSG_TRUNC) != 0) return true;  // larger than any IKE message: drop
    const endpoint remote = from_sockaddr(from);
    const endpoint local{destination_of(header).value_or(ip_address::lowest(_family)), port()};
    _handler(local, remote, common::bytes_view(_buffer.data(), static_cast<std::size_t>(size)));
    return true;
}

common::result<void> udp_socket::send(const endpoint& local, const endpoint& remote, common::bytes_view datagram) {
    sockaddr_storage to{};
    iovec vector{const_cast<std::uint8_t*>(datagram.data()), datagram.size()};
    alignas(cmsghdr) std::array<std::uint8_t, 64> control{};
    msghdr header{};
    header.msg_name = &to;
    header.msg_namelen = to_sockaddr(remote, to);
    header.msg_iov = &vector;
    header.msg_iovlen = 1;
    add_source(header, local.address, control);
    if (sendmsg(_socket.native_handle(), &header, 0) < 0) return std::error_code(errno, std::system_category());
    return {};
}

}  // namespace ravelin::cp::net
