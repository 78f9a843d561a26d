#!/usr/bin/python3
"""A TCP transfer through the tunnel, checked end to end by SHA-256:
   transfer.py serve ADDRESS PORT READY_FILE RESULT_FILE SECONDS   one connection; writes "SHA256 BYTES"
   transfer.py send ADDRESS PORT MEGABYTES SECONDS                 random bytes; prints "SHA256 BYTES SECONDS"
The sender draws the bytes from os.urandom as it goes, so nothing touches the disk."""
import hashlib
import os
import socket
import sys
import time

CHUNK = 1 << 16


def serve(address, port, ready_file, result_file, seconds):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(1)
        listener.settimeout(seconds)
        open(ready_file, "w").close()
        conn, _ = listener.accept()
        conn.settimeout(seconds)
        digest, total = hashlib.sha256(), 0
        with conn:
            while chunk := conn.recv(CHUNK):
                digest.update(chunk)
                total += len(chunk)
    with open(result_file, "w") as out:
        out.write(f"{digest.hexdigest()} {total}\n")


def send(address, port, megabytes, seconds):
    remaining = megabytes << 20
    digest = hashlib.sha256()
    start = time.monotonic()
    with socket.create_connection((address, port), timeout=seconds) as conn:
        while remaining > 0:
            chunk = os.urandom(min(CHUNK, remaining))
            conn.sendall(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(1)  # the receiver closes once it has everything
    print(f"{digest.hexdigest()} {megabytes << 20} {time.monotonic() - start:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], float(sys.argv[6]))
    else:
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
