#pragma once
// A UDP socket that knows, for every datagram, the local address it arrived on
// (IP_PKTINFO / IPV6_PKTINFO), and sends from a chosen local address. IKE needs
// both: replies must leave from the address the request reached (RFC 7296 §2.11)
// and NAT detection hashes the addresses actually used (§2.23). Asio offers
// neither, so reads and writes go through recvmsg/sendmsg on its native handle,
// driven by Asio's readiness notification.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "common/byte_reader.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "control-plane/ike/engine/io.hpp"

namespace ravelin::cp::net {

using ike::endpoint;

class udp_socket {
public:
    using receive_handler = std::function<void(const endpoint& local, const endpoint& remote, common::bytes_view)>;

    // Bound to `address` (nullopt: every address of the family) and `port` (0: ephemeral).
    static common::result<std::unique_ptr<udp_socket>> open(boost::asio::io_context& io, common::ip_family family,
                                                            std::optional<common::ip_address> address,
                                                            std::uint16_t port);

    void start(receive_handler handler);
    common::result<void> send(const endpoint& local, const endpoint& remote, common::bytes_view datagram);

    [[nodiscard]] std::uint16_t port() const { return _socket.local_endpoint().port(); }
    [[nodiscard]] common::ip_family family() const noexcept { return _family; }

private:
    udp_socket(boost::asio::io_context& io, common::ip_family family);
    void wait_readable();
    void drain();
    bool receive_one();

    boost::asio::ip::udp::socket _socket;
    common::ip_family _family;
    receive_handler _handler;
    std::array<std::uint8_t, 65536> _buffer{};
};

}  // namespace ravelin::cp::net
