#include "control-plane/net/udp_transport.hpp"

#include <array>

#include "common/log.hpp"
#include "control-plane/ike/codec/udp_encap.hpp"

namespace ravelin::cp::net {

using common::ip_address;
using common::ip_family;

udp_transport::udp_transport(boost::asio::io_context& io, transport_ports ports) : _io(io), _ports(ports) {}

common::result<void> udp_transport::listen(const std::vector<ip_address>& addresses, receive_handler handler) {
    _handler = std::move(handler);
    if (addresses.empty()) {
        RAVELIN_CHECK(open(std::nullopt, ip_family::v4));
        RAVELIN_CHECK(open(std::nullopt, ip_family::v6));
        return {};
    }
    for (const auto& address : addresses) RAVELIN_CHECK(open(address, address.family()));
    return {};
}

common::result<void> udp_transport::open(std::optional<ip_address> address, ip_family family) {
    for (const bool natt : {false, true}) {
        const std::uint16_t port = natt ? _ports.natt : _ports.ike;
        auto socket = udp_socket::open(_io, family, address, port);
        if (!socket) {
            common::log::get(common::log::subsystem::net)
                .error("cannot listen on {} port {}: {}",
                       address ? address->to_string() : (family == ip_family::v4 ? "0.0.0.0" : "::"), port,
                       socket.error().message());
            return socket.error();
        }
        (*socket)->start([this, natt](const endpoint& local, const endpoint& remote, common::bytes_view data) {
            on_datagram(natt, local, remote, data);
        });
        _sockets.push_back({std::move(*socket), address, natt});
    }
    return {};
}

void udp_transport::on_datagram(bool natt, const endpoint& local, const endpoint& remote, common::bytes_view datagram) {
    if (!natt) {
        ++_counters.received;
        _handler(local, remote, datagram);
        return;
    }
    const auto classified = ike::classify_udp4500(datagram);
    switch (classified.kind) {
        case ike::udp4500_kind::ike:
            ++_counters.received;
            _handler(local, remote, classified.payload);
            return;
        case ike::udp4500_kind::nat_keepalive: ++_counters.nat_keepalives; return;
        case ike::udp4500_kind::esp: ++_counters.esp_dropped; return;
        case ike::udp4500_kind::invalid: ++_counters.invalid_dropped; return;
    }
}

udp_socket* udp_transport::socket_for(const endpoint& local) {
    const bool natt = local.port == _ports.natt;
    udp_socket* wildcard = nullptr;
    for (auto& bound : _sockets) {
        if (bound.natt != natt || bound.socket->family() != local.address.family()) continue;
        if (bound.address == local.address) return bound.socket.get();
        if (!bound.address) wildcard = bound.socket.get();
    }
    return wildcard;
}

void udp_transport::send(const endpoint& local, const endpoint& remote, common::bytes_view message) {
    udp_socket* socket = socket_for(local);
    if (socket == nullptr) {
        ++_counters.send_errors;
        common::log::get(common::log::subsystem::net).warn("no socket for {}[{}]", local.address.to_string(), local.port);
        return;
    }
    std::vector<std::uint8_t> framed;
    common::bytes_view datagram = message;
    if (local.port == _ports.natt) {
        // RFC 3948 §2.2: IKE on 4500 is preceded by four zero octets.
        framed.assign(ike::non_esp_marker_size, 0);
        framed.insert(framed.end(), message.begin(), message.end());
        datagram = framed;
    }
    if (auto sent = socket->send(local, remote, datagram); !sent) {
        ++_counters.send_errors;
        common::log::get(common::log::subsystem::net)
            .warn("send to {}[{}] failed: {}", remote.address.to_string(), remote.port, sent.error().message());
        return;
    }
    ++_counters.sent;
}

}  // namespace ravelin::cp::net
