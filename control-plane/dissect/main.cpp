// ravelin-dissect: prints one JSON object per IKE message found in a pcap/pcapng
// capture (UDP 500, and UDP 4500 after the non-ESP marker; ESP listed by SPI and
// sequence number), or per hex-encoded message read from stdin with --hex.
//
//   ravelin-dissect capture.pcap [--ike-keys FILE]
//   echo 0011...  | ravelin-dissect --hex [--udp4500] [--ike-keys FILE]
//
// With --ike-keys (format in decrypt.hpp), SK and SKF payloads are decrypted and
// their inner payloads shown under "decrypted".

#include <pcap/pcap.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "control-plane/dissect/decrypt.hpp"
#include "control-plane/dissect/packet.hpp"
#include "control-plane/dissect/render.hpp"
#include "control-plane/ike/codec/udp_encap.hpp"

namespace {

using nlohmann::json;
using namespace ravelin;
using namespace ravelin::cp;

constexpr std::uint16_t ike_port = 500;
constexpr std::uint16_t nat_t_port = 4500;

json render_esp(common::bytes_view packet) {
    auto header = ike::read_esp_header(packet);
    if (!header) return {{"error", "ESP packet shorter than its header"}};
    char spi[11];
    std::snprintf(spi, sizeof spi, "0x%08x", header->spi);
    return {{"spi", spi}, {"seq", header->sequence}};
}

// What a UDP 4500 datagram holds (RFC 3948): IKE, ESP or a NAT-keepalive.
void dissect_udp4500(common::bytes_view datagram, json& out, const dissect::decrypt_hook& decrypt) {
    const auto classified = ike::classify_udp4500(datagram);
    switch (classified.kind) {
    case ike::udp4500_kind::ike: out.update(dissect::dissect_ike(classified.payload, decrypt)); break;
    case ike::udp4500_kind::esp: out["esp"] = render_esp(classified.payload); break;
    case ike::udp4500_kind::nat_keepalive: out["nat_keepalive"] = true; break;
    case ike::udp4500_kind::invalid: out["error"] = "UDP 4500 datagram too short for IKE or ESP"; break;
    }
}

std::string endpoint(const common::ip_address& address, std::optional<std::uint16_t> port) {
    if (!port) return address.to_string();
    if (address.is_v4()) return address.to_string() + ":" + std::to_string(*port);
    return "[" + address.to_string() + "]:" + std::to_string(*port);
}

std::optional<json> dissect_packet(const dissect::transport_packet& packet, std::size_t frame,
                                   const dissect::decrypt_hook& decrypt) {
    json out{{"frame", frame}};
    if (packet.protocol == dissect::ip_protocol_esp) {
        out["src"] = endpoint(packet.source, std::nullopt);
        out["dst"] = endpoint(packet.destination, std::nullopt);
        out["esp"] = render_esp(packet.payload);
        return out;
    }
    const bool ike = packet.source_port == ike_port || packet.destination_port == ike_port;
    const bool nat_t = packet.source_port == nat_t_port || packet.destination_port == nat_t_port;
    if (!ike && !nat_t) return std::nullopt;
    out["src"] = endpoint(packet.source, packet.source_port);
    out["dst"] = endpoint(packet.destination, packet.destination_port);
    if (nat_t) dissect_udp4500(packet.payload, out, decrypt);
    else out.update(dissect::dissect_ike(packet.payload, decrypt));
    return out;
}

int dissect_capture(const std::string& path, const dissect::decrypt_hook& decrypt) {
    char error[PCAP_ERRBUF_SIZE] = {};
    pcap_t* capture = pcap_open_offline(path.c_str(), error);
    if (!capture) {
        std::cerr << "ravelin-dissect: " << error << '\n';
        return 1;
    }
    const int link_type = pcap_datalink(capture);
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    std::size_t frame = 0;
    int status = 0;
    while ((status = pcap_next_ex(capture, &header, &data)) == 1) {
        ++frame;
        auto packet = dissect::decode_frame(link_type, common::bytes_view(data, header->caplen));
        if (!packet) continue;
        if (auto line = dissect_packet(*packet, frame, decrypt)) std::cout << dissect::to_line(*line) << '\n';
    }
    if (status == PCAP_ERROR) std::cerr << "ravelin-dissect: " << pcap_geterr(capture) << '\n';
    pcap_close(capture);
    return status == PCAP_ERROR ? 1 : 0;
}

std::optional<std::vector<std::uint8_t>> from_hex(const std::string& text) {
    std::vector<std::uint8_t> out;
    int high = -1;
    for (const char c : text) {
        int nibble;
        if (c >= '0' && c <= '9') nibble = c - '0';
        else if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
        else if (c == ' ' || c == '\t' || c == '\r' || c == ':') continue;
        else return std::nullopt;
        if (high < 0) {
            high = nibble;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | nibble));
            high = -1;
        }
    }
    if (high >= 0) return std::nullopt;
    return out;
}

int dissect_hex_lines(bool udp4500, const dissect::decrypt_hook& decrypt) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(std::cin, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json out{{"line", number}};
        auto bytes = from_hex(line);
        if (!bytes) out["error"] = "line is not hexadecimal";
        else if (udp4500) dissect_udp4500(*bytes, out, decrypt);
        else out.update(dissect::dissect_ike(*bytes, decrypt));
        std::cout << dissect::to_line(out) << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"IKEv2 dissector: one JSON object per IKE message (RFC 7296, RFC 7383, RFC 3948)"};
    std::string input;
    bool hex = false;
    bool udp4500 = false;
    app.add_option("capture", input, "pcap or pcapng file");
    app.add_flag("--hex", hex, "read hex-encoded IKE messages from stdin, one per line");
    app.add_flag("--udp4500", udp4500, "with --hex: lines are UDP 4500 datagrams (non-ESP marker, ESP, keepalive)");
    std::string key_file;
    app.add_option("--ike-keys", key_file, "IKE SA keys to decrypt SK/SKF payloads (format: see docs/CODEC.md)");
    CLI11_PARSE(app, argc, argv);
    if (hex == !input.empty()) {
        std::cerr << "ravelin-dissect: give either a capture file or --hex\n" << app.help();
        return 2;
    }
    dissect::key_table keys;
    dissect::decrypt_hook decrypt;
    if (!key_file.empty()) {
        std::ifstream in(key_file);
        std::string error = in ? "" : "cannot open file";
        if (in) keys = dissect::key_table::load(in, error);
        if (!error.empty()) {
            std::cerr << "ravelin-dissect: " << key_file << ": " << error << '\n';
            return 2;
        }
        decrypt = dissect::sk_decryptor(keys);
    }
    return hex ? dissect_hex_lines(udp4500, decrypt) : dissect_capture(input, decrypt);
}
