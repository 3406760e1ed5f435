#!/usr/bin/env python3
"""Time to interactive of the explorer page (`entente explore`) in headless Chromium.

For the shipped graph, a generated one (10k actors / 50k relations by default) and a graph
imported from synthetic GDELT events (a year of them: its slider stops on every month, and the
page carries each tallied dyad's weight and the panel's analyses per stop): writes the
page with entente (timed), opens it RUNS times in headless Chromium through chromedriver
(WebDriver over plain HTTP, standard library only), and reads two times per run:

- ready: the page's own mark, `window.entente.readyAt` (performance.now() when the first
  frame after the graph is drawn and every control is filled), from navigation start;
- wall: from the WebDriver navigate command to the page saying it is ready, as a user waits.

Prints a Markdown table (median of the runs, and the file size). Usage:

    bench/explorer.py [--entente PATH] [--runs 3] [--actors 10000] [--relations 50000]
                      [--events 200000] [--event-actors 150]

Needs chromium and chromedriver (apt-get install chromium chromium-driver). Run it on a quiet
machine (`nice` does not help a browser that waits for its GPU thread).
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, chromedriver, chromium):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [chromedriver, f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 30
        while True:
            try:
                if self.call("GET", "/status")["value"]["ready"]:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("chromedriver did not start")
            time.sleep(0.1)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--window-size=1600,1000",
                        ],
                    },
                }
            }
        }
        self.session = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=300) as r:
            return json.loads(r.read())

    def cmd(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)["value"]

    def js(self, script):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": []})

    def open_and_time(self, path):
        self.cmd("POST", "/url", {"url": "about:blank"})
        start = time.perf_counter()
        # The navigate command returns when the document has loaded (scripts run).
        self.cmd("POST", "/url", {"url": "file://" + os.path.abspath(path)})
        while not self.js("return !!(document.body && document.body.dataset.ready === '1');"):
            time.sleep(0.01)
        wall = time.perf_counter() - start
        ready = self.js("return window.entente.readyAt;") / 1000.0
        counts = self.js("return window.entente.counts();")
        counts["stops"] = self.js("return JSON.parse(document.getElementById('entente-data').textContent).dates.length;")
        counts["analyses"] = self.js("return JSON.parse(document.getElementById('entente-data').textContent).analyses.length;")
        return ready, wall, counts

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.proc.kill()
            self.proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entente", default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--actors", type=int, default=10000)
    ap.add_argument("--relations", type=int, default=50000)
    ap.add_argument("--events", type=int, default=200000)
    ap.add_argument("--event-actors", type=int, default=150)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    entente = args.entente or next(
        (p for p in (os.path.join(root, "target/release/entente"), os.path.join(root, "target/debug/entente")) if os.path.exists(p)),
        shutil.which("entente"),
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    chromedriver = shutil.which("chromedriver")
    if not (entente and chromium and chromedriver):
        raise SystemExit("needs entente (cargo build), chromium and chromedriver")
    tmp = tempfile.mkdtemp(prefix="explorer-bench-")
    big = os.path.join(tmp, "big.ron")
    subprocess.run(
        [entente, "generate", "--actors", str(args.actors), "--relations", str(args.relations),
         "--blocs", "8", "--seed", "1", "-o", big],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    events = os.path.join(tmp, "events.tsv")
    evgraph = os.path.join(tmp, "events.ron")
    subprocess.run(
        [entente, "generate", "--events", str(args.events), "--actors", str(args.event_actors),
         "--days", "365", "--seed", "1", "-o", events],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    subprocess.run([entente, "events", "import", events, "-o", evgraph], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cases = [
        ("shipped (34 actors / 117 relations)", os.path.join(root, "graphs/south_caucasus_2025.ron")),
        (f"generated ({args.actors} / {args.relations})", big),
        (f"events ({args.events} synthetic GDELT events, {args.event_actors} countries, a year)", evgraph),
    ]
    rows = []
    driver = Driver(chromedriver, chromium)
    try:
        for name, graph in cases:
            page = os.path.join(tmp, os.path.basename(graph) + ".html")
            t0 = time.perf_counter()
            subprocess.run([entente, "explore", graph, "-o", page, "--force"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            write = time.perf_counter() - t0
            size = os.path.getsize(page)
            readies, walls = [], []
            for _ in range(args.runs):
                ready, wall, counts = driver.open_and_time(page)
                readies.append(ready)
                walls.append(wall)
            rows.append((name, write, size, statistics.median(readies), statistics.median(walls),
                         min(walls), max(walls), counts))
            print(f"{name}: ready {readies}, wall {walls}", file=sys.stderr)
    finally:
        driver.quit()
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Chromium: {version}; entente: {entente}; runs per page: {args.runs}; "
          f"load average before: {os.getloadavg()[0]:.1f}\n")
    print("| graph | page written | file size | ready (page mark, median) | interactive (wall, median) | wall min–max | shown | stops / analyses |")
    print("|---|---|---|---|---|---|---|---|")
    for name, write, size, ready, wall, lo, hi, counts in rows:
        print(f"| {name} | {write:.2f} s | {size / 1024 / 1024:.2f} MiB | {ready:.2f} s | {wall:.2f} s | "
              f"{lo:.2f}–{hi:.2f} s | {counts['actors']} actors, {counts['relations']} relations | "
              f"{counts['stops']} / {counts['analyses']} |")


if __name__ == "__main__":
    main()
