#!/usr/bin/python3
"""Extracts from a strongSwan 5.9 charon.log (filelog ike = 4, chd = 4) what an IKE SA
and its first Child SA were keyed from, and the keys charon derived, as NAME=HEX lines.
Several logs (both peers) may be given; the first value found for a name wins.

Inputs come from charon's own dumps: IKE_SA_INIT request and response are the first
part of the "octets = message + nonce + prf(Sk_px, IDx')" dumps (RFC 7296 §2.15), read
with a small payload walker (SPIs from the header, Ni/Nr from the Nonce payloads); the
shared secret from "shared Diffie Hellman secret". charon's results: SKEYSEED, Sk_*
secret, and the Child SA "encryption/integrity initiator/responder key" dumps. With
net = 4, the received IKE_AUTH messages as well (ike_auth_request/response), encrypted
under Sk_ei/Sk_ai and Sk_er/Sk_ar."""
import re
import sys

DUMP_HEAD = re.compile(r"^\d+\[(\w+)\] (.+?) => (\d+) bytes @ 0x[0-9a-f]+$")
DUMP_LINE = re.compile(r"^\d+\[\w+\]\s+(\d+): (.*)$")
NONCE_PAYLOAD = 40
SA_INIT = 34
IKE_AUTH = 35
CREATE_CHILD_SA = 36


def read_dumps(path):
    """[(label, bytes)] in log order."""
    dumps, current = [], None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        head = DUMP_HEAD.match(line)
        if head:
            current = [head.group(2), int(head.group(3)), bytearray()]
            dumps.append(current)
            continue
        body = DUMP_LINE.match(line)
        if body and current is not None and len(current[2]) < current[1]:
            tokens = body.group(2)[:48].split()
            current[2].extend(int(t, 16) for t in tokens[: current[1] - len(current[2])])
            continue
        current = None
    return [(label, bytes(data)) for label, size, data in dumps if len(data) == size]


def sa_init_fields(octets):
    """SPIs, flags and nonce of the IKE_SA_INIT message at the start of `octets`."""
    if len(octets) < 28 or octets[18] != SA_INIT:
        return None
    length = int.from_bytes(octets[24:28], "big")
    message = octets[:length]
    next_payload, offset, nonce = message[16], 28, None
    while next_payload != 0 and offset + 4 <= len(message):
        payload_length = int.from_bytes(message[offset + 2 : offset + 4], "big")
        if payload_length < 4:
            break
        if next_payload == NONCE_PAYLOAD:
            nonce = message[offset + 4 : offset + payload_length]
        next_payload, offset = message[offset], offset + payload_length
    return {"spi_i": message[0:8], "spi_r": message[8:16], "flags": message[19], "nonce": nonce}


def put(fields, name, value):
    """First occurrence as NAME, later ones (rekeys) as NAME_2, NAME_3, ..."""
    if name not in fields:
        fields[name] = value
        return
    n = 2
    while f"{name}_{n}" in fields:
        n += 1
    fields[f"{name}_{n}"] = value


def extract(path, fields):
    names = {
        "shared Diffie Hellman secret": "dh",
        "SKEYSEED": "skeyseed",
        "Sk_d secret": "sk_d", "Sk_ai secret": "sk_ai", "Sk_ar secret": "sk_ar",
        "Sk_ei secret": "sk_ei", "Sk_er secret": "sk_er",
        "Sk_pi secret": "sk_pi", "Sk_pr secret": "sk_pr",
        "encryption initiator key": "child_encr_i", "encryption responder key": "child_encr_r",
        "integrity initiator key": "child_integ_i", "integrity responder key": "child_integ_r",
        "seed": "seed", "DH secret": "child_dh",
    }
    # Both peers log the same secrets: a later log only adds occurrences
    # (rekeys) beyond those an earlier log already gave.
    occurrences = {}
    for label, data in read_dumps(path):
        if label in names:
            name = names[label]
            index = occurrences.get(name, 0)
            occurrences[name] = index + 1
            known = sum(1 for key in fields if key == name or re.fullmatch(re.escape(name) + r"_\d+", key))
            if index >= known:
                put(fields, name, data)
        elif label == "received packet":
            # net = 4 dumps: on UDP 4500 the non-ESP marker (RFC 3948) comes first.
            packet = data[4:] if data[:4] == bytes(4) else data
            if len(packet) >= 28 and packet[18] in (IKE_AUTH, CREATE_CHILD_SA):
                kind = "ike_auth" if packet[18] == IKE_AUTH else "create_child"
                # Flags (RFC 7296 §3.1): 0x20 Response.
                put(fields, kind + ("_response" if packet[19] & 0x20 else "_request"), packet)
        elif label.startswith("octets = message"):
            init = sa_init_fields(data)
            if init is None or init["nonce"] is None:
                continue
            # The octets each side's AUTH covers (RFC 7296 §2.15): those built
            # on the IKE_SA_INIT response are the responder's.
            fields.setdefault("auth_octets_r" if init["flags"] & 0x20 else "auth_octets_i", data)
            if init["flags"] & 0x20:  # response: carries both SPIs and Nr
                fields.setdefault("nr", init["nonce"])
                fields.setdefault("spi_i", init["spi_i"])
                fields.setdefault("spi_r", init["spi_r"])
            else:
                fields.setdefault("ni", init["nonce"])
    return fields


def main():
    fields = {}
    for path in sys.argv[1:]:
        extract(path, fields)
    for name in sorted(fields):
        print(f"{name}={fields[name].hex()}")
    required = {"dh", "ni", "nr", "spi_i", "spi_r", "sk_d", "sk_ei", "child_encr_i"}
    missing = required - fields.keys()
    if missing:
        print("missing from log: " + " ".join(sorted(missing)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
