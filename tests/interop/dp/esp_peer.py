"""The far IPsec gateway in the ravelin-dp ESP test, built on scapy's own ESP
(an independent implementation): decrypts what ravelin-dp sends, encrypts what
it receives.

  esp_peer.py recv IFACE SPI KEYHEX SRC DST PAYLOAD READY_FILE TIMEOUT
      sniff ESP on IFACE, decrypt with SPI/KEY, succeed when the inner packet is
      SRC -> DST carrying PAYLOAD
  esp_peer.py send IFACE DST_MAC SPI KEYHEX OUTER_SRC OUTER_DST INNER_SRC INNER_DST DPORT PAYLOAD DONE_FILE TIMEOUT [tamper]
      send the packet encrypted (AES-GCM-128, tunnel mode), a new sequence number
      every 0.3 s, until DONE_FILE exists (once, if tamper: one byte of ciphertext flipped)
  esp_peer.py recv_many IFACE SPI KEYHEX SRC DST COUNT READY_FILE TIMEOUT
      succeed when COUNT different payloads "m-0".."m-<COUNT-1>" from SRC to DST
      were decrypted and no sequence number was seen twice (one sender per SA)
Addresses may be IPv4 or IPv6, inner and outer independently (all four mixes).
"""
import os
import sys
import time

from scapy.all import AsyncSniffer, Ether, IP, IPv6, UDP, Raw, get_if_hwaddr, sendp, conf
from scapy.layers.ipsec import ESP, SecurityAssociation

conf.verb = 0


def ip_class(address):
    return IPv6 if ":" in address else IP


def make_sa(spi, key_hex, outer_src, outer_dst):
    return SecurityAssociation(ESP, spi=int(spi, 0), crypt_algo="AES-GCM", crypt_key=bytes.fromhex(key_hex),
                               tunnel_header=ip_class(outer_src)(src=outer_src, dst=outer_dst))


def recv(iface, spi, key_hex, src, dst, payload, ready_file, timeout):
    sa = make_sa(spi, key_hex, "0.0.0.0", "0.0.0.0")
    found = []

    def check(pkt):
        if ESP not in pkt or pkt[ESP].spi != int(spi, 0):
            return
        outer = pkt[IPv6] if IPv6 in pkt and pkt[IPv6].nh == 50 else pkt[IP]
        try:
            inner = sa.decrypt(outer)
        except Exception as e:  # authentication failure, bad padding
            print("undecryptable:", e)
            return
        if inner.src == src and inner.dst == dst and bytes(inner[Raw].load) == payload.encode():
            found.append(inner)

    sniffer = AsyncSniffer(iface=iface, filter="ip proto 50 or ip6 proto 50", prn=check, store=False)
    sniffer.start()
    time.sleep(0.2)  # let the capture socket bind before announcing it
    open(ready_file, "w").close()
    deadline = time.time() + float(timeout)
    while not found and time.time() < deadline:
        time.sleep(0.05)
    sniffer.stop()
    if not found:
        print("no matching ESP packet")
        return 1
    print("decrypted:", found[0].summary())
    return 0


def recv_many(iface, spi, key_hex, src, dst, count, ready_file, timeout):
    sa = make_sa(spi, key_hex, "0.0.0.0", "0.0.0.0")
    payloads, seqs, repeated = set(), set(), []

    def check(pkt):
        if ESP not in pkt or pkt[ESP].spi != int(spi, 0):
            return
        seq = pkt[ESP].seq
        if seq in seqs:
            repeated.append(seq)
        seqs.add(seq)
        outer = pkt[IPv6] if IPv6 in pkt and pkt[IPv6].nh == 50 else pkt[IP]
        try:
            inner = sa.decrypt(outer)
        except Exception as e:
            print("undecryptable:", e)
            return
        if inner.src == src and inner.dst == dst:
            payloads.add(bytes(inner[Raw].load))

    sniffer = AsyncSniffer(iface=iface, filter="ip proto 50 or ip6 proto 50", prn=check, store=False)
    sniffer.start()
    time.sleep(0.2)
    open(ready_file, "w").close()
    wanted = {("m-%d" % i).encode() for i in range(int(count))}
    deadline = time.time() + float(timeout)
    while not wanted <= payloads and time.time() < deadline:
        time.sleep(0.05)
    sniffer.stop()
    print("decrypted %d of %d payloads, %d packets, repeated sequence numbers: %s"
          % (len(wanted & payloads), len(wanted), len(seqs), repeated[:10]))
    return 0 if wanted <= payloads and not repeated else 1


def send(iface, dst_mac, spi, key_hex, outer_src, outer_dst, inner_src, inner_dst, dport, payload, done_file,
         timeout, tamper=False):
    sa = make_sa(spi, key_hex, outer_src, outer_dst)
    inner = ip_class(inner_src)(src=inner_src, dst=inner_dst) / UDP(sport=40000, dport=int(dport)) / Raw(payload.encode())
    src_mac = get_if_hwaddr(iface)
    deadline = time.time() + float(timeout)
    while time.time() < deadline:
        esp = sa.encrypt(inner)
        frame = bytearray(bytes(Ether(dst=dst_mac, src=src_mac) / esp))
        if tamper:
            frame[-20] ^= 0x01  # inside the ciphertext, ahead of the 16-byte ICV
        sendp(bytes(frame), iface=iface)
        if tamper or os.path.exists(done_file):
            return 0
        time.sleep(0.3)
    return 1


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "recv":
        sys.exit(recv(*args))
    if mode == "recv_many":
        sys.exit(recv_many(*args))
    tamper = args[-1] == "tamper"
    sys.exit(send(*(args[:-1] if tamper else args), tamper=tamper))
