#!/usr/bin/env python3
"""Side-by-side comparison of entente with igraph, rustworkx, NetworkX and leidenalg.

Run through `bench/compare` (which makes the virtual environment and builds entente); see
bench/README.md. Two roles:

  compare.py run ...        the orchestrator: generates graphs with `entente generate`, runs
                            every (size, task, tool) in its own child process and prints the
                            table (and writes it as JSON and Markdown into --out).
  compare.py peer ...       one task in one Python library, in a child process: prints JSON
                            with the load time, the task time (wall and CPU) and the values.

Every child is timed from the inside (load apart from the algorithm, wall and CPU), and its
peak memory (max RSS of the whole process, load included) comes from wait4().
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

SIZES = {
    "S": (1_000, 5_000),
    "M": (10_000, 50_000),
    "L": (100_000, 1_000_000),
}

# Which tasks run at which sizes. O(n·m) measures stop at M: exact betweenness or closeness
# on 100k actors and 1M relations is hours of work for every library.
TASKS = {
    "load": "SML",
    "pagerank": "SML",
    "path": "SML",
    "paths10": "SML",
    "blocs": "SML",
    "betweenness": "SM",
    "betweenness_weighted": "SM",
    "closeness": "SM",
}

TOOLS = {
    "load": ["entente", "igraph", "rustworkx", "networkx"],
    "pagerank": ["entente", "igraph", "rustworkx", "networkx"],
    "path": ["entente", "igraph", "rustworkx", "networkx"],
    "paths10": ["entente", "igraph", "networkx"],
    "blocs": ["entente", "leidenalg"],
    "betweenness": ["entente", "igraph", "rustworkx", "networkx"],
    "betweenness_weighted": ["entente", "igraph", "networkx"],
    "closeness": ["entente", "igraph", "rustworkx", "networkx"],
}

# Left out to keep a whole run within 10 minutes on 2 cores: rustworkx's closeness is the
# slowest O(n·m) row at M (~40 s) and adds nothing the S row does not show.
SKIP = {("M", "closeness", "rustworkx")}

ENTENTE_TASK = {
    "load": "load",
    "pagerank": "pagerank",
    "path": "path",
    "paths10": "paths",
    "blocs": "blocs",
    "betweenness": "betweenness",
    "betweenness_weighted": "weighted-betweenness",
    "closeness": "closeness",
}


# ---------------------------------------------------------------------------------------
# Shared helpers


def read_graph_files(d):
    """The generated edge list (u v w, 0-based) and planted partition of directory d."""
    with open(os.path.join(d, "blocs.json")) as f:
        planted = json.load(f)
    n = len(planted["actors"])
    us, vs, ws = [], [], []
    with open(os.path.join(d, "edges.txt")) as f:
        for line in f:
            a, b, w = line.split()
            us.append(int(a))
            vs.append(int(b))
            ws.append(float(w))
    return n, us, vs, ws, planted


def frustration(labels, us, vs, ws):
    """Total |w| of hostile ties inside blocs plus allied ties between blocs."""
    total = 0.0
    for u, v, w in zip(us, vs, ws):
        same = labels[u] == labels[v]
        if (same and w < 0) or (not same and w > 0):
            total += abs(w)
    return total


def cpu():
    return time.process_time()


# ---------------------------------------------------------------------------------------
# Peer role: one task in one library, in this process.


def peer(args):
    # Import first: module import time is not load time.
    if args.tool in ("igraph", "leidenalg"):
        import igraph  # noqa: F401
    if args.tool == "leidenalg":
        import leidenalg  # noqa: F401
    if args.tool == "rustworkx":
        import rustworkx  # noqa: F401
    if args.tool == "networkx":
        import networkx  # noqa: F401
    t0, c0 = time.perf_counter(), cpu()
    n, us, vs, ws, planted = read_graph_files(args.dir)
    tool, task = args.tool, args.task
    pos = [(u, v, w) for u, v, w in zip(us, vs, ws) if w > 0]
    src, dst = args.source, args.target

    # Build only the graph the task needs: all ties for the centrality measures and the
    # load row, allied ties for PageRank and paths, both sign layers for blocs.
    allied_only = task in ("pagerank", "path", "paths10")
    edges = pos if allied_only else list(zip(us, vs, ws))
    if tool == "igraph":
        import igraph as ig

        g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=False)
        g.es["weight"] = [w for _, _, w in edges]
        if allied_only:
            g.es["cost"] = [abs(math.log(w)) for _, _, w in edges]
        else:
            g.es["length"] = [1.0 / abs(w) for _, _, w in edges]
        gp = g
    elif tool == "rustworkx":
        import rustworkx as rx

        # multigraph=True: the pairs are distinct already, and the check for an existing
        # edge costs O(degree) per insertion (minutes on the heavy-tailed 1M graph).
        if task == "pagerank":
            g = rx.PyDiGraph(multigraph=True)
            g.add_nodes_from(range(n))
            g.add_edges_from(edges + [(v, u, w) for u, v, w in edges])
        else:
            g = rx.PyGraph(multigraph=True)
            g.add_nodes_from(range(n))
            g.add_edges_from(edges)
        gp = dp = g
    elif tool == "networkx":
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(edges)
        for u, v, d in g.edges(data=True):
            if allied_only:
                d["cost"] = abs(math.log(d["weight"]))
            else:
                d["length"] = 1.0 / abs(d["weight"])
        gp = g
    elif tool == "leidenalg":
        import igraph as ig
        import leidenalg as la

        neg = [(u, v, -w) for u, v, w in zip(us, vs, ws) if w < 0]
        gp = ig.Graph(n=n, edges=[(u, v) for u, v, _ in pos], directed=False)
        gp.es["weight"] = [w for _, _, w in pos]
        gn = ig.Graph(n=n, edges=[(u, v) for u, v, _ in neg], directed=False)
        gn.es["weight"] = [w for _, _, w in neg]
    else:
        raise SystemExit(f"unknown tool {tool}")
    load_s, load_cpu = time.perf_counter() - t0, cpu() - c0

    t0, c0 = time.perf_counter(), cpu()
    result = {}
    if task == "load":
        pass
    elif task == "betweenness":
        if tool == "igraph":
            vals = g.betweenness(directed=False)
        elif tool == "rustworkx":
            bc = rx.graph_betweenness_centrality(g, normalized=False)
            vals = [bc[i] for i in range(n)]
        else:
            bc = nx.betweenness_centrality(g, normalized=False)
            vals = [bc[i] for i in range(n)]
        result["values"] = vals
    elif task == "betweenness_weighted":
        if tool == "igraph":
            vals = g.betweenness(directed=False, weights="length")
        else:
            bc = nx.betweenness_centrality(g, normalized=False, weight="length")
            vals = [bc[i] for i in range(n)]
        result["values"] = vals
    elif task == "closeness":
        if tool == "igraph":
            vals = g.closeness()
        elif tool == "rustworkx":
            cc = rx.graph_closeness_centrality(g)
            vals = [cc[i] for i in range(n)]
        else:
            cc = nx.closeness_centrality(g)
            vals = [cc[i] for i in range(n)]
        result["values"] = vals
    elif task == "pagerank":
        if tool == "igraph":
            vals = gp.pagerank(weights="weight", damping=0.85, directed=False)
        elif tool == "rustworkx":
            pr = rx.pagerank(dp, alpha=0.85, weight_fn=float, tol=1e-12, max_iter=100000)
            vals = [pr[i] for i in range(n)]
        else:
            pr = nx.pagerank(gp, alpha=0.85, weight="weight", tol=1e-12, max_iter=100000)
            vals = [pr[i] for i in range(n)]
        result["values"] = vals
    elif task in ("path", "paths10"):
        k = 1 if task == "path" else 10
        if tool == "igraph":
            if k == 1:
                paths = [gp.get_shortest_path(src, to=dst, weights="cost", output="epath")]
            else:
                paths = gp.get_k_shortest_paths(
                    src, to=dst, k=k, weights="cost", mode="all", output="epath"
                )
            strengths = [math.exp(-sum(gp.es[e]["cost"] for e in p)) for p in paths]
        elif tool == "rustworkx":
            p = rx.dijkstra_shortest_paths(
                gp, src, target=dst, weight_fn=lambda w: abs(math.log(w))
            )[dst]
            strengths = [math.prod(gp.get_edge_data(a, b) for a, b in zip(p, p[1:]))]
        else:
            import itertools

            gen = nx.shortest_simple_paths(gp, src, dst, weight="cost")
            paths = list(itertools.islice(gen, k))
            strengths = [
                math.prod(gp[a][b]["weight"] for a, b in zip(p, p[1:])) for p in paths
            ]
        result["strengths"] = strengths
    elif task == "blocs":
        seed = 1
        opt = la.Optimiser()
        opt.set_rng_seed(seed)
        # CPM with resolution 0 on each sign layer, the negative layer weighted −1: the
        # quality is (allied weight inside) − (hostile weight inside), which is the total
        # allied weight minus the frustration. Maximising it minimises frustration.
        pp = la.CPMVertexPartition(gp, weights="weight", resolution_parameter=0.0)
        pn = la.CPMVertexPartition(gn, weights="weight", resolution_parameter=0.0)
        opt.optimise_partition_multiplex([pp, pn], layer_weights=[1, -1], n_iterations=-1)
        result["labels"] = list(pp.membership)
        result["blocs"] = len(set(pp.membership))
    else:
        raise SystemExit(f"unknown task {task}")
    seconds, cpu_s = time.perf_counter() - t0, cpu() - c0
    if task == "blocs":
        result["frustration"] = frustration(result["labels"], us, vs, ws)
    print(
        json.dumps(
            {
                "tool": tool,
                "task": task,
                "load_seconds": load_s,
                "load_cpu_seconds": load_cpu,
                "seconds": seconds,
                "cpu_seconds": cpu_s,
                "result": result,
            }
        )
    )


# ---------------------------------------------------------------------------------------
# Orchestrator


def run_measured(cmd, timeout):
    """Runs cmd and reads its own peak RSS with wait4 (per child, not a running max)."""
    t0 = time.perf_counter()
    r, w = os.pipe()
    er, ew = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(w, 1)
        os.dup2(ew, 2)
        os.close(r)
        os.close(er)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    os.close(w)
    os.close(ew)
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(r, selectors.EVENT_READ)
    sel.register(er, selectors.EVENT_READ)
    chunks = {r: [], er: []}
    open_fds = 2
    timed_out = False
    while open_fds:
        left = t0 + timeout - time.perf_counter()
        if left <= 0:
            os.kill(pid, 9)
            timed_out = True
            break
        for key, _ in sel.select(timeout=min(left, 1.0)):
            data = os.read(key.fd, 1 << 16)
            if data:
                chunks[key.fd].append(data)
            else:
                sel.unregister(key.fd)
                open_fds -= 1
    _, status, ru = os.wait4(pid, 0)
    os.close(r)
    os.close(er)
    wall = time.perf_counter() - t0
    peak_mib = ru.ru_maxrss / 1024.0  # Linux: KiB
    if timed_out:
        return None, peak_mib, wall, f"timeout ({timeout:.0f} s)"
    out = b"".join(chunks[r]).decode()
    err = b"".join(chunks[er]).decode()
    if os.waitstatus_to_exitcode(status) != 0:
        return None, peak_mib, wall, (err.strip().splitlines() or ["failed"])[-1][:120]
    try:
        return json.loads(out), peak_mib, wall, None
    except json.JSONDecodeError:
        return None, peak_mib, wall, "bad output"


def pick_pair(n, us, vs, ws):
    """Two actors joined by allied paths: the first and the last actor (by number) of
    degree 1 in the largest allied component; deterministic, and far apart on average."""
    import igraph as ig

    pos = [(u, v) for u, v, w in zip(us, vs, ws) if w > 0]
    g = ig.Graph(n=n, edges=pos, directed=False)
    comp = max(g.connected_components(), key=len)
    members = sorted(comp)
    deg = g.degree()
    leaves = [v for v in members if deg[v] == 1] or members
    a, b = leaves[0], leaves[-1]
    if a == b:
        a, b = members[0], members[-1]
    return a, b


def max_rel_diff(a, b):
    if not a or not b or len(a) != len(b):
        return None
    scale = max(max(abs(x) for x in b), 1e-300)
    return max(abs(x - y) for x, y in zip(a, b)) / scale


def versions():
    v = {"python": platform.python_version()}
    for mod in ["networkx", "igraph", "rustworkx", "leidenalg"]:
        try:
            m = __import__(mod)
            v[mod] = getattr(m, "__version__", "?")
        except ImportError:
            v[mod] = "missing"
    return v


def fmt_s(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.001:
        return f"{x * 1000:.1f}ms"
    return f"{x * 1e6:.0f}µs"


def fmt_ratio(a, b):
    if a is None or b is None or b <= 0:
        return "–"
    return f"{a / b:.2f}"


def orchestrate(args):
    # igraph's OpenMP threads otherwise spin while they wait: on a loaded 2-core machine
    # that took its PageRank from 25 ms to 1 s (CPU time too). Passive waiting changes
    # nothing in what is computed.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    entente = os.path.abspath(args.entente)
    sizes = [s for s in args.sizes.split(",") if s]
    only = set(args.tasks.split(",")) if args.tasks else None
    rows = []
    started = time.perf_counter()

    def log(msg):
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    for size in sizes:
        actors, relations = SIZES[size]
        gdir = os.path.join(out_dir, f"graph-{size}")
        ron = os.path.join(out_dir, f"graph-{size}.ron")
        if not (os.path.exists(ron) and os.path.exists(os.path.join(gdir, "edges.txt"))):
            log(f"generating {size}: {actors} actors, {relations} relations")
            subprocess.run(
                [entente, "generate", "--actors", str(actors), "--relations", str(relations),
                 "--blocs", "8", "--noise", "0.05", "--seed", "1", "-o", ron, "--csv-dir", gdir],
                check=True,
            )
        n, us, vs, ws, planted = read_graph_files(gdir)
        src, dst = pick_pair(n, us, vs, ws)
        ids = planted["actors"]
        planted_f = frustration(planted["bloc"], us, vs, ws)
        for task, where in TASKS.items():
            if size not in where or (only and task not in only):
                continue
            reference = None
            for tool in TOOLS[task]:
                if tool == "networkx" and size not in args.networkx_sizes:
                    continue
                if (size, task, tool) in SKIP:
                    continue
                if tool == "entente":
                    cmd = [entente, "bench-run", ron, "--task", ENTENTE_TASK[task]]
                    if task in ("path", "paths10"):
                        cmd += ["--from", ids[src], "--to", ids[dst], "--k", "10"]
                else:
                    cmd = [sys.executable, os.path.join(here, "compare.py"), "peer",
                           "--tool", tool, "--task", task, "--dir", gdir,
                           "--source", str(src), "--target", str(dst)]
                log(f"{size} {task} {tool}")
                res, peak, wall, err = run_measured(cmd, args.timeout)
                row = {"size": size, "actors": actors, "relations": relations, "task": task,
                       "tool": tool, "peak_mib": peak, "process_seconds": wall, "error": err}
                if res:
                    row.update({k: res.get(k) for k in
                                ("load_seconds", "load_cpu_seconds", "seconds", "cpu_seconds")})
                    r = res.get("result", {})
                    if "values" in r:
                        if tool == "igraph":
                            reference = r["values"]
                        row["values"] = r["values"]
                    if "strengths" in r:
                        row["strengths"] = r["strengths"]
                    if "labels" in r:
                        import igraph as ig

                        labels = r["labels"]
                        row["frustration"] = frustration(labels, us, vs, ws)
                        row["blocs"] = len(set(labels))
                        row["ari"] = ig.compare_communities(labels, planted["bloc"], method="ari")
                        row["nmi"] = ig.compare_communities(labels, planted["bloc"], method="nmi")
                        row["planted_frustration"] = planted_f
                rows.append(row)
            # Agreement of values with igraph (or with the first tool that has them).
            group = [r for r in rows if r["size"] == size and r["task"] == task]
            ref = reference or next((r["values"] for r in group if "values" in r), None)
            for r in group:
                if "values" in r:
                    r["max_rel_diff"] = max_rel_diff(r.pop("values"), ref)
            sref = next((r["strengths"] for r in group if r["tool"] == "igraph"
                         and "strengths" in r), None)
            for r in group:
                if "strengths" in r and sref:
                    a, b = r["strengths"], sref
                    r["strengths_match"] = len(a) == len(b) and all(
                        abs(x - y) <= 1e-9 * max(abs(y), 1e-300) for x, y in zip(a, b))
            ent = next((r for r in group if r["tool"] == "entente"), None)
            for r in group:
                if ent and r is not ent and r.get("seconds") and ent.get("seconds") is not None:
                    r["ratio_wall"] = ent["seconds"] / r["seconds"]
                    if r.get("cpu_seconds") and ent.get("cpu_seconds") is not None:
                        r["ratio_cpu"] = ent["cpu_seconds"] / r["cpu_seconds"] \
                            if r["cpu_seconds"] > 0 else None
                if ent and r is not ent and task == "load" and r.get("load_seconds"):
                    r["ratio_wall"] = ent["load_seconds"] / r["load_seconds"]
                    if r.get("load_cpu_seconds"):
                        r["ratio_cpu"] = ent["load_cpu_seconds"] / r["load_cpu_seconds"]

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "nproc": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "machine": platform.machine(),
        "versions": versions(),
        "total_seconds": time.perf_counter() - started,
    }
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    table = render(rows)
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(table)
    print(table)
    print(f"total {meta['total_seconds']:.0f} s; load average at the end "
          f"{' '.join(f'{x:.1f}' for x in meta['loadavg'])} on {meta['nproc']} CPUs")


def render(rows):
    head = ["size", "task", "tool", "load", "task wall", "task cpu", "peak MiB",
            "entente/peer wall", "entente/peer cpu", "quality"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        q = ""
        if r.get("error"):
            q = f"error: {r['error']}"
        elif "frustration" in r:
            q = (f"frustration {r['frustration']:.1f} (planted {r['planted_frustration']:.1f}), "
                 f"{r['blocs']} blocs, ARI {r['ari']:.3f}, NMI {r['nmi']:.3f}")
        elif r.get("max_rel_diff") is not None:
            q = f"max diff vs igraph {r['max_rel_diff']:.1e}"
        elif "strengths_match" in r:
            q = "same strengths as igraph" if r["strengths_match"] else "strengths differ"
        size = f"{r['size']} {r['actors'] // 1000}k/{r['relations'] // 1000}k"
        task_wall = None if r["task"] == "load" else r.get("seconds")
        task_cpu = None if r["task"] == "load" else r.get("cpu_seconds")
        lines.append("| " + " | ".join([
            size, r["task"], r["tool"], fmt_s(r.get("load_seconds")), fmt_s(task_wall),
            fmt_s(task_cpu), f"{r['peak_mib']:.0f}" if r.get("peak_mib") else "–",
            f"{r['ratio_wall']:.2f}" if r.get("ratio_wall") else "",
            f"{r['ratio_cpu']:.2f}" if r.get("ratio_cpu") else "",
            q,
        ]) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--entente", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--sizes", default="S,M,L")
    r.add_argument("--networkx-sizes", default="S")
    r.add_argument("--tasks", default="")
    r.add_argument("--timeout", type=float, default=600)
    p = sub.add_parser("peer")
    p.add_argument("--tool", required=True)
    p.add_argument("--task", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--source", type=int, default=0)
    p.add_argument("--target", type=int, default=1)
    a = ap.parse_args()
    if a.cmd == "run":
        orchestrate(a)
    else:
        peer(a)


if __name__ == "__main__":
    main()
