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
