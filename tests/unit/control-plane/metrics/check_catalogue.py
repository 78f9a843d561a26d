#!/usr/bin/env python3
"""Hold docs and deploy files to the metric catalogue of control-plane/metrics.

  check_catalogue.py docs EXPORTER docs/METRICS.md
      every catalogue entry is a table row with the same type, labels and status,
      and every row names a catalogue entry
  check_catalogue.py queries EXPORTER FILE...
      every PromQL expression in Grafana dashboards (*.json: each "expr", and each
      template variable's "definition") and
      Prometheus rule files (*.yml/*.yaml: groups[].rules[].expr) names at least
      one Ravelin series, and only series in the catalogue

  check_catalogue.py live EXPORTER SCRAPE FILE...
      every series the expressions of FILE... name is a family of SCRAPE (a live
      exposition), or a ravelin_dp_ series exported by the catalogue (those need
      ravelin-dp, which the scraped daemon may run without; they are listed)
  check_catalogue.py live-dp EXPORTER SCRAPE FILE...
      the same for a daemon with ravelin-dp attached: ravelin_dp_ series too must
      be in SCRAPE

EXPORTER is the sample exporter; `EXPORTER catalogue` prints the catalogue.
"""
import json
import re
import subprocess
import sys

import yaml

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
ROW = re.compile(r"^\|\s*`(ravelin_[a-z0-9_]+)`\s*\|\s*(\w+)\s*\|([^|]*)\|\s*(\w+)\s*\|")
SERIES = re.compile(r"\bravelin_[a-zA-Z0-9_]+")


def load_catalogue(exporter):
    out = subprocess.run([exporter, "catalogue"], check=True, capture_output=True, text=True).stdout
    entries = {}
    for line in out.splitlines():
        name, kind, labels, status = line.split("\t")
        entries[name] = (kind, tuple(l for l in labels.split(",") if l), status)
    if not entries:
        sys.exit("FAIL: empty catalogue")
    return entries


def check_docs(catalogue, path):
    rows = {}
    with open(path, encoding="utf-8") as doc:
        for line in doc:
            match = ROW.match(line)
            if match:
                name, kind, labels, status = match.groups()
                rows[name] = (kind, tuple(l.strip() for l in labels.split(",") if l.strip()), status)
    problems = [f"{name}: not in {path}" for name in catalogue if name not in rows]
    problems += [f"{name}: documented but not in the catalogue" for name in rows if name not in catalogue]
    problems += [f"{name}: catalogue says {catalogue[name]}, {path} says {rows[name]}"
                 for name in rows if name in catalogue and rows[name] != catalogue[name]]
    return problems, f"{len(rows)} documented series match the catalogue"


def expressions(path):
    """Every PromQL expression in a dashboard (JSON) or rule file (YAML)."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            found = []

            def walk(node):
                if isinstance(node, dict):
                    for key, value in node.items():
                        if key in ("expr", "definition") and isinstance(value, str):
                            found.append(value)
                        else:
                            walk(value)
                elif isinstance(node, list):
                    for item in node:
                        walk(item)

            walk(json.load(f))
            return found
        rules = yaml.safe_load(f)
        return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def series_name(catalogue, token):
    if token in catalogue:
        return token
    for suffix in HISTOGRAM_SUFFIXES:
        base = token[: -len(suffix)]
        if token.endswith(suffix) and catalogue.get(base, ("",))[0] == "histogram":
            return base
    return None


def check_queries(catalogue, paths):
    problems, planned, count = [], set(), 0
    for path in paths:
        exprs = expressions(path)
        if not exprs:
            problems.append(f"{path}: no expressions found")
        for expr in exprs:
            count += 1
            tokens = SERIES.findall(expr)
            if not tokens:
                problems.append(f"{path}: names no ravelin_ series: {expr!r}")
            for token in tokens:
                name = series_name(catalogue, token)
                if name is None:
                    problems.append(f"{path}: {token} is not in the catalogue: {expr!r}")
                elif catalogue[name][2] == "planned":
                    planned.add(name)
    summary = f"{count} expressions name catalogue series only"
    if planned:
        summary += f" ({len(planned)} planned dataplane series: {', '.join(sorted(planned))})"
    return problems, summary


def scraped_families(path):
    with open(path, encoding="utf-8") as scrape:
        return {line.split()[2] for line in scrape if line.startswith("# TYPE ")}


def check_live(catalogue, scrape, paths, dataplane=False):
    families, problems, without_dp, nothing_yet, named = scraped_families(scrape), [], set(), set(), set()
    for path in paths:
        for expr in expressions(path):
            for token in SERIES.findall(expr):
                name = series_name(catalogue, token) or token
                named.add(name)
                kind, labels, status = catalogue.get(name, ("", (), ""))
                if name in families:
                    continue
                if name.startswith("ravelin_dp_") and status == "exported" and not dataplane:
                    without_dp.add(name)
                elif kind == "counter" and labels and status == "exported":
                    nothing_yet.add(name)  # a series per label value, once something is counted
                else:
                    problems.append(f"{path}: {name} is not in the live scrape: {expr!r}")
    present = len(named) - len(without_dp) - len(nothing_yet)
    summary = f"{present} of the {len(named)} series named by the queries are in the live scrape"
    if nothing_yet:
        summary += f"; labelled counters with nothing counted yet: {', '.join(sorted(nothing_yet))}"
    if without_dp:
        summary += f"; need ravelin-dp, exported by the catalogue: {', '.join(sorted(without_dp))}"
    return problems, summary


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("docs", "queries", "live", "live-dp"):
        sys.exit(__doc__)
    catalogue = load_catalogue(sys.argv[2])
    if sys.argv[1] == "docs":
        problems, summary = check_docs(catalogue, sys.argv[3])
    elif sys.argv[1] in ("live", "live-dp"):
        problems, summary = check_live(catalogue, sys.argv[3], sys.argv[4:], sys.argv[1] == "live-dp")
    else:
        problems, summary = check_queries(catalogue, sys.argv[3:])
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        sys.exit(1)
    print("PASS:", summary)


if __name__ == "__main__":
    main()
