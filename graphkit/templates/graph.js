/* graphkit network page, inlined into graph.html by graphkit/render.py.
 *
 * The graph arrives as JSON in #graphkit-data (see render.page_data). Measure
 * texts, titles and unit names come from documents and are data: whatever
 * shows them is built with textContent / DOM nodes, never innerHTML, and
 * vis-network gets tooltips as HTMLElements (its `title` accepts one).
 *
 * Node ids: units 0..U-1, then measures U..U+M-1 (the order of data.units and
 * data.measures). Edge ids: bipartite edges 0..E-1, then the co-responsibility
 * edges of the units view E..E+C-1. One DataSet holds each; DataViews show
 * what the view and filters let through, so vis keeps the laid-out positions.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('graphkit-data').textContent);
  var U = data.units.length, M = data.measures.length, E = data.edges.length;

  // canvas text cannot use CSS variables: the same offline stack as graph.css
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",' +
             '"WenQuanYi Micro Hei","Hiragino Sans GB",sans-serif';
  // legend order; hues kept apart from the greys and blue of the edges
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
  // lead: heavy and solid; support: lighter, dashed; mention: faint, dotted
  var ROLE = {
    lead: {name: '牵头', color: '#343a40', width: 2.6, dashes: false},
    support: {name: '配合', color: '#74c0fc', width: 1.4, dashes: [7, 4]},
    mention: {name: '提及', color: '#d5dadf', width: 0.8, dashes: [2, 4]}
  };
  var CO_EDGE = '#adb5bd';
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
  var MEASURE_COLOR = {background: '#e9ecef', border: '#868e96',
                       highlight: {background: '#fff3bf', border: '#212529'},
                       hover: {background: '#fff3bf', border: '#495057'}};
  var DIM_NODE = {background: '#f8f9fa', border: '#e9ecef',
                  highlight: {background: '#f8f9fa', border: '#adb5bd'},
                  hover: {background: '#f1f3f5', border: '#adb5bd'}};
  var DIM_FONT = '#dee2e6';
  var DIM_OPACITY = 0.12;

  function typeOf(u) { return TYPE[data.units[u].type] ? data.units[u].type : 'other'; }

  // ------------------------------------------------------------ indexes

  var measureEdges = [], unitEdges = [], unitDocs = [];
  for (var j = 0; j < M; j++) measureEdges.push([]);
  for (var i = 0; i < U; i++) { unitEdges.push([]); unitDocs.push({}); }
  data.edges.forEach(function (e, k) {
    measureEdges[e[0]].push(k);
    unitEdges[e[1]].push(k);
    unitDocs[e[1]][data.measures[e[0]].doc] = true;
  });

  function writtenName(e) {
    var names = [data.units[e[1]].name].concat(data.units[e[1]].variants);
    return typeof e[4] === 'number' ? names[e[4]] : e[4];
  }

  // ------------------------------------------------------------ vis data

  // unit size: square root so that area, not radius, follows the value
  var values = data.units.map(function (u) { return u.value; });
  var vmin = Math.min.apply(null, values.concat([0])), vmax = Math.max.apply(null, values.concat([0]));
  function unitSize(u) {
    if (vmax <= vmin) return 16;
    return 9 + 31 * Math.sqrt((data.units[u].value - vmin) / (vmax - vmin));
  }
  function shortLabel(text, n) {
    var chars = Array.from(text);
    return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : text;
  }

  var base = [];  // the undimmed look of every node and edge, to restore after a highlight
  var nodeItems = [];
  data.units.forEach(function (u, id) {
    var c = TYPE[typeOf(id)].color, size = unitSize(id);
    var look = {
      color: {background: c, border: c, highlight: {background: c, border: '#212529'},
              hover: {background: c, border: '#212529'}},
      font: {face: FONT, size: Math.round(12 + (size - 9) * 0.3), color: '#212529'}
    };
    base[id] = look;
    nodeItems.push({id: id, label: u.name, shape: 'dot', size: size, color: look.color, font: look.font});
  });
  data.measures.forEach(function (m, j) {
    var look = {color: MEASURE_COLOR, font: {face: FONT, size: 10, color: '#495057'}};
    base[U + j] = look;
    nodeItems.push({id: U + j, label: shortLabel(m.title || m.outline, 12), shape: 'square', size: 5,
                    color: look.color, font: look.font});
  });
  if (data.positions) {
    nodeItems.forEach(function (n) { n.x = data.positions[n.id][0]; n.y = data.positions[n.id][1]; });
  }

  var edgeBase = [];
  var edgeItems = data.edges.map(function (e, k) {
    var r = ROLE[data.roles[e[2]]];
    // no opacity here: edges inherit the global one, which a highlight lowers (see highlight)
    var color = {color: r.color, highlight: r.color, hover: r.color};
    edgeBase[k] = color;
    return {id: k, from: U + e[0], to: e[1], width: r.width, dashes: r.dashes, color: color};
  });
  data.coEdges.forEach(function (c, k) {
    var color = {color: CO_EDGE, highlight: '#495057', hover: '#495057'};
    edgeBase[E + k] = color;
    edgeItems.push({id: E + k, from: c[0], to: c[1], width: Math.min(1 + Math.log2(c[2]) * 1.5, 9), color: color});
  });

  var nodeSet = new vis.DataSet(nodeItems);
  var edgeSet = new vis.DataSet(edgeItems);
  var nodeOn = new Array(U + M).fill(true);
  var edgeOn = new Array(edgeItems.length).fill(false);

  // ------------------------------------------------------------ filters

  var n = U + M;
  var physics = data.layout === 'physics' && n > 0;
  var state = {
    // physics lays out the full graph, so that units keep their place in both
    // views; data.view is then applied once the layout is frozen
    view: physics ? 'bipartite' : data.view,
    roles: data.roles.map(function () { return true; }),
    types: {},
    docs: data.docs.map(function () { return true; })
  };
  TYPES.forEach(function (t) { state.types[t[0]] = true; });

  function anyDoc(docs) {
    for (var d in docs) if (state.docs[d]) return true;
    return false;
  }

  function computeVisibility() {
    nodeOn.fill(false);
    edgeOn.fill(false);
    var allDocs = state.docs.every(Boolean);
    if (state.view === 'bipartite') {
      data.edges.forEach(function (e, k) {
        if (state.roles[e[2]] && state.docs[data.measures[e[0]].doc] && state.types[typeOf(e[1])]) {
          edgeOn[k] = true;
          nodeOn[U + e[0]] = true;
          nodeOn[e[1]] = true;
        }
      });
      // nodes without any edge stand alone: keep them while their filters allow
      data.measures.forEach(function (m, j) {
        if (!measureEdges[j].length && state.docs[m.doc]) nodeOn[U + j] = true;
      });
      data.units.forEach(function (u, i) {
        if (!unitEdges[i].length && allDocs && state.types[typeOf(i)]) nodeOn[i] = true;
      });
    } else {
      data.units.forEach(function (u, i) {
        nodeOn[i] = state.types[typeOf(i)] && (allDocs || anyDoc(unitDocs[i]));
      });
      data.coEdges.forEach(function (c, k) {
        edgeOn[E + k] = nodeOn[c[0]] && nodeOn[c[1]] && c[3].some(function (d) { return state.docs[d]; });
      });
    }
  }

  function applyFilters() {
    computeVisibility();
    edgeView.refresh();
    nodeView.refresh();
    if (focusId !== null && !nodeOn[focusId]) select(null);
    else if (focusId !== null) highlight(focusId);
    showCounts();
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
      out[data.roles[e[2]]].push(data.units[e[1]].name);
    });
    return out;
  }

  // tooltip / details content for a node or an edge (an element: vis shows it as is)
  function nodeInfo(id) {
    var box = el('div', 'gk-tip');
    if (id < U) {
      var u = data.units[id];
      box.appendChild(el('div', 'kind', '单位 · ' + (TYPE[u.type] ? TYPE[u.type].name : u.type)));
      box.appendChild(el('div', 'title', u.name));
      var pairs = [
        ['又称', u.variants.join('、')],
        ['类型', TYPE[u.type] ? TYPE[u.type].name + '(' + u.type + ')' : u.type],
        ['辖区', u.jurisdiction],
        ['牵头', u.lead + ' 项措施'],
        ['配合', u.support + ' 项措施'],
        ['提及', u.mentions + ' 项措施']
      ];
      if (data.sizeBy !== 'responsibility') pairs.push([SIZE_LABELS[data.sizeBy] || data.sizeBy, String(u.value)]);
      rows(box, pairs);
    } else {
      var j = id - U, m = data.measures[j], who = unitsByRole(j);
      box.appendChild(el('div', 'kind', '措施 · ' + m.outline));
      box.appendChild(el('div', 'title', m.title || m.outline));
      rows(box, [
        ['文件', docLabel(m.doc)],
        ['文件名', data.docs[m.doc].name],
        ['条目', m.outline],
        ['期限', m.deadline || '未写明'],
        ['牵头', who.lead.join('、')],
        ['配合', who.support.join('、')],
        ['提及', who.mention.join('、')],
        ['依据', SOURCE_NAMES[m.roleSource] || m.roleSource]
      ]);
      box.appendChild(el('div', 'text', m.text));
    }
    return box;
  }

  function edgeInfo(id) {
    var box = el('div', 'gk-tip');
    if (id < E) {
      var e = data.edges[id], m = data.measures[e[0]], role = data.roles[e[2]];
      box.appendChild(el('div', 'kind', ROLE[role].name));
      box.appendChild(el('div', 'title', data.units[e[1]].name + ' → ' + (m.title || m.outline)));
      rows(box, [
        ['原文写作', writtenName(e)],
        ['条目', docLabel(m.doc) + ' ' + m.outline],
        ['依据', SOURCE_NAMES[data.sources[e[3]]] || data.sources[e[3]]]
      ]);
    } else {
      var c = data.coEdges[id - E];
      box.appendChild(el('div', 'kind', '共同负责'));
      box.appendChild(el('div', 'title', data.units[c[0]].name + ' — ' + data.units[c[1]].name));
      rows(box, [
        ['措施', c[2] + ' 项'],
        ['文件', c[3].map(docLabel).join(';')]
      ]);
    }
    return box;
  }

  // ------------------------------------------------------------ network

  // the views are filtered before vis sees them: vis then builds each node and
  // edge once (refreshing 10,000 edges into a live network costs half a second)
  computeVisibility();
  var nodeView = new vis.DataView(nodeSet, {filter: function (x) { return nodeOn[x.id]; }});
  var edgeView = new vis.DataView(edgeSet, {filter: function (x) { return edgeOn[x.id]; }});
  var big = n > 1000 || E > 3000;
  var network = new vis.Network(document.getElementById('graph'), {nodes: nodeView, edges: edgeView}, {
    layout: {randomSeed: 7, improvedLayout: physics && n <= 100},
    physics: physics ? {
      enabled: true,
      solver: 'forceAtlas2Based',
      forceAtlas2Based: {gravitationalConstant: -70, centralGravity: 0.012, springLength: 80,
                         springConstant: 0.06, damping: 0.5, avoidOverlap: 0.3},
      maxVelocity: 60,
      minVelocity: 0.6,
      // bounded: stop after data.iterations whatever the velocity, then freeze (below)
      stabilization: {enabled: true, iterations: data.iterations, updateInterval: 20, fit: true}
    } : {enabled: false},
    nodes: {borderWidth: 1, borderWidthSelected: 3,
            font: {face: FONT, strokeWidth: 3, strokeColor: '#ffffff'}},
    edges: {smooth: false, selectionWidth: 1.5, hoverWidth: 0.8},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                  navigationButtons: false, keyboard: false, multiselect: false}
  });

  // tooltips are built on first hover, not for every node at load
  var titled = {nodes: {}, edges: {}};
  network.on('hoverNode', function (p) {
    if (titled.nodes[p.node]) return;
    titled.nodes[p.node] = true;
    nodeSet.update({id: p.node, title: nodeInfo(p.node)});
  });
  network.on('hoverEdge', function (p) {
    if (titled.edges[p.edge]) return;
    titled.edges[p.edge] = true;
    edgeSet.update({id: p.edge, title: edgeInfo(p.edge)});
  });

  // ------------------------------------------------------------ highlight

  var focusId = null;
  var dimmedNodes = {}, litEdges = {}, edgesDimmed = false;

  // Nodes are dimmed one by one (their labels must fade too). Edges, ten times
  // as many, are dimmed at once through the global edge opacity, and only the
  // node's own edges get an opacity of their own: on 10,000 edges that is a
  // tenth of the time of updating each.
  function highlight(id) {
    focusId = id;
    var keepNodes = {}, keepEdges = {};
    keepNodes[id] = true;
    network.getConnectedNodes(id).forEach(function (x) { keepNodes[x] = true; });
    network.getConnectedEdges(id).forEach(function (x) { keepEdges[x] = true; });
    var nodeUpdates = [], edgeUpdates = [];
    nodeView.getIds().forEach(function (x) {
      var dim = !keepNodes[x];
      if (dim === !!dimmedNodes[x]) return;
      if (dim) dimmedNodes[x] = true; else delete dimmedNodes[x];
      nodeUpdates.push(dim ? {id: x, color: DIM_NODE, font: Object.assign({}, base[x].font, {color: DIM_FONT})}
                           : {id: x, color: base[x].color, font: base[x].font});
    });
    Object.keys(litEdges).forEach(function (x) {
      if (keepEdges[x]) return;
      delete litEdges[x];
      edgeUpdates.push({id: +x, color: edgeBase[+x]});  // back to the global (dim) opacity
    });
    Object.keys(keepEdges).forEach(function (x) {
      if (litEdges[x]) return;
      litEdges[x] = true;
      edgeUpdates.push({id: +x, color: Object.assign({}, edgeBase[+x], {opacity: 1})});
    });
    if (!edgesDimmed) network.setOptions({edges: {color: {opacity: DIM_OPACITY}}});
    edgesDimmed = true;
    nodeSet.update(nodeUpdates);
    edgeSet.update(edgeUpdates);
  }

  function clearHighlight() {
    focusId = null;
    nodeSet.update(Object.keys(dimmedNodes).map(function (x) {
      x = +x;
      return {id: x, color: base[x].color, font: base[x].font};
    }));
    edgeSet.update(Object.keys(litEdges).map(function (x) { return {id: +x, color: edgeBase[+x]}; }));
    if (edgesDimmed) network.setOptions({edges: {color: {opacity: 1}}});
    edgesDimmed = false;
    dimmedNodes = {};
    litEdges = {};
  }

  var details = document.getElementById('details'), detailsBody = document.getElementById('details-body');
  function select(id) {
    if (id === null || id === undefined) {
      clearHighlight();
      network.unselectAll();
      details.hidden = true;
      detailsBody.replaceChildren();
      return;
    }
    if (!nodeOn[id]) return;  // vis throws on selecting a node it does not show
    network.selectNodes([id]);
    highlight(id);
    detailsBody.replaceChildren(nodeInfo(id));
    details.hidden = false;
  }

  network.on('click', function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else if (!p.edges.length) select(null);
  });

  // ------------------------------------------------------------ search

  function norm(s) { return String(s).normalize('NFKC').toLowerCase().replace(/\s+/g, ''); }
  // every name a unit goes by; "市人社局" of 普宁市 is also found as "普宁市人社局"
  var searchKeys = data.units.map(function (u) {
    var names = [u.name].concat(u.variants, u.aka), keys = names.map(norm);
    var place = norm(u.jurisdiction);
    names.forEach(function (v) {
      var k = norm(v);
      if (place && '省市县区旗州'.indexOf(k.charAt(0)) >= 0 && place.slice(-1) === k.charAt(0)) {
        keys.push(place + k.slice(1));
      }
    });
    return keys;
  });

  function findUnits(query) {
    var q = norm(query);
    if (!q) return [];
    var hits = [];
    searchKeys.forEach(function (keys, i) {
      var best = 9, via = 0;
      keys.forEach(function (k, x) {
        var s = k === q ? 0 : k.indexOf(q) === 0 ? 1 : k.indexOf(q) > 0 ? 2 : 9;
        if (s < best) { best = s; via = x; }
      });
      if (best < 9) hits.push({unit: i, score: best, via: via});
    });
    hits.sort(function (a, b) {
      var na = data.units[a.unit].name, nb = data.units[b.unit].name;
      return a.score - b.score || na.length - nb.length || (na < nb ? -1 : na > nb ? 1 : 0);
    });
    return hits;
  }

  function chooseUnit(u) {
    if (!nodeOn[u]) {  // hidden by a filter: finding a unit shows it
      state.roles = state.roles.map(function () { return true; });
      state.docs = state.docs.map(function () { return true; });
      Object.keys(state.types).forEach(function (t) { state.types[t] = true; });
      syncControls();
      applyFilters();
    }
    select(u);
    network.focus(u, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 400, easingFunction: 'easeInOutQuad'}});
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
      var names = [u.name].concat(u.variants, u.aka);
      if (h.via > 0) li.appendChild(el('small', null, '又称 ' + (names[h.via] || searchBox.value.trim())));
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); chooseUnit(h.unit); });
      results.appendChild(li);
    });
    if (hits.length > 30) results.appendChild(el('li', 'hint', '另有 ' + (hits.length - 30) + ' 个结果'));
  }
  searchBox.addEventListener('input', showResults);
  searchBox.addEventListener('keydown', function (ev) {
    var items = results.querySelectorAll('li[role=option]');
    if (ev.key === 'Enter' && hits.length) { ev.preventDefault(); chooseUnit(hits[active].unit); }
    else if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && items.length) {
      ev.preventDefault();
      items[active].classList.remove('active');
      active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[active].classList.add('active');
      items[active].scrollIntoView({block: 'nearest'});
    } else if (ev.key === 'Escape') { searchBox.value = ''; showResults(); }
  });

  // ------------------------------------------------------------ controls

  var controls = {roles: [], types: {}, docs: [], views: {}};

  function checkbox(parent, swatch, name, count, checked, onChange) {
    var label = el('label'), box = el('input');
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
  function lineSwatch(color, width, style, opacity) {
    var s = el('span', 'swatch line');
    s.style.borderTopColor = color;
    s.style.borderTopWidth = Math.max(1, Math.round(width)) + 'px';
    s.style.borderTopStyle = style;
    s.style.opacity = opacity;
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
    controls.roles[x] = checkbox(rolesBox, lineSwatch(st.color, st.width, st.dashes ? (r === 'mention' ? 'dotted' : 'dashed') : 'solid', st.opacity),
                                 st.name, roleCounts[x], true, function (on) { state.roles[x] = on; applyFilters(); });
  });

  var typeCounts = {};
  data.units.forEach(function (u, i) { typeCounts[typeOf(i)] = (typeCounts[typeOf(i)] || 0) + 1; });
  var typesBox = document.getElementById('filter-types');
  TYPES.forEach(function (t) {
    if (!typeCounts[t[0]]) return;
    controls.types[t[0]] = checkbox(typesBox, dotSwatch(t[2]), t[1], typeCounts[t[0]], true,
                                    function (on) { state.types[t[0]] = on; applyFilters(); });
  });

  var docCounts = data.docs.map(function () { return 0; });
  data.measures.forEach(function (m) { docCounts[m.doc] += 1; });
  var docsBox = document.getElementById('filter-docs');
  data.docs.forEach(function (d, x) {
    controls.docs[x] = checkbox(docsBox, null, d.title || d.name, docCounts[x], true,
                                function (on) { state.docs[x] = on; applyFilters(); });
    controls.docs[x].parentNode.title = d.name + (d.number ? ' · ' + d.number : '');
  });

  function syncControls() {
    controls.roles.forEach(function (b, x) {
      b.checked = state.roles[x];
      b.disabled = state.view !== 'bipartite';  // roles do not apply to the projection
      b.parentNode.classList.toggle('disabled', b.disabled);
    });
    Object.keys(controls.types).forEach(function (t) { controls.types[t].checked = state.types[t]; });
    controls.docs.forEach(function (b, x) { b.checked = state.docs[x]; });
    Object.keys(controls.views).forEach(function (v) { controls.views[v].checked = v === state.view; });
    legendCo.hidden = state.view !== 'units';
  }

  function setView(view) {
    if (view !== 'bipartite' && view !== 'units') return;
    state.view = view;
    syncControls();
    applyFilters();
  }
  document.querySelectorAll('#view-switch input').forEach(function (r) {
    controls.views[r.value] = r;
    r.addEventListener('change', function () { if (r.checked) setView(r.value); });
  });

  var legend = document.getElementById('legend');
  var l1 = el('div');
  l1.appendChild(dotSwatch('#adb5bd'));
  l1.appendChild(el('span', null, '单位:颜色表示类型,大小表示' + (SIZE_LABELS[data.sizeBy] || data.sizeBy)));
  legend.appendChild(l1);
  var l2 = el('div');
  l2.appendChild(el('span', 'swatch square'));
  l2.appendChild(el('span', null, '措施:悬停查看全文与期限'));
  legend.appendChild(l2);
  var legendCo = el('div');
  legendCo.appendChild(lineSwatch(CO_EDGE, 3, 'solid', 0.8));
  legendCo.appendChild(el('span', null, '共同负责:线越粗,共同负责的措施越多'));
  legend.appendChild(legendCo);
  legend.appendChild(el('span', 'note', '点击节点突出其相邻节点,点击空白处恢复。'));

  var summary = document.getElementById('summary');
  function showCounts() {
    var text = M + ' 项措施 · ' + U + ' 个单位 · ' + E + ' 条责任关系 · ' + data.docs.length + ' 份文件';
    var shown = nodeView.length, total = state.view === 'units' ? U : U + M;
    if (shown !== total) text += '(显示 ' + shown + ' 个节点)';
    summary.textContent = text;
  }

  // ------------------------------------------------------------ stable

  var status = document.getElementById('status');
  var api = window.graphkit = {
    data: data, network: network, nodes: nodeSet, edges: edgeSet, nodeView: nodeView, edgeView: edgeView,
    state: state, stable: false,
    findUnits: findUnits, chooseUnit: chooseUnit, select: select, setView: setView, applyFilters: applyFilters,
    graphId: function (id) { return id < U ? data.units[id].id : data.measures[id - U].id; }
  };

  function markStable() {
    api.stable = true;
    document.documentElement.setAttribute('data-stable', 'true');
    status.textContent = '';
  }

  syncControls();
  showCounts();

  if (physics) {
    status.textContent = '布局中…';
    network.on('stabilizationProgress', function (p) {
      status.textContent = '布局中 ' + p.iterations + '/' + p.total;
    });
    network.once('stabilizationIterationsDone', function () {
      // freeze: a frozen layout stays where the reader left it, and costs no CPU
      network.setOptions({physics: {enabled: false}});
      network.storePositions();  // nodes a filter brings back return to their place
      if (data.view !== state.view) setView(data.view);
      network.fit({animation: false});
      network.once('afterDrawing', markStable);
      network.redraw();
    });
  } else {
    network.fit({animation: false});
    network.once('afterDrawing', markStable);
  }
})();
