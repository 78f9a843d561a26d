#!/usr/bin/python3
"""Re-wraps the IP packets of a capture in every link layer ravelin-dissect reads:
Ethernet with an 802.1Q tag, Linux cooked v1 (SLL) and v2 (SLL2), raw IP, and a
pcapng file. dissect_vs_tshark.py then checks each against tshark.

    make_link_type_pcaps.py IN.pcap OUTDIR
"""
import os
import sys

from scapy.all import IP, IPv6, Dot1Q, Ether, rdpcap, wrpcap, wrpcapng
from scapy.layers.l2 import CookedLinux, CookedLinuxV2

source, out = sys.argv[1], sys.argv[2]
packets = [p[IP] if IP in p else p[IPv6] for p in rdpcap(source) if IP in p or IPv6 in p]


def ethertype(ip):
    return 0x86DD if ip.version == 6 else 0x0800


vlan = [Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / Dot1Q(vlan=99) / ip for ip in packets]
sll = [CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6, src=b"\x02\x00\x00\x00\x00\x01\x00\x00",
                   proto=ethertype(ip)) / ip for ip in packets]
sll2 = [CookedLinuxV2(proto=ethertype(ip), ifindex=2, lladdrtype=1, pkttype=0, lladdrlen=6,
                      src=b"\x02\x00\x00\x00\x00\x01\x00\x00") / ip for ip in packets]

wrpcap(os.path.join(out, "link_vlan.pcap"), vlan)
wrpcap(os.path.join(out, "link_sll.pcap"), sll)
wrpcap(os.path.join(out, "link_sll2.pcap"), sll2, linktype=276)
wrpcap(os.path.join(out, "link_raw.pcap"), packets, linktype=101)
wrpcapng(os.path.join(out, "link_ethernet.pcapng"), rdpcap(source))
