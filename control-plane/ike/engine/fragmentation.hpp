#pragma once
// RFC 7383 IKE fragmentation: an encrypted message too large for one datagram
// goes as several SKF payloads, each protected on its own (§2.5), and the
// receiver reassembles them under limits before anything is processed (§2.6).

#include <map>
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "control-plane/ike/codec/message.hpp"
#include "control-plane/ike/crypto/sk_payload.hpp"

namespace ravelin::cp::ike {

// Limits on what a peer can make us buffer (§2.6 leaves them to the receiver).
inline constexpr std::uint16_t max_fragments = 64;
inline constexpr std::size_t max_reassembled_size = 64 * 1024;

// Octets of UDP payload available for one IKE datagram of at most
// `ip_datagram_size` (IP and UDP headers, and the non-ESP marker on 4500, off).
std::size_t ike_space(std::size_t ip_datagram_size, bool ipv6, bool natt);

// HDR, SKF {inner...} x N, or one HDR, SK {inner...} when it fits in `space`.
common::result<std::vector<std::vector<std::uint8_t>>> seal_fragments(const ike_header& header,
                                                                      const std::vector<payload>& inner,
                                                                      crypto::sk_cipher& cipher, std::size_t space);

class reassembly {
public:
    enum class status { incomplete, complete, invalid };

    // Takes one parsed datagram whose last payload is SKF; decrypts it (a
    // fragment failing its ICV is dropped and changes nothing).
    status add(common::bytes_view datagram, const message& parsed, const crypto::sk_cipher& cipher);
    // The inner payloads once complete; resets for the next message.
    common::result<std::vector<payload>> take();
    [[nodiscard]] bool for_message(message_id id, bool response) const noexcept {
        return _active && _id == id && _response == response;
    }

private:
    bool _active = false;
    message_id _id;
    bool _response = false;
    std::uint16_t _total = 0;
    payload_type _first = payload_type::none;
    std::map<std::uint16_t, std::vector<std::uint8_t>> _parts;
    std::size_t _bytes = 0;
};

}  // namespace ravelin::cp::ike
