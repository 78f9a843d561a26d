"""Writes the seed corpora of the dp fuzz targets (run once; the seeds are checked in).
Record offsets are pinned by static_asserts in command_fuzz.cpp."""
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))


def write(directory, name, data):
    os.makedirs(os.path.join(here, directory), exist_ok=True)
    with open(os.path.join(here, directory, name), "wb") as f:
        f.write(data)


MAC = bytes([2, 0, 0, 0, 0, 1])
OTHER = bytes([0x0C] * 6)


def ipv4(dst, proto, payload, ttl=64):
    total = 20 + len(payload)
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0, ttl, proto, 0, bytes([10, 2, 0, 1]), bytes(dst)) + payload


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


eth_ip = MAC + OTHER + b"\x08\x00"
gw = [10, 1, 0, 254]
write("classify_corpus", "arp", b"\xff" * 6 + OTHER + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x800, 6, 4, 1)
      + OTHER + bytes([10, 1, 0, 1]) + b"\0" * 6 + bytes(gw))
write("classify_corpus", "esp", eth_ip + ipv4(gw, 50, struct.pack("!II", 0x1234, 1) + b"\0" * 32))
write("classify_corpus", "esp_udp", eth_ip + ipv4(gw, 17, udp(4500, 4500, struct.pack("!II", 0x1234, 1) + b"\0" * 32)))
# Found by the fuzzer: ESP shorter than SPI + sequence number was classified inbound.
write("classify_corpus", "regression-esp-short", eth_ip + ipv4(gw, 50, struct.pack("!I", 0x1234)))
write("classify_corpus", "ike_4500", eth_ip + ipv4(gw, 17, udp(4500, 4500, b"\0" * 4 + b"\x11" * 28)))
write("classify_corpus", "keepalive", eth_ip + ipv4(gw, 17, udp(4500, 4500, b"\xff")))
write("classify_corpus", "transit_tcp", eth_ip + ipv4([10, 2, 0, 9], 6, struct.pack("!HH", 1234, 80) + b"\0" * 16))

# IPv6 (the port is fd00:1::fe): extension-header chains, fragments, ND.
GW6 = bytes.fromhex("fd0000010000000000000000000000fe")
HOST6 = bytes.fromhex("fd000002000000000000000000000001")


def ipv6(dst, nh, payload, hlim=64, src=bytes.fromhex("fd000001000000000000000000000001")):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, hlim) + src + dst + payload


eth_ip6 = MAC + OTHER + b"\x86\xdd"
write("classify_corpus", "v6_esp", eth_ip6 + ipv6(GW6, 50, struct.pack("!II", 0x1234, 1) + b"\0" * 32))
write("classify_corpus", "v6_esp_udp", eth_ip6 + ipv6(GW6, 17, udp(4500, 4500, struct.pack("!II", 0x1234, 1) + b"\0" * 32)))
write("classify_corpus", "v6_transit_ext", eth_ip6 + ipv6(HOST6, 0, bytes([60, 0, 1, 4, 0, 0, 0, 0])
      + bytes([44, 0, 1, 4, 0, 0, 0, 0]) + bytes([6, 0, 0, 1, 0, 0, 0, 9]) + struct.pack("!HH", 1234, 443) + b"\0" * 16))
write("classify_corpus", "v6_fragment_later", eth_ip6 + ipv6(HOST6, 44, bytes([17, 0, 0, 0xb8, 0, 0, 0, 9]) + b"\1" * 16))
solicited = bytes.fromhex("ff0200000000000000000001ff0000fe")
write("classify_corpus", "v6_ns", bytes([0x33, 0x33, 0xff, 0, 0, 0xfe]) + OTHER + b"\x86\xdd"
      + ipv6(solicited, 58, bytes([135, 0, 0, 0, 0, 0, 0, 0]) + GW6 + bytes([1, 1]) + OTHER, hlim=255))
write("classify_corpus", "v6_na", eth_ip6 + ipv6(GW6, 58, bytes([136, 0, 0, 0, 0x60, 0, 0, 0]) + HOST6 + bytes([2, 1])
      + OTHER, hlim=255))


def command(cookie, kind, body):
    record = struct.pack("<QB", cookie, kind) + b"\0" * 7 + body
    return record + b"\0" * (256 - len(record))


def sa(spi, slot, direction, proto=3):
    return struct.pack("<IIII", spi, 1, slot, 64) + bytes([proto, direction])


write("command_corpus", "add_delete", command(1, 1, sa(0x1000, 5, 0)) + command(2, 1, sa(0x2000, 6, 1))
      + command(3, 2, struct.pack("<IIBB", 0x1000, 5, 3, 0)) + command(4, 5, b""))
write("command_corpus", "duplicate_and_bad_slot", command(1, 1, sa(0x1000, 5, 0)) + command(2, 1, sa(0x1000, 5, 0))
      + command(3, 1, sa(0x3000, 1 << 20, 0)))
sys.exit(0)
