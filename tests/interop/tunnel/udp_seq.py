#!/usr/bin/python3
"""A UDP stream with sequence numbers, counted on both ends (nothing assumed):
   udp_seq.py recv ADDRESS PORT READY_FILE RESULT_FILE SECONDS
       counts datagrams until the sender's last one arrives or nothing came for
       3 s (or SECONDS in all); writes "RECEIVED UNIQUE DUPLICATES OUT_OF_ORDER LAST_SEQ"
       and the first missing sequence numbers, if any
   udp_seq.py send ADDRESS PORT RATE COUNT
       COUNT datagrams at RATE per second, paced on the clock; prints "SENT SECONDS"
Each datagram carries its sequence number and the total count."""
import socket
import struct
import sys
import time

HEADER = struct.Struct("!II")
PAYLOAD = 200


def family_of(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def recv(address, port, ready_file, result_file, seconds):
    seen, received, duplicates, out_of_order, last = set(), 0, 0, 0, -1
    deadline = time.monotonic() + seconds
    with socket.socket(family_of(address), socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        sock.bind((address, port))
        sock.settimeout(3)
        open(ready_file, "w").close()
        total = None
        while time.monotonic() < deadline:
            try:
                data = sock.recv(2048)
            except socket.timeout:
                if received:
                    break
                continue
            seq, total = HEADER.unpack_from(data)
            received += 1
            if seq in seen:
                duplicates += 1
            seen.add(seq)
            if seq < last:
                out_of_order += 1
            last = max(last, seq)
            if total is not None and seq == total - 1:
                break
    with open(result_file, "w") as out:
        missing = [seq for seq in range(total or 0) if seq not in seen][:20]
        out.write(f"{received} {len(seen)} {duplicates} {out_of_order} {last} {' '.join(map(str, missing))}\n")


def send(address, port, rate, count):
    interval = 1.0 / rate
    padding = bytes(PAYLOAD - HEADER.size)
    with socket.socket(family_of(address), socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 22)
        start = time.monotonic()
        sent = 0
        for seq in range(count):
            wait = start + seq * interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            sock.sendto(HEADER.pack(seq, count) + padding, (address, port))
            sent += 1
    print(sent, f"{time.monotonic() - start:.1f}")


def main(argv):
    if len(argv) == 7 and argv[1] == "recv":
        recv(argv[2], int(argv[3]), argv[4], argv[5], float(argv[6]))
    elif len(argv) == 6 and argv[1] == "send":
        send(argv[2], int(argv[3]), float(argv[4]), int(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
