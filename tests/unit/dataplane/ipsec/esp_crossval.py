#!/usr/bin/python3
"""Cross-validation of Ravelin's ESP and AH engine against scapy's SecurityAssociation.

One driver process (crossval_driver) serves every case. For every transform,
mode/address-family combination, ESN on/off and UDP encapsulation on/off:
  * Ravelin -> scapy: scapy decrypts what Ravelin sealed, and scapy sealing the
    same inner packet with the same sequence number and IV gives the very same
    bytes (headers, padding, ICV);
  * scapy -> Ravelin: Ravelin opens what scapy sealed (random IVs) and returns
    the exact inner packet.
Then negative cases, each checked to bump exactly its own drop counter and
nothing else. AH (RFC 4302) gets the same treatment for its four HMACs, every
mode and family and ESN, with mutable header fields (TTL, TOS, flow label, an
IPv4 timestamp option, a mutable IPv6 hop-by-hop option) changed in transit. Where scapy 2.5 has no implementation (AES-GMAC, and the ESN high
bits in ESP's HMAC input) the ICV is computed here with python's hmac and the
cryptography package, following RFC 4543 and RFC 4303 §2.2.1.
"""
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import zlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from scapy.all import IP, IPOption, IPv6, UDP, Raw, raw
from scapy.layers.inet6 import HBHOptUnknown, IPv6ExtHdrHopByHop
from scapy.layers.ipsec import (AH, CRYPT_ALGOS, ESP, CryptAlgo, IPSecIntegrityError,
                                SecurityAssociation, _ESPPlain)

# name, ravelin cipher, ravelin integ, key length (with salt), integ key length, scapy crypt, scapy auth, hash
TRANSFORMS = [
    ("aes128gcm16", "gcm", "none", 20, 0, "AES-GCM", None, None),
    ("aes256gcm16", "gcm", "none", 36, 0, "AES-GCM", None, None),
    ("aes128-sha1", "cbc", "sha1", 16, 20, "AES-CBC", "HMAC-SHA1-96", (hashlib.sha1, 12)),
    ("aes256-sha256", "cbc", "sha256", 32, 32, "AES-CBC", "SHA2-256-128", (hashlib.sha256, 16)),
    ("aes128-sha384", "cbc", "sha384", 16, 48, "AES-CBC", "SHA2-384-192", (hashlib.sha384, 24)),
    ("aes256-sha512", "cbc", "sha512", 32, 64, "AES-CBC", "SHA2-512-256", (hashlib.sha512, 32)),
    ("chacha20poly1305", "chacha", "none", 36, 0, "CHACHA20-POLY1305", None, None),
    ("aes128gmac", "gmac", "none", 20, 0, "RV-GMAC", None, None),
    ("aes256gmac", "gmac", "none", 36, 0, "RV-GMAC", None, None),
]
# mode, outer family, inner family
FAMILIES = [("tunnel", 4, 4), ("tunnel", 6, 6), ("tunnel", 6, 4), ("tunnel", 4, 6),
            ("transport", 4, 4), ("transport", 6, 6)]
OUTER = {4: ("192.0.2.1", "192.0.2.2"), 6: ("2001:db8:ff::1", "2001:db8:ff::2")}
SIZES = [0, 1, 2, 3, 45, 1200]

# AES-GMAC framing for scapy: no cipher, 8-byte IV, 4-byte alignment, 4-byte salt.
CRYPT_ALGOS["RV-GMAC"] = CryptAlgo("RV-GMAC", cipher=None, mode=None, block_size=1, iv_size=8, salt_size=4)


class esn_hmac:
    """HMAC ICV over the ESP packet plus, with ESN, the high 32 bits (RFC 4303 §2.2.1)."""

    def __init__(self, digest, icv_size, esn):
        self.digest, self.icv_size, self.esn, self.hi, self.mac = digest, icv_size, esn, 0, True

    def _icv(self, esp_bytes, key):
        extra = struct.pack("!L", self.hi) if self.esn else b""
        return hmac.new(key, esp_bytes + extra, self.digest).digest()[:self.icv_size]

    def sign(self, pkt, key, esn_en=False, esn=0):
        pkt[ESP].data += self._icv(raw(pkt[ESP]), key)
        return pkt

    def verify(self, esp, key, esn_en=False, esn=0):
        body = raw(esp)[:-self.icv_size]
        if raw(esp)[-self.icv_size:] != self._icv(body, key):
            raise IPSecIntegrityError("hmac")


class gmac_auth:
    """RFC 4543 §3: AES-GMAC over SPI | [seq_hi |] seq_lo | IV | payload | trailer."""

    def __init__(self, key, salt, esn):
        self.key, self.salt, self.esn, self.hi, self.icv_size, self.mac = key, salt, esn, 0, 16, True

    def _tag(self, esp_bytes):
        aad = esp_bytes[:4] + (struct.pack("!L", self.hi) if self.esn else b"") + esp_bytes[4:]
        return AESGCM(self.key).encrypt(self.salt + esp_bytes[8:16], b"", aad)

    def sign(self, pkt, key, esn_en=False, esn=0):
        pkt[ESP].data += self._tag(raw(pkt[ESP]))
        return pkt

    def verify(self, esp, key, esn_en=False, esn=0):
        if raw(esp)[-16:] != self._tag(raw(esp)[:-16]):
            raise IPSecIntegrityError("gmac")


class driver:
    def __init__(self, path):
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def cmd(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        out = self.p.stdout.readline().strip()
        if out.startswith("error") or not out:
            raise RuntimeError("driver: %r -> %r" % (line, out))
        return out

    def add_sa(self, direction, mode, t, key, ikey, esn, encap, outer, window=128, initial=0, tfc=0, spi=0x1000,
               extra=""):
        src, dst = OUTER[outer] if mode == "tunnel" else ("-", "-")
        return int(self.cmd("sa %s %s %s %s %s %s %d %d %s %s %d %d %d %d %s" % (
            direction, mode, t[1], t[2], key.hex() or "-", ikey.hex() or "-", esn, encap, src, dst, window, initial, tfc,
            spi, extra)).split()[1])

    def run(self, index, packets):
        out = self.cmd("run %d %s" % (index, ",".join(p.hex() or "-" for p in packets)))
        good, dropped = out.split(" ")
        good = [] if good == "G:-" else [bytes.fromhex(h) for h in good[2:].split(",")]
        dropped = [] if dropped == "D:-" else dropped[2:].split(",")
        return good, dropped

    def state(self, index):
        fields = dict(kv.split("=", 1) for kv in self.cmd("state %d" % index).split())
        fields["drops"] = dict((k, int(v)) for k, v in (d.split(":") for d in fields["drops"].split(",")))
        return fields


def inner_packet(family, size, seed):
    payload = bytes((seed + 7 * i) & 0xFF for i in range(size))
    if family == 4:
        return IP(src="10.1.0.1", dst="10.2.0.2", tos=0xB9, id=seed) / UDP(sport=1234, dport=5678) / Raw(payload)
    return IPv6(src="2001:db8:1::1", dst="2001:db8:2::2", tc=0xB9) / UDP(sport=1234, dport=5678) / Raw(payload)


def scapy_sa(t, key, ikey, mode, outer, esn, encap, tunnel=None, spi=0x1000):
    kwargs = dict(spi=spi, crypt_algo=t[5], crypt_key=key, esn_en=bool(esn))
    if t[6]:
        kwargs.update(auth_algo=t[6], auth_key=ikey)
    if mode == "tunnel":
        src, dst = OUTER[outer]
        kwargs["tunnel_header"] = tunnel or (IP(src=src, dst=dst) if outer == 4 else IPv6(src=src, dst=dst))
    if encap:
        kwargs["nat_t_header"] = UDP(sport=4500, dport=4500)
    sa = SecurityAssociation(ESP, **kwargs)
    if t[1] == "gmac":
        sa.auth_algo = gmac_auth(sa.crypt_key, sa.crypt_salt, esn)
    elif t[7] and esn:  # scapy 2.5 leaves the ESN out of ESP's HMAC
        sa.auth_algo = esn_hmac(t[7][0], t[7][1], esn)
    return sa


def seal(sa, pkt, seq, iv=None):
    sa.seq_num, sa.esn = seq & 0xFFFFFFFF, seq >> 32  # scapy treats 0 arguments as "use the SA's"
    if hasattr(sa.auth_algo, "hi"):
        sa.auth_algo.hi = seq >> 32
    return sa.encrypt(pkt, seq_num=seq & 0xFFFFFFFF, iv=iv, esn=seq >> 32)


def fix_scapy_udp_length(b):
    """scapy 2.5 freezes an IPv4 NAT-T header before the ESP payload is attached,
    leaving UDP length 8; RFC 768 wants header + data."""
    p = parse(b)
    if p.version == 4 and UDP in p:
        p[UDP].len = p.len - p.ihl * 4
        return raw(p)
    return b


def zero_at(b, at):
    """b with the 16-bit field at `at` zeroed (the UDP checksum, which scapy's ESP leaves as it likes)."""
    return b[:at] + b"\0\0" + b[at + 2:]


def without_udp(pkt):
    """The same ESP packet without RFC 3948 framing: scapy's decrypt mishandles
    NAT-T in IPv6 transport mode, so the UDP layer is checked separately."""
    if ESP not in pkt or not isinstance(pkt[ESP].underlayer, UDP):
        return pkt
    esp = pkt[ESP]
    pkt[UDP].underlayer.remove_payload()
    if pkt.version == 4:
        pkt.proto, pkt.len, pkt.chksum = 50, None, None
    else:
        pkt.nh, pkt.plen = 50, None
    return parse(raw(pkt / esp))


def open_(sa, wire_pkt, seq):
    sa.nat_t_header = None
    wire_pkt = without_udp(wire_pkt)
    sa.esn = seq >> 32
    if hasattr(sa.auth_algo, "hi"):
        sa.auth_algo.hi = seq >> 32
    return sa.decrypt(wire_pkt, esn=seq >> 32)


def parse(b):
    return IP(b) if b[0] >> 4 == 4 else IPv6(b)


def keys_for(t, seed):
    key = bytes((seed + 3 * i) & 0xFF for i in range(t[3]))
    ikey = bytes((seed + 100 + 3 * i) & 0xFF for i in range(t[4]))
    return key, ikey


class checker:
    def __init__(self, d):
        self.d, self.cases, self.failures = d, 0, []

    def expect(self, cond, what):
        self.cases += 1
        if not cond:
            self.failures.append(what)
            print("FAIL:", what, flush=True)


def ravelin_to_scapy(c, t, mode, outer, inner_family, esn, encap, tfc=0):
    name = "out %s %s %d/%d esn=%d udp=%d tfc=%d" % (t[0], mode, outer, inner_family, esn, encap, tfc)
    key, ikey = keys_for(t, len(c.failures) + 11)
    initial = 0xFFFFFFFE if esn else 0
    out = c.d.add_sa("out", mode, t, key, ikey, esn, encap, outer, initial=initial, tfc=tfc)
    inners = [inner_packet(inner_family, s, 40 + s) for s in SIZES]
    good, dropped = c.d.run(out, [raw(p) for p in inners])
    c.expect(not dropped and len(good) == len(inners), name + ": all sealed %r" % dropped)
    for i, (p, wire) in enumerate(zip(inners, good)):
        seq = initial + 1 + i
        w = parse(wire)
        esp = w[ESP]
        c.expect(esp.seq == seq & 0xFFFFFFFF, name + ": seq")
        iv_len = 16 if t[1] == "cbc" else 8
        iv = esp.data[:iv_len]
        if iv_len == 8:
            c.expect(iv == struct.pack("!Q", seq), name + ": IV is the sequence number")
        tunnel = None
        if mode == "tunnel":
            src, dst = OUTER[outer]
            tunnel = IP(src=src, dst=dst, tos=0xB9, id=w.id) if outer == 4 else IPv6(src=src, dst=dst, tc=0xB9)
        sa = scapy_sa(t, key, ikey, mode, outer, esn, encap, tunnel)
        original = p if not tfc or len(raw(p)) >= tfc else parse(raw(p) + bytes(tfc - len(raw(p))))
        expected = fix_scapy_udp_length(raw(seal(sa, original, seq, iv)))
        if encap:
            u = w[UDP]
            c.expect(u.sport == 4500 and u.dport == 4500 and u.len == len(raw(u)), name + ": RFC 3948 UDP header")
            if w.version == 4:
                c.expect(u.chksum == 0, name + ": RFC 3948 zero UDP checksum over IPv4")
            else:
                # RFC 8200 §8.1: over IPv6 the checksum is mandatory; scapy recomputes it.
                again = w.copy()
                del again[UDP].chksum
                c.expect(u.chksum != 0 and parse(raw(again))[UDP].chksum == u.chksum,
                         name + ": UDP checksum over IPv6 (got %#06x)" % u.chksum)
                at = len(wire) - len(raw(u)) + 6
                wire, expected = zero_at(wire, at), zero_at(expected, at)
        c.expect(expected == wire, name + ": byte-exact size %d\n ravelin %s\n scapy   %s" % (
            len(raw(p)), wire.hex(), expected.hex()))
        try:
            opened = raw(open_(sa, parse(wire), seq))
            c.expect(opened == raw(original), name + ": scapy recovers the inner packet")
        except IPSecIntegrityError as e:
            c.expect(False, name + ": scapy rejects the ICV: %s" % e)
    c.d.cmd("del %d" % out)


def scapy_to_ravelin(c, t, mode, outer, inner_family, esn, encap):
    name = "in %s %s %d/%d esn=%d udp=%d" % (t[0], mode, outer, inner_family, esn, encap)
    key, ikey = keys_for(t, len(c.failures) + 23)
    inb = c.d.add_sa("in", mode, t, key, ikey, esn, encap, outer)
    sa = scapy_sa(t, key, ikey, mode, outer, esn, encap)
    seqs = [0x80000000, 0xFFFFFFF0, 0xFFFFFFFF, 1 << 32, (1 << 32) + 3, (1 << 32) + 1] if esn else [1, 2, 3, 5, 4, 100]
    inners = [raw(inner_packet(inner_family, s, 90 + s)) for s in SIZES]
    wires = [fix_scapy_udp_length(raw(seal(sa, parse(p), seq))) for p, seq in zip(inners, seqs)]
    # The replay check of a burst uses the window as it was before the burst, so
    # the jump to 2^31 goes first, alone; the rest crosses 2^32 in one burst.
    good, dropped = c.d.run(inb, wires[:1])
    more, more_dropped = c.d.run(inb, wires[1:])
    good, dropped = good + more, dropped + more_dropped
    c.expect(not dropped, name + ": all opened %r" % dropped)
    for i, (p, g) in enumerate(zip(inners, good)):
        c.expect(p == g, name + ": packet %d exact\n sent %s\n got  %s" % (i, p.hex(), g.hex()))
    st = c.d.state(inb)
    c.expect(int(st["top"]) == max(seqs) and int(st["packets"]) == len(seqs), name + ": state %r" % st)
    c.d.cmd("del %d" % inb)


def craft(sa, outer, inner, seq, padding, nh, iv=None):
    """An ESP packet with the given trailer, authenticated correctly (RFC 4303 §2.4-2.6)."""
    esp = _ESPPlain(spi=sa.spi, seq=seq, iv=iv or sa.crypt_algo.generate_iv(), data=inner, padding=padding,
                    padlen=len(padding), nh=nh)
    enc = sa.crypt_algo.encrypt(sa, esp, sa.crypt_key, sa.crypt_icv_size)
    sa.auth_algo.sign(enc, sa.auth_key)
    src, dst = OUTER[outer]
    return raw(IP(src=src, dst=dst) / enc)


def negative(c, t):
    name = "negative %s" % t[0]
    key, ikey = keys_for(t, 77)
    inb = c.d.add_sa("in", "tunnel", t, key, ikey, 0, 0, 4, window=64)
    sa = scapy_sa(t, key, ikey, "tunnel", 4, 0, 0)
    inner = raw(inner_packet(4, 30, 1))
    good = lambda seq: raw(seal(sa, parse(inner), seq))

    def only(reason, packet, window_moves=False):
        before = c.d.state(inb)
        g, dropped = c.d.run(inb, [packet])
        after = c.d.state(inb)
        c.expect(dropped == [reason], "%s: %s dropped as %r" % (name, reason, dropped))
        for r, n in after["drops"].items():
            c.expect(n == before["drops"][r] + (1 if r == reason else 0), "%s: %s counter %s" % (name, reason, r))
        c.expect(after["packets"] == before["packets"] and after["bytes"] == before["bytes"], name + ": counters")
        c.expect((after["top"] != before["top"]) == window_moves, "%s: %s window %r -> %r" % (
            name, reason, before["top"], after["top"]))

    c.expect(c.d.run(inb, [good(5)])[0] == [inner], name + ": seq 5 accepted")
    bad_icv = bytearray(good(6))
    bad_icv[-1] ^= 1
    only("icv_mismatch", bytes(bad_icv))
    c.expect(c.d.run(inb, [good(6)])[0] == [inner], name + ": seq 6 still accepted after a forged 6")
    only("replayed", good(6))
    c.expect(c.d.run(inb, [good(200)])[0] == [inner], name + ": seq 200 accepted")
    only("too_old", good(136))  # 200 - 64
    c.expect(c.d.run(inb, [good(137)])[0] == [inner], name + ": seq 137 is the window's last slot")
    short = IP(good(201)[:20 + 8 + 10])
    short.len = None
    short.chksum = None
    only("truncated", raw(short))
    only("truncated", good(201)[:-1])  # IP length beyond the data
    iv = None if t[1] != "cbc" else os.urandom(16)
    bad_pad = b"\x01\x02\x09" if t[1] != "cbc" else b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x21"
    if t[1] == "cbc":
        bad_pad = bad_pad[: (-(len(inner) + 2)) % 16 + 16]
        bad_pad = bad_pad[:-1] + b"\xff"
    else:
        bad_pad = bad_pad[: (-(len(inner) + 2)) % 4 + 4 - 1] + b"\x09"
    only("bad_padding", craft(sa, 4, inner, 202, bad_pad, 4, iv))
    pad = bytes(range(1, (-(len(inner) + 2)) % (16 if t[1] == "cbc" else 4) + 1))
    only("bad_next_header", craft(sa, 4, inner, 203, pad, 6, iv))
    c.expect(c.d.run(inb, [craft(sa, 4, inner, 204, pad, 4, iv)])[0] == [inner], name + ": hand-crafted trailer accepted")
    only("dummy_packet", craft(sa, 4, inner, 205, pad, 59, iv), window_moves=True)
    other = scapy_sa(t, key, ikey, "tunnel", 4, 0, 0, spi=0x2000)
    only("bad_spi", raw(seal(other, parse(inner), 206)))
    if t[1] == "cbc":
        p = IP(good(207))
        p[ESP].data = p[ESP].data[:16 + 32] + p[ESP].data[16 + 36:]
        p.len = None
        p.chksum = None
        only("bad_length", raw(IP(raw(p))))
    c.d.cmd("del %d" % inb)


# AH (RFC 4302): name, integ, key length, scapy auth
AH_TRANSFORMS = [("ah-sha1", "sha1", 20, "HMAC-SHA1-96"), ("ah-sha256", "sha256", 32, "SHA2-256-128"),
                 ("ah-sha384", "sha384", 48, "SHA2-384-192"), ("ah-sha512", "sha512", 64, "SHA2-512-256")]


def ah_transform(a):
    """The driver's view of an AH transform (the `t` tuple of add_sa)."""
    return (a[0], "ah", a[1], 0, a[2], None, a[3], None)


def ah_sa(a, ikey, mode, outer, esn, tunnel=None, spi=0x1000):
    kwargs = dict(spi=spi, auth_algo=a[3], auth_key=ikey, esn_en=bool(esn))
    if mode == "tunnel":
        src, dst = OUTER[outer]
        kwargs["tunnel_header"] = tunnel or (IP(src=src, dst=dst) if outer == 4 else IPv6(src=src, dst=dst))
    return SecurityAssociation(AH, **kwargs)


def ah_inner(family, size, seed, hbh=False):
    p = inner_packet(family, size, seed)
    if hbh and family == 4:  # Router Alert (immutable) and Timestamp (mutable, RFC 4302 A.1) options
        p = IP(src=p.src, dst=p.dst, tos=p.tos, id=p.id,
               options=[IPOption(b"\x94\x04\x00\x00"), IPOption(b"\x44\x08\x05\x00\x00\x00\x00\x01")]) / p.payload
    if hbh and family == 6:  # a hop-by-hop header with one option that may change en route (type 0x63)
        p = IPv6(src=p.src, dst=p.dst, tc=p.tc) / IPv6ExtHdrHopByHop(
            options=[HBHOptUnknown(otype=0x63, optdata=b"\x01\x02\x03\x04")]) / p.payload
    return parse(raw(p))


def in_transit(wire):
    """What routers may do to an AH packet without breaking it: mutable fields change."""
    p = parse(wire)
    if p.version == 4:
        p.ttl, p.tos, p.chksum = p.ttl - 3, p.tos ^ 0x04, None
        if p.options:  # a router fills in the timestamp option
            p.options = [p.options[0], IPOption(b"\x44\x08\x09\x00\x12\x34\x56\x78")]
    else:
        p.hlim, p.fl, p.tc = p.hlim - 3, 0x12345, p.tc ^ 0x04
        if IPv6ExtHdrHopByHop in p:
            p[IPv6ExtHdrHopByHop].options[0].optdata = b"\x09\x09\x09\x09"
    return raw(p)


def ah_cases(c, a, mode, outer, inner_family, esn):
    name = "ah %s %s %d/%d esn=%d" % (a[0], mode, outer, inner_family, esn)
    t = ah_transform(a)
    ikey = bytes((len(c.failures) + 5 + 3 * i) & 0xFF for i in range(a[2]))
    initial = 0xFFFFFFFE if esn else 0
    out = c.d.add_sa("out", mode, t, b"", ikey, esn, 0, outer, initial=initial)
    inners = [ah_inner(inner_family, s, 60 + s, hbh=(mode == "transport")) for s in SIZES]
    good, dropped = c.d.run(out, [raw(p) for p in inners])
    c.expect(not dropped, name + ": all sealed %r" % dropped)
    for i, (p, wire) in enumerate(zip(inners, good)):
        seq = initial + 1 + i
        w = parse(wire)
        tunnel = None
        if mode == "tunnel":
            src, dst = OUTER[outer]
            tunnel = IP(src=src, dst=dst, tos=0xB9, id=w.id) if outer == 4 else IPv6(src=src, dst=dst, tc=0xB9)
        sa = ah_sa(a, ikey, mode, outer, esn, tunnel)
        expected = raw(seal(sa, p, seq))
        c.expect(expected == wire, name + ": byte-exact\n ravelin %s\n scapy   %s" % (wire.hex(), expected.hex()))
        try:
            # Transport mode delivers the IP header as it arrived, mutable fields included.
            want = raw(p) if mode == "tunnel" else in_transit(raw(p))
            c.expect(raw(open_(sa, parse(in_transit(wire)), seq)) == want, name + ": scapy verifies and recovers")
        except IPSecIntegrityError as e:
            c.expect(False, name + ": scapy rejects the ICV: %s" % e)
    c.d.cmd("del %d" % out)

    inb = c.d.add_sa("in", mode, t, b"", ikey, esn, 0, outer)
    sa = ah_sa(a, ikey, mode, outer, esn)
    seqs = [0x80000000, 0xFFFFFFF0, 0xFFFFFFFF, 1 << 32, (1 << 32) + 3, (1 << 32) + 1] if esn else [1, 2, 3, 5, 4, 100]
    wires = [in_transit(raw(seal(sa, p, seq))) for p, seq in zip(inners, seqs)]
    got, dropped = c.d.run(inb, wires[:1])
    more, more_dropped = c.d.run(inb, wires[1:])
    c.expect(not dropped and not more_dropped, name + ": all opened %r" % (dropped + more_dropped))
    for p, g in zip(inners, got + more):
        want = raw(p) if mode == "tunnel" else in_transit(raw(p))
        c.expect(want == g, name + ": exact after mutable fields changed\n sent %s\n got  %s" % (raw(p).hex(), g.hex()))
    bad = bytearray(wires[-1])
    bad[-1] ^= 1
    c.expect(c.d.run(inb, [bytes(bad)])[1] == ["replayed"], name + ": replay checked first")
    forged = bytearray(raw(seal(sa, inners[0], seqs[-1] + 50)))
    forged[-1] ^= 1
    before = c.d.state(inb)
    c.expect(c.d.run(inb, [bytes(forged)])[1] == ["icv_mismatch"], name + ": forged payload")
    after = c.d.state(inb)
    c.expect(after["top"] == before["top"] and after["drops"]["icv_mismatch"] == before["drops"]["icv_mismatch"] + 1,
             name + ": forgery changes only its counter")
    other = ah_sa(a, ikey, mode, outer, esn, spi=0x2000)
    c.expect(c.d.run(inb, [raw(seal(other, inners[0], seqs[-1] + 60))])[1] == ["bad_spi"], name + ": bad SPI")
    c.d.cmd("del %d" % inb)


def deflate(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw DEFLATE (RFC 1951), as RFC 2394 uses it
    return c.compress(data) + c.flush()


def split_ip(b):
    """(header bytes, protocol, payload) of an IPv4 or IPv6 packet without extension headers."""
    n = (b[0] & 15) * 4 if b[0] >> 4 == 4 else 40
    return b[:n], b[9] if b[0] >> 4 == 4 else b[6], b[n:]


def ipcomp_cases(c, t, mode, outer, inner_family, esn):
    """IPComp (RFC 3173) with DEFLATE inside ESP, checked with python's zlib (an independent inflater)."""
    name = "ipcomp %s %s %d/%d esn=%d" % (t[0], mode, outer, inner_family, esn)
    key, ikey = keys_for(t, 31)
    out = c.d.add_sa("out", mode, t, key, ikey, esn, 0, outer, extra="ipcomp=2")
    base = (IP(src="10.1.0.1", dst="10.2.0.2", tos=0xB9) if inner_family == 4
            else IPv6(src="2001:db8:1::1", dst="2001:db8:2::2", tc=0xB9))
    inners = [raw(base / UDP(sport=1, dport=2) / Raw(b"ravelin " * 120)),  # compressible
              raw(base / UDP(sport=1, dport=2) / Raw(os.urandom(1000))),    # incompressible
              raw(base / UDP(sport=1, dport=2) / Raw(b"x" * 20))]           # below the size threshold
    good, dropped = c.d.run(out, inners)
    c.expect(not dropped, name + ": all sealed %r" % dropped)
    sa = scapy_sa(t, key, ikey, "transport", outer, esn, 0)  # opens ESP, leaves IPComp to zlib
    for i, (p, wire) in enumerate(zip(inners, good)):
        seq = 1 + i
        opened = raw(open_(sa, parse(wire), seq))
        hdr, proto, payload = split_ip(opened)
        if mode == "tunnel":
            plain = p
        else:
            _, plain_proto, plain = split_ip(p)
        if i == 0:
            c.expect(proto == 108, name + ": compressible payload carried in IPComp")
            nh, flags, cpi = payload[0], payload[1], struct.unpack("!H", payload[2:4])[0]
            want_nh = (4 if inner_family == 4 else 41) if mode == "tunnel" else 17
            c.expect((nh, flags, cpi) == (want_nh, 0, 2), name + ": IPComp header %r" % ((nh, flags, cpi),))
            c.expect(zlib.decompress(payload[4:], -15) == plain, name + ": zlib inflates the original")
            c.expect(len(payload) < len(plain), name + ": smaller than the original")
        else:
            c.expect(proto != 108 and payload == plain, name + ": packet %d sent uncompressed" % i)
    c.d.cmd("del %d" % out)

    inb = c.d.add_sa("in", mode, t, key, ikey, esn, 0, outer, window=64, extra="ipcomp=2")
    src, dst = OUTER[outer]
    outer_ip = (lambda pr: IP(src=src, dst=dst, proto=pr)) if outer == 4 else (lambda pr: IPv6(src=src, dst=dst, nh=pr))

    def sealed(p, seq, body=None, cpi=2):
        if mode == "tunnel":
            nh, data = (4 if inner_family == 4 else 41), p
            wrapper = outer_ip
        else:
            h, nh, data = split_ip(p)
            wrapper = lambda pr: parse(h[:9] + bytes([pr]) + h[10:] if h[0] >> 4 == 4 else h[:6] + bytes([pr]) + h[7:])
        comp = body if body is not None else deflate(data)
        pkt = wrapper(108) / Raw(bytes([nh, 0]) + struct.pack("!H", cpi) + comp)
        return raw(seal(sa, parse(raw(pkt)), seq))

    got, dropped = c.d.run(inb, [sealed(inners[0], 1), sealed(inners[1], 2)])
    c.expect(not dropped and got == inners[:2], name + ": scapy+zlib -> ravelin exact %r" % dropped)
    wire = raw(seal(sa, parse(raw(outer_ip(4 if inner_family == 4 else 41) / Raw(inners[2]))), 3)) if mode == "tunnel" \
        else raw(seal(sa, parse(inners[2]), 3))
    c.expect(c.d.run(inb, [wire])[0] == [inners[2]], name + ": uncompressed packets still accepted")
    checks = [("decompress_too_large", sealed(inners[0], 4, deflate(bytes(60000)))),  # a bomb: 60 kB of zeros
              ("decompress_failed", sealed(inners[0], 5, b"\xff" * 40)),
              ("decompress_failed", sealed(inners[0], 6, cpi=3))]
    for reason, w in checks:
        before = c.d.state(inb)
        c.expect(c.d.run(inb, [w])[1] == [reason], name + ": " + reason)
        after = c.d.state(inb)
        c.expect(after["top"] == before["top"] and after["packets"] == before["packets"], name + ": window untouched")
    c.d.cmd("del %d" % inb)


def main():
    c = checker(driver(sys.argv[1]))
    for t in TRANSFORMS:
        for mode, outer, inner_family in FAMILIES:
            for esn in (0, 1):
                for encap in (0, 1):
                    ravelin_to_scapy(c, t, mode, outer, inner_family, esn, encap)
                    scapy_to_ravelin(c, t, mode, outer, inner_family, esn, encap)
    for a in AH_TRANSFORMS:
        for mode, outer, inner_family in FAMILIES:
            for esn in (0, 1):
                ah_cases(c, a, mode, outer, inner_family, esn)
    for t in (TRANSFORMS[0], TRANSFORMS[3]):
        for mode, outer, inner_family in FAMILIES:
            ipcomp_cases(c, t, mode, outer, inner_family, 0)
        ipcomp_cases(c, t, "tunnel", 4, 4, 1)
    for t in (TRANSFORMS[0], TRANSFORMS[3], TRANSFORMS[6], TRANSFORMS[7]):
        ravelin_to_scapy(c, t, "tunnel", 4, 4, 0, 0, tfc=300)
        ravelin_to_scapy(c, t, "tunnel", 6, 6, 1, 1, tfc=300)
        negative(c, t)
    c.d.p.stdin.close()
    c.expect(c.d.p.wait() == 0, "driver exits cleanly (sanitizers included)")
    print("%d checks, %d failures" % (c.cases, len(c.failures)))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
