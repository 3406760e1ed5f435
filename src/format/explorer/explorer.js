// entente explorer and HTML report: the page's only script besides Cytoscape.js.
// Every string from the data is shown with textContent (never as markup); no handler is
// built from data. See docs/explorer.md.
(function () {
  'use strict';

  // ---- Report: sortable tables -------------------------------------------------------
  function cellValue(td) {
    const t = td.textContent.trim();
    const n = Number(t.replace(/[%,]/g, ''));
    return t !== '' && Number.isFinite(n) ? n : t.toLowerCase();
  }
  function makeSortable(table) {
    const heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      function sort() {
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).map(function (r, i) { return [r, i]; });
        rows.sort(function (a, b) {
          const x = cellValue(a[0].cells[col]);
          const y = cellValue(b[0].cells[col]);
          let c = 0;
          if (typeof x === 'number' && typeof y === 'number') c = x - y;
          else c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
          if (!asc) c = -c;
          return c || a[1] - b[1];
        });
        rows.forEach(function (r) { body.appendChild(r[0]); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
    });
  }
  document.querySelectorAll('table.sortable').forEach(makeSortable);

  const dataEl = document.getElementById('entente-data');
  if (!dataEl || typeof cytoscape !== 'function') return;
  const D = JSON.parse(dataEl.textContent);

  // ---- Small DOM helpers --------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function num(x, digits) {
    const d = digits === undefined ? 2 : digits;
    const s = Number(x).toFixed(d);
    return s.indexOf('.') < 0 ? s : s.replace(/0+$/, '').replace(/\.$/, '');
  }
  const SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }

  const A = D.actors;
  const R = D.relations;
  const E = D.events;
  const N = A.length;
  const LARGE = N > 1500 || R.length > 6000;
  const kindStyle = {};
  D.actor_kinds.forEach(function (k) { kindStyle[k.kind] = k; });
  const CONF = D.confidences;

  // ---- State ----------------------------------------------------------------------------
  function defaultDateIndex() {
    if (D.as_of === null || D.as_of === undefined) return Math.max(0, D.dates.length - 1);
    const i = D.dates.findIndex(function (d) { return d.label === D.as_of; });
    return i < 0 ? Math.max(0, D.dates.length - 1) : i;
  }
  const S = {
    dateIndex: defaultDateIndex(),
    allDates: D.as_of === null || D.as_of === undefined || D.dates.length === 0,
    window: 12,
    side: 'after',
    minWeight: 0,
    minConf: D.min_confidence || CONF.length,
    signs: { allied: true, hostile: true, neutral: true },
    actorKinds: new Set(D.actor_kinds.map(function (k) { return k.kind; })),
    relKinds: new Set(D.relation_kinds),
    focus: null,
    selected: null,
    paths: null,
    pathIndex: 0,
  };
  let V = null; // what is shown: see compute()

  // ---- What is shown: exactly the CLI's filters, in the CLI's order -------------------------
  function signOf(w) { return w > 0 ? 'allied' : w < 0 ? 'hostile' : 'neutral'; }
  function onSide(x) { return !D.scenario || !x.side || x.side === S.side; }
  function currentDay() { return S.allDates ? null : D.dates[S.dateIndex].last; }
  // The analyses of the date shown (entente's, computed per date: see docs/explorer.md), of
  // the graph shown: a scenario's base before it, its result after.
  function analysisNow() {
    const st = S.allDates || !D.dates.length ? null : D.dates[S.dateIndex];
    const before = D.scenario && S.side === 'before';
    let pick;
    if (st) pick = before && st.before ? st.before : [st.analysis, st.exact];
    else pick = before && D.all_dates_before ? D.all_dates_before : [D.all_dates_analysis, D.all_dates_exact];
    return { an: D.analyses[pick[0]], exact: pick[1], when: st ? st.label : null };
  }
  // Where an analysis's grouping draws actor i: its own layout, or the opening one.
  function posOf(An, i) {
    if (An.layout === undefined || An.layout === null) return { x: A[i].x, y: A[i].y };
    const L = D.layouts[An.layout];
    return { x: L[2 * i], y: L[2 * i + 1] };
  }
  function blocOf(An, i) {
    const b = An.bloc[i];
    return b === null || b === undefined ? null : b;
  }
  function inForce(r, day) {
    return day === null || ((!r.start || r.start <= day) && (!r.end || day <= r.end));
  }
  function shiftMonths(day, months) {
    const y = Number(day.slice(0, 4));
    const m = Number(day.slice(5, 7));
    const d = Number(day.slice(8, 10));
    const t = new Date(Date.UTC(y, m - 1 - months, d + 1));
    if (t.getUTCDate() !== d + 1 && d >= 28) t.setUTCDate(1);
    return t.toISOString().slice(0, 10);
  }
  // A relation's weight on the date shown: an event graph's tallied dyads have one per stop
  // (0: no relation then), computed by entente as `--as-of` does; the relations they
  // replace are read only for every relation whatever its dates.
  function weightNow(r) {
    if (r.weights) return S.allDates ? 0 : r.weights[S.dateIndex];
    return r.weight;
  }
  function noteOf(j) {
    const r = R[j];
    if (!r.events || S.allDates) return r.note || null;
    return r.events[S.dateIndex] + ' event(s) up to ' + D.dates[S.dateIndex].last;
  }
  function compute() {
    const day = currentDay();
    const actorOk = new Uint8Array(N);
    for (let i = 0; i < N; i++) actorOk[i] = onSide(A[i]) && S.actorKinds.has(A[i].kind) ? 1 : 0;
    const relOk = new Uint8Array(R.length);
    const W = new Float64Array(R.length);
    for (let j = 0; j < R.length; j++) {
      const r = R[j];
      const w = weightNow(r);
      W[j] = w;
      const exists = r.weights ? w !== 0 : !(r.undated_only && day !== null);
      relOk[j] = exists && onSide(r) && inForce(r, day) && r.confidence <= S.minConf &&
        actorOk[r.from] && actorOk[r.to] && Math.abs(w) >= S.minWeight &&
        S.relKinds.has(r.kind) && S.signs[signOf(w)] ? 1 : 0;
    }
    if (S.focus !== null && actorOk[S.focus.actor]) {
      // Breadth-first over the relations shown, direction ignored (as `entente dot --focus`).
      const adj = Array.from({ length: N }, function () { return []; });
      for (let j = 0; j < R.length; j++) {
        if (!relOk[j]) continue;
        adj[R[j].from].push(R[j].to);
        adj[R[j].to].push(R[j].from);
      }
      const dist = new Int32Array(N).fill(-1);
      dist[S.focus.actor] = 0;
      const queue = [S.focus.actor];
      for (let q = 0; q < queue.length; q++) {
        const u = queue[q];
        if (dist[u] === S.focus.depth) continue;
        for (const v of adj[u]) if (dist[v] < 0) { dist[v] = dist[u] + 1; queue.push(v); }
      }
      for (let i = 0; i < N; i++) if (dist[i] < 0) actorOk[i] = 0;
      for (let j = 0; j < R.length; j++) if (relOk[j] && !(actorOk[R[j].from] && actorOk[R[j].to])) relOk[j] = 0;
    }
    let lo = null;
    if (day !== null && S.window >= 0) lo = S.window === 0 ? D.dates[S.dateIndex].first : shiftMonths(day, S.window);
    const events = [];
    let eventsUpTo = 0;
    E.forEach(function (e, i) {
      if (day !== null && e.first > day) return;
      eventsUpTo++;
      if (lo !== null && e.last < lo) return;
      events.push(i);
    });
    let na = 0, nr = 0;
    for (let i = 0; i < N; i++) na += actorOk[i];
    for (let j = 0; j < R.length; j++) nr += relOk[j];
    return { actorOk: actorOk, relOk: relOk, W: W, actors: na, relations: nr, events: events, eventsUpTo: eventsUpTo, day: day, lo: lo };
  }

  // ---- Influence paths: paths.js (the algorithm of `entente path`) -----------------------
  const findPathsIn = ententePaths(D, noteOf);
  function findPaths(from, to, k, hostile) { return findPathsIn(V, from, to, k, hostile); }

  // ---- Drawing --------------------------------------------------------------------------
  const confStyle = function (c) { return c <= 2 ? 'solid' : c === 3 ? 'dashed' : 'dotted'; };
  function colorOf(w) { return w > 0 ? D.colors.allied : w < 0 ? D.colors.hostile : D.colors.neutral; }
  // Large graphs are drawn by bloc: one node per bloc and one edge per pair of blocs (the
  // relations shown between them, coloured by their net sign); a click on a bloc draws its
  // actors and the relations among the actors drawn. Counts, filters, time and paths read
  // every relation either way.
  // The 24 largest blocs (of two actors or more) are drawn each on its own; the others, and
  // actors without a bloc, together as 'other blocs'. The drawing follows the blocs of the
  // date (and graph) shown: `drawn` is the analysis whose blocs it draws.
  let drawn = analysisNow().an;
  let NB = 0, groupOf = [], centre = [];
  const expanded = new Set();
  function groupsOf(An) {
    NB = An.blocs.length;
    const ownGroup = new Uint8Array(NB);
    An.blocs.map(function (b, i) { return [b.members, i]; })
      .filter(function (x) { return x[0] >= 2; })
      .sort(function (x, y) { return y[0] - x[0] || x[1] - y[1]; })
      .slice(0, 24)
      .forEach(function (x) { ownGroup[x[1]] = 1; });
    groupOf = A.map(function (a, i) { const b = blocOf(An, i); return b !== null && ownGroup[b] ? b : NB; });
    centre = [];
    for (let b = 0; b <= NB; b++) centre.push({ x: 0, y: 0, n: 0 });
    A.forEach(function (a, i) { const c = centre[groupOf[i]]; const p = posOf(An, i); c.x += p.x; c.y += p.y; c.n++; });
    centre.forEach(function (c) { if (c.n) { c.x /= c.n; c.y /= c.n; } });
  }
  function actorElement(a, i, parent) {
    const k = kindStyle[a.kind] || { shape: 'ellipse', fill: '#eeeeee' };
    const b = blocOf(drawn, i);
    const data = { id: 'a' + i, label: a.name, shape: k.shape, fill: k.fill, border: b !== null ? drawn.blocs[b].color : '#555555' };
    if (parent) data.parent = parent;
    return { group: 'nodes', data: data, position: posOf(drawn, i), classes: a.side ? 'side-' + a.side : '' };
  }
  function edgeLook(w) { return { color: colorOf(w), width: 0.5 + 3 * Math.min(1, Math.abs(w)) }; }
  function relationElement(r, j) {
    const look = edgeLook(V ? V.W[j] : r.weight);
    return {
      group: 'edges',
      data: { id: 'r' + j, source: 'a' + r.from, target: 'a' + r.to, color: look.color, width: look.width, line: confStyle(r.confidence) },
      classes: (r.directed ? 'directed ' : '') + (r.change ? r.change : ''),
    };
  }
  // The box of bloc b in analysis An (blocs of two actors or more are drawn as boxes).
  function boxOf(An, i) {
    const b = blocOf(An, i);
    return b !== null && An.blocs[b].members >= 2 ? 'b' + b : null;
  }
  const elements = [];
  if (LARGE) groupsOf(drawn);
  else {
    // A box for every bloc number any analysis has; those without an actor shown are hidden.
    const boxes = D.analyses.reduce(function (m, an) { return Math.max(m, an.blocs.length); }, 0);
    for (let k = 0; k < boxes; k++) {
      const b = drawn.blocs[k] || { label: 'bloc ' + k, color: '#666666' };
      elements.push({ group: 'nodes', data: { id: 'b' + k, label: b.label, color: b.color }, classes: 'bloc' });
    }
    A.forEach(function (a, i) { elements.push(actorElement(a, i, boxOf(drawn, i))); });
    R.forEach(function (r, j) { elements.push(relationElement(r, j)); });
  }
  // Draws the blocs of the analysis shown, if they are not drawn yet: each actor into its
  // bloc's box, coloured by it, at its place in that grouping's layout. What is shown, the
  // focus, the selection and the path stay.
  function regroup() {
    const An = analysisNow().an;
    if (An === drawn) return;
    drawn = An;
    legendBlocs();
    if (LARGE) {
      groupsOf(An);
      expanded.clear();
      if (S.selected !== null) expanded.add(groupOf[S.selected]);
      return;
    }
    cy.batch(function () {
      An.blocs.forEach(function (b, k) { cy.$id('b' + k).data({ label: b.label, color: b.color }); });
      const moves = new Map();
      for (let i = 0; i < N; i++) {
        const n = cy.$id('a' + i);
        const b = blocOf(An, i);
        n.data('border', b !== null ? An.blocs[b].color : '#555555');
        const box = boxOf(An, i);
        const now = n.parent().length ? n.parent().id() : null;
        if (now !== box) {
          if (!moves.has(box)) moves.set(box, []);
          moves.get(box).push(n);
        }
      }
      moves.forEach(function (nodes, box) { cy.collection(nodes).move({ parent: box }); });
      for (let i = 0; i < N; i++) cy.$id('a' + i).position(posOf(An, i));
    });
  }
  // The drawing of a large graph for what is shown (see above).
  function drawLarge() {
    const shownIn = new Int32Array(NB + 1);
    for (let i = 0; i < N; i++) if (V.actorOk[i] && !expanded.has(groupOf[i])) shownIn[groupOf[i]]++;
    const els = [];
    for (let b = 0; b <= NB; b++) {
      if (expanded.has(b) || !shownIn[b]) continue;
      const bl = drawn.blocs[b];
      els.push({ group: 'nodes', data: { id: 'g' + b, label: (bl ? bl.label : 'other blocs') + ': ' + shownIn[b] + ' actors', color: bl ? bl.color : '#666666', size: 1.8 * (26 * Math.sqrt(shownIn[b]) + 26), font: Math.max(14, 0.18 * (26 * Math.sqrt(shownIn[b]) + 26)) }, position: { x: centre[b].x, y: centre[b].y }, classes: 'group' });
    }
    for (let i = 0; i < N; i++) if (V.actorOk[i] && expanded.has(groupOf[i])) els.push(actorElement(A[i], i, null));
    const agg = new Map();
    for (let j = 0; j < R.length; j++) {
      if (!V.relOk[j]) continue;
      const r = R[j];
      const ga = groupOf[r.from], gb = groupOf[r.to];
      const ea = expanded.has(ga), eb = expanded.has(gb);
      if (ea && eb) { els.push(relationElement(r, j)); continue; }
      if (ea || eb || ga === gb) continue;
      const key = Math.min(ga, gb) + '_' + Math.max(ga, gb);
      const x = agg.get(key) || { a: Math.min(ga, gb), b: Math.max(ga, gb), n: 0, w: 0 };
      x.n++; x.w += V.W[j];
      agg.set(key, x);
    }
    agg.forEach(function (x, key) {
      els.push({ group: 'edges', data: { id: 'e' + key, source: 'g' + x.a, target: 'g' + x.b, color: colorOf(x.w), width: 6 * (1 + Math.log2(x.n)), line: 'solid', label: String(x.n) }, classes: 'agg' });
    });
    cy.batch(function () { cy.elements().remove(); cy.add(els); });
  }
  function expand(b, on) {
    if (on) expanded.add(b); else expanded.delete(b);
    update();
  }
  const style = [
    { selector: 'node', style: { shape: 'data(shape)', 'background-color': 'data(fill)', 'border-color': 'data(border)', 'border-width': 2, label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'wrap', 'text-max-width': 120, width: 'label', height: 'label', padding: 7, color: '#1f2328', 'min-zoomed-font-size': LARGE ? 8 : 0 } },
    { selector: 'node.bloc', style: { shape: 'round-rectangle', 'background-color': 'data(color)', 'background-opacity': 0.08, 'border-color': 'data(color)', 'border-width': 1.5, label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 12, 'font-weight': 'bold', color: 'data(color)', padding: 14 } },
    { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', 'line-style': 'data(line)', 'curve-style': LARGE ? 'haystack' : 'bezier', opacity: 0.85, 'target-arrow-shape': 'none', 'arrow-scale': 0.8 } },
    { selector: 'edge.directed', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(color)' } },
    { selector: 'edge.added', style: { 'underlay-color': '#2da44e', 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
    { selector: 'edge.removed', style: { 'underlay-color': '#cf222e', 'underlay-opacity': 0.3, 'underlay-padding': 4 } },
    { selector: 'edge.changed', style: { 'underlay-color': '#d4a72c', 'underlay-opacity': 0.4, 'underlay-padding': 4 } },
    { selector: 'node.side-after', style: { 'border-style': 'double', 'border-width': 4, 'border-color': '#2da44e' } },
    { selector: 'node.side-before', style: { 'border-style': 'double', 'border-width': 4, 'border-color': '#cf222e' } },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: 'node.group', style: { shape: 'ellipse', width: 'data(size)', height: 'data(size)', 'background-color': 'data(color)', 'background-opacity': 0.25, 'border-color': 'data(color)', 'border-width': 2, label: 'data(label)', 'font-size': 'data(font)', 'font-weight': 'bold', color: '#1f2328', 'min-zoomed-font-size': 0, 'text-valign': 'center', 'text-wrap': 'wrap', 'text-max-width': 'data(size)' } },
    { selector: 'edge.agg', style: { label: 'data(label)', 'font-size': 40, 'curve-style': 'straight', opacity: 0.6, 'text-background-color': '#ffffff', 'text-background-opacity': 0.8 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#8250df' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1f2328' } },
    { selector: 'node.onpath', style: { 'border-width': 4, 'border-color': D.colors.highlight, 'underlay-color': D.colors.highlight, 'underlay-opacity': 0.35, 'underlay-padding': 5 } },
    { selector: 'edge.onpath', style: { 'underlay-color': D.colors.highlight, 'underlay-opacity': 0.6, 'underlay-padding': 5, opacity: 1, 'z-index': 10 } },
  ];
  const cy = cytoscape({
    container: $('x-graph'),
    elements: elements,
    style: style,
    layout: { name: 'preset', fit: true, padding: 30 },
    wheelSensitivity: 0.3,
    minZoom: 0.02,
    maxZoom: 6,
    boxSelectionEnabled: false,
    selectionType: 'single',
    hideEdgesOnViewport: LARGE,
    textureOnViewport: LARGE,
    pixelRatio: LARGE ? 1 : 'auto',
  });

  // ---- Controls -------------------------------------------------------------------------
  $('x-title').textContent = D.title;
  // The header says which relations are shown: the command's date line while the slider is
  // where the page opened, the slider's date once it moved.
  function sourceLine() {
    const opened = S.allDates ? (D.as_of === null || D.as_of === undefined) : D.dates.length > 0 && D.dates[S.dateIndex].label === D.as_of;
    const now = S.allDates ? 'Every relation, whatever its dates (as --all-dates).' : 'Relations in force on ' + D.dates[S.dateIndex].label + ' (as --as-of ' + D.dates[S.dateIndex].label + ').';
    $('x-source').textContent = D.source + '. ' + (opened || !D.dates.length ? D.as_of_line : now);
  }
  const confSel = $('x-min-confidence');
  CONF.forEach(function (c, i) {
    const o = el('option', null, (i + 1) + ' ' + c + (i + 1 < CONF.length ? ' or better' : ' (all)'));
    o.value = String(i + 1);
    confSel.appendChild(o);
  });
  confSel.value = String(S.minConf);
  const checkCounts = {};
  function checks(container, name, values, label, state) {
    values.forEach(function (v) {
      const l = el('label');
      const c = el('input');
      c.type = 'checkbox'; c.checked = true; c.dataset.filter = name; c.value = v;
      c.addEventListener('change', function () {
        if (c.checked) state.add ? state.add(v) : (state[v] = true);
        else state.delete ? state.delete(v) : (state[v] = false);
        update();
      });
      const n = el('span', 'x-n', '0');
      checkCounts[name + ':' + v] = n;
      l.appendChild(c); l.appendChild(el('span', null, label ? label(v) : v)); l.appendChild(n);
      container.appendChild(l);
    });
  }
  checks($('x-signs'), 'sign', ['allied', 'hostile', 'neutral'], function (v) { return v === 'allied' ? 'allied (> 0)' : v === 'hostile' ? 'hostile (< 0)' : 'neutral (0)'; }, S.signs);
  checks($('x-actor-kinds'), 'actor-kind', D.actor_kinds.map(function (k) { return k.kind; }), null, S.actorKinds);
  const usedKinds = D.relation_kinds.filter(function (k) { return R.some(function (r) { return r.kind === k; }); });
  checks($('x-relation-kinds'), 'relation-kind', usedKinds, null, S.relKinds);

  const slider = $('x-date');
  slider.max = String(Math.max(0, D.dates.length - 1));
  slider.value = String(S.dateIndex);
  if (!D.dates.length) { $('x-time').disabled = true; }
  $('x-all-dates').checked = S.allDates;
  slider.addEventListener('input', function () { S.dateIndex = Number(slider.value); S.allDates = false; $('x-all-dates').checked = false; update(); });
  $('x-all-dates').addEventListener('change', function () { S.allDates = $('x-all-dates').checked; update(); });
  $('x-window').addEventListener('change', function () { S.window = Number($('x-window').value); update(); });
  let timer = null;
  $('x-play').addEventListener('click', function () {
    if (timer !== null) { clearInterval(timer); timer = null; $('x-play').textContent = '\u25B6'; return; }
    if (S.dateIndex >= D.dates.length - 1 || S.allDates) S.dateIndex = 0;
    S.allDates = false; $('x-all-dates').checked = false;
    $('x-play').textContent = '\u275A\u275A';
    update();
    timer = setInterval(function () {
      if (S.dateIndex >= D.dates.length - 1) { clearInterval(timer); timer = null; $('x-play').textContent = '\u25B6'; return; }
      S.dateIndex++;
      slider.value = String(S.dateIndex);
      update();
    }, 900);
  });
  $('x-min-weight').addEventListener('input', function () {
    const w = Number($('x-min-weight').value);
    S.minWeight = Number.isFinite(w) ? Math.max(0, w) : 0;
    update();
  });
  confSel.addEventListener('change', function () { S.minConf = Number(confSel.value); update(); });
  $('x-reset').addEventListener('click', function () {
    S.minWeight = 0; $('x-min-weight').value = '0';
    S.minConf = CONF.length; confSel.value = String(CONF.length);
    document.querySelectorAll('input[data-filter]').forEach(function (c) { c.checked = true; });
    S.signs = { allied: true, hostile: true, neutral: true };
    D.actor_kinds.forEach(function (k) { S.actorKinds.add(k.kind); });
    D.relation_kinds.forEach(function (k) { S.relKinds.add(k); });
    S.focus = null;
    update();
  });
  if (D.scenario) {
    $('x-scenario').hidden = false;
    $('x-scenario-text').textContent = 'Against its base ' + D.scenario.base + ': ' + D.scenario.added + ' relations added, ' + D.scenario.removed + ' removed, ' + D.scenario.changed + ' changed (marked green, red, amber).';
    document.querySelectorAll('input[name=x-side]').forEach(function (r) {
      r.addEventListener('change', function () { if (r.checked) { S.side = r.value; update(); } });
    });
  }

  // Search
  const order = A.map(function (a, i) { return i; }).sort(function (x, y) { return A[x].name < A[y].name ? -1 : A[x].name > A[y].name ? 1 : x - y; });
  ['x-path-from', 'x-path-to'].forEach(function (id) {
    const s = $(id);
    s.appendChild(el('option', null, '(choose)')).value = '';
    order.forEach(function (i) { const o = el('option', null, A[i].name + ' (' + A[i].id + ')'); o.value = String(i); s.appendChild(o); });
  });
  $('x-search').addEventListener('input', function () {
    const q = $('x-search').value.trim().toLowerCase();
    const list = $('x-search-results');
    clear(list);
    cy.nodes('.match').removeClass('match');
    if (!q) return;
    const hits = order.filter(function (i) { return A[i].id.toLowerCase().indexOf(q) >= 0 || A[i].name.toLowerCase().indexOf(q) >= 0; });
    hits.slice(0, 50).forEach(function (i) {
      const li = el('li', null, A[i].name + ' (' + A[i].id + ')');
      li.addEventListener('click', function () { select(i); cy.animate({ center: { eles: cy.$id('a' + i) }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 }); });
      list.appendChild(li);
      cy.$id('a' + i).addClass('match');
    });
    if (hits.length > 50) list.appendChild(el('li', 'x-muted', (hits.length - 50) + ' more'));
  });

  // ---- Side panel -----------------------------------------------------------------------
  function dates(r) {
    if (!r.since && !r.until) return 'undated';
    return (r.since || '…') + ' to ' + (r.until || 'now');
  }
  function select(i) {
    if (LARGE && !expanded.has(groupOf[i])) { expanded.add(groupOf[i]); update(); }
    S.selected = i;
    cy.nodes(':selected').unselect();
    cy.$id('a' + i).select();
    showPanel();
  }
  function showPanel() {
    const i = S.selected;
    if (i === null) { $('x-panel').hidden = true; return; }
    const a = A[i];
    $('x-panel').hidden = false;
    $('x-panel-title').textContent = a.name;
    $('x-panel-sub').textContent = a.id + ' · ' + a.kind + (a.region ? ' · ' + a.region : '') + (a.side === 'after' ? ' · added by the scenario' : a.side === 'before' ? ' · removed by the scenario' : '');
    const q = analysisNow();
    const An = q.an, exact = q.exact, when = q.when;
    const what = 'Bloc, centrality ranks and brokerage of ' + (D.scenario ? (S.side === 'before' ? 'the base graph (before the scenario), ' : 'the scenario\'s result, ') : '');
    const flag = when ? '--as-of ' + when : '--all-dates';
    $('x-panel-when').textContent = exact
      ? what + (when ? 'the relations in force on ' + when : 'every relation whatever its dates') + ' (as ' + flag + ').'
      : what + (An.as_of ? 'the relations in force on ' + An.as_of : 'every relation') + ', the nearest date analysed: the page carries them for ' + D.analyses.length + ' sets of relations. Open it with ' + flag + ' for its own.';
    const bi = An.bloc[i];
    const b = bi !== null && bi !== undefined ? An.blocs[bi] : null;
    $('x-panel-bloc').textContent = b ? b.label + ' (' + b.members + ' actor' + (b.members === 1 ? '' : 's') + ')' : 'none';
    // Who shares it on that date, by name.
    const mates = [];
    if (b) for (let j = 0; j < N; j++) if (j !== i && An.bloc[j] === bi) mates.push(A[j].name);
    mates.sort();
    $('x-panel-bloc-members').textContent = !b ? '' : mates.length ? 'With ' + mates.join(', ') + '.' : 'Alone in it.';
    const t = $('x-panel-ranks');
    clear(t);
    An.measures.forEach(function (m, q) {
      const tr = el('tr');
      tr.appendChild(el('td', null, m.replace(/_/g, ' ')));
      const rank = An.ranks[q][i];
      // Of the actors the analysis ranks (a scenario's base lacks the actors it adds).
      const ranked = An.ranks[q].reduce(function (n, r) { return n + (r > 0 ? 1 : 0); }, 0);
      tr.appendChild(el('td', 'x-num', rank ? '#' + rank + ' of ' + ranked : 'n/a'));
      t.appendChild(tr);
    });
    const roles = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison'];
    const mineRoles = An.brokerage.find(function (x) { return x[0] === i; });
    const bridge = An.bridges.find(function (x) { return x[0] === i; });
    let text = mineRoles ? roles.map(function (r, q) { return r + ' ' + mineRoles[1][q]; }).join(', ') : 'no brokerage roles';
    if (bridge) text += '. Bridge: allied to both sides of ' + bridge[1] + ' hostile pair' + (bridge[1] === 1 ? '' : 's') + ' (strength ' + num(bridge[2], 3) + ')';
    $('x-panel-brokerage').textContent = text + '.';
    const box = $('x-panel-relations');
    clear(box);
    const mine = [];
    for (let j = 0; j < R.length; j++) if (V.relOk[j] && (R[j].from === i || R[j].to === i)) mine.push(j);
    mine.sort(function (x, y) { return Math.abs(V.W[y]) - Math.abs(V.W[x]) || x - y; });
    if (!mine.length) box.appendChild(el('p', 'x-muted', 'none shown'));
    mine.forEach(function (j) {
      const r = R[j];
      const other = r.from === i ? r.to : r.from;
      const d = el('div', 'x-rel');
      const head = el('div');
      const arrow = r.directed ? (r.from === i ? '→ ' : '← ') : '↔ ';
      const link = el('a', null, arrow + A[other].name);
      link.href = '#';
      link.addEventListener('click', function (ev) { ev.preventDefault(); select(other); });
      head.appendChild(link);
      const w = V.W[j];
      head.appendChild(el('span', w > 0 ? 'x-sign-pos' : w < 0 ? 'x-sign-neg' : '', ' ' + r.kind + ' ' + num(w, 3)));
      if (r.change) head.appendChild(el('span', 'x-tag ' + r.change, r.change));
      d.appendChild(head);
      d.appendChild(el('div', 'x-muted', dates(r) + ' · ' + CONF[r.confidence - 1]));
      const note = noteOf(j);
      if (note) d.appendChild(el('div', 'x-note', note));
      if (r.sources && r.sources.length) d.appendChild(el('div', 'x-muted', 'Sources: ' + r.sources.join('; ')));
      box.appendChild(d);
    });
  }
  $('x-panel-close').addEventListener('click', function () { S.selected = null; cy.nodes(':selected').unselect(); showPanel(); });
  $('x-focus').addEventListener('click', function () {
    if (S.selected === null) return;
    S.focus = { actor: S.selected, depth: Math.max(1, Number($('x-depth').value) || 1) };
    update();
    cy.fit(cy.elements(':visible'), 40);
  });
  $('x-depth').addEventListener('input', function () { if (S.focus) { S.focus.depth = Math.max(1, Number($('x-depth').value) || 1); update(); } });
  $('x-unfocus').addEventListener('click', function () { S.focus = null; update(); cy.fit(cy.elements(':visible'), 30); });

  // The modifier keys of the pointer press that makes a tap (Cytoscape's tap event may come
  // from a synthetic event without them).
  let modified = false;
  $('x-graph').addEventListener('pointerdown', function (e) { modified = e.shiftKey || e.ctrlKey || e.metaKey; }, true);
  $('x-graph').addEventListener('mousedown', function (e) { modified = modified || e.shiftKey || e.ctrlKey || e.metaKey; }, true);
  cy.on('tap', 'node', function (ev) {
    const id = ev.target.id();
    if (id[0] === 'g') { expand(Number(id.slice(1)), true); return; }
    if (id[0] !== 'a') return;
    const i = Number(id.slice(1));
    const oe = ev.originalEvent || {};
    if ((modified || oe.shiftKey || oe.ctrlKey || oe.metaKey) && S.selected !== null && S.selected !== i) {
      const from = S.selected;
      $('x-path-from').value = String(from);
      $('x-path-to').value = String(i);
      runPaths(from, i);
      return;
    }
    select(i);
  });
  cy.on('tap', function (ev) { if (ev.target === cy) { S.selected = null; showPanel(); } });

  // ---- Paths box ------------------------------------------------------------------------
  function runPaths(from, to) {
    const k = Math.max(1, Math.min(10, Number($('x-path-k').value) || 1));
    S.paths = findPaths(from, to, k, $('x-path-hostile').checked);
    S.pathIndex = 0;
    drawPaths();
  }
  function drawPaths() {
    cy.elements('.onpath').removeClass('onpath');
    const box = $('x-paths');
    clear(box);
    if (!S.paths) { box.hidden = true; return; }
    box.hidden = false;
    const P = S.paths;
    const idx = function (id) { return A.findIndex(function (a) { return a.id === id; }); };
    const name = function (id) { return A[idx(id)].name; };
    box.appendChild(el('h3', null, 'Strongest influence paths: ' + name(P.from) + ' → ' + name(P.to)));
    box.appendChild(el('p', 'x-muted', 'Over the relations shown' + (V.day ? ', in force on ' + D.dates[S.dateIndex].label : '') + (P.allow_hostile ? '; hostile ties carry influence' : '; allied ties only') + '. Same algorithm as `entente path`.'));
    if (!P.paths.length) box.appendChild(el('p', null, 'No path: ' + P.reason + '.'));
    P.paths.forEach(function (p, n) {
      const d = el('div', 'x-path' + (n === S.pathIndex ? ' x-current' : ''));
      d.dataset.path = String(n);
      d.appendChild(el('div', null, (n + 1) + '. ' + p.actors.join(' → ') + ' · strength ' + num(p.strength, 4) + ' · ' + (p.sign > 0 ? 'allied' : 'hostile') + ' · ' + p.hops.length + ' hop' + (p.hops.length === 1 ? '' : 's')));
      const ol = el('ol');
      p.hops.forEach(function (h) {
        ol.appendChild(el('li', null, name(h.from) + (h.directed ? ' → ' : ' ↔ ') + name(h.to) + ': ' + h.kind + ', net weight ' + num(h.weight, 3) + ', ' + h.confidence + (h.note ? ' — ' + h.note : '')));
      });
      d.appendChild(ol);
      d.addEventListener('click', function () { S.pathIndex = n; drawPaths(); });
      box.appendChild(d);
    });
    const cur = P.paths[S.pathIndex];
    if (cur && LARGE) {
      // Draw the blocs the path runs through.
      const missing = cur.actors.map(function (id) { return groupOf[idx(id)]; }).filter(function (b) { return !expanded.has(b); });
      if (missing.length) { missing.forEach(function (b) { expanded.add(b); }); drawLarge(); }
    }
    if (cur) {
      cur.actors.forEach(function (id) { cy.$id('a' + idx(id)).addClass('onpath'); });
      cur.hops.forEach(function (h) { cy.$id('r' + h.relation).addClass('onpath'); });
    }
  }
  $('x-path-go').addEventListener('click', function () {
    const f = $('x-path-from').value, t = $('x-path-to').value;
    if (f === '' || t === '') return;
    runPaths(Number(f), Number(t));
  });
  $('x-path-clear').addEventListener('click', function () { S.paths = null; drawPaths(); });

  // ---- Legend ---------------------------------------------------------------------------
  let legendBox = null, legendItem = null;
  // The legend's blocs: those drawn, of the date (and graph) shown.
  function legendBlocs() {
    if (!legendBox) return;
    while (legendBox.childNodes.length > 1) legendBox.removeChild(legendBox.lastChild);
    const q = analysisNow();
    legendBox.firstChild.textContent = 'Blocs ' + (q.when ? 'on ' + q.when : 'of every relation') + (D.scenario ? (S.side === 'before' ? ', before the scenario' : ', after the scenario') : '');
    drawn.blocs.slice(0, 12).forEach(function (bl) {
      const sw = svgEl('svg', { width: 16, height: 12 });
      sw.appendChild(svgEl('rect', { x: 1, y: 1, width: 14, height: 10, rx: 3, fill: 'none', stroke: bl.color, 'stroke-width': 2 }));
      legendItem(legendBox, sw, bl.label + (bl.members === 1 ? ' (1 actor)' : ''));
    });
    if (drawn.blocs.length > 12) legendBox.appendChild(el('span', 'x-muted', 'and ' + (drawn.blocs.length - 12) + ' more'));
  }
  function legend() {
    const details = el('details');
    details.open = true;
    details.appendChild(el('summary', null, 'Legend'));
    $('x-legend').appendChild(details);
    const box = details;
    const row = function (title) { const d = el('div', 'x-lg'); d.appendChild(el('strong', null, title)); box.appendChild(d); return d; };
    const line = function (color, width, dash) {
      const s = svgEl('svg', { width: 30, height: 10 });
      s.appendChild(svgEl('line', { x1: 1, y1: 5, x2: 29, y2: 5, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash }));
      return s;
    };
    const item = function (parent, swatch, text) { const s = el('span'); s.appendChild(swatch); s.appendChild(el('span', null, text)); parent.appendChild(s); };
    const sign = row('Sign');
    item(sign, line(D.colors.allied, 2.5, 'none'), 'allied');
    item(sign, line(D.colors.hostile, 2.5, 'none'), 'hostile');
    item(sign, line(D.colors.neutral, 2.5, 'none'), 'weight 0');
    const w = row('|weight|');
    item(w, line('#555', 0.8, 'none'), '0.1');
    item(w, line('#555', 2, 'none'), '0.5');
    item(w, line('#555', 3.5, 'none'), '1');
    const c = row('Confidence');
    item(c, line('#555', 2, 'none'), 'confirmed, probably true');
    item(c, line('#555', 2, '6 4'), 'possibly true');
    item(c, line('#555', 2, '2 3'), 'doubtful or less');
    const k = row('Actors');
    D.actor_kinds.forEach(function (s) {
      if (!A.some(function (a) { return a.kind === s.kind; })) return;
      const sw = svgEl('svg', { width: 16, height: 12 });
      sw.appendChild(svgEl('rect', { x: 1, y: 1, width: 14, height: 10, rx: 3, fill: s.fill, stroke: '#555' }));
      item(k, sw, s.kind);
    });
    legendBox = row('Blocs');
    legendItem = item;
    legendBlocs();
    if (D.scenario) {
      const s = row('Scenario');
      item(s, line('#2da44e', 6, 'none'), 'added');
      item(s, line('#cf222e', 6, 'none'), 'removed');
      item(s, line('#d4a72c', 6, 'none'), 'changed');
    }
    const p = row('Path');
    item(p, line(D.colors.highlight, 6, 'none'), 'highlighted');
  }
  legend();

  // ---- Export ---------------------------------------------------------------------------
  function download(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function exportSvg() {
    const vis = cy.elements(':visible');
    const bb = vis.boundingBox({});
    const pad = 20;
    const w = Math.max(1, bb.w + 2 * pad), h = Math.max(1, bb.h + 2 * pad);
    const svg = svgEl('svg', { xmlns: SVGNS, width: num(w, 1), height: num(h, 1), viewBox: [num(bb.x1 - pad, 1), num(bb.y1 - pad, 1), num(w, 1), num(h, 1)].join(' '), 'font-family': 'Helvetica, Arial, sans-serif' });
    svg.appendChild(svgEl('rect', { x: num(bb.x1 - pad, 1), y: num(bb.y1 - pad, 1), width: num(w, 1), height: num(h, 1), fill: '#ffffff' }));
    const title = svgEl('title', {});
    title.textContent = D.title;
    svg.appendChild(title);
    cy.nodes('.bloc:visible').forEach(function (b) {
      const x = b.boundingBox({ includeLabels: false });
      svg.appendChild(svgEl('rect', { x: num(x.x1, 1), y: num(x.y1, 1), width: num(x.w, 1), height: num(x.h, 1), rx: 8, fill: b.data('color'), 'fill-opacity': 0.08, stroke: b.data('color') }));
      const t = svgEl('text', { x: num(x.x1 + x.w / 2, 1), y: num(x.y1 - 4, 1), 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 'bold', fill: b.data('color') });
      t.textContent = b.data('label');
      svg.appendChild(t);
    });
    cy.edges(':visible').forEach(function (e) {
      const s = e.source().position(), t = e.target().position();
      const attrs = { x1: num(s.x, 1), y1: num(s.y, 1), x2: num(t.x, 1), y2: num(t.y, 1), stroke: e.data('color'), 'stroke-width': num(e.data('width'), 2), 'stroke-opacity': 0.85 };
      if (e.data('line') === 'dashed') attrs['stroke-dasharray'] = '6 4';
      if (e.data('line') === 'dotted') attrs['stroke-dasharray'] = '2 3';
      if (e.hasClass('onpath')) { svg.appendChild(svgEl('line', { x1: attrs.x1, y1: attrs.y1, x2: attrs.x2, y2: attrs.y2, stroke: D.colors.highlight, 'stroke-width': 10, 'stroke-opacity': 0.6 })); }
      svg.appendChild(svgEl('line', attrs));
    });
    cy.nodes(':visible').forEach(function (n) {
      if (n.hasClass('bloc')) return;
      const p = n.position(), bw = n.width(), bh = n.height();
      if (n.hasClass('group')) {
        svg.appendChild(svgEl('ellipse', { cx: num(p.x, 1), cy: num(p.y, 1), rx: num(bw / 2, 1), ry: num(bh / 2, 1), fill: n.data('color'), 'fill-opacity': 0.25, stroke: n.data('color'), 'stroke-width': 2 }));
        const g = svgEl('text', { x: num(p.x, 1), y: num(p.y + 5, 1), 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold', fill: '#1f2328' });
        g.textContent = n.data('label');
        svg.appendChild(g);
        return;
      }
      const attrs = { fill: n.data('fill'), stroke: n.hasClass('onpath') ? D.colors.highlight : n.data('border'), 'stroke-width': n.hasClass('onpath') ? 4 : 2 };
      let shape;
      if (n.data('shape') === 'ellipse') shape = svgEl('ellipse', Object.assign({ cx: num(p.x, 1), cy: num(p.y, 1), rx: num(bw / 2, 1), ry: num(bh / 2, 1) }, attrs));
      else shape = svgEl('rect', Object.assign({ x: num(p.x - bw / 2, 1), y: num(p.y - bh / 2, 1), width: num(bw, 1), height: num(bh, 1), rx: n.data('shape') === 'round-rectangle' ? 5 : 1 }, attrs));
      svg.appendChild(shape);
      const t = svgEl('text', { x: num(p.x, 1), y: num(p.y + 4, 1), 'text-anchor': 'middle', 'font-size': 11, fill: '#1f2328' });
      t.textContent = n.data('label');
      svg.appendChild(t);
    });
    return new XMLSerializer().serializeToString(svg);
  }
  function fileName(ext) { return (D.title || 'entente').replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60) + '.' + ext; }
  $('x-export-svg').addEventListener('click', function () { download(fileName('svg'), new Blob([exportSvg()], { type: 'image/svg+xml' })); });
  $('x-export-png').addEventListener('click', function () { download(fileName('png'), cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2 })); });
  $('x-fit').addEventListener('click', function () { cy.fit(cy.elements(':visible'), 30); });
  $('x-collapse').addEventListener('click', function () { expanded.clear(); update(); cy.fit(cy.elements(':visible'), 30); });
  if (LARGE) $('x-large').hidden = false;

  // ---- Update ---------------------------------------------------------------------------
  // Cytoscape.js keeps an edge's drawn geometry from before its ends settled in their bloc
  // boxes (the page opened, a regroup, a relation shown again): most edges then stay unpainted
  // until a node moves, although the graph counts them as shown. Placing each actor where it
  // is, outside a batch, makes it compute every edge again.
  function repaintEdges() {
    cy.nodes().forEach(function (n) {
      if (n.isParent()) return;
      const p = n.position();
      n.position({ x: p.x, y: p.y });
    });
  }
  function update() {
    V = compute();
    regroup();
    sourceLine();
    if (LARGE) {
      drawLarge();
      if (S.selected !== null) cy.$id('a' + S.selected).select();
      $('x-collapse').hidden = expanded.size === 0;
    }
    else cy.batch(function () {
      cy.nodes().forEach(function (n) {
        const id = n.id();
        let show;
        if (id[0] === 'b') show = n.children().some(function (c) { return V.actorOk[Number(c.id().slice(1))]; });
        else show = !!V.actorOk[Number(id.slice(1))];
        if (show) n.removeClass('hidden'); else n.addClass('hidden');
      });
      cy.edges().forEach(function (e) {
        const j = Number(e.id().slice(1));
        if (V.relOk[j]) e.removeClass('hidden'); else e.addClass('hidden');
        if (R[j].weights && V.relOk[j]) e.data(edgeLook(V.W[j]));
      });
    });
    if (!LARGE) repaintEdges();
    $('x-count-actors').textContent = String(V.actors);
    $('x-count-relations').textContent = String(V.relations);
    $('x-count-events').textContent = String(V.events.length);
    const inFile = A.filter(onSide).length, relsInFile = R.filter(function (r) { return onSide(r) && !r.weights; }).length;
    $('x-count-of').textContent = '(of ' + inFile + ' actors, ' + relsInFile + ' relations and ' + E.length + ' events in the file; ' + (V.day === null ? 'every relation whatever its dates' : 'relations in force on ' + D.dates[S.dateIndex].label) + (S.focus ? '; ego network of ' + A[S.focus.actor].name + ', depth ' + S.focus.depth : '') + ')';
    $('x-date-label').textContent = S.allDates ? 'all dates' : D.dates.length ? D.dates[S.dateIndex].label : '';
    for (const key in checkCounts) checkCounts[key].textContent = '0';
    const bump = function (key) { if (checkCounts[key]) checkCounts[key].textContent = String(Number(checkCounts[key].textContent) + 1); };
    for (let i = 0; i < N; i++) if (V.actorOk[i]) bump('actor-kind:' + A[i].kind);
    for (let j = 0; j < R.length; j++) if (V.relOk[j]) { bump('relation-kind:' + R[j].kind); bump('sign:' + signOf(V.W[j])); }
    // Events strip
    const list = $('x-events');
    clear(list);
    $('x-strip-range').textContent = V.day === null ? '(all dates)' : '(' + (V.lo ? V.lo : 'start') + ' to ' + V.day + ', ' + V.events.length + ' of ' + V.eventsUpTo + ' up to the date)';
    V.events.slice().reverse().slice(0, 200).forEach(function (i) {
      const e = E[i];
      const li = el('li', e.score > 0 ? 'x-coop' : e.score < 0 ? 'x-conf' : '');
      li.appendChild(el('div', 'x-date', e.date + ' · ' + e.kind + ' · ' + num(e.score, 1)));
      li.appendChild(el('div', null, e.actors.map(function (a) { return A[a].name; }).join(', ')));
      li.appendChild(el('div', 'x-muted', e.summary));
      list.appendChild(li);
    });
    if (S.selected !== null) showPanel();
    if (S.paths) {
      const f = A.findIndex(function (a) { return a.id === S.paths.from; });
      const t = A.findIndex(function (a) { return a.id === S.paths.to; });
      const keep = S.pathIndex;
      S.paths = findPaths(f, t, S.paths.k, S.paths.allow_hostile);
      S.pathIndex = Math.min(keep, Math.max(0, S.paths.paths.length - 1));
      drawPaths();
    }
  }
  update();
  // The strip and the panel change the drawing's room: Cytoscape must know its new size.
  cy.resize();
  cy.fit(cy.elements(':visible'), 30);
  if (typeof ResizeObserver === 'function') new ResizeObserver(function () { cy.resize(); }).observe($('x-graph'));
  // Printing lays the page out anew (the print stylesheet): draw the graph for the paper.
  window.addEventListener('beforeprint', function () { cy.resize(); cy.fit(cy.elements(':visible'), 20); });
  window.addEventListener('afterprint', function () { cy.resize(); cy.fit(cy.elements(':visible'), 30); });

  // For tests and benchmarks: read-only views of the page's state, and the path search.
  window.entente = {
    counts: function () { return { actors: V.actors, relations: V.relations, events: V.events.length, events_up_to: V.eventsUpTo, date: V.day === null ? null : D.dates[S.dateIndex].label }; },
    findPaths: function (from, to, k, hostile) {
      const f = A.findIndex(function (a) { return a.id === from; });
      const t = A.findIndex(function (a) { return a.id === to; });
      return findPaths(f, t, k, hostile);
    },
    shownPaths: function () { return S.paths; },
    nodePosition: function (id) {
      const i = A.findIndex(function (a) { return a.id === id; });
      const n = cy.$id('a' + i);
      const p = n.renderedPosition();
      const box = $('x-graph').getBoundingClientRect();
      return { x: Math.round(box.left + p.x), y: Math.round(box.top + p.y) };
    },
    exportSvg: exportSvg,
    exportPng: function () { return cy.png({ output: 'base64uri', bg: '#ffffff', full: true }); },
    drawn: function () {
      return { blocs: cy.nodes('.group').length, actors: cy.nodes().filter(function (n) { return n.id()[0] === 'a'; }).length, relations: cy.edges().filter(function (e) { return e.id()[0] === 'r'; }).length, between_blocs: cy.edges('.agg').length };
    },
    groupPosition: function (k) {
      const n = cy.nodes('.group')[k];
      const p = n.renderedPosition();
      const box = $('x-graph').getBoundingClientRect();
      return { x: Math.round(box.left + p.x), y: Math.round(box.top + p.y), label: n.data('label') };
    },
    actorIds: function () { return A.map(function (a) { return a.id; }); },
    // The relations shown, in the page's order, with their weight and note on the date shown.
    shownRelations: function () {
      const out = [];
      for (let j = 0; j < R.length; j++) {
        if (!V.relOk[j]) continue;
        const r = R[j];
        out.push({ from: A[r.from].id, to: A[r.to].id, kind: r.kind, weight: V.W[j], directed: !!r.directed, note: noteOf(j) });
      }
      return out;
    },
    // The blocs drawn: each box shown, with its colour and the ids of the actors in it; each
    // actor shown with its border colour; and the actors whose centre lies inside the box of
    // a bloc they are not in. A graph drawn by bloc: its bloc nodes and the actors in each.
    drawnBlocs: function () {
      const boxes = [], strays = [], borders = {};
      if (LARGE) {
        for (let i = 0; i < N; i++) if (V.actorOk[i]) borders[A[i].id] = groupOf[i] < NB ? drawn.blocs[groupOf[i]].label : 'other blocs';
        return { boxes: cy.nodes('.group').map(function (n) { return { label: n.data('label'), color: n.data('color') }; }), strays: strays, borders: borders };
      }
      cy.nodes('.bloc').filter(function (b) { return !b.hasClass('hidden'); }).forEach(function (b) {
        const members = b.children().filter(function (c) { return !c.hasClass('hidden'); }).map(function (c) { return A[Number(c.id().slice(1))].id; }).sort();
        boxes.push({ label: b.data('label'), color: b.data('color'), members: members });
        const bb = b.boundingBox({ includeLabels: false, includeOverlays: false });
        cy.nodes().forEach(function (n) {
          if (n.id()[0] !== 'a' || n.hasClass('hidden') || n.parent().same(b)) return;
          const p = n.position();
          if (p.x > bb.x1 && p.x < bb.x2 && p.y > bb.y1 && p.y < bb.y2) strays.push(A[Number(n.id().slice(1))].id + ' in ' + b.data('label'));
        });
      });
      cy.nodes().forEach(function (n) { if (n.id()[0] === 'a' && !n.hasClass('hidden')) borders[A[Number(n.id().slice(1))].id] = n.data('border'); });
      return { boxes: boxes, strays: strays, borders: borders };
    },
    // Opens an actor's panel, as a click on it does.
    select: function (id) { select(A.findIndex(function (a) { return a.id === id; })); },
  };
  cy.ready(function () {
    requestAnimationFrame(function () {
      document.body.dataset.ready = '1';
      window.entente.readyAt = performance.now();
    });
  });
})();
