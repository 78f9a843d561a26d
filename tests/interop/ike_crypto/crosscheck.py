#!/usr/bin/python3
"""Cross-checks Ravelin's IKEv2 key derivation against strongSwan's key log.

  crosscheck.py TOOL IKE_PROPOSAL ESP_PROPOSAL LOG_RESPONDER LOG_INITIATOR [child-rekey] [ike-rekey] [pki=DIR]

Inputs (nonces, SPIs, g^ir) come from charon's logs (charon_keylog.py); TOOL is
ravelin-ike-derive-keys. Every key both sides have must be identical, and the
IKE_AUTH (and CREATE_CHILD_SA) messages charon encrypted must open under the
SK_e/SK_a Ravelin derived. With child-rekey, a CREATE_CHILD_SA with PFS is
checked as well (RFC 7296 §2.17: KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr));
with ike-rekey, the rekeyed IKE SA (§2.18). Nonces and SPIs of those exchanges
are read from the decrypted messages. With pki=DIR (certificate authentication),
both peers' CERT, ID and AUTH payloads, taken from the decrypted IKE_AUTH
messages, must pass Ravelin's chain, identity and signature checks against the
CA in DIR, over the signed octets charon logged."""
import subprocess
import sys

import charon_keylog

SA, KE, NONCE = 33, 34, 40
IDI, IDR, CERT, AUTH = 35, 36, 37, 39


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run_tool(tool, options):
    args = [tool]
    for name, value in options.items():
        args += ["--" + name, value.hex() if isinstance(value, bytes) else value]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail("ravelin-ike-derive-keys: " + done.stderr.strip())
    return dict(line.split("=", 1) for line in done.stdout.splitlines())


def compare(ours, theirs, pairs):
    for our_name, their_name in pairs:
        if their_name not in theirs:
            fail(f"charon logged no {their_name}")
        if ours.get(our_name) != theirs[their_name].hex():
            fail(f"{our_name} differs: ravelin {ours.get(our_name)} charon {theirs[their_name].hex()}")
        print(f"ok: {our_name} identical ({len(theirs[their_name])} bytes)")


SKF = 53


def inner_payloads(message, plaintext_hex):
    """[(type, body)] of the payloads inside an SK payload (RFC 7296 §3.2); for a
    reassembled SKF message, `message` is fragment 1 (its SKF header names the
    first inner payload, RFC 7383 §2.5)."""
    data, kind, offset, out = bytes.fromhex(plaintext_hex), message[28], 0, []
    while kind != 0:
        if offset + 4 > len(data):
            fail("inner payload chain runs past the decrypted data")
        length = int.from_bytes(data[offset + 2 : offset + 4], "big")
        out.append((kind, data[offset + 4 : offset + length]))
        kind, offset = data[offset], offset + length
    return out


def first(payloads, kind):
    for k, body in payloads:
        if k == kind:
            return body
    fail(f"no payload of type {kind} in {[k for k, _ in payloads]}")


def sa_spi(sa_body):
    """SPI of the first proposal (RFC 7296 §3.3.1)."""
    spi_size = sa_body[6]
    return sa_body[8 : 8 + spi_size]


def key_pairs(ours, prefix_ours="", suffix_theirs=""):
    names = ["skeyseed", "sk_d", "sk_ei", "sk_er", "sk_pi", "sk_pr"]
    names += [n for n in ("sk_ai", "sk_ar") if ours.get(prefix_ours + n)]
    return [(prefix_ours + n, n + suffix_theirs) for n in names]


def child_pairs(ours, suffix=""):
    names = ["child_encr_i", "child_encr_r"]
    names += [n for n in ("child_integ_i", "child_integ_r") if ours.get(n)]
    return [(n, n + suffix) for n in names]


def fragments(log, name):
    """The received packets of one message: itself, or its SKF fragments in order."""
    packets = [log[name]] + [log[k] for k in sorted(log, key=lambda k: int(k.rsplit("_", 1)[1]) if k[len(name):].startswith("_") else 0)
                             if k.startswith(name + "_") and k[len(name) + 1:].isdigit()]
    if packets[0][16] != SKF:
        return packets[:1]
    message_id = packets[0][20:24]
    by_number = {int.from_bytes(p[32:34], "big"): p for p in packets if p[16] == SKF and p[20:24] == message_id}
    total = int.from_bytes(packets[0][34:36], "big")
    if sorted(by_number) != list(range(1, total + 1)):
        fail(f"{name}: fragments {sorted(by_number)} of {total}")
    return [by_number[n] for n in range(1, total + 1)]


def open_message(tool, base, log, name, direction):
    """Plaintext inner payloads of a logged message, reassembling SKF fragments
    (each fragment is decrypted and authenticated on its own, RFC 7383 §2.6)."""
    parts = fragments(log, name)
    plaintext = ""
    for part in parts:
        plaintext += run_tool(tool, {**base, "decrypt-" + direction: part})["decrypted_" + direction]
    if len(parts) > 1:
        print(f"ok: {name} reassembled from {len(parts)} SKF fragments")
    return inner_payloads(parts[0], plaintext)


def open_exchange(tool, base, log, request, response):
    ours = run_tool(tool, {**base, "decrypt-i": log[request], "decrypt-r": log[response]})
    return (inner_payloads(log[request], ours["decrypted_i"]), inner_payloads(log[response], ours["decrypted_r"]))


def check_child_rekey(tool, base, log):
    request, response = open_exchange(tool, base, log, "create_child_request", "create_child_response")
    ni, nr = first(request, NONCE)[0:], first(response, NONCE)
    first(request, KE)
    dh = log["child_dh"]
    if log["seed_2"] != dh + ni + nr:
        fail("charon's child seed is not g^ir | Ni | Nr of the CREATE_CHILD_SA")
    print("ok: charon's PFS seed is g^ir (new) | Ni | Nr")
    ours = run_tool(tool, {**base, "child-ni": ni, "child-nr": nr, "child-dh": dh})
    compare(ours, log, child_pairs(ours, "_2"))


def check_ike_rekey(tool, base, log):
    request, response = open_exchange(tool, base, log, "create_child_request", "create_child_response")
    options = {
        "rekey-ni": first(request, NONCE), "rekey-nr": first(response, NONCE),
        "rekey-spi-i": sa_spi(first(request, SA)), "rekey-spi-r": sa_spi(first(response, SA)),
        "rekey-dh": log["dh_2"],
    }
    ours = run_tool(tool, {**base, **options})
    compare(ours, log, key_pairs(ours, "rekey_", "_2"))


def check_peer_auth(tool, log, payloads, id_type, octets_name, pki):
    done = run_tool(tool, {
        "peer-auth": first(payloads, AUTH), "peer-cert": first(payloads, CERT), "peer-id": first(payloads, id_type),
        "octets": log[octets_name], "ca": pki + "/ca.pem", "intermediate": pki + "/int.pem"})
    print("ok: " + ("initiator" if id_type == IDI else "responder") + " AUTH " + done["peer_auth"])


def main():
    tool, ike, esp, responder_log, initiator_log = sys.argv[1:6]
    checks = sys.argv[6:]
    log = {}
    charon_keylog.extract(responder_log, log)
    charon_keylog.extract(initiator_log, log)
    base = {"ike-proposal": ike, "esp-proposal": esp, "ni": log["ni"], "nr": log["nr"],
            "spi-i": log["spi_i"], "spi-r": log["spi_r"], "dh": log["dh"]}
    ours = run_tool(tool, base)
    compare(ours, log, key_pairs(ours) + child_pairs(ours))
    request = open_message(tool, base, log, "ike_auth_request", "i")
    response = open_message(tool, base, log, "ike_auth_response", "r")
    kinds = [k for k, _ in request]
    if kinds[0] != IDI or AUTH not in kinds or AUTH not in [k for k, _ in response]:
        fail(f"decrypted IKE_AUTH request has payloads {kinds}")
    print(f"ok: charon's IKE_AUTH request and response open under Ravelin's SK_e/SK_a (payloads {kinds})")
    pki = [c.split("=", 1)[1] for c in checks if c.startswith("pki=")]
    if pki:
        check_peer_auth(tool, log, request, IDI, "auth_octets_i", pki[0])
        check_peer_auth(tool, log, response, IDR, "auth_octets_r", pki[0])
    if "child-rekey" in checks:
        check_child_rekey(tool, base, log)
    if "ike-rekey" in checks:
        check_ike_rekey(tool, base, log)
    print("PASS: " + ike + " / " + esp)


if __name__ == "__main__":
    main()
