#!/usr/bin/python3
"""Compares ravelin-dissect with tshark, field for field, on IKEv2 captures.

    dissect_vs_tshark.py RAVELIN_DISSECT CAPTURE...

For every frame tshark dissects as ISAKMP (IKEv2) or ESP, the same frame must come
out of ravelin-dissect with the same header (SPIs, next payload, version, exchange
type, flags, message ID, length), the same payload chain in order (type, critical
bit, length) and, per payload type, the same decoded fields: proposals and
transforms (type, ID, key length), KE group and data length, ID type and data,
CERT/CERTREQ encoding and data, AUTH method and length, nonce length, notify
protocol/SPI/type/data, delete protocol/SPIs, vendor ID, traffic selectors, SK/SKF
fields, CP attributes, EAP code/id/type; ESP SPI and sequence number.
Exits 1 on the first capture with a difference, printing every difference.
"""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET


def children(el, name):
    return [c for c in el if c.get("name") == name]


def child(el, name):
    found = children(el, name)
    return found[0] if found else None


def show_int(el, name, default=None):
    c = child(el, name)
    if c is None:
        return default
    text = c.get("show")
    return int(text, 16) if text.startswith("0x") else int(text)


def value_hex(el, name):
    c = child(el, name)
    return "" if c is None else (c.get("value") or "")


def size(el, name):
    c = child(el, name)
    return 0 if c is None else int(c.get("size"))


def tshark_transform(tf):
    ident = next((int(c.get("show")) for c in tf if c.get("name", "").startswith("isakmp.tf.id.")), None)
    key_length = None
    for attr in children(tf, "isakmp.ike2.attr"):
        if child(attr, "isakmp.ike2.attr.key_length") is not None:
            key_length = show_int(attr, "isakmp.ike2.attr.key_length")
    return {"type": show_int(tf, "isakmp.tf.type"), "id": ident, "key_length": key_length}


def tshark_sa(p):
    proposals = []
    for prop in children(p, "isakmp.typepayload"):
        proposals.append({
            "number": show_int(prop, "isakmp.prop.number"),
            "protocol": show_int(prop, "isakmp.prop.protoid"),
            "spi_size": show_int(prop, "isakmp.spisize"),
            "spi": value_hex(prop, "isakmp.spi"),
            "transform_count": show_int(prop, "isakmp.prop.transforms"),
            "transforms": [tshark_transform(tf) for tf in children(prop, "isakmp.typepayload")],
        })
    return {"proposals": proposals}


def tshark_ts(p):
    selectors = []
    for sel in children(p, "isakmp.ts.data"):
        # (an Element without children is falsy: no "or" between lookups)
        start = child(sel, "isakmp.ts.start_ipv4")
        start = child(sel, "isakmp.ts.start_ipv6") if start is None else start
        end = child(sel, "isakmp.ts.end_ipv4")
        end = child(sel, "isakmp.ts.end_ipv6") if end is None else end
        selectors.append({
            "type": show_int(sel, "isakmp.ts.type"), "ip_protocol": show_int(sel, "isakmp.ts.protoid"),
            "start_port": show_int(sel, "isakmp.ts.start_port"), "end_port": show_int(sel, "isakmp.ts.end_port"),
            "start_address": start.get("value") if start is not None else None,
            "end_address": end.get("value") if end is not None else None,
        })
    return {"count": show_int(p, "isakmp.ts.number"), "selectors": selectors}


def tshark_eap(p):
    eap = next((c for c in p.iter("proto") if c.get("name") == "eap"), None)
    if eap is None:
        return {}
    return {"code": show_int(eap, "eap.code"), "identifier": show_int(eap, "eap.id"),
            "eap_type": show_int(eap, "eap.type")}


def id_data(p):
    """tshark puts the ID data in a typed sub-field (isakmp.id.data.fqdn, ...)."""
    data = child(p, "isakmp.id.data")
    if data is None:
        return ""
    typed = [c for c in data if c.get("value")]
    return typed[0].get("value") if typed else (data.get("value") or "")


def tshark_payload(p):
    ptype = int(p.get("show"))
    length = show_int(p, "isakmp.payloadlength")
    out = {"type": ptype, "critical": bool(show_int(p, "isakmp.criticalpayload", 0)), "length": length}
    if ptype == 33:
        out.update(tshark_sa(p))
    elif ptype == 34:
        out.update(group=show_int(p, "isakmp.key_exchange.dh_group"), data_length=size(p, "isakmp.key_exchange.data"))
    elif ptype in (35, 36):
        out.update(id_type=show_int(p, "isakmp.id.type"), data=id_data(p))
    elif ptype == 37:
        out.update(encoding=show_int(p, "isakmp.cert.encoding"), data_length=size(p, "isakmp.cert.data"))
    elif ptype == 38:
        out.update(encoding=show_int(p, "isakmp.certreq.type"),
                   data="".join(c.get("value") for c in children(p, "isakmp.ike.certreq.authority")))
    elif ptype == 39:
        out.update(method=show_int(p, "isakmp.auth.method"), data_length=size(p, "isakmp.auth.data"))
    elif ptype == 40:
        out.update(nonce_length=size(p, "isakmp.nonce"))
    elif ptype == 41:
        out.update(protocol=show_int(p, "isakmp.notify.protoid"), spi_size=show_int(p, "isakmp.spisize"),
                   spi=value_hex(p, "isakmp.spi"), notify_type=show_int(p, "isakmp.notify.msgtype"),
                   data=value_hex(p, "isakmp.notify.data"))
    elif ptype == 42:
        out.update(protocol=show_int(p, "isakmp.delete.protoid"), spi_size=show_int(p, "isakmp.spisize"),
                   spi_count=show_int(p, "isakmp.spinum"),
                   spis=[c.get("value") for c in children(p, "isakmp.delete.spi")])
    elif ptype == 43:
        out.update(data=value_hex(p, "isakmp.vid_bytes"))
    elif ptype in (44, 45):
        out.update(tshark_ts(p))
    elif ptype == 46:
        out.update(next_payload=show_int(p, "isakmp.nextpayload"))
    elif ptype == 47:
        out.update(cfg_type=show_int(p, "isakmp.cfg.type"), attributes=[
            {"type": show_int(a, "isakmp.cfg.attr.type"), "length": show_int(a, "isakmp.cfg.attr.length"),
             "value": value_hex(a, "isakmp.cfg.attr.value")} for a in children(p, "isakmp.cfg.attr")])
    elif ptype == 48:
        out.update(tshark_eap(p))
    elif ptype == 53:
        out.update(next_payload=show_int(p, "isakmp.nextpayload"), fragment_number=show_int(p, "isakmp.frag.number"),
                   total_fragments=show_int(p, "isakmp.frag.total"))
    return out


def tshark_isakmp(proto):
    header = {
        "initiator_spi": value_hex(proto, "isakmp.ispi"), "responder_spi": value_hex(proto, "isakmp.rspi"),
        "next_payload": show_int(proto, "isakmp.nextpayload"),
        "major_version": show_int(child(proto, "isakmp.version"), "isakmp.mjver"),
        "minor_version": show_int(child(proto, "isakmp.version"), "isakmp.mnver"),
        "exchange_type": show_int(proto, "isakmp.exchangetype"), "flags": show_int(proto, "isakmp.flags"),
        "message_id": show_int(proto, "isakmp.messageid"), "length": show_int(proto, "isakmp.length"),
    }
    return {"header": header, "payloads": [tshark_payload(p) for p in children(proto, "isakmp.typepayload")]}


def tshark_frames(capture):
    pdml = subprocess.run(["tshark", "-r", capture, "-T", "pdml"], check=True, capture_output=True).stdout
    frames = {}
    for packet in ET.fromstring(pdml).iter("packet"):
        protos = {p.get("name"): p for p in packet.iter("proto")}
        number = int(child(protos["geninfo"], "num").get("show"))
        if "isakmp" in protos:
            frames[number] = tshark_isakmp(protos["isakmp"])
        elif "esp" in protos:
            frames[number] = {"esp": {"spi": show_int(protos["esp"], "esp.spi"),
                                      "seq": show_int(protos["esp"], "esp.sequence")}}
    return frames


# ---- the same view of ravelin-dissect's JSON -------------------------------------------

def ip_hex(text):
    import ipaddress
    return ipaddress.ip_address(text).packed.hex()


def ravelin_payload(p):
    ptype = p["type"]
    out = {"type": ptype, "critical": p["critical"], "length": p["length"]}
    if ptype == 33:
        out["proposals"] = [{
            "number": q["number"], "protocol": q["protocol"], "spi_size": q["spi_size"], "spi": q["spi"],
            "transform_count": q["transform_count"],
            "transforms": [{"type": t["type"], "id": t["id"], "key_length": t.get("key_length")}
                           for t in q["transforms"]]} for q in p["proposals"]]
    elif ptype == 34:
        out.update(group=p["group"], data_length=p["data_length"])
    elif ptype in (35, 36):
        out.update(id_type=p["id_type"], data=p["data"])
    elif ptype == 37:
        out.update(encoding=p["encoding"], data_length=p["data_length"])
    elif ptype == 38:
        out.update(encoding=p["encoding"], data=p["data"])
    elif ptype == 39:
        out.update(method=p["method"], data_length=p["data_length"])
    elif ptype == 40:
        out.update(nonce_length=p["nonce_length"])
    elif ptype == 41:
        out.update({k: p[k] for k in ("protocol", "spi_size", "spi", "notify_type", "data")})
    elif ptype == 42:
        out.update({k: p[k] for k in ("protocol", "spi_size", "spi_count", "spis")})
    elif ptype == 43:
        out.update(data=p["data"])
    elif ptype in (44, 45):
        out.update(count=p["count"], selectors=[{
            "type": s["type"], "ip_protocol": s["ip_protocol"], "start_port": s.get("start_port"),
            "end_port": s.get("end_port"),
            "start_address": ip_hex(s["start_address"]) if "start_address" in s else None,
            "end_address": ip_hex(s["end_address"]) if "end_address" in s else None} for s in p["selectors"]])
    elif ptype == 46:
        out.update(next_payload=p["next_payload"])
    elif ptype == 47:
        out.update(cfg_type=p["cfg_type"], attributes=[
            {"type": a["type"], "length": a["length"], "value": a["value"]} for a in p["attributes"]])
    elif ptype == 48:
        out.update(code=p["code"], identifier=p["identifier"], eap_type=p.get("eap_type"))
    elif ptype == 53:
        out.update({k: p[k] for k in ("next_payload", "fragment_number", "total_fragments")})
    return out


def ravelin_frames(dissect, capture):
    lines = subprocess.run([dissect, capture], check=True, capture_output=True, text=True).stdout.splitlines()
    frames = {}
    for line in lines:
        o = json.loads(line)
        if "error" in o:
            frames[o["frame"]] = {"error": o["error"]}
        elif "esp" in o:
            frames[o["frame"]] = {"esp": {"spi": int(o["esp"]["spi"], 16), "seq": o["esp"]["seq"]}}
        elif "header" in o:
            h = o["header"]
            header = {k: h[k] for k in ("initiator_spi", "responder_spi", "next_payload", "major_version",
                                        "minor_version", "exchange_type", "flags", "message_id", "length")}
            frames[o["frame"]] = {"header": header, "payloads": [ravelin_payload(p) for p in o["payloads"]]}
    return frames


def diff(path, a, b, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            diff(f"{path}.{key}", a.get(key), b.get(key), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(f"{path}[{i}]", x, y, out)
    elif a != b:
        out.append(f"{path}: tshark={a!r} ravelin={b!r}")


def main():
    dissect, captures = sys.argv[1], sys.argv[2:]
    failed = False
    for capture in captures:
        expected, actual = tshark_frames(capture), ravelin_frames(dissect, capture)
        differences = []
        diff("frame", expected, actual, differences)
        payloads = sum(len(f.get("payloads", [])) for f in expected.values())
        if differences or not expected:
            failed = True
            print(f"FAIL {capture}: {len(differences)} difference(s)" + ("" if expected else ", no frames"))
            for d in differences[:50]:
                print("  " + d)
        else:
            print(f"ok {capture}: {len(expected)} frames, {payloads} payloads agree with tshark")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
