#!/usr/bin/python3
"""Minimal control-socket client for interop tests (until ravelinctl lands):
   ctl.py SOCKET COMMAND [JSON-ARGS]  ->  prints the result as JSON, exit 1 on error."""
import json
import socket
import sys

sock_path, command = sys.argv[1], sys.argv[2]
args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
    s.settimeout(5)
    s.connect(sock_path)
    s.sendall((json.dumps({"command": command, "args": args}) + "\n").encode())
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
reply = json.loads(data)
if not reply.get("ok"):
    print(reply.get("error", "error"), file=sys.stderr)
    sys.exit(1)
print(json.dumps(reply["result"]))
