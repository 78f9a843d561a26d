#pragma once
// IKE's UDP transport: ports 500 and 4500 (RFC 7296 §2.23, RFC 3948) on IPv4
// and IPv6. On 4500 every datagram is classified first: IKE behind the non-ESP
// marker is delivered without it, NAT keepalives are ignored, ESP is counted and
// dropped (with a dataplane, ESP never reaches this socket; in IKE-only mode
// there is nothing to decrypt it with).

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "control-plane/ike/engine/io.hpp"
#include "control-plane/net/udp_socket.hpp"

namespace ravelin::cp::net {

struct transport_ports {
    std::uint16_t ike = 500;
    std::uint16_t natt = 4500;
};

struct transport_counters {
    std::uint64_t received = 0;        // IKE messages delivered
    std::uint64_t sent = 0;
    std::uint64_t send_errors = 0;
    std::uint64_t nat_keepalives = 0;
    std::uint64_t esp_dropped = 0;     // ESP-in-UDP without a dataplane
    std::uint64_t invalid_dropped = 0; // too short on 4500
};

class udp_transport {
public:
    using receive_handler = udp_socket::receive_handler;

    udp_transport(boost::asio::io_context& io, transport_ports ports = {});

    // Listen on these addresses (empty: every IPv4 and IPv6 address).
    common::result<void> listen(const std::vector<common::ip_address>& addresses, receive_handler handler);
    // Send from `local` (its port picks 500 or 4500 framing) to `remote`.
    void send(const endpoint& local, const endpoint& remote, common::bytes_view message);

    [[nodiscard]] const transport_counters& counters() const noexcept { return _counters; }
    [[nodiscard]] transport_ports ports() const noexcept { return _ports; }

private:
    struct bound_socket {
        std::unique_ptr<udp_socket> socket;
        std::optional<common::ip_address> address;
        bool natt = false;
    };

    common::result<void> open(std::optional<common::ip_address> address, common::ip_family family);
    void on_datagram(bool natt, const endpoint& local, const endpoint& remote, common::bytes_view datagram);
    udp_socket* socket_for(const endpoint& local);

    boost::asio::io_context& _io;
    transport_ports _ports;
    receive_handler _handler;
    std::vector<bound_socket> _sockets;
    transport_counters _counters;
};

}  // namespace ravelin::cp::net
