#!/usr/bin/env python3
"""Bloc frustration of entente vs leidenalg on several generated graphs (sizes and seeds).

bench/compare measures one graph per size (generator seed 1); this script checks that the
comparison holds beyond that seed. For every `actors/relations/seed` it generates the graph
with `entente generate --blocs 8 --noise 0.05` (into --out, kept between runs), runs
leidenalg exactly as bench/compare does (`compare.py peer --tool leidenalg --task blocs`:
multiplex CPM, resolution 0, layers +1/-1, seed 1; its result is cached in --out since it
does not change) and `entente bench-run --task blocs`, and prints a Markdown table of the
frustrations (both recomputed from the labels here) and the CPU times of the library calls.

  bench/.venv/bin/python bench/blocs_quality.py --entente target/release/entente \\
      --graphs 1000/5000/1,1000/5000/2,10000/50000/1,10000/50000/2
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entente", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "out", "quality"))
    ap.add_argument("--graphs", required=True,
                    help="comma-separated actors/relations/seed triples")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    entente = os.path.abspath(args.entente)
    print("| graph | entente F | blocs | CPU | leidenalg F | blocs | CPU | entente/leidenalg CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in args.graphs.split(","):
        actors, relations, seed = (int(x) for x in spec.split("/"))
        name = f"g-{actors}-{relations}-{seed}"
        gdir = os.path.join(args.out, name)
        ron = gdir + ".ron"
        if not (os.path.exists(ron) and os.path.exists(os.path.join(gdir, "edges.txt"))):
            subprocess.run(
                [entente, "generate", "--actors", str(actors), "--relations", str(relations),
                 "--blocs", "8", "--noise", "0.05", "--seed", str(seed), "-o", ron,
                 "--csv-dir", gdir],
                check=True,
            )
        cache = gdir + ".leidenalg.json"
        if os.path.exists(cache):
            with open(cache) as f:
                peer = json.load(f)
        else:
            cmd = [sys.executable, os.path.join(HERE, "compare.py"), "peer", "--tool",
                   "leidenalg", "--task", "blocs", "--dir", gdir]
            peer, _, _, err = compare.run_measured(cmd, args.timeout)
            if err:
                raise SystemExit(f"leidenalg on {name}: {err}")
            with open(cache, "w") as f:
                json.dump({k: v for k, v in peer.items()}, f)
        ent, _, _, err = compare.run_measured(
            [entente, "bench-run", ron, "--task", "blocs"], args.timeout)
        if err:
            raise SystemExit(f"entente on {name}: {err}")
        n, us, vs, ws, _ = compare.read_graph_files(gdir)
        # Both frustrations recomputed here from the labels, on the same edge list.
        fe = compare.frustration(ent["result"]["labels"], us, vs, ws)
        fl = compare.frustration(peer["result"]["labels"], us, vs, ws)
        mark = "" if fe <= fl + 1e-9 else " **worse**"
        print(f"| {actors}/{relations} seed {seed} | {fe:.2f}{mark} | {ent['result']['blocs']} "
              f"| {ent['cpu_seconds']:.2f} s | {fl:.2f} | {peer['result']['blocs']} "
              f"| {peer['cpu_seconds']:.2f} s | {ent['cpu_seconds'] / peer['cpu_seconds']:.2f} |",
              flush=True)


if __name__ == "__main__":
    main()
