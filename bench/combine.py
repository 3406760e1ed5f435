#!/usr/bin/env python3
"""The --combine rules compared on generated multiplex graphs with planted blocs.

For every `actors/pairs/noise/seed` it generates a graph with `entente generate --multiplex 4
--blocs 4` (each pair carries 1 to 4 relations of distinct kinds, each sign flipped away from
the planted one with probability `noise`), then for each rule:

- nets every pair's relations here, in Python (an independent implementation of the rules of
  src/model/combine.rs), and counts the pairs whose net sign is the planted one (sign
  accuracy, ties at 0 counting as wrong), and the net ties at exactly ±1 (saturated);
- runs `entente blocs --combine RULE --format json` and scores its partition against the
  planted one by the adjusted Rand index (Hubert & Arabie 1985).

Prints a Markdown table. Only the standard library is needed.

  python3 bench/combine.py --entente target/release/entente \\
      --graphs 300/1200/0.2/1,300/1200/0.2/2,300/1200/0.3/1,1000/5000/0.3/1
"""

import argparse
import csv
import json
import os
import subprocess
from collections import defaultdict
from math import comb

RULES = ["sum", "noisy-or", "strongest", "mean"]
HERE = os.path.dirname(os.path.abspath(__file__))


def net(rule, ws):
    ws = sorted(ws)
    if len(ws) == 1:
        return ws[0]
    if rule == "sum":
        return max(-1.0, min(1.0, round(sum(ws), 9)))
    if rule == "mean":
        return round(sum(ws) / len(ws), 9)
    if rule == "strongest":
        hi, lo = max(ws[-1], 0.0), min(ws[0], 0.0)
        return hi if hi > -lo else lo if -lo > hi else 0.0
    allied = hostile = 1.0
    for w in ws:
        if w > 0:
            allied *= 1 - w
        elif w < 0:
            hostile *= 1 + w
    return round((1 - allied) - (1 - hostile), 9)


def ari(a, b):
    """Adjusted Rand index of two labelings (lists of equal length)."""
    n = len(a)
    table = defaultdict(int)
    for x, y in zip(a, b):
        table[(x, y)] += 1
    rows, cols = defaultdict(int), defaultdict(int)
    for (x, y), c in table.items():
        rows[x] += c
        cols[y] += c
    index = sum(comb(c, 2) for c in table.values())
    ra, cb = sum(comb(c, 2) for c in rows.values()), sum(comb(c, 2) for c in cols.values())
    expected = ra * cb / comb(n, 2)
    top = (ra + cb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entente", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "out", "combine"))
    ap.add_argument("--graphs", required=True,
                    help="comma-separated actors/pairs/noise/seed")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    entente = os.path.abspath(args.entente)
    print("| graph (actors/pairs/noise/seed) | relations | rule | sign accuracy | saturated "
          "at ±1 | bloc ARI | frustration |")
    print("|---|---|---|---|---|---|---|")
    for spec in args.graphs.split(","):
        actors, pairs, noise, seed = spec.split("/")
        name = f"m-{actors}-{pairs}-{noise}-{seed}"
        ron, gdir = os.path.join(args.out, name + ".ron"), os.path.join(args.out, name)
        subprocess.run(
            [entente, "generate", "--actors", actors, "--relations", pairs, "--blocs", "4",
             "--noise", noise, "--seed", seed, "--multiplex", "4", "-o", ron,
             "--csv-dir", gdir, "--force"],
            check=True, stderr=subprocess.DEVNULL,
        )
        with open(os.path.join(gdir, "blocs.json")) as f:
            planted = json.load(f)
        bloc_of = dict(zip(planted["actors"], planted["bloc"]))
        ties = defaultdict(list)
        with open(os.path.join(gdir, "edges.csv")) as f:
            for row in csv.DictReader(f):
                key = tuple(sorted((row["source"], row["target"])))
                ties[key].append(float(row["weight"]))
        relations = sum(len(v) for v in ties.values())
        for rule in RULES:
            right = saturated = 0
            for (a, b), ws in ties.items():
                w = net(rule, ws)
                planted_sign = 1 if bloc_of[a] == bloc_of[b] else -1
                right += (w > 0 and planted_sign > 0) or (w < 0 and planted_sign < 0)
                saturated += abs(w) == 1.0
            out = subprocess.run(
                [entente, "blocs", ron, "--combine", rule, "--format", "json"],
                check=True, capture_output=True, text=True,
            )
            found = json.loads(out.stdout)
            label = {}
            for b in found["blocs"]:
                for m in b["members"]:
                    label[m] = b["id"]
            ids = planted["actors"]
            score = ari([bloc_of[i] for i in ids], [label[i] for i in ids])
            print(f"| {spec} | {relations} | `{rule}` | {right / len(ties):.3f} | "
                  f"{saturated / len(ties):.3f} | {score:.3f} | {found['frustration']} |")


if __name__ == "__main__":
    main()
