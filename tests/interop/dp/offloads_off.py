"""Turns off checksum and segmentation offloads on interfaces (ethtool -K IF tx off
tso off gso off gro off, without ethtool): net_af_packet hands frames to DPDK as
they are, so a veth peer must send complete checksums and MTU-sized segments."""
import ctypes
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
ETHTOOL_STXCSUM = 0x17
ETHTOOL_SSG = 0x19
ETHTOOL_STSO = 0x1F
ETHTOOL_SGSO = 0x24
ETHTOOL_SGRO = 0x2C


def set_off(sock, ifname, command):
    value = ctypes.create_string_buffer(struct.pack("II", command, 0))
    ifreq = struct.pack("16sP", ifname.encode(), ctypes.addressof(value))
    fcntl.ioctl(sock, SIOCETHTOOL, ifreq)


sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for name in sys.argv[1:]:
    for command in (ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO, ETHTOOL_SSG, ETHTOOL_STXCSUM):
        set_off(sock, name, command)
