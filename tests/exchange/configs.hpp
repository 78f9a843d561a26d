#pragma once
// Configurations of the two exchange-test peers: 10.0.0.1 (moon, initiator) and
// 10.0.0.2 (sun, responder), written as an operator would.

#include <string>

namespace ravelin::cp::ike::test {

struct peer_settings {
    std::string ike_proposals = "aes256gcm16-prfsha256-x25519";
    std::string esp_proposals = "aes128gcm16";
    std::string local_ts = "10.1.0.0/24";
    std::string remote_ts = "10.2.0.0/24";
    std::string psk = "a shared secret long enough";
    std::string dpd_delay = "0s";
    std::string start_action = "none";
    std::string child_options;  // more keys of child "net", e.g. "rekey_time: 60s\n"
    std::string ike_options;    // more keys of the connection
    // A second child "net2" between 10.3.0.0/24 (moon) and 10.4.0.0/24 (sun).
    bool second_child = false;
};

inline std::string indent(const std::string& lines, const std::string& by) {
    std::string out;
    std::size_t start = 0;
    while (start < lines.size()) {
        auto end = lines.find('\n', start);
        if (end == std::string::npos) end = lines.size();
        out += by + lines.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out;
}

inline std::string make_yaml(const std::string& self, const std::string& peer, const std::string& self_id,
                             const std::string& peer_id, const peer_settings& s, bool is_moon) {
    const std::string net2 = s.second_child ? "      net2:\n"
                                              "        local_ts: [" + std::string(is_moon ? "10.3.0.0/24" : "10.4.0.0/24") + "]\n"
                                              "        remote_ts: [" + std::string(is_moon ? "10.4.0.0/24" : "10.3.0.0/24") + "]\n"
                                              "        esp_proposals: [" + s.esp_proposals + "]\n"
                                            : "";
    return "connections:\n"
           "  site:\n"
           "    local_addrs: [" + self + "]\n"
           "    remote_addrs: [" + peer + "]\n"
           "    proposals: [" + s.ike_proposals + "]\n"
           "    local: { auth: psk, id: " + self_id + " }\n"
           "    remote: { auth: psk, id: " + peer_id + " }\n"
           "    dpd_delay: " + s.dpd_delay + "\n" + indent(s.ike_options, "    ") +
           "    children:\n"
           "      net:\n"
           "        local_ts: [" + s.local_ts + "]\n"
           "        remote_ts: [" + s.remote_ts + "]\n"
           "        esp_proposals: [" + s.esp_proposals + "]\n"
           "        start_action: " + s.start_action + "\n" + indent(s.child_options, "        ") + net2 +
           "secrets:\n"
           "  - { id: [" + self_id + ", " + peer_id + "], psk: \"" + s.psk + "\" }\n";
}

inline std::string moon(peer_settings s = {}) { return make_yaml("10.0.0.1", "10.0.0.2", "moon.example", "sun.example", s, true); }

inline std::string sun(peer_settings s = {}) {
    std::swap(s.local_ts, s.remote_ts);
    return make_yaml("10.0.0.2", "10.0.0.1", "sun.example", "moon.example", s, false);
}

}  // namespace ravelin::cp::ike::test
