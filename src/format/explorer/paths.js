// entente explorer: the influence-path search of the page, the algorithm of `entente path`
// (src/analysis/paths) ported step by step. It is the first part of the page's script:
// src/format/explorer/mod.rs puts it before explorer.js in one <script>, which calls
// `ententePaths(data, noteOf)` and gets `find(view, from, to, k, hostile)`, `view` being
// what is shown (`relOk`, `actorOk`, the weights `W` on the date shown).
const ententePaths = function (D, noteOf) {
  'use strict';
  const A = D.actors;
  const R = D.relations;
  const N = A.length;
  const CONF = D.confidences;
  let V = null;
  // ---- Influence paths: the algorithm of `entente path` (src/analysis/paths), ported step
  // by step so that paths of equal strength come out the same. Net ties as Snapshot builds
  // them: out-rows (a directed relation from → to, a mutual one both ways) and their
  // reverse; parallel relations summed in relation order (to nine decimals), clamped to
  // [-1, 1], the largest |weight| their representative. Lengths −ln|w|. One path: a
  // bidirectional Dijkstra; k paths: Yen's algorithm with A* spur searches guided by the
  // distances to the target, candidates ordered by length, hops, then node numbers.
  function roundWeight(x) {
    const s = x * 1e9;
    return Math.abs(s) < 9e15 ? Math.sign(s) * Math.round(Math.abs(s)) / 1e9 : x;
  }
  // −ln|w| as entente computes it: the browser's Math.log differs from the C library's in
  // the last bit for some values, which would reorder paths of equal strength; the page is
  // handed the lengths of every net weight its ties can take.
  const LENGTHS = new Map(D.lengths.map(function (p) { return [p[0], p[1]]; }));
  function tieLength(w) {
    const l = LENGTHS.get(w);
    return l === undefined ? -Math.log(w) : l;
  }
  // model::Combine: how parallel relations become one net tie (the rule entente read with).
  function roundHalfAway(x) { return Math.sign(x) * Math.round(Math.abs(x)); }
  function exactSum(ws) { let s = 0; for (const w of ws) s += roundHalfAway(w * 1e9); return s / 1e9; }
  function combine(ws) {
    if (ws.length === 0) return 0;
    if (ws.length === 1) return Math.max(-1, Math.min(1, ws[0]));
    ws.sort(function (a, b) { return a - b || (Object.is(a, -0) ? -1 : Object.is(b, -0) ? 1 : 0); });
    let w;
    if (D.combine === 'mean') w = roundWeight(exactSum(ws) / ws.length);
    else if (D.combine === 'strongest') {
      const low = Math.min(ws[0], 0), high = Math.max(ws[ws.length - 1], 0);
      w = high > -low ? high : -low > high ? low : 0;
    } else if (D.combine === 'noisy-or') {
      let allied = 1, hostile = 1;
      for (const x of ws) {
        const c = Math.max(-1, Math.min(1, x));
        if (c > 0) allied *= 1 - c; else if (c < 0) hostile *= 1 + c;
      }
      w = roundWeight((1 - allied) - (1 - hostile));
    } else w = exactSum(ws);
    return Math.max(-1, Math.min(1, w)) + 0;
  }
  function csr(entries, hostile) {
    const rows = Array.from({ length: N }, function () { return []; });
    for (const [u, v, w, j] of entries) rows[u].push([v, w, j]);
    const net = { from: [], to: [], w: [], rel: [], len: [], start: new Int32Array(N + 1) };
    for (let u = 0; u < N; u++) {
      const row = rows[u];
      row.sort(function (a, b) { return a[0] - b[0] || a[2] - b[2]; });
      for (let g = 0; g < row.length;) {
        let h = g;
        while (h < row.length && row[h][0] === row[g][0]) h++;
        // The representative: the first relation of largest |weight|.
        let rep = row[g];
        for (let q = g + 1; q < h; q++) if (Math.abs(row[q][1]) > Math.abs(rep[1])) rep = row[q];
        net.from.push(u); net.to.push(rep[0]); net.rel.push(rep[2]);
        net.w.push(combine(row.slice(g, h).map(function (e) { return e[1]; })));
        g = h;
      }
      net.start[u + 1] = net.to.length;
    }
    for (let e = 0; e < net.w.length; e++) {
      const w = net.w[e];
      net.len.push(w === 0 || (w < 0 && !hostile) ? Infinity : tieLength(Math.abs(w)));
    }
    return net;
  }
  function networks(relOk, hostile) {
    const out = [], inc = [];
    for (let j = 0; j < R.length; j++) {
      if (!relOk[j]) continue;
      const r = R[j];
      const w = V.W[j];
      out.push([r.from, r.to, w, j]);
      inc.push([r.to, r.from, w, j]);
      if (!r.directed) { out.push([r.to, r.from, w, j]); inc.push([r.from, r.to, w, j]); }
    }
    return { net: csr(out, hostile), back: csr(inc, hostile) };
  }
  // A min-heap of [key, node], ordered by key then node (Rust's BinaryHeap<Reverse<(u64, u32)>>).
  function less(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }
  function heapPush(h, item) {
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[i], h[p])) { const t = h[i]; h[i] = h[p]; h[p] = t; i = p; } else break;
    }
  }
  function heapPop(h) {
    const top = h[0];
    const last = h.pop();
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        const t = h[i]; h[i] = h[m]; h[m] = t; i = m;
      }
    }
    return top;
  }
  function lengthOf(net, entries) { let s = 0; for (const e of entries) s += net.len[e]; return s; }
  function walkBack(net, pred, s, end) {
    const nodes = [end], entries = [];
    for (let v = end; v !== s;) { const e = pred[v]; entries.push(e); v = net.from[e]; nodes.push(v); }
    nodes.reverse(); entries.reverse();
    return [nodes, entries];
  }
  // Dijkstra, guided by `pot` (A*) when given; `cut` entries may not leave `cutFrom`.
  function dijkstra(net, s, t, blocked, cutFrom, cut, pot, maxLength) {
    const h = function (v) { return pot ? pot[v] : 0; };
    if (!Number.isFinite(h(s)) || h(s) > maxLength) return null;
    const dist = new Float64Array(N).fill(Infinity);
    const pred = new Int32Array(N).fill(-1);
    const settled = new Uint8Array(N);
    dist[s] = 0;
    const heap = [[h(s), s]];
    while (heap.length) {
      const u = heapPop(heap)[1];
      if (settled[u]) continue;
      const d = dist[u];
      settled[u] = 1;
      if (u === t) break;
      for (let e = net.start[u]; e < net.start[u + 1]; e++) {
        const v = net.to[e];
        if (!Number.isFinite(net.len[e]) || (blocked[v] && v !== s) || (u === cutFrom && cut.has(e))) continue;
        const hv = h(v);
        if (!Number.isFinite(hv)) continue;
        const nd = d + net.len[e];
        if (nd < dist[v] && nd + hv <= maxLength) { dist[v] = nd; pred[v] = e; heapPush(heap, [nd + hv, v]); }
      }
    }
    if (!settled[t]) return null;
    const [nodes, entries] = walkBack(net, pred, s, t);
    return { nodes: nodes, entries: entries, length: lengthOf(net, entries) };
  }
  // Bidirectional Dijkstra (Pohl 1971); 'not simple' when the halves meet in a walk that
  // repeats a node (only through ties of strength 1).
  function bidirectional(net, back, s, t) {
    const dist = [new Float64Array(N).fill(Infinity), new Float64Array(N).fill(Infinity)];
    const pred = [new Int32Array(N).fill(-1), new Int32Array(N).fill(-1)];
    const settled = [new Uint8Array(N), new Uint8Array(N)];
    const heap = [[[0, s]], [[0, t]]];
    dist[0][s] = 0; dist[1][t] = 0;
    let best = Infinity, meet = -1;
    while (heap[0].length && heap[1].length) {
      if (heap[0][0][0] + heap[1][0][0] >= best) break;
      const side = heap[0].length <= heap[1].length ? 0 : 1;
      const g = side === 0 ? net : back;
      const u = heapPop(heap[side])[1];
      if (settled[side][u]) continue;
      settled[side][u] = 1;
      const d = dist[side][u];
      for (let e = g.start[u]; e < g.start[u + 1]; e++) {
        const v = g.to[e];
        if (!Number.isFinite(g.len[e])) continue;
        const nd = d + g.len[e];
        if (nd < dist[side][v]) {
          dist[side][v] = nd; pred[side][v] = e; heapPush(heap[side], [nd, v]);
          const through = nd + dist[1 - side][v];
          if (through < best) { best = through; meet = v; }
        }
      }
    }
    if (meet < 0) return null;
    const [nodes, entries] = walkBack(net, pred[0], s, meet);
    for (let v = meet; v !== t;) {
      const next = back.from[pred[1][v]];
      let e = net.start[v];
      while (net.to[e] !== next) e++;
      entries.push(e); nodes.push(next);
      v = next;
    }
    if (new Set(nodes).size !== nodes.length) return 'not simple';
    return { nodes: nodes, entries: entries, length: lengthOf(net, entries) };
  }
  function distancesTo(back, t) {
    const dist = new Float64Array(N).fill(Infinity);
    const done = new Uint8Array(N);
    dist[t] = 0;
    const heap = [[0, t]];
    while (heap.length) {
      const v = heapPop(heap)[1];
      if (done[v]) continue;
      done[v] = 1;
      const d = dist[v];
      for (let e = back.start[v]; e < back.start[v + 1]; e++) {
        const u = back.to[e];
        const nd = d + back.len[e];
        if (nd < dist[u]) { dist[u] = nd; heapPush(heap, [nd, u]); }
      }
    }
    return dist;
  }
  function pathOrder(a, b) {
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    if (a.entries.length !== b.entries.length) return a.entries.length - b.entries.length;
    for (let i = 0; i < Math.min(a.nodes.length, b.nodes.length); i++) if (a.nodes[i] !== b.nodes[i]) return a.nodes[i] - b.nodes[i];
    return a.nodes.length - b.nodes.length;
  }
  function yen(nets, s, t, k) {
    const net = nets.net;
    const pot = k > 1 ? distancesTo(nets.back, t) : null;
    let first;
    if (pot) first = dijkstra(net, s, t, new Uint8Array(N), -1, null, pot, Infinity);
    else {
      first = bidirectional(net, nets.back, s, t);
      if (first === 'not simple') first = dijkstra(net, s, t, new Uint8Array(N), -1, null, null, Infinity);
    }
    if (!first) return [];
    const found = [first];
    const seen = new Set([first.nodes.join(',')]);
    const cands = [];
    while (found.length < k) {
      const last = found[found.length - 1];
      const still = k - found.length;
      // The lengths of the `still` shortest candidates: no longer spur path can be taken.
      const shortest = cands.map(function (c) { return c.length; }).sort(function (x, y) { return x - y; }).slice(0, still);
      const blocked = new Uint8Array(N);
      let rootLength = 0;
      for (let i = 0; i < last.entries.length; i++) {
        if (i > 0) rootLength += net.len[last.entries[i - 1]];
        const maxLength = shortest.length >= still && still > 0 ? shortest[shortest.length - 1] * (1 + 1e-9) - rootLength : Infinity;
        const spur = last.nodes[i];
        const root = last.nodes.slice(0, i + 1);
        const cut = new Set();
        for (const p of found) {
          if (p.nodes.length > i + 1 && root.every(function (x, q) { return p.nodes[q] === x; })) cut.add(p.entries[i]);
        }
        const sp = dijkstra(net, spur, t, blocked, spur, cut, pot, maxLength);
        if (sp) {
          const nodes = root.concat(sp.nodes.slice(1));
          const key = nodes.join(',');
          if (!seen.has(key)) {
            seen.add(key);
            const entries = last.entries.slice(0, i).concat(sp.entries);
            const length = lengthOf(net, entries);
            shortest.push(length);
            shortest.sort(function (x, y) { return x - y; });
            if (shortest.length > still) shortest.pop();
            cands.push({ nodes: nodes, entries: entries, length: length });
          }
        }
        blocked[spur] = 1;
      }
      if (!cands.length) break;
      cands.sort(pathOrder);
      found.push(cands.shift());
    }
    found.sort(pathOrder);
    return found;
  }
  function describe(net, p) {
    let strength = 1, sign = 1;
    const hops = p.entries.map(function (e, i) {
      const w = net.w[e];
      strength *= Math.abs(w);
      if (w < 0) sign = -sign;
      const r = R[net.rel[e]];
      return { from: A[p.nodes[i]].id, to: A[p.nodes[i + 1]].id, kind: r.kind, weight: w, directed: !!r.directed, confidence: CONF[r.confidence - 1], note: noteOf(net.rel[e]), relation: net.rel[e] };
    });
    return { actors: p.nodes.map(function (i) { return A[i].id; }), strength: strength, sign: sign, hops: hops };
  }
  function reachable(relOk, s, t) {
    const adj = Array.from({ length: N }, function () { return []; });
    for (let j = 0; j < R.length; j++) if (relOk[j]) { adj[R[j].from].push(R[j].to); if (!R[j].directed) adj[R[j].to].push(R[j].from); }
    const seen = new Uint8Array(N); seen[s] = 1;
    const q = [s];
    for (let i = 0; i < q.length; i++) for (const v of adj[q[i]]) if (!seen[v]) { seen[v] = 1; q.push(v); }
    return !!seen[t];
  }
  function findPaths(from, to, k, hostile) {
    const res = { from: A[from].id, to: A[to].id, k: k, allow_hostile: hostile, paths: [], reason: null };
    if (from === to) { res.reason = A[from].id + ' is both the source and the target'; return res; }
    if (!V.actorOk[from] || !V.actorOk[to]) { res.reason = 'one of the two actors is not shown (filters or time)'; return res; }
    const nets = networks(V.relOk, hostile);
    res.paths = yen(nets, from, to, k).map(function (p) { return describe(nets.net, p); });
    if (!res.paths.length) {
      if (!hostile && yen(networks(V.relOk, true), from, to, 1).length) res.reason = 'every chain from ' + A[from].id + ' to ' + A[to].id + ' goes through a hostile tie (tick "hostile ties carry" to see them)';
      else if (reachable(V.relOk, from, to)) res.reason = 'the chains from ' + A[from].id + ' to ' + A[to].id + ' cross ties of net weight 0';
      else res.reason = 'no chain of relations shown leads from ' + A[from].id + ' to ' + A[to].id;
    }
    return res;
  }
  return function (view, from, to, k, hostile) {
    V = view;
    return findPaths(from, to, k, hostile);
  };
};
