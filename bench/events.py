#!/usr/bin/env python3
"""Event aggregation at scale: entente vs DuckDB vs Polars on the same synthetic GDELT 2.0
file, computing the same dyad-month table (the `entente events summary --by month` table:
actors = 3-letter country codes, one-actor and same-country rows skipped, an event id counted
once, counts, mentions, mean and mention-weighted mean Goldstein, QuadClass counts).

Run through `bench/compare --events` (which makes the venv and builds entente), or:

    bench/.venv/bin/python bench/events.py --entente target/release/entente --sizes 1000000,10000000

Each tool runs in its own child process from the uncompressed TSV, timed from outside (wall,
CPU = user + system of the child, peak RSS from wait4); every tool's table is written as CSV
(floats in shortest round-trip form) and compared byte for byte with entente's.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

SQL = """
WITH dedup AS (
  SELECT * FROM read_csv('{path}', delim='\t', header=false, quote='', escape='',
                         columns={columns}, parallel=true)
  QUALIFY row_number() OVER (PARTITION BY GLOBALEVENTID ORDER BY GLOBALEVENTID) = 1
), ev AS (
  SELECT SQLDATE, Actor1CountryCode AS source, Actor2CountryCode AS target,
         CAST(round(GoldsteinScale * 10) AS BIGINT) AS tenths,
         coalesce(NumMentions, 1) AS mentions, QuadClass AS quad
  FROM dedup
  WHERE regexp_full_match(coalesce(Actor1CountryCode, ''), '[A-Z]{{3}}')
    AND regexp_full_match(coalesce(Actor2CountryCode, ''), '[A-Z]{{3}}')
    AND Actor1CountryCode <> Actor2CountryCode
)
SELECT source, target,
       CAST(SQLDATE // 10000 AS VARCHAR) || '-' || lpad(CAST((SQLDATE // 100) % 100 AS VARCHAR), 2, '0') AS period,
       count(*) AS events, sum(mentions) AS mentions,
       (sum(tenths) / 10) / count(*) AS goldstein_mean,
       (sum(tenths * mentions) / 10) / sum(mentions) AS goldstein_weighted,
       count(*) FILTER (WHERE quad = 1) AS verbal_coop,
       count(*) FILTER (WHERE quad = 2) AS material_coop,
       count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
       count(*) FILTER (WHERE quad = 4) AS material_conflict
FROM ev
GROUP BY ALL
ORDER BY source, target, period
"""

HEAD = ("source,target,period,events,mentions,goldstein_mean,goldstein_weighted,"
        "verbal_coop,material_coop,verbal_conflict,material_conflict")


def gdelt2_columns():
    head = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    for a in ["Actor1", "Actor2"]:
        head += [f"{a}{f}" for f in ["Code", "Name", "CountryCode", "KnownGroupCode",
                                     "EthnicCode", "Religion1Code", "Religion2Code",
                                     "Type1Code", "Type2Code", "Type3Code"]]
    head += ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
             "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    for p in ["Actor1", "Actor2", "Action"]:
        head += [f"{p}Geo_{f}" for f in ["Type", "FullName", "CountryCode", "ADM1Code",
                                         "ADM2Code", "Lat", "Long", "FeatureID"]]
    return head + ["DATEADDED", "SOURCEURL"]


TYPES = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "BIGINT", "QuadClass": "INTEGER",
         "GoldsteinScale": "DOUBLE", "NumMentions": "BIGINT"}


def table_csv(rows):
    out = [HEAD]
    for r in rows:
        out.append(",".join(repr(float(v)) if isinstance(v, float) else str(v) for v in r))
    return "\n".join(out) + "\n"


def peer_duckdb(path, out):
    import duckdb
    cols = "{" + ", ".join(f"'{c}': '{TYPES.get(c, 'VARCHAR')}'" for c in gdelt2_columns()) + "}"
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    rows = con.execute(SQL.format(path=path, columns=cols)).fetchall()
    with open(out, "w") as f:
        f.write(table_csv(rows))


def peer_polars(path, out):
    import polars as pl
    names = gdelt2_columns()
    schema = {c: pl.Utf8 for c in names}
    schema.update({"GLOBALEVENTID": pl.Int64, "SQLDATE": pl.Int64, "QuadClass": pl.Int32,
                   "GoldsteinScale": pl.Float64, "NumMentions": pl.Int64})
    lf = pl.scan_csv(path, separator="\t", has_header=False, new_columns=names,
                     schema=schema, quote_char=None)
    code = r"^[A-Z]{3}$"
    q = (lf.unique(subset=["GLOBALEVENTID"], keep="first", maintain_order=True)
         .filter(pl.col("Actor1CountryCode").fill_null("").str.contains(code)
                 & pl.col("Actor2CountryCode").fill_null("").str.contains(code)
                 & (pl.col("Actor1CountryCode") != pl.col("Actor2CountryCode")))
         .with_columns(
             (pl.col("GoldsteinScale") * 10).round(0).cast(pl.Int64).alias("tenths"),
             pl.col("NumMentions").fill_null(1).alias("mentions"),
             ((pl.col("SQLDATE") // 10000).cast(pl.Utf8) + "-"
              + ((pl.col("SQLDATE") // 100) % 100).cast(pl.Utf8).str.zfill(2)).alias("period"))
         .group_by(["Actor1CountryCode", "Actor2CountryCode", "period"])
         .agg(pl.len().alias("events"), pl.col("mentions").sum(),
              pl.col("tenths").sum().alias("t"),
              (pl.col("tenths") * pl.col("mentions")).sum().alias("tm"),
              *[(pl.col("QuadClass") == k).sum().alias(n) for k, n in
                [(1, "verbal_coop"), (2, "material_coop"), (3, "verbal_conflict"),
                 (4, "material_conflict")]])
         .sort(["Actor1CountryCode", "Actor2CountryCode", "period"]))
    df = q.collect()
    rows = []
    for r in df.iter_rows(named=True):
        rows.append((r["Actor1CountryCode"], r["Actor2CountryCode"], r["period"], r["events"],
                     r["mentions"], (r["t"] / 10) / r["events"], (r["tm"] / 10) / r["mentions"],
                     r["verbal_coop"], r["material_coop"], r["verbal_conflict"],
                     r["material_conflict"]))
    with open(out, "w") as f:
        f.write(table_csv(rows))


def timed(cmd, stdout=None):
    """Runs cmd; wall seconds, CPU seconds (user + system) and peak RSS (MiB) of the child."""
    start = time.perf_counter()
    with open(stdout, "w") if stdout else open(os.devnull, "w") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        err = p.stderr.read().decode()
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed: {err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="role")
    peer = sub.add_parser("peer")
    peer.add_argument("tool", choices=["duckdb", "polars"])
    peer.add_argument("path")
    peer.add_argument("out")
    run = sub.add_parser("run")
    run.add_argument("--entente", required=True)
    run.add_argument("--sizes", default="1000000,10000000")
    run.add_argument("--actors", type=int, default=200)
    run.add_argument("--out", default=os.path.join(HERE, "out", "events"))
    run.add_argument("--keep", action="store_true", help="keep the generated files")
    a = ap.parse_args()
    if a.role == "peer":
        {"duckdb": peer_duckdb, "polars": peer_polars}[a.tool](a.path, a.out)
        return
    os.makedirs(a.out, exist_ok=True)
    results = []
    for n in [int(s) for s in a.sizes.split(",")]:
        path = os.path.join(a.out, f"events_{n}.tsv")
        if not os.path.exists(path):
            subprocess.run([a.entente, "generate", "--events", str(n), "--actors", str(a.actors),
                            "--seed", "1", "-o", path], check=True)
        size = os.path.getsize(path)
        tables = {}
        for tool in ["entente", "duckdb", "polars"]:
            out = os.path.join(a.out, f"{tool}_{n}.csv")
            if tool == "entente":
                cmd = [a.entente, "events", "summary", path, "--by", "month", "--format", "csv"]
                wall, cpu, rss = timed(cmd, stdout=out)
            else:
                wall, cpu, rss = timed([sys.executable, __file__, "peer", tool, path, out])
            with open(out) as f:
                tables[tool] = f.read()
            same = tables[tool] == tables["entente"]
            results.append({"events": n, "bytes": size, "tool": tool, "wall_s": round(wall, 2),
                            "cpu_s": round(cpu, 2), "peak_mib": round(rss),
                            "rows_per_s": round(n / wall), "same_table": same,
                            "dyad_months": tables[tool].count("\n") - 1})
            print(json.dumps(results[-1]), flush=True)
        if not a.keep:
            os.remove(path)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("\n| events | file | tool | wall s | CPU s | peak MiB | rows/s (wall) | dyad-months | same table |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['events']:,} | {r['bytes'] / 2**20:,.0f} MiB | {r['tool']} | {r['wall_s']} | "
              f"{r['cpu_s']} | {r['peak_mib']} | {r['rows_per_s']:,} | {r['dyad_months']:,} | "
              f"{'yes' if r['same_table'] else 'NO'} |")


if __name__ == "__main__":
    main()
