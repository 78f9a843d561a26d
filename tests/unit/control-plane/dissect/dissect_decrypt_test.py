#!/usr/bin/python3
"""ravelin-dissect --ike-keys against strongSwan's own record of an exchange.

Each KAT file (tests/kat/ike_crypto/strongswan_*.txt) holds what two charons
logged at `ike = 4`: the SK_* keys, the raw IKE_AUTH (and CREATE_CHILD_SA)
messages, and the ID payloads and AUTH values each side computed. The dissector
must decrypt the messages with those keys and show exactly those IDs and AUTH
data; a wrong key must give an integrity failure, not garbage."""
import json
import subprocess
import sys
import tempfile

dissect, kat_dir = sys.argv[1], sys.argv[2]
CASES = [("strongswan_aes256gcm16_x25519.txt", "aes256gcm16"),
         ("strongswan_aes128_sha256_modp2048.txt", "aes128-sha256")]
failures = []


def load(path):
    values = {}
    for line in open(path):
        if "=" in line and not line.startswith("#"):
            key, value = line.strip().split("=", 1)
            values[key] = value
    return values


def run(key_line, messages):
    with tempfile.NamedTemporaryFile("w", suffix=".keys") as keys:
        keys.write("# test keys\n" + key_line + "\n")
        keys.flush()
        out = subprocess.run([dissect, "--hex", "--ike-keys", keys.name], input="\n".join(messages) + "\n",
                             capture_output=True, text=True, check=False)
    return out.returncode, out.stdout, out.stderr


def inner(line):
    return json.loads(line)["payloads"][-1]["decrypted"]


def payload(decrypted, name):
    return next(p for p in decrypted["payloads"] if p["name"] == name)


def check(condition, what):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)


for file_name, proposal in CASES:
    kat = load(f"{kat_dir}/{file_name}")
    keys = [kat["sk_ei"], kat["sk_er"]] + ([kat["sk_ai"], kat["sk_ar"]] if "sk_ai" in kat else [])
    key_line = " ".join([kat["spi_i"], kat["spi_r"], proposal] + keys)
    code, out, err = run(key_line, [kat["ike_auth_request"], kat["ike_auth_response"]])
    check(code == 0, f"{file_name}: dissector exit 0 ({err.strip()})")
    request, response = (inner(line) for line in out.splitlines())
    # The ID payload as charon logged it: ID type, 3 reserved octets, then the data.
    check(payload(request, "IDi")["data"] == kat["id_payload_i"][8:], f"{file_name}: IDi as charon sent it")
    check(payload(response, "IDr")["data"] == kat["id_payload_r"][8:], f"{file_name}: IDr as charon sent it")
    check(payload(request, "AUTH")["data"] == kat["auth_i"], f"{file_name}: initiator AUTH as charon computed it")
    check(payload(response, "AUTH")["data"] == kat["auth_r"], f"{file_name}: responder AUTH as charon computed it")
    check(any(p["name"] == "TSi" for p in request["payloads"]), f"{file_name}: TSi decoded")

    tampered = key_line.replace(kat["sk_er"], kat["sk_er"][:-2] + ("00" if kat["sk_er"][-2:] != "00" else "01"))
    code, out, _ = run(tampered, [kat["ike_auth_response"]])
    check("error" in inner(out.splitlines()[0]), f"{file_name}: a wrong SK_er is an error, not plaintext")

code, _, err = run("8d12 zz aes256gcm16 00 00", [])
check(code == 2 and "line 2:" in err, f"a bad key line is reported with its number ({err.strip()})")
code, _, err = run("1 2 aes129 00 00", [])
check(code == 2 and "aes129" in err, "an unknown algorithm keyword is named")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
