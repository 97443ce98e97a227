/* graphkit network page, inlined into graph.html by graphkit/render.py.
 *
 * The graph arrives in #graphkit-data (see render.page_data), as JSON or, for
 * large graphs, gzip+base64 that DecompressionStream unpacks. The page draws
 * the network itself on one canvas: edges of one style in one path, nodes of
 * one colour in one path, labels placed by importance where they do not
 * overlap. Filters flip flags in typed arrays and redraw; nothing is rebuilt,
 * so a click or a filter on 40,000 edges costs one frame.
 *
 * Measure texts, titles and unit names come from documents and are data:
 * whatever shows them is built with textContent / DOM nodes, never innerHTML.
 *
 * Node ids: units 0..U-1, then measures U..U+M-1 (the order of data.units and
 * data.measures). Edge ids: bipartite edges 0..E-1 (data.edges); the
 * co-responsibility edges of the units view are numbered apart (data.coEdges).
 */
(function () {
  'use strict';

  var source = document.getElementById('graphkit-data');

  var unpack = graphkitData.unpack;      // data.js, inlined before this script

  graphkitData.load(source).then(start, function (err) {
    document.getElementById('status').textContent = '无法读取图数据:' + err;
    throw err;
  });

  function start(data) {
    var U = data.units.length, M = data.measures.length, E = data.edges.length, C = data.coEdges.length;
    var N = U + M;

    // canvas text cannot use CSS variables: the same offline stack as graph.css
    var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",' +
               '"WenQuanYi Micro Hei","Hiragino Sans GB",sans-serif';
    var TYPES = [
      ['government', '政府部门', '#1c7ed6'],
      ['lower-government', '下级政府', '#37b24d'],
      ['party', '党委机构', '#e03131'],
      ['commission', '委员会', '#7048e8'],
      ['office', '办事机构', '#1098ad'],
      ['judicial', '司法机关', '#5c940d'],
      ['mass', '群团组织', '#f59f00'],
      ['enterprise', '企业', '#d6336c'],
      ['school', '学校', '#f76707'],
      ['park', '园区', '#94d82d'],
      ['collective', '集体组织', '#ae3ec9'],
      ['other', '其他', '#868e96'],
      ['unknown', '未知类型', '#ced4da']
    ];
    var TYPE = {};
    TYPES.forEach(function (t) { TYPE[t[0]] = {name: t[1], color: t[2]}; });
    var COMMUNITY = ['#1c7ed6', '#e03131', '#37b24d', '#f59f00', '#7048e8', '#1098ad', '#d6336c', '#f76707',
                     '#5c940d', '#ae3ec9', '#0b7285', '#862e9c', '#c2255c', '#2b8a3e', '#e8590c', '#364fc7'];
    var dashed = E <= 4000;   // dashes cost a tenth of a second per frame on 40,000 edges
    var ROLE = {
      lead: {name: '牵头', color: '#343a40', width: 2.2, dash: []},
      support: {name: '配合', color: '#4dabf7', width: 1.2, dash: dashed ? [6, 4] : []},
      mention: {name: '提及', color: '#ced4da', width: 0.8, dash: dashed ? [2, 4] : []}
    };
    var CO_EDGE = '#adb5bd';
    var MEASURE = {fill: '#e9ecef', stroke: '#868e96'};
    var SIZE_LABELS = {
      responsibility: '牵头与配合的措施数', lead: '牵头的措施数', support: '配合的措施数',
      mentions: '被提及的措施数', weighted_degree: '加权度', partners: '合作单位数',
      betweenness: '介数中心性', eigenvector: '特征向量中心性', pagerank: 'PageRank',
      bipartite_degree: '二模度中心性'
    };
    var SOURCE_NAMES = {
      labelled: '标注字段', declared: '文中声明的惯例', 'first-listed': '排名第一位牵头',
      phrase: '句式', table: '表格', mention: '文中提及'
    };

    function typeOf(u) { return TYPE[data.units[u].type] ? data.units[u].type : 'other'; }
    function roleOf(k) { return data.roles[data.edges[k][2]]; }

    // ------------------------------------------------------------ indexes

    var measureEdges = [], unitEdges = [], unitDocs = [], coOf = [];
    for (var j = 0; j < M; j++) measureEdges.push([]);
    for (var i = 0; i < U; i++) { unitEdges.push([]); unitDocs.push([]); coOf.push([]); }
    data.edges.forEach(function (e, k) {
      measureEdges[e[0]].push(k);
      unitEdges[e[1]].push(k);
      var docs = unitDocs[e[1]], d = data.measures[e[0]].doc;
      if (docs[docs.length - 1] !== d && docs.indexOf(d) < 0) docs.push(d);
    });
    data.coEdges.forEach(function (c, k) { coOf[c[0]].push(k); coOf[c[1]].push(k); });
    var orphanCount = 0;
    for (j = 0; j < M; j++) if (!measureEdges[j].length) orphanCount++;

    function writtenName(e) {
      var names = [data.units[e[1]].name].concat(data.units[e[1]].variants);
      return typeof e[4] === 'number' ? names[e[4]] : e[4];
    }
    function importance(u) { return data.units[u].value; }

    // ------------------------------------------------------------ positions and sizes

    var X = new Float64Array(N), Y = new Float64Array(N), R = new Float64Array(N);
    data.positions.forEach(function (p, id) { X[id] = p[0]; Y[id] = p[1]; });
    var values = data.units.map(function (u) { return u.value; });
    var vmin = values.length ? Math.min.apply(null, values) : 0, vmax = values.length ? Math.max.apply(null, values) : 0;
    function norm01(u) { return vmax > vmin ? (data.units[u].value - vmin) / (vmax - vmin) : 0.3; }
    for (i = 0; i < U; i++) R[i] = 6 + 22 * Math.sqrt(norm01(i));
    for (j = 0; j < M; j++) R[U + j] = 4;

    if (data.layout === 'physics' && N > 1 && N <= 800) relax(Math.min(data.iterations, 150));

    // A few gentle steps of Fruchterman–Reingold from the positions laid out in
    // Python, among the nodes that have edges: small graphs get a tidier picture,
    // each connected part stays where the layout packed it, and the same graph
    // always gets the same picture.
    function relax(steps) {
      var nodes = [];
      for (var a = 0; a < N; a++) if (a < U ? unitEdges[a].length : measureEdges[a - U].length) nodes.push(a);
      var n = nodes.length;
      if (n < 3) return;
      var k = 28, t = 6, dx = new Float64Array(N), dy = new Float64Array(N);
      var home = new Float64Array(2 * N);
      nodes.forEach(function (p) { home[2 * p] = X[p]; home[2 * p + 1] = Y[p]; });
      for (var s = 0; s < steps; s++) {
        nodes.forEach(function (p) { dx[p] = 0; dy[p] = 0; });
        for (var x = 0; x < n; x++) {
          var p = nodes[x];
          for (var y = x + 1; y < n; y++) {
            var q = nodes[y], ex = X[p] - X[q], ey = Y[p] - Y[q], d2 = ex * ex + ey * ey + 0.01;
            if (d2 > 90000) continue;
            var f = k * k / d2;
            dx[p] += ex * f; dy[p] += ey * f; dx[q] -= ex * f; dy[q] -= ey * f;
          }
        }
        data.edges.forEach(function (e) {
          var p2 = U + e[0], q2 = e[1], ex = X[p2] - X[q2], ey = Y[p2] - Y[q2];
          var f = Math.sqrt(ex * ex + ey * ey) / k;
          dx[p2] -= ex * f; dy[p2] -= ey * f; dx[q2] += ex * f; dy[q2] += ey * f;
        });
        nodes.forEach(function (p3) {
          dx[p3] += (home[2 * p3] - X[p3]) * 0.05; dy[p3] += (home[2 * p3 + 1] - Y[p3]) * 0.05;
          var len = Math.sqrt(dx[p3] * dx[p3] + dy[p3] * dy[p3]) + 1e-9, step = Math.min(len, t) / len;
          X[p3] += dx[p3] * step; Y[p3] += dy[p3] * step;
        });
        t *= 0.98;
      }
    }

    // ------------------------------------------------------------ state and visibility

    var allTypes = {};
    TYPES.forEach(function (t) { allTypes[t[0]] = true; });
    var state = {
      view: data.view === 'units' ? 'units' : 'bipartite',
      roles: data.roles.map(function () { return true; }),
      types: allTypes,
      docs: data.docs.map(function () { return true; }),
      jurisdiction: '',
      hideOrphans: orphanCount > M / 2,      // a ring of measures with no unit hides the rest
      minValue: 0,
      colorBy: 'type',
      labelScale: 1
    };
    var nodeOn = new Uint8Array(N), edgeOn = new Uint8Array(E), coOn = new Uint8Array(C);
    var shownNodes = 0, shownEdges = 0;

    function unitPasses(u) {
      var x = data.units[u];
      return state.types[typeOf(u)] && (!state.jurisdiction || x.jurisdiction === state.jurisdiction) &&
        x.value >= state.minValue;
    }

    function computeVisibility() {
      nodeOn.fill(0); edgeOn.fill(0); coOn.fill(0);
      var allDocs = state.docs.every(Boolean), pass = new Uint8Array(U), k, u;
      for (u = 0; u < U; u++) pass[u] = unitPasses(u) ? 1 : 0;
      if (state.view === 'bipartite') {
        for (k = 0; k < E; k++) {
          var e = data.edges[k];
          if (state.roles[e[2]] && state.docs[data.measures[e[0]].doc] && pass[e[1]]) {
            edgeOn[k] = 1; nodeOn[U + e[0]] = 1; nodeOn[e[1]] = 1;
          }
        }
        for (j = 0; j < M; j++) {
          if (!measureEdges[j].length && !state.hideOrphans && state.docs[data.measures[j].doc]) nodeOn[U + j] = 1;
        }
        for (u = 0; u < U; u++) if (!unitEdges[u].length && pass[u] && allDocs) nodeOn[u] = 1;
      } else {
        for (u = 0; u < U; u++) {
          nodeOn[u] = pass[u] && (allDocs || unitDocs[u].some(function (d) { return state.docs[d]; })) ? 1 : 0;
        }
        for (k = 0; k < C; k++) {
          var c = data.coEdges[k];
          coOn[k] = nodeOn[c[0]] && nodeOn[c[1]] && (allDocs || c[3].some(function (d) { return state.docs[d]; }))
            ? 1 : 0;
        }
      }
      shownNodes = 0; shownEdges = 0;
      for (k = 0; k < N; k++) shownNodes += nodeOn[k];
      if (state.view === 'bipartite') for (k = 0; k < E; k++) shownEdges += edgeOn[k];
      else for (k = 0; k < C; k++) shownEdges += coOn[k];
      grid = null;
    }

    // ------------------------------------------------------------ colours

    var nodeColor = new Array(U);
    function recolor() {
      for (var u = 0; u < U; u++) {
        var cm = data.units[u].community;
        nodeColor[u] = state.colorBy === 'community'
          ? (cm >= 0 ? COMMUNITY[cm % COMMUNITY.length] : '#ced4da')
          : TYPE[typeOf(u)].color;
      }
    }

    // ------------------------------------------------------------ canvas and transform

    var canvas = document.getElementById('graph'), ctx = canvas.getContext('2d');
    var wrap = document.getElementById('graph-wrap');
    var view = {scale: 1, tx: 0, ty: 0}, width = 1, height = 1, dpr = 1;

    function resize() {
      var r = wrap.getBoundingClientRect();
      dpr = window.devicePixelRatio || 1;
      width = Math.max(1, r.width); height = Math.max(1, r.height);
      canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
      requestDraw();
    }

    function toScreen(id) { return [X[id] * view.scale + view.tx, Y[id] * view.scale + view.ty]; }
    // a node keeps a size one can see and point at when the view is zoomed far out
    function rad(id) {
      return Math.max(R[id], (id < U ? 2.5 + 6 * Math.sqrt(norm01(id)) : 1.6) / view.scale);
    }
    function toWorld(sx, sy) { return [(sx - view.tx) / view.scale, (sy - view.ty) / view.scale]; }

    function fit(ids) {
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, any = false;
      function take(id) {
        any = true;
        minX = Math.min(minX, X[id] - R[id]); maxX = Math.max(maxX, X[id] + R[id]);
        minY = Math.min(minY, Y[id] - R[id]); maxY = Math.max(maxY, Y[id] + R[id]);
      }
      if (ids) ids.forEach(take);
      else for (var id = 0; id < N; id++) if (nodeOn[id]) take(id);
      if (!any) { view = {scale: 1, tx: width / 2, ty: height / 2}; requestDraw(); return; }
      var pad = 40, w = Math.max(maxX - minX, 1), h = Math.max(maxY - minY, 1);
      var scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
      scale = Math.max(Math.min(scale, 4), 0.002);
      view = {scale: scale, tx: width / 2 - (minX + w / 2) * scale, ty: height / 2 - (minY + h / 2) * scale};
      requestDraw();
      saveHash();
    }

    function zoomAt(factor, sx, sy) {
      var w = toWorld(sx, sy);
      view.scale = Math.max(0.002, Math.min(view.scale * factor, 20));
      view.tx = sx - w[0] * view.scale; view.ty = sy - w[1] * view.scale;
      requestDraw();
      saveHash();
    }

    function focusOn(id) {
      var s = Math.max(view.scale, Math.min(1.2, 60 / Math.max(R[id], 1)));
      view.scale = s;
      view.tx = width / 2 - X[id] * s; view.ty = height / 2 - Y[id] * s;
      requestDraw();
      saveHash();
    }

    // ------------------------------------------------------------ drawing

    var pending = false, drawnCallbacks = [], lastLabels = [];
    function requestDraw() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; draw(); });
    }

    var hl = null;  // the highlighted neighbourhood: {nodes: Uint8Array, edges: [ids], co: [ids]}

    function strokeEdges(list, isCo, alpha) {
      // one path per style
      ctx.globalAlpha = alpha;
      if (!isCo) {
        data.roles.forEach(function (role, r) {
          var st = ROLE[role];
          ctx.beginPath();
          var n = 0;
          for (var x = 0; x < list.length; x++) {
            var k = list[x], e = data.edges[k];
            if (e[2] !== r) continue;
            var a = U + e[0], b = e[1];
            ctx.moveTo(X[a], Y[a]); ctx.lineTo(X[b], Y[b]); n++;
          }
          if (!n) return;
          ctx.strokeStyle = st.color;
          ctx.lineWidth = st.width / view.scale;
          ctx.setLineDash(st.dash.map(function (d) { return d / view.scale; }));
          ctx.stroke();
        });
        ctx.setLineDash([]);
      } else {
        var buckets = [[], [], [], []];
        list.forEach(function (k) {
          var w = data.coEdges[k][2];
          buckets[w <= 1 ? 0 : w <= 3 ? 1 : w <= 8 ? 2 : 3].push(k);
        });
        [0.7, 1.4, 2.6, 4].forEach(function (wd, b) {
          if (!buckets[b].length) return;
          ctx.beginPath();
          buckets[b].forEach(function (k) {
            var c = data.coEdges[k];
            ctx.moveTo(X[c[0]], Y[c[0]]); ctx.lineTo(X[c[1]], Y[c[1]]);
          });
          ctx.strokeStyle = CO_EDGE;
          ctx.lineWidth = wd / view.scale;
          ctx.stroke();
        });
      }
      ctx.globalAlpha = 1;
    }

    function fillNodes(ids, alpha, box) {
      ctx.globalAlpha = alpha;
      var byColor = {}, squares = [];
      ids.forEach(function (id) {
        var x = X[id], y = Y[id], r = rad(id);
        if (x + r < box[0] || x - r > box[2] || y + r < box[1] || y - r > box[3]) return;
        if (id < U) (byColor[nodeColor[id]] = byColor[nodeColor[id]] || []).push(id);
        else squares.push(id);
      });
      if (squares.length) {
        ctx.beginPath();
        squares.forEach(function (id) { var r = rad(id); ctx.rect(X[id] - r, Y[id] - r, 2 * r, 2 * r); });
        ctx.fillStyle = MEASURE.fill; ctx.fill();
        ctx.lineWidth = 1 / view.scale; ctx.strokeStyle = MEASURE.stroke; ctx.stroke();
      }
      Object.keys(byColor).sort().forEach(function (color) {
        ctx.beginPath();
        byColor[color].forEach(function (id) {
          var r = rad(id);
          ctx.moveTo(X[id] + r, Y[id]); ctx.arc(X[id], Y[id], r, 0, 6.2832);
        });
        ctx.fillStyle = color; ctx.fill();
        ctx.lineWidth = 1 / view.scale; ctx.strokeStyle = 'rgba(0,0,0,.28)'; ctx.stroke();
      });
      ctx.globalAlpha = 1;
    }

    // labels at a constant size on screen, the most important first, none over another
    function placeLabels(candidates, priority) {
      var placed = [], cell = 64, occupied = {}, out = [];
      function free(b) {
        for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
          for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
            var list = occupied[gx + ',' + gy];
            if (!list) continue;
            for (var x = 0; x < list.length; x++) {
              var o = list[x];
              if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
            }
          }
        }
        return true;
      }
      function take(b) {
        for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
          for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
            (occupied[gx + ',' + gy] = occupied[gx + ',' + gy] || []).push(b);
          }
        }
      }
      var limit = 350;
      for (var x = 0; x < candidates.length && out.length < limit; x++) {
        var id = candidates[x], s = toScreen(id);
        if (s[0] < -50 || s[0] > width + 50 || s[1] < -20 || s[1] > height + 20) continue;
        var size = labelSize(id), text = labelText(id);
        ctx.font = size + 'px ' + FONT;
        var w = ctx.measureText(text).width, r = rad(id) * view.scale;
        var b = [s[0] - w / 2 - 2, s[1] + r + 1, s[0] + w / 2 + 2, s[1] + r + size + 4];
        if (!priority[id] && !free(b)) continue;
        take(b);
        out.push([id, text, size, s[0], b[1], b]);
        placed.push(b);
      }
      return out;
    }

    function labelSize(id) {
      if (id >= U) return Math.round(11 * state.labelScale);
      return Math.round((11 + 6 * Math.sqrt(norm01(id))) * state.labelScale);
    }
    function labelText(id) {
      if (id < U) return data.units[id].name;
      var m = data.measures[id - U], t = Array.from(m.title || m.outline);
      return t.length > 14 ? t.slice(0, 13).join('') + '…' : t.join('');
    }

    var unitOrder = null;
    function labelCandidates() {
      if (!unitOrder) {
        unitOrder = [];
        for (var u = 0; u < U; u++) unitOrder.push(u);
        unitOrder.sort(function (a, b) { return importance(b) - importance(a) || a - b; });
      }
      var out = [];
      // the selection first, then its neighbourhood by importance, then the rest
      if (selection && selection.node !== undefined) out.push(selection.node);
      if (hl) {
        var near = [];
        for (var id = 0; id < N; id++) if (hl.nodes[id] && !(selection && selection.node === id)) near.push(id);
        near.sort(function (a, b) { return (b < U ? importance(b) : -1) - (a < U ? importance(a) : -1) || a - b; });
        out = out.concat(near);
      }
      unitOrder.forEach(function (u) { if (nodeOn[u] && (!hl || !hl.nodes[u])) out.push(u); });
      // measures are labelled only when one can read them: zoomed in
      if (state.view === 'bipartite' && view.scale >= 0.9) {
        for (var j2 = 0; j2 < M; j2++) if (nodeOn[U + j2] && (!hl || !hl.nodes[U + j2])) out.push(U + j2);
      }
      return out;
    }

    function draw() {
      var t0 = performance.now();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.tx, dpr * view.ty);
      var w0 = toWorld(0, 0), w1 = toWorld(width, height), box = [w0[0], w0[1], w1[0], w1[1]];
      var isCo = state.view === 'units', edges = [], k;
      if (isCo) { for (k = 0; k < C; k++) if (coOn[k]) edges.push(k); }
      else for (k = 0; k < E; k++) if (edgeOn[k]) edges.push(k);
      var ids = [];
      for (var id = 0; id < N; id++) if (nodeOn[id]) ids.push(id);
      var dim = hl ? 0.12 : 1;
      strokeEdges(edges, isCo, dim);
      fillNodes(ids, dim, box);
      if (hl) {
        strokeEdges(isCo ? hl.co : hl.edges, isCo, 1);
        fillNodes(ids.filter(function (x) { return hl.nodes[x]; }), 1, box);
        var sel = selection && selection.node !== undefined ? selection.node : -1;
        if (sel >= 0 && nodeOn[sel]) {
          ctx.beginPath();
          ctx.arc(X[sel], Y[sel], rad(sel) + 3 / view.scale, 0, 6.2832);
          ctx.lineWidth = 3 / view.scale; ctx.strokeStyle = '#212529'; ctx.stroke();
        }
      }
      // labels, in screen coordinates
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      // the selected node is always labelled; its neighbours where their labels fit (more as you zoom)
      var priority = {};
      if (selection && selection.node !== undefined) priority[selection.node] = true;
      lastLabels = placeLabels(labelCandidates(), priority);
      ctx.textAlign = 'center'; ctx.textBaseline = 'top'; ctx.lineJoin = 'round';
      lastLabels.forEach(function (l) {
        var faded = hl && !hl.nodes[l[0]];
        ctx.font = (l[0] < U ? '600 ' : '') + l[2] + 'px ' + FONT;
        ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,.92)';
        ctx.strokeText(l[1], l[3], l[4]);
        ctx.fillStyle = faded ? '#ced4da' : (l[0] < U ? '#212529' : '#495057');
        ctx.fillText(l[1], l[3], l[4]);
      });
      api.lastDrawMs = performance.now() - t0;
      var callbacks = drawnCallbacks;
      drawnCallbacks = [];
      callbacks.forEach(function (f) { f(); });
    }

    // ------------------------------------------------------------ hit testing

    var grid = null, CELL = 60;
    function buildGrid() {
      grid = {};
      for (var id = 0; id < N; id++) {
        if (!nodeOn[id]) continue;
        var key = Math.floor(X[id] / CELL) + ',' + Math.floor(Y[id] / CELL);
        (grid[key] = grid[key] || []).push(id);
      }
    }
    function nodeAt(sx, sy) {
      if (!grid) buildGrid();
      var w = toWorld(sx, sy), best = -1, bestD = Infinity, slack = 4 / view.scale;
      var reach = Math.ceil((28 + 12 / view.scale + slack) / CELL);
      var cx = Math.floor(w[0] / CELL), cy = Math.floor(w[1] / CELL);
      for (var gx = cx - reach; gx <= cx + reach; gx++) {
        for (var gy = cy - reach; gy <= cy + reach; gy++) {
          var list = grid[gx + ',' + gy];
          if (!list) continue;
          for (var x = 0; x < list.length; x++) {
            var id = list[x], dx = X[id] - w[0], dy = Y[id] - w[1], d = Math.sqrt(dx * dx + dy * dy), r = rad(id);
            if (d <= r + slack && d - r < bestD) { bestD = d - r; best = id; }
          }
        }
      }
      return best;
    }
    function segDist(px, py, ax, ay, bx, by) {
      var vx = bx - ax, vy = by - ay, l2 = vx * vx + vy * vy;
      var t = l2 ? Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / l2)) : 0;
      var dx = ax + t * vx - px, dy = ay + t * vy - py;
      return Math.sqrt(dx * dx + dy * dy);
    }
    function edgeAt(sx, sy) {
      var w = toWorld(sx, sy), best = null, bestD = 5 / view.scale;
      if (state.view === 'units') {
        for (var k = 0; k < C; k++) {
          if (!coOn[k]) continue;
          var c = data.coEdges[k], d = segDist(w[0], w[1], X[c[0]], Y[c[0]], X[c[1]], Y[c[1]]);
          if (d < bestD) { bestD = d; best = {co: k}; }
        }
      } else {
        for (var k2 = 0; k2 < E; k2++) {
          if (!edgeOn[k2]) continue;
          var e = data.edges[k2], a = U + e[0];
          var d2 = segDist(w[0], w[1], X[a], Y[a], X[e[1]], Y[e[1]]);
          if (d2 < bestD) { bestD = d2; best = {edge: k2}; }
        }
      }
      return best;
    }

    // ------------------------------------------------------------ DOM helpers

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined && text !== null) e.textContent = String(text);
      return e;
    }
    function rows(parent, pairs) {
      var dl = el('dl');
      pairs.forEach(function (p) {
        if (p[1] === '' || p[1] === null || p[1] === undefined) return;
        dl.appendChild(el('dt', null, p[0]));
        dl.appendChild(el('dd', null, p[1]));
      });
      parent.appendChild(dl);
    }
    function docLabel(d) {
      var doc = data.docs[d];
      return doc.title ? doc.title + (doc.number ? '(' + doc.number + ')' : '') : doc.name;
    }
    function unitsByRole(j) {
      var out = {lead: [], support: [], mention: []};
      measureEdges[j].forEach(function (k) {
        var e = data.edges[k];
        out[data.roles[e[2]]].push(e[1]);
      });
      return out;
    }
    function names(list) { return list.map(function (u) { return data.units[u].name; }).join('、'); }

    // text with spans marked: [[start, end], …] of the measure text
    function markedText(text, spans, cls) {
      var box = el('div', cls || 'text'), at = 0;
      (spans || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (s) {
        if (s[0] < at) return;
        box.appendChild(document.createTextNode(text.slice(at, s[0])));
        box.appendChild(el('mark', null, text.slice(s[0], s[1])));
        at = s[1];
      });
      box.appendChild(document.createTextNode(text.slice(at)));
      return box;
    }

    // ------------------------------------------------------------ tooltips

    function unitSummary(u) {
      var x = data.units[u], box = el('div', 'gk-tip');
      box.appendChild(el('div', 'kind', '单位 · ' + (TYPE[x.type] ? TYPE[x.type].name : x.type)));
      box.appendChild(el('div', 'title', x.name));
      var pairs = [
        ['又称', x.variants.join('、')],
        ['类型', TYPE[x.type] ? TYPE[x.type].name + '(' + x.type + ')' : x.type],
        ['辖区', x.jurisdiction],
        ['现为', x.successor || ''],
        ['牵头', x.lead + ' 项措施'],
        ['配合', x.support + ' 项措施'],
        ['提及', x.mentions + ' 项措施']
      ];
      if (data.sizeBy !== 'responsibility') pairs.push([SIZE_LABELS[data.sizeBy] || data.sizeBy, String(x.value)]);
      rows(box, pairs);
      return box;
    }
    function measureSummary(j, full) {
      var m = data.measures[j], who = unitsByRole(j), box = el('div', 'gk-tip');
      box.appendChild(el('div', 'kind', '措施 · ' + m.outline));
      box.appendChild(el('div', 'title', m.title || m.outline));
      rows(box, [
        ['文件', docLabel(m.doc)],
        ['文件名', data.docs[m.doc].name],
        ['条目', m.outline],
        ['期限', m.deadline || '未写明'],
        ['牵头', names(who.lead)],
        ['配合', names(who.support)],
        ['提及', names(who.mention)],
        ['责任人', (m.persons || []).join('、')],
        ['依据', SOURCE_NAMES[m.roleSource] || m.roleSource]
      ]);
      if (!full) box.appendChild(markedText(m.text, m.clauses));
      return box;
    }
    function edgeSummary(hit) {
      var box = el('div', 'gk-tip');
      if (hit.edge !== undefined) {
        var e = data.edges[hit.edge], m = data.measures[e[0]], role = data.roles[e[2]];
        box.appendChild(el('div', 'kind', ROLE[role].name));
        box.appendChild(el('div', 'title', data.units[e[1]].name + ' → ' + (m.title || m.outline)));
        rows(box, [
          ['原文写作', writtenName(e)],
          ['条目', docLabel(m.doc) + ' ' + m.outline],
          ['依据', SOURCE_NAMES[data.sources[e[3]]] || data.sources[e[3]]]
        ]);
        var sentence = sentenceOf(m.text, e[5] || null, writtenName(e));
        if (sentence) box.appendChild(markedText(sentence[0], [sentence[1]], 'text sentence'));
      } else {
        var c = data.coEdges[hit.co];
        box.appendChild(el('div', 'kind', '共同负责'));
        box.appendChild(el('div', 'title', data.units[c[0]].name + ' — ' + data.units[c[1]].name));
        rows(box, [['措施', c[2] + ' 项'], ['文件', c[3].map(docLabel).slice(0, 6).join(';')]]);
      }
      return box;
    }

    // the sentence of a measure that holds a clause span (or the written name)
    function sentenceOf(text, span, name) {
      if (!span) {
        var at = name ? text.indexOf(name) : -1;
        if (at < 0) return null;
        span = [at, at + name.length];
      }
      var start = span[0], end = span[1];
      while (start > 0 && '。;；\n'.indexOf(text.charAt(start - 1)) < 0) start--;
      while (end < text.length && '。;；\n'.indexOf(text.charAt(end - 1)) < 0) end++;
      if (start > 0 && span[0] - start < 2 && (text.charAt(span[0]) === '(' || text.charAt(span[0]) === '（')) {
        // a clause in brackets closes the sentence before it: show that sentence too
        var s2 = start - 1;
        while (s2 > 0 && '。;；\n'.indexOf(text.charAt(s2 - 1)) < 0) s2--;
        start = s2;
      }
      return [text.slice(start, end), [span[0] - start, span[1] - start]];
    }

    var tooltip = document.getElementById('tooltip'), tipFor = null;
    function showTip(target, sx, sy) {
      var key = target === null ? null : JSON.stringify(target);
      if (key === tipFor) { if (key !== null) placeTip(sx, sy); return; }
      tipFor = key;
      if (target === null) { tooltip.hidden = true; tooltip.replaceChildren(); return; }
      var content = typeof target === 'number'
        ? (target < U ? unitSummary(target) : measureSummary(target - U))
        : edgeSummary(target);
      tooltip.replaceChildren(content);
      tooltip.hidden = false;
      placeTip(sx, sy);
    }
    function placeTip(sx, sy) {
      var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
      var x = sx + 14 + w > width ? Math.max(4, sx - w - 14) : sx + 14;
      var y = sy + 14 + h > height ? Math.max(4, sy - h - 14) : sy + 14;
      tooltip.style.left = x + 'px'; tooltip.style.top = y + 'px';
    }

    // ------------------------------------------------------------ selection and the inspector

    var selection = null;   // {node: id} | {edge: k} | {co: k}
    var inspector = document.getElementById('inspector'), detailsBody = document.getElementById('details-body');

    function neighbourhood(sel) {
      var nodes = new Uint8Array(N), edges = [], co = [];
      if (sel.node !== undefined) {
        var id = sel.node;
        nodes[id] = 1;
        if (state.view === 'units') {
          if (id < U) coOf[id].forEach(function (k) {
            if (!coOn[k]) return;
            co.push(k); nodes[data.coEdges[k][0]] = 1; nodes[data.coEdges[k][1]] = 1;
          });
        } else {
          (id < U ? unitEdges[id] : measureEdges[id - U]).forEach(function (k) {
            if (!edgeOn[k]) return;
            edges.push(k); nodes[U + data.edges[k][0]] = 1; nodes[data.edges[k][1]] = 1;
          });
        }
      } else if (sel.edge !== undefined) {
        edges.push(sel.edge);
        nodes[U + data.edges[sel.edge][0]] = 1; nodes[data.edges[sel.edge][1]] = 1;
      } else {
        co.push(sel.co);
        nodes[data.coEdges[sel.co][0]] = 1; nodes[data.coEdges[sel.co][1]] = 1;
      }
      return {nodes: nodes, edges: edges, co: co};
    }

    function select(sel) {
      if (typeof sel === 'number') sel = {node: sel};
      if (sel && sel.node !== undefined && !nodeOn[sel.node]) sel = null;
      selection = sel || null;
      hl = selection ? neighbourhood(selection) : null;
      showTip(null);
      if (!selection) {
        inspector.hidden = true;
        detailsBody.replaceChildren();
      } else {
        detailsBody.replaceChildren(selection.node !== undefined
          ? (selection.node < U ? unitPanel(selection.node) : measurePanel(selection.node - U))
          : edgePanel(selection));
        inspector.hidden = false;
        inspector.scrollTop = 0;
      }
      resize();
      saveHash();
    }

    function listItem(parent, main, meta, onClick, role) {
      var li = el('li');
      if (role) li.appendChild(el('span', 'role ' + role, ROLE[role].name));
      li.appendChild(document.createTextNode(main));
      if (meta) li.appendChild(el('div', 'meta', meta));
      li.addEventListener('click', onClick);
      parent.appendChild(li);
      return li;
    }

    // ------------------------------------------------------------ a large build's measures

    // The page of a large build holds its units only; each unit's measures are in
    // files beside it (data.measureFiles), loaded as scripts when a unit is chosen:
    // a page opened from disk may load scripts of its folder but not fetch files.
    var files = data.measureFiles, fileLoads = {}, fileWaiting = {};
    window.graphkitMeasures = function (number, key, packed) {
      var waiting = fileWaiting[number];
      if (waiting && key === files.key) {
        waiting.arrived = true;
        unpack(packed).then(waiting.resolve, waiting.reject);
      }
    };
    function fileOf(u) {
      var lo = 0, hi = files.starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (files.starts[mid] <= u) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    function measuresOfUnit(u) {
      if (!files.starts.length) return Promise.resolve([]);
      var f = fileOf(u);
      if (!fileLoads[f]) {
        fileLoads[f] = new Promise(function (resolve, reject) {
          var name = files.dir + '/' + ('0000' + f).slice(-5) + '.js';
          fileWaiting[f] = {resolve: resolve, reject: reject, arrived: false};
          var script = document.createElement('script');
          script.src = encodeURIComponent(files.dir) + '/' + ('0000' + f).slice(-5) + '.js';
          function fail() { delete fileLoads[f]; delete fileWaiting[f]; reject(new Error(name)); }
          script.onerror = fail;
          // a file of another build (a stale folder) loads but never answers for this one
          script.onload = function () { if (fileWaiting[f] && !fileWaiting[f].arrived) fail(); };
          document.head.appendChild(script);
        });
      }
      return fileLoads[f].then(function (units) { return units[u] || []; });
    }
    function loadedMeasureList(box, u) {
      var a = data.units[u];
      box.appendChild(el('h3', null, '措施(' + (a.lead + a.support + a.mentions) + ' 项)'));
      var status = el('div', 'meta', '正在载入措施…'), list = el('ul', 'list measures loaded');
      box.appendChild(status);
      box.appendChild(list);
      measuresOfUnit(u).then(function (rows) {
        status.remove();
        function show(from, to) {
          rows.slice(from, to).forEach(function (r) {
            var doc = r[0] >= 0 && r[0] < data.docs.length ? docLabel(r[0]) + ' · ' : '';
            listItem(list, r[2] || r[1], doc + r[1] + (r[4] ? ' · 期限 ' + r[4] : ''), function () {},
                     data.roles[r[3]]);
          });
        }
        var shown = Math.min(rows.length, 100);
        show(0, shown);
        if (rows.length > shown) {
          var more = el('button', 'more', '显示全部 ' + rows.length + ' 项');
          more.addEventListener('click', function () { show(shown, rows.length); more.remove(); });
          list.after(more);
        }
      }, function (err) {
        status.textContent = '无法载入措施文件 ' + err.message + ':它应在本页旁的 ' + files.dir +
          ' 文件夹中(也可用 graphkit query 查询)';
      });
    }

    function unitPanel(u) {
      var box = unitSummary(u);
      if (files) {
        loadedMeasureList(box, u);
        return partnerList(box, u);
      }
      // its measures, in document and outline order
      var mine = unitEdges[u].slice().sort(function (a, b) {
        var ma = data.measures[data.edges[a][0]], mb = data.measures[data.edges[b][0]];
        return ma.doc - mb.doc || data.edges[a][0] - data.edges[b][0];
      });
      box.appendChild(el('h3', null, '措施(' + mine.length + ' 项)'));
      var list = el('ul', 'list measures');
      box.appendChild(list);
      function show(from, to) {
        mine.slice(from, to).forEach(function (k) {
          var e = data.edges[k], m = data.measures[e[0]];
          listItem(list, m.title || m.outline,
                   docLabel(m.doc) + ' · ' + m.outline + (m.deadline ? ' · 期限 ' + m.deadline : ''),
                   function () { chooseNode(U + e[0]); }, data.roles[e[2]]);
        });
      }
      var shownRows = Math.min(mine.length, 100);
      show(0, shownRows);
      if (mine.length > shownRows) {
        var more = el('button', 'more', '显示全部 ' + mine.length + ' 项');
        more.addEventListener('click', function () { show(shownRows, mine.length); more.remove(); });
        box.appendChild(more);
      }
      return partnerList(box, u);
    }

    function partnerList(box, u) {
      // its partners, by measures shared
      var partners = coOf[u].map(function (k) {
        var c = data.coEdges[k];
        return [c[0] === u ? c[1] : c[0], c[2]];
      }).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      box.appendChild(el('h3', null, '共同负责的单位(' + partners.length + ' 个)'));
      var plist = el('ul', 'list partners');
      partners.slice(0, 60).forEach(function (p) {
        listItem(plist, data.units[p[0]].name, '共同负责 ' + p[1] + ' 项措施', function () { chooseNode(p[0]); });
      });
      box.appendChild(plist);
      return box;
    }

    function measurePanel(j) {
      var m = data.measures[j], box = measureSummary(j, true), who = unitsByRole(j);
      ['lead', 'support', 'mention'].forEach(function (role) {
        if (!who[role].length) return;
        var line = el('div');
        line.appendChild(el('span', 'role ' + role, ROLE[role].name));
        who[role].forEach(function (u) {
          var chip = el('span', 'chip', data.units[u].name);
          chip.addEventListener('click', function () { chooseNode(u); });
          line.appendChild(chip);
        });
        box.appendChild(line);
      });
      box.appendChild(el('h3', null, '全文(责任条款已标出)'));
      box.appendChild(markedText(m.text, m.clauses));
      return box;
    }

    function edgePanel(sel) {
      var box = edgeSummary(sel);
      if (sel.co !== undefined) {
        var c = data.coEdges[sel.co], shared = {};
        unitEdges[c[0]].forEach(function (k) { if (data.roles[data.edges[k][2]] !== 'mention') shared[data.edges[k][0]] = 1; });
        var list = el('ul', 'list measures');
        unitEdges[c[1]].forEach(function (k) {
          var j2 = data.edges[k][0];
          if (shared[j2] !== 1 || data.roles[data.edges[k][2]] === 'mention') return;
          shared[j2] = 2;
          var m = data.measures[j2];
          listItem(list, m.title || m.outline, docLabel(m.doc) + ' · ' + m.outline, function () { chooseNode(U + j2); });
        });
        box.appendChild(el('h3', null, '共同负责的措施'));
        box.appendChild(list);
      }
      return box;
    }

    function chooseNode(id) {
      if (!nodeOn[id]) {        // hidden by a filter: choosing it shows it
        if (id >= U && state.view === 'units') state.view = 'bipartite';
        state.roles = state.roles.map(function () { return true; });
        state.docs = state.docs.map(function () { return true; });
        Object.keys(state.types).forEach(function (t) { state.types[t] = true; });
        state.jurisdiction = ''; state.minValue = 0;
        if (id >= U) state.hideOrphans = false;
        syncControls();
        computeVisibility();
      }
      select({node: id});
      focusOn(id);
    }

    // ------------------------------------------------------------ search

    var T2S = data.t2s || {};
    function norm(s) {
      var out = '';
      Array.from(String(s).normalize('NFKC').toLowerCase().replace(/\s+/g, '')).forEach(function (ch) {
        out += T2S[ch] || ch;
      });
      return out;
    }
    // every name a unit goes by; "市人社局" of 普宁市 is also found as "普宁市人社局"
    var searchKeys = null;
    function keys() {
      if (searchKeys) return searchKeys;
      searchKeys = data.units.map(function (u) {
        var all = [u.name].concat(u.variants, u.aka), out = all.map(norm), place = norm(u.jurisdiction);
        all.forEach(function (v) {
          var k = norm(v);
          if (place && '省市县区旗州'.indexOf(k.charAt(0)) >= 0 && place.slice(-1) === k.charAt(0)) out.push(place + k.slice(1));
        });
        return out;
      });
      return searchKeys;
    }

    // ranked: exact, then prefix, then anywhere; shown units before hidden ones; the
    // more responsibility the better; Enter takes the first
    function findUnits(query) {
      var q = norm(query);
      if (!q) return [];
      var hits = [];
      keys().forEach(function (ks, u) {
        var best = 9, via = 0;
        ks.forEach(function (k, x) {
          var s = k === q ? 0 : k.indexOf(q) === 0 ? 1 : k.indexOf(q) > 0 ? 2 : 9;
          if (s < best) { best = s; via = x; }
        });
        if (best < 9) hits.push({unit: u, score: best, via: via});
      });
      hits.sort(function (a, b) {
        return a.score - b.score || nodeOn[b.unit] - nodeOn[a.unit] || importance(b.unit) - importance(a.unit) ||
          data.units[a.unit].name.length - data.units[b.unit].name.length || a.unit - b.unit;
      });
      return hits;
    }

    var searchBox = document.getElementById('search'), results = document.getElementById('search-results');
    var hits = [], active = 0;
    function showResults() {
      hits = findUnits(searchBox.value);
      active = 0;
      results.replaceChildren();
      if (!searchBox.value.trim()) return;
      if (!hits.length) { results.appendChild(el('li', 'hint', '没有找到单位')); return; }
      hits.slice(0, 30).forEach(function (h, x) {
        var u = data.units[h.unit], li = el('li', x === 0 ? 'active' : '', u.name);
        li.setAttribute('role', 'option');
        var all = [u.name].concat(u.variants, u.aka);
        var note = (h.via > 0 ? '又称 ' + (all[h.via] || searchBox.value.trim()) + ' · ' : '') +
                   (u.lead + u.support) + ' 项';
        li.appendChild(el('small', null, note));
        li.addEventListener('mousedown', function (ev) { ev.preventDefault(); chooseNode(h.unit); });
        results.appendChild(li);
      });
      if (hits.length > 30) results.appendChild(el('li', 'hint', '另有 ' + (hits.length - 30) + ' 个结果'));
    }
    searchBox.addEventListener('input', showResults);
    searchBox.addEventListener('keydown', function (ev) {
      var items = results.querySelectorAll('li[role=option]');
      if (ev.key === 'Enter' && hits.length) { ev.preventDefault(); chooseNode(hits[active].unit); }
      else if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && items.length) {
        ev.preventDefault();
        items[active].classList.remove('active');
        active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        items[active].classList.add('active');
        items[active].scrollIntoView({block: 'nearest'});
      } else if (ev.key === 'Escape') { searchBox.value = ''; showResults(); }
    });

    // ------------------------------------------------------------ filters

    function applyFilters(refit) {
      computeVisibility();
      if (selection && selection.node !== undefined && !nodeOn[selection.node]) select(null);
      else if (selection) { hl = neighbourhood(selection); }
      showTip(null);
      showCounts();
      if (refit) fit(); else requestDraw();
      saveHash();
    }

    // ------------------------------------------------------------ controls

    var controls = {roles: [], types: {}, docs: [], views: {}};

    function checkbox(parent, swatch, name, count, checked, onChange, cls) {
      var label = el('label', cls), box = el('input');
      box.type = 'checkbox';
      box.checked = checked;
      box.addEventListener('change', function () { onChange(box.checked); });
      label.appendChild(box);
      if (swatch) label.appendChild(swatch);
      label.appendChild(el('span', 'name', name));
      if (count !== null) label.appendChild(el('span', 'count', count));
      parent.appendChild(label);
      return box;
    }
    function lineSwatch(color, w, style) {
      var s = el('span', 'swatch line');
      s.style.borderTopColor = color;
      s.style.borderTopWidth = Math.max(1, Math.round(w)) + 'px';
      s.style.borderTopStyle = style;
      return s;
    }
    function dotSwatch(color) {
      var s = el('span', 'swatch dot');
      s.style.background = color;
      return s;
    }

    var roleCounts = data.roles.map(function () { return 0; });
    data.edges.forEach(function (e) { roleCounts[e[2]] += 1; });
    var rolesBox = document.getElementById('filter-roles');
    data.roles.forEach(function (r, x) {
      var st = ROLE[r];
      controls.roles[x] = checkbox(rolesBox, lineSwatch(st.color, st.width, st.dash.length ? (r === 'mention' ? 'dotted' : 'dashed') : 'solid'),
                                   st.name, roleCounts[x], true, function (on) { state.roles[x] = on; applyFilters(); });
    });

    var typeCounts = {};
    data.units.forEach(function (u, i2) { typeCounts[typeOf(i2)] = (typeCounts[typeOf(i2)] || 0) + 1; });
    var typesBox = document.getElementById('filter-types');
    TYPES.forEach(function (t) {
      if (!typeCounts[t[0]]) return;
      controls.types[t[0]] = checkbox(typesBox, dotSwatch(t[2]), t[1], typeCounts[t[0]], true,
                                      function (on) { state.types[t[0]] = on; applyFilters(); });
    });

    // documents: grouped by jurisdiction and year, searchable, all / none / only this
    var docCounts = data.docs.map(function () { return 0; });
    data.measures.forEach(function (m) { docCounts[m.doc] += 1; });
    function docYear(d) {
      var m = /^(\d{4})/.exec(d.date || '') || /〔(\d{4})〕|\[(\d{4})\]|\((\d{4})\)/.exec(d.number || '');
      return m ? (m[1] || m[2] || m[3]) : '';
    }
    var docsBox = document.getElementById('filter-docs'), docRows = [];
    var groups = {};
    data.docs.forEach(function (d, x) {
      var key = (d.jurisdiction || '未注明辖区') + (docYear(d) ? ' · ' + docYear(d) + ' 年' : '');
      (groups[key] = groups[key] || []).push(x);
    });
    var groupKeys = Object.keys(groups).sort();
    groupKeys.forEach(function (key) {
      var head = el('div', 'group', key + '(' + groups[key].length + ')');
      docsBox.appendChild(head);
      groups[key].forEach(function (x) {
        var d = data.docs[x];
        var box = checkbox(docsBox, null, d.title || d.name, docCounts[x], true,
                           function (on) { state.docs[x] = on; applyFilters(); }, 'doc');
        var label = box.parentNode;
        label.title = d.name + (d.number ? ' · ' + d.number : '');
        var only = el('button', 'only', '仅此');
        only.type = 'button';
        only.title = '只显示这份文件';
        only.addEventListener('click', function (ev) {
          ev.preventDefault(); ev.stopPropagation();
          state.docs = state.docs.map(function (_, y) { return y === x; });
          syncControls();
          applyFilters(true);
        });
        label.appendChild(only);
        controls.docs[x] = box;
        docRows.push([label, norm((d.title || '') + (d.name || '') + (d.number || '') + (d.jurisdiction || '')), head]);
      });
    });
    document.getElementById('doc-count').textContent = data.docs.length;
    document.getElementById('doc-search').addEventListener('input', function (ev) {
      var q = norm(ev.target.value);
      docRows.forEach(function (r) { r[0].hidden = !!q && r[1].indexOf(q) < 0; });
      docRows.forEach(function (r) {
        r[2].hidden = !!q && !docRows.some(function (o) { return o[2] === r[2] && !o[0].hidden; });
      });
    });
    // all / none act on the documents the search shows
    function setDocs(on) {
      state.docs = state.docs.map(function (old, x) { return controls.docs[x].parentNode.hidden ? old : on; });
      syncControls();
      applyFilters(true);
    }
    document.getElementById('docs-all').addEventListener('click', function () { setDocs(true); });
    document.getElementById('docs-none').addEventListener('click', function () { setDocs(false); });

    // jurisdictions of units, the most units first
    var jurCounts = {};
    data.units.forEach(function (u) { if (u.jurisdiction) jurCounts[u.jurisdiction] = (jurCounts[u.jurisdiction] || 0) + 1; });
    var jurSelect = document.getElementById('jurisdiction');
    Object.keys(jurCounts).sort(function (a, b) { return jurCounts[b] - jurCounts[a] || (a < b ? -1 : 1); })
      .forEach(function (j2) {
        var o = el('option', null, j2 + '(' + jurCounts[j2] + ')');
        o.value = j2;
        jurSelect.appendChild(o);
      });
    jurSelect.addEventListener('change', function () { state.jurisdiction = jurSelect.value; applyFilters(true); });

    var hideBox = document.getElementById('hide-orphans');
    document.getElementById('orphan-count').textContent = orphanCount;
    hideBox.addEventListener('change', function () { state.hideOrphans = hideBox.checked; applyFilters(); });

    var minValue = document.getElementById('min-value'), minRange = document.getElementById('min-range');
    minRange.max = String(Math.ceil(vmax));
    minValue.max = String(Math.ceil(vmax));
    var minTimer = null;
    function setMin(v, from) {
      state.minValue = Math.max(0, +v || 0);
      if (from !== minValue) minValue.value = String(state.minValue);
      if (from !== minRange) minRange.value = String(state.minValue);
      clearTimeout(minTimer);
      minTimer = setTimeout(function () { applyFilters(); }, 60);
    }
    minValue.addEventListener('input', function () { setMin(minValue.value, minValue); });
    minRange.addEventListener('input', function () { setMin(minRange.value, minRange); });

    var colorSelect = document.getElementById('color-by');
    colorSelect.addEventListener('change', function () {
      state.colorBy = colorSelect.value; recolor(); buildLegend(); requestDraw(); saveHash();
    });
    var labelSizeBox = document.getElementById('label-size');
    labelSizeBox.addEventListener('input', function () { state.labelScale = +labelSizeBox.value || 1; requestDraw(); });

    function syncControls() {
      controls.roles.forEach(function (b, x) {
        b.checked = state.roles[x];
        b.disabled = state.view !== 'bipartite';  // roles do not apply to the projection
        b.parentNode.classList.toggle('disabled', b.disabled);
      });
      Object.keys(controls.types).forEach(function (t) { controls.types[t].checked = state.types[t]; });
      controls.docs.forEach(function (b, x) { b.checked = state.docs[x]; });
      Object.keys(controls.views).forEach(function (v) { controls.views[v].checked = v === state.view; });
      hideBox.checked = state.hideOrphans;
      hideBox.disabled = state.view !== 'bipartite';
      jurSelect.value = state.jurisdiction;
      minValue.value = String(state.minValue); minRange.value = String(state.minValue);
      colorSelect.value = state.colorBy;
      legendCo.hidden = state.view !== 'units';
    }

    function setView(v) {
      if (v !== 'bipartite' && v !== 'units') return;
      state.view = v;
      syncControls();
      applyFilters();
    }
    document.querySelectorAll('#view-switch input').forEach(function (r) {
      controls.views[r.value] = r;
      r.addEventListener('change', function () { if (r.checked) setView(r.value); });
    });

    document.getElementById('fit').addEventListener('click', function () { fit(); });
    document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(1.4, width / 2, height / 2); });
    document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(1 / 1.4, width / 2, height / 2); });
    document.getElementById('inspector-close').addEventListener('click', function () { select(null); });
    var panel = document.getElementById('panel');
    document.getElementById('panel-toggle').addEventListener('click', function () { panel.classList.toggle('open'); });

    // ------------------------------------------------------------ legend

    var legend = document.getElementById('legend'), legendBody = el('div'), legendCo;
    legend.appendChild(legendBody);
    function buildLegend() {
      legendBody.replaceChildren();
      var l1 = el('div');
      l1.appendChild(dotSwatch('#adb5bd'));
      l1.appendChild(el('span', null, '单位:颜色表示' + (state.colorBy === 'community' ? '社群' : '类型') +
                                     ',大小表示' + (SIZE_LABELS[data.sizeBy] || data.sizeBy)));
      legendBody.appendChild(l1);
      var l2 = el('div');
      l2.appendChild(el('span', 'swatch square'));
      l2.appendChild(el('span', null, '措施:悬停查看全文与期限,放大后显示标题'));
      legendBody.appendChild(l2);
    }
    buildLegend();
    legendCo = el('div');
    legendCo.appendChild(lineSwatch(CO_EDGE, 3, 'solid'));
    legendCo.appendChild(el('span', null, '共同负责:线越粗,共同负责的措施越多'));
    legend.appendChild(legendCo);
    legend.appendChild(el('span', 'note', '拖动平移,滚轮缩放;点击节点列出其措施与合作单位,点击空白处恢复。'));

    var summary = document.getElementById('summary');
    function showCounts() {
      var text = M + ' 项措施 · ' + U + ' 个单位 · ' + E + ' 条责任关系 · ' + data.docs.length + ' 份文件';
      var total = state.view === 'units' ? U : N;
      if (shownNodes !== total) text += '(显示 ' + shownNodes + ' 个节点)';
      summary.textContent = text;
    }

    // ------------------------------------------------------------ pointer

    var drag = null, hoverFrame = false, lastMove = null;
    canvas.addEventListener('pointerdown', function (ev) {
      canvas.setPointerCapture(ev.pointerId);
      drag = {x: ev.offsetX, y: ev.offsetY, tx: view.tx, ty: view.ty, moved: false};
    });
    canvas.addEventListener('pointermove', function (ev) {
      if (drag) {
        var dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; canvas.classList.add('dragging'); showTip(null); }
        if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; requestDraw(); }
        return;
      }
      lastMove = [ev.offsetX, ev.offsetY];
      if (hoverFrame) return;
      hoverFrame = true;
      requestAnimationFrame(function () {
        hoverFrame = false;
        if (!lastMove) return;
        var id = nodeAt(lastMove[0], lastMove[1]);
        var target = id >= 0 ? id : (shownEdges <= 20000 ? edgeAt(lastMove[0], lastMove[1]) : null);
        canvas.style.cursor = target !== null ? 'pointer' : '';
        showTip(target, lastMove[0], lastMove[1]);
      });
    });
    canvas.addEventListener('pointerleave', function () { lastMove = null; showTip(null); });
    canvas.addEventListener('pointerup', function (ev) {
      var d = drag;
      drag = null;
      canvas.classList.remove('dragging');
      if (d && d.moved) { saveHash(); return; }
      var id = nodeAt(ev.offsetX, ev.offsetY);
      if (id >= 0) { select({node: id}); return; }
      var e = edgeAt(ev.offsetX, ev.offsetY);
      select(e);
    });
    canvas.addEventListener('dblclick', function (ev) {
      var id = nodeAt(ev.offsetX, ev.offsetY);
      if (id >= 0) focusOn(id); else zoomAt(1.6, ev.offsetX, ev.offsetY);
    });
    canvas.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoomAt(Math.pow(1.0015, -ev.deltaY), ev.offsetX, ev.offsetY);
    }, {passive: false});
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' && document.activeElement === document.body) select(null);
    });

    // ------------------------------------------------------------ export

    function download(href, name) {
      var a = el('a');
      a.href = href; a.download = name;
      document.body.appendChild(a); a.click(); a.remove();
    }
    function exportPNG() { return canvas.toDataURL('image/png'); }
    document.getElementById('export-png').addEventListener('click', function () {
      download(exportPNG(), 'graphkit-network.png');
    });

    function exportSVG() {
      var NS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(NS, 'svg');
      svg.setAttribute('xmlns', NS);
      svg.setAttribute('width', String(Math.round(width))); svg.setAttribute('height', String(Math.round(height)));
      svg.setAttribute('viewBox', '0 0 ' + Math.round(width) + ' ' + Math.round(height));
      function node(tag, attrs, parent) {
        var x = document.createElementNS(NS, tag);
        Object.keys(attrs).forEach(function (k) { x.setAttribute(k, attrs[k]); });
        (parent || svg).appendChild(x);
        return x;
      }
      node('rect', {width: '100%', height: '100%', fill: '#ffffff'});
      function sp(id) { var s = toScreen(id); return [s[0].toFixed(1), s[1].toFixed(1)]; }
      var g = node('g', {'stroke-linecap': 'round'});
      if (state.view === 'units') {
        for (var k = 0; k < C; k++) {
          if (!coOn[k]) continue;
          var c = data.coEdges[k], a = sp(c[0]), b = sp(c[1]);
          node('line', {x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: CO_EDGE, 'stroke-width': '1'}, g);
        }
      } else {
        for (var k2 = 0; k2 < E; k2++) {
          if (!edgeOn[k2]) continue;
          var e = data.edges[k2], st = ROLE[data.roles[e[2]]], p = sp(U + e[0]), q = sp(e[1]);
          var attrs = {x1: p[0], y1: p[1], x2: q[0], y2: q[1], stroke: st.color, 'stroke-width': String(st.width)};
          if (st.dash.length) attrs['stroke-dasharray'] = st.dash.join(' ');
          node('line', attrs, g);
        }
      }
      for (var id = 0; id < N; id++) {
        if (!nodeOn[id]) continue;
        var s = sp(id), r = (rad(id) * view.scale).toFixed(1);
        if (id < U) node('circle', {cx: s[0], cy: s[1], r: r, fill: nodeColor[id], stroke: '#00000047'});
        else node('rect', {x: (+s[0] - r).toFixed(1), y: (+s[1] - r).toFixed(1), width: (2 * r).toFixed(1),
                           height: (2 * r).toFixed(1), fill: MEASURE.fill, stroke: MEASURE.stroke});
      }
      lastLabels.forEach(function (l) {
        var t = node('text', {x: l[3].toFixed(1), y: (l[4] + l[2]).toFixed(1), 'text-anchor': 'middle',
                              'font-size': String(l[2]), 'font-family': FONT.replace(/"/g, "'"),
                              stroke: '#ffffff', 'stroke-width': '3', 'paint-order': 'stroke', fill: '#212529'});
        t.textContent = l[1];
      });
      return new XMLSerializer().serializeToString(svg);
    }
    document.getElementById('export-svg').addEventListener('click', function () {
      var url = URL.createObjectURL(new Blob([exportSVG()], {type: 'image/svg+xml'}));
      download(url, 'graphkit-network.svg');
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });

    // ------------------------------------------------------------ the URL keeps the view

    var restoring = true;
    function graphId(id) { return id < U ? data.units[id].id : data.measures[id - U].id; }
    function saveHash() {
      if (restoring) return;
      var p = new URLSearchParams();
      p.set('v', state.view);
      if (selection && selection.node !== undefined) p.set('s', graphId(selection.node));
      var off = [];
      state.docs.forEach(function (on, x) { if (!on) off.push(x); });
      if (off.length) {
        var on = [];
        state.docs.forEach(function (o, x) { if (o) on.push(x); });
        if (on.length < off.length) p.set('d', on.join('.')); else p.set('dx', off.join('.'));
      }
      var roles = state.roles.map(function (r) { return r ? 1 : 0; }).join('');
      if (roles.indexOf('0') >= 0) p.set('r', roles);
      var types = Object.keys(state.types).filter(function (t) { return !state.types[t]; });
      if (types.length) p.set('t', types.join('.'));
      if (state.jurisdiction) p.set('j', state.jurisdiction);
      if (state.minValue) p.set('n', String(state.minValue));
      if (state.colorBy !== 'type') p.set('c', state.colorBy);
      p.set('o', state.hideOrphans ? '1' : '0');
      p.set('z', [view.scale.toPrecision(4), Math.round(view.tx), Math.round(view.ty)].join(','));
      try { history.replaceState(null, '', '#' + p.toString()); } catch (err) { /* a file URL may refuse */ }
    }
    function loadHash() {
      var hash = location.hash.replace(/^#/, '');
      if (!hash) return false;
      var p = new URLSearchParams(hash);
      if (p.get('v') === 'units' || p.get('v') === 'bipartite') state.view = p.get('v');
      if (p.has('d')) {
        var keep = {};
        p.get('d').split('.').forEach(function (x) { keep[+x] = true; });
        state.docs = state.docs.map(function (_, x) { return !!keep[x]; });
      } else if (p.has('dx')) {
        var drop = {};
        p.get('dx').split('.').forEach(function (x) { drop[+x] = true; });
        state.docs = state.docs.map(function (_, x) { return !drop[x]; });
      }
      if (p.has('r')) state.roles = state.roles.map(function (_, x) { return p.get('r').charAt(x) !== '0'; });
      if (p.has('t')) p.get('t').split('.').forEach(function (t) { if (t in state.types) state.types[t] = false; });
      if (p.has('j')) state.jurisdiction = p.get('j');
      if (p.has('n')) state.minValue = +p.get('n') || 0;
      if (p.get('c') === 'community') state.colorBy = 'community';
      if (p.has('o')) state.hideOrphans = p.get('o') === '1';
      var zoomed = false;
      if (p.has('z')) {
        var z = p.get('z').split(',').map(Number);
        if (z.length === 3 && z.every(isFinite) && z[0] > 0) { view = {scale: z[0], tx: z[1], ty: z[2]}; zoomed = true; }
      }
      return {select: p.get('s'), zoomed: zoomed};
    }

    // ------------------------------------------------------------ start

    var status = document.getElementById('status');
    var api = window.graphkit = {
      data: data, state: state, stable: false, lastDrawMs: 0,
      findUnits: findUnits, chooseUnit: chooseNode, chooseNode: chooseNode, select: select,
      setView: setView, applyFilters: applyFilters, fit: fit, zoom: zoomAt, exportPNG: exportPNG, exportSVG: exportSVG,
      graphId: graphId,
      selected: function () { return selection && selection.node !== undefined ? graphId(selection.node) : null; },
      shownNodeIds: function () { var out = []; for (var id = 0; id < N; id++) if (nodeOn[id]) out.push(graphId(id)); return out; },
      counts: function () { return {nodes: shownNodes, edges: shownEdges}; },
      highlighted: function () { var out = []; if (hl) for (var id = 0; id < N; id++) if (hl.nodes[id]) out.push(graphId(id)); return out; },
      labels: function () {
        return lastLabels.map(function (l) { return {id: graphId(l[0]), text: l[1], size: l[2], box: l[5]}; });
      },
      transform: function () { return {scale: view.scale, tx: view.tx, ty: view.ty}; },
      // page coordinates of a node's centre (for tests and scripts)
      screenPos: function (id) {
        var r = canvas.getBoundingClientRect(), s = toScreen(id);
        return [r.left + s[0], r.top + s[1]];
      },
      onDrawn: function (f) { drawnCallbacks.push(f); requestDraw(); },
      redraw: requestDraw
    };

    recolor();
    var restored = loadHash();
    computeVisibility();
    syncControls();
    showCounts();
    resize();
    if (restored && restored.select) {
      for (var id0 = 0; id0 < N; id0++) {
        if (graphId(id0) === restored.select) { select({node: id0}); break; }
      }
    }
    if (!restored || !restored.zoomed) fit();
    new ResizeObserver(function () { resize(); }).observe(wrap);
    api.onDrawn(function () {
      restoring = false;
      api.stable = true;
      status.textContent = '';
      document.documentElement.setAttribute('data-stable', 'true');
    });
  }
})();
