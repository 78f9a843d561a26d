#include "control-plane/ike/codec/udp_encap.hpp"

namespace ravelin::cp::ike {

udp4500_datagram classify_udp4500(common::bytes_view datagram) noexcept {
    if (datagram.size() == 1 && datagram[0] == nat_keepalive_octet) return {udp4500_kind::nat_keepalive, datagram};
    if (datagram.size() < non_esp_marker_size) return {udp4500_kind::invalid, {}};
    const bool marker = datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0;
    if (marker) return {udp4500_kind::ike, datagram.subspan(non_esp_marker_size)};
    // RFC 3948 §2.1: the ESP header follows the UDP header directly; an ESP packet has
    // at least SPI and sequence number.
    if (datagram.size() < esp_header_size) return {udp4500_kind::invalid, {}};
    return {udp4500_kind::esp, datagram};
}

common::result<esp_header> read_esp_header(common::bytes_view packet) noexcept {
    common::byte_reader reader(packet);
    esp_header out;
    RAVELIN_TRY(out.spi, reader.read_u32());
    RAVELIN_TRY(out.sequence, reader.read_u32());
    return out;
}

}  // namespace ravelin::cp::ike
