#!/usr/bin/python3
"""Writes tests/data/ike/scapy_cleartext_payloads.pcap: IKEv2 messages built with
scapy (an implementation independent of Ravelin's codec) that carry, in clear,
the payloads strongSwan only ever sends inside SK: IDi/IDr of every ID type,
CERT, CERTREQ, AUTH, TSi/TSr (IPv4 and IPv6 ranges), CP request/reply, Delete,
EAP, Vendor ID, SKF, and an unknown non-critical payload; then ESP over IP
(IPv4 and IPv6) and a UDP 4500 NAT-keepalive. dissect_vs_tshark.py
then checks ravelin-dissect against tshark on them.

    make_cleartext_ike_pcap.py OUT.pcap
"""
import struct
import sys

from scapy.all import IP, IPv6, UDP, Ether, Raw, wrpcap
from scapy.contrib import ikev2 as k

ETH = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")


def chain(header, payloads):
    """header: IKEv2 layer; payloads: [(type, layer_or_bytes)]. Next Payload fields
    are set explicitly so that raw payloads chain as well as scapy's classes."""
    header.next_payload = payloads[0][0] if payloads else 0
    packet = header
    for i, (ptype, body) in enumerate(payloads):
        following = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        if isinstance(body, bytes):
            layer = k.IKEv2_payload(next_payload=following, load=body)
        else:
            layer = body
            layer.next_payload = following
        packet = packet / layer
    return packet


def ike(exch, mid, flags=0x08):
    return k.IKEv2(init_SPI=bytes.fromhex("0011223344556677"), resp_SPI=bytes.fromhex("8899aabbccddeeff"),
                   exch_type=exch, flags=flags, id=mid)


def id_body(id_type, data):
    return bytes([id_type, 0, 0, 0]) + data


def ts_v4(proto, sport, eport, start, end):
    return k.IPv4TrafficSelector(IP_protocol_ID=proto, start_port=sport, end_port=eport,
                                 starting_address_v4=start, ending_address_v4=end)


def ts_v6(proto, sport, eport, start, end):
    # scapy 2.5 computes Selector Length 20 for IPv6 selectors; RFC 7296 §3.13.1 says 40.
    return k.IPv6TrafficSelector(IP_protocol_ID=proto, length=40, start_port=sport, end_port=eport,
                                 starting_address_v6=start, ending_address_v6=end)


def cp_attr(attr_type, value=b""):
    return struct.pack("!HH", attr_type, len(value)) + value


# A DER Name: SEQUENCE { SET { SEQUENCE { OID 2.5.4.3 (CN), UTF8String "gw" } } }
DN = bytes.fromhex("300d310b300906035504030c026777")
# A self-signed Ed25519 test certificate (CN=Ravelin Dissector Fixture), no key kept.
CERT_DER = bytes.fromhex(
    "3081fb3081aea003020102020848e561a7a8d110da300506032b657030243122302006035504031319526176656c"
    "696e20446973736563746f722046697874757265301e170d3236313132373030323735335a170d33363131323430"
    "30323735335a30243122302006035504031319526176656c696e20446973736563746f72204669787475726530"
    "2a300506032b6570032100e8a4226d758ca7f506b846e786154a0a1ee93b584271e5e585548371cb26f5d43005"
    "06032b6570034100890b6d29d991e43a9634f0ffd57d9a135e39b7de52d175bead4e144ee5a5f3f2513fec74c7"
    "8dd7f16c84efcab19928f69cc54a9be37bf0f96bb53099e06a290e")

messages = []

# 1. IKE_AUTH-shaped, clear: IPv4 ID, CERT, CERTREQ, AUTH, ESP SA, TSi/TSr v4+v6, FQDN IDr.
esp_proposal = k.IKEv2_payload_Proposal(
    proposal=1, proto=3, SPIsize=4, SPI=b"\xc0\x01\x02\x03", trans_nb=3,
    trans=k.IKEv2_payload_Transform(transform_type=1, transform_id=12, key_length=256)
    / k.IKEv2_payload_Transform(transform_type=3, transform_id=12)
    / k.IKEv2_payload_Transform(transform_type=5, transform_id=1))
messages.append(chain(ike(35, 1), [
    (35, id_body(1, bytes([10, 1, 2, 3]))),
    (37, bytes([4]) + CERT_DER),
    (38, bytes([4]) + bytes(range(20)) + bytes(range(20, 40))),
    (39, k.IKEv2_payload_AUTH(auth_type=2, load=bytes(range(32)))),
    (33, k.IKEv2_payload_SA(prop=esp_proposal)),
    (44, k.IKEv2_payload_TSi(number_of_TSs=2, traffic_selector=[
        ts_v4(6, 80, 443, "10.1.0.0", "10.1.0.255"), ts_v6(0, 0, 65535, "fd01::", "fd01::ffff")])),
    (45, k.IKEv2_payload_TSr(number_of_TSs=1, traffic_selector=[ts_v6(17, 500, 4500, "fd02::1", "fd02::ff")])),
    (36, id_body(2, b"gw.ravelin.test")),
]))

# 2. RFC822 and IPv6 IDs, CP request.
messages.append(chain(ike(35, 2), [
    (35, id_body(3, b"alice@ravelin.test")),
    (36, id_body(5, bytes.fromhex("fd000000000000000000000000000002"))),
    (47, bytes([1, 0, 0, 0]) + cp_attr(1) + cp_attr(3) + cp_attr(8)),
]))

# 3. DER_ASN1_DN and KEY_ID IDs, CP reply with values.
messages.append(chain(ike(35, 1, flags=0x20), [
    (36, id_body(9, DN)),
    (35, id_body(11, b"\x01\x02\x03\x04key")),
    (47, bytes([2, 0, 0, 0]) + cp_attr(1, bytes([10, 3, 0, 7])) + cp_attr(3, bytes([10, 3, 0, 1]))),
]))

# 4. INFORMATIONAL-shaped: Delete ESP (two SPIs), Delete IKE, Notify naming an ESP SPI.
messages.append(chain(ike(37, 5), [
    (42, struct.pack("!BBH", 3, 4, 2) + bytes.fromhex("c0010203c0040506")),
    (42, struct.pack("!BBH", 1, 0, 0)),
    # (scapy 2.5 drops the SPI of IKEv2_payload_Notify: built by hand)
    (41, struct.pack("!BBH", 3, 4, 16393) + b"\xc0\x01\x02\x03"),
    (41, struct.pack("!BBH", 0, 0, 16384)),
]))

# 5. EAP Request/Identity and Vendor ID; an unknown non-critical payload (type 200).
messages.append(chain(ike(35, 3, flags=0x20), [
    (48, bytes([1, 7, 0, 5, 1])),
    (43, k.IKEv2_payload_VendorID(vendorID=b"ravelin-test-vid")),
    (200, b"\x00\x01\x02\x03"),
]))

# 6. An encrypted fragment (RFC 7383): fragment 2 of 3, Next Payload 0.
messages.append(chain(ike(35, 1), [
    (53, k.IKEv2_payload_Encrypted_Fragment(frag_number=2, frag_total=3, load=bytes(range(48)))),
]))

frames = []
for i, message in enumerate(messages):
    if i % 2:
        frames.append(ETH / IPv6(src="fd99::1", dst="fd99::2") / UDP(sport=500, dport=500) / message)
    else:
        frames.append(ETH / IP(src="10.99.0.1", dst="10.99.0.2") / UDP(sport=500, dport=500) / message)
# One over UDP 4500 with the non-ESP marker.
frames.append(ETH / IP(src="10.99.0.1", dst="10.99.0.2") / UDP(sport=4500, dport=4500) / (b"\x00" * 4 + bytes(messages[3])))
# ESP straight over IP (protocol 50), IPv4 and IPv6, and a NAT-keepalive on 4500.
esp = struct.pack("!II", 0xC0010203, 42) + bytes(range(32))
frames.append(ETH / IP(src="10.99.0.1", dst="10.99.0.2", proto=50) / Raw(esp))
frames.append(ETH / IPv6(src="fd99::1", dst="fd99::2", nh=50) / Raw(esp))
frames.append(ETH / IP(src="10.99.0.1", dst="10.99.0.2") / UDP(sport=4500, dport=4500) / b"\xff")
wrpcap(sys.argv[1], frames)
