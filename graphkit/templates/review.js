/* graphkit review page, inlined into review.html by graphkit/review.py.
 *
 * The build arrives in #review-data (see review.review_data): documents with
 * their text and hash, measures with their span, clauses and duties (offsets in
 * the document's text). A reviewer's changes are kept in localStorage under the
 * build's key and exported as corrections.tsv (graphkit/corrections.py reads it):
 *
 *   document hash  measure  unit as written  action  role  note
 *
 * Text from documents is data: every node is built with textContent, never innerHTML.
 */
(function () {
  'use strict';

  var source = document.getElementById('review-data');

  graphkitData.load(source).then(start);     // data.js, inlined before this script

  var ROLE = {lead: '牵头', support: '配合', mention: '提及'};
  var TYPE = {government: '政府部门', 'lower-government': '下级政府', party: '党委机构', commission: '委员会',
              office: '办事机构', judicial: '司法机关', mass: '群团组织', enterprise: '企业', school: '学校',
              park: '园区', collective: '集体', other: '其他', unknown: '未知类型'};

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = text;
    return x;
  }

  function start(data) {
    var storeKey = 'graphkit-review:' + data.key;
    var changes = [];
    try { changes = JSON.parse(localStorage.getItem(storeKey) || '[]'); } catch (e) { changes = []; }
    var current = 0;
    var byDoc = data.docs.map(function () { return []; });
    data.measures.forEach(function (m, j) { byDoc[m.doc].push(j); });
    byDoc.forEach(function (list) {            // in text order, whatever the graph's order
      list.sort(function (a, b) { return data.measures[a].span[0] - data.measures[b].span[0]; });
    });

    function save() {
      try { localStorage.setItem(storeKey, JSON.stringify(changes)); } catch (e) { /* private mode: kept in the page */ }
      document.getElementById('change-count').textContent = changes.length ? changes.length + ' 处修改' : '尚无修改';
    }

    // ------------------------------------------------------------ changes

    function sha(j) { return data.docs[data.measures[j].doc].sha; }

    // one change per measure and unit (the last one counts); not-a-measure and checked per measure
    function record(j, unit, action, role, note) {
      var m = data.measures[j], doc = sha(j);
      changes = changes.filter(function (c) {
        return !(c.doc === doc && c.measure === m.id && c.unit === unit &&
                 (unit || c.action === action));
      });
      changes.push({doc: doc, measure: m.id, unit: unit, action: action, role: role || '', note: note || ''});
      save();
      renderDoc();
    }

    function changesOf(j) {
      var m = data.measures[j], doc = sha(j);
      return changes.filter(function (c) { return c.doc === doc && c.measure === m.id; });
    }

    // the duties as the reviewer has them: [as written, role, unit index or -1, span or 0, changed]
    function effective(j) {
      var m = data.measures[j], out = m.duties.map(function (d) { return [d[1], d[2], d[0], d[4], false]; });
      changesOf(j).forEach(function (c) {
        if (!c.unit) return;
        var at = -1;
        out.forEach(function (d, k) { if (d[0] === c.unit) at = k; });
        if (c.action === 'remove' && at >= 0) out.splice(at, 1);
        else if (c.action === 'role' && at >= 0) { out[at][1] = c.role; out[at][4] = true; }
        else if (c.action === 'add') {
          if (at >= 0) out.splice(at, 1);
          out.push([c.unit, c.role, -1, 0, true]);
        }
      });
      return out;
    }

    function flagged(j, action) {
      return changesOf(j).some(function (c) { return c.action === action; });
    }

    function exportTSV() {
      var lines = ['document hash\tmeasure\tunit as written\taction\trole\tnote'];
      changes.forEach(function (c) {
        lines.push([c.doc, c.measure, c.unit, c.action, c.role, c.note.replace(/[\t\r\n]+/g, ' ')].join('\t'));
      });
      return lines.join('\n') + '\n';
    }

    // ------------------------------------------------------------ the document list

    var orphansOnly = document.getElementById('only-orphans'), unknownOnly = document.getElementById('only-unknown');
    var docList = document.getElementById('doc-list'), docFilter = document.getElementById('doc-filter');

    function isOrphan(j) {
      return !effective(j).some(function (d) { return d[1] === 'lead' || d[1] === 'support'; });
    }
    function hasUnknown(j) {
      return data.measures[j].duties.some(function (d) { return data.units[d[0]].type === 'unknown'; });
    }
    function shown(j) {
      return (!orphansOnly.checked || isOrphan(j)) && (!unknownOnly.checked || hasUnknown(j));
    }

    function renderList() {
      docList.replaceChildren();
      var q = docFilter.value.trim();
      data.docs.forEach(function (d, i) {
        if (q && (d.title + d.name + d.number).indexOf(q) < 0) return;
        var count = byDoc[i].filter(shown).length;
        if ((orphansOnly.checked || unknownOnly.checked) && !count) return;
        var li = el('li', i === current ? 'current' : '');
        li.appendChild(el('div', 'title', d.title || d.name));
        li.appendChild(el('div', 'meta', d.name + ' · ' + count + ' 项措施'));
        li.addEventListener('click', function () { current = i; renderList(); renderDoc(); });
        docList.appendChild(li);
      });
    }
    docFilter.addEventListener('input', renderList);
    orphansOnly.addEventListener('change', function () { renderList(); renderDoc(); });
    unknownOnly.addEventListener('change', function () { renderList(); renderDoc(); });

    // ------------------------------------------------------------ a document

    var body = document.getElementById('doc-body'), head = document.getElementById('doc-head');

    function renderDoc() {
      var d = data.docs[current];
      head.replaceChildren(el('h2', null, d.title || d.name),
                           el('div', 'meta', [d.name, d.number, d.jurisdiction, 'sha256 ' + d.sha.slice(0, 12)]
                             .filter(Boolean).join(' · ')));
      body.replaceChildren();
      var at = 0;
      byDoc[current].forEach(function (j) {
        var m = data.measures[j];
        if (m.span[0] > at) body.appendChild(el('span', 'gap', d.text.slice(at, m.span[0])));
        body.appendChild(measureBlock(j));
        at = Math.max(at, m.span[1]);
      });
      if (at < d.text.length) body.appendChild(el('span', 'gap', d.text.slice(at)));
    }

    function measureBlock(j) {
      var m = data.measures[j], d = data.docs[m.doc], duties = effective(j);
      var dropped = flagged(j, 'not-a-measure'), checked = m.checked || flagged(j, 'checked');
      var box = el('section', 'measure' + (isOrphan(j) ? ' orphan' : '') + (dropped ? ' dropped' : '') +
                   (checked ? ' checked' : '') + (shown(j) ? '' : ' hidden'));
      box.setAttribute('data-measure', m.id);
      var h = el('span', 'head');
      h.appendChild(el('span', 'id', m.id));
      h.appendChild(document.createTextNode(m.title));
      if (checked) h.appendChild(el('span', 'flag', '✓ 已核对'));
      box.appendChild(h);
      box.appendChild(markedText(d.text, m, duties));
      var tools = el('span', 'tools');
      duties.forEach(function (x) {
        var type = x[2] >= 0 ? data.units[x[2]].type : '';
        var chip = el('span', 'chip ' + x[1] + (x[4] ? ' changed' : ''), x[0]);
        chip.setAttribute('data-unit', x[0]);
        chip.setAttribute('data-role', x[1]);
        chip.title = (x[2] >= 0 ? data.units[x[2]].name + ' · ' : '') + ROLE[x[1]] + (type ? ' · ' + (TYPE[type] || type) : '');
        if (type === 'unknown') chip.appendChild(el('span', 'type', '?'));
        chip.addEventListener('click', function (ev) { ev.stopPropagation(); openMenu(chip, j, x[0], x[1]); });
        tools.appendChild(chip);
      });
      var notMeasure = el('button', 'not-measure', dropped ? '恢复为措施' : '不是措施');
      notMeasure.type = 'button';
      notMeasure.addEventListener('click', function () {
        if (dropped) unrecord(j, '', 'not-a-measure'); else record(j, '', 'not-a-measure');
      });
      var check = el('button', 'check', checked && !m.checked ? '取消核对' : '已核对');
      check.type = 'button';
      check.disabled = m.checked;
      check.addEventListener('click', function () {
        if (flagged(j, 'checked')) unrecord(j, '', 'checked'); else record(j, '', 'checked');
      });
      tools.appendChild(notMeasure);
      tools.appendChild(check);
      box.appendChild(tools);
      box.addEventListener('mouseup', function () { offerAdd(j, box); });
      return box;
    }

    function unrecord(j, unit, action) {
      var m = data.measures[j], doc = sha(j);
      changes = changes.filter(function (c) {
        return !(c.doc === doc && c.measure === m.id && c.unit === unit && c.action === action);
      });
      save();
      renderDoc();
    }

    // the measure's text: clauses highlighted, names underlined by role
    function markedText(text, m, duties) {
      var lo = m.span[0], hi = m.span[1], n = hi - lo;
      var clause = new Uint8Array(n), role = new Array(n);
      m.clauses.forEach(function (c) {
        for (var k = Math.max(c[0], lo); k < Math.min(c[1], hi); k++) clause[k - lo] = 1;
      });
      duties.forEach(function (x) {
        if (!x[3]) return;
        for (var k = Math.max(x[3][0], lo); k < Math.min(x[3][1], hi); k++) role[k - lo] = x[1];
      });
      var out = el('span', 'text');
      var k = 0;
      while (k < n) {
        var e = k + 1;
        while (e < n && clause[e] === clause[k] && role[e] === role[k]) e++;
        var part = text.slice(lo + k, lo + e);
        var node = role[k] ? el('span', 'name ' + role[k], part) : document.createTextNode(part);
        if (clause[k]) {
          var mark = el('mark', 'clause');
          mark.appendChild(node);
          node = mark;
        }
        out.appendChild(node);
        k = e;
      }
      return out;
    }

    // ------------------------------------------------------------ a unit's menu; adding a unit

    var menu = document.getElementById('menu'), adder = document.getElementById('adder');

    function place(box, target) {
      var r = target.getBoundingClientRect();
      box.style.left = Math.min(r.left, window.innerWidth - 180) + 'px';
      box.style.top = Math.min(r.bottom + 4, window.innerHeight - 200) + 'px';
    }

    function openMenu(chip, j, unit, role) {
      menu.replaceChildren();
      menu.appendChild(el('div', 'title', unit));
      var note = el('input');
      note.placeholder = '备注(可选)';
      ['lead', 'support', 'mention'].forEach(function (r) {
        if (r === role) return;
        var b = el('button', null, '改为' + ROLE[r]);
        b.type = 'button';
        b.setAttribute('data-role', r);
        b.addEventListener('click', function () { menu.hidden = true; record(j, unit, 'role', r, note.value); });
        menu.appendChild(b);
      });
      var rm = el('button', 'remove', '移除(不负责)');
      rm.type = 'button';
      rm.addEventListener('click', function () { menu.hidden = true; record(j, unit, 'remove', '', note.value); });
      menu.appendChild(rm);
      menu.appendChild(note);
      place(menu, chip);
      menu.hidden = false;
    }

    var adding = null;
    function offerAdd(j, box) {
      var sel = window.getSelection(), name = sel ? sel.toString().replace(/\s+/g, '') : '';
      if (!name || name.length > 40 || !box.contains(sel.anchorNode)) { adder.hidden = true; return; }
      adding = {j: j, name: name};
      document.getElementById('adder-name').textContent = '添加 ' + name + ':';
      place(adder, sel.getRangeAt(0));
      adder.hidden = false;
    }
    adder.querySelectorAll('button').forEach(function (b) {
      b.addEventListener('click', function () {
        adder.hidden = true;
        if (adding) record(adding.j, adding.name, 'add', b.getAttribute('data-role'));
        adding = null;
      });
    });
    document.addEventListener('click', function (ev) {
      if (!menu.contains(ev.target)) menu.hidden = true;
    });

    // ------------------------------------------------------------ export

    document.getElementById('export').addEventListener('click', function () {
      var url = URL.createObjectURL(new Blob([exportTSV()], {type: 'text/tab-separated-values'}));
      var a = el('a');
      a.href = url;
      a.download = 'corrections.tsv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    document.getElementById('clear-changes').addEventListener('click', function () {
      changes = [];
      save();
      renderDoc();
    });

    window.graphkitReview = {
      data: data, exportTSV: exportTSV, changes: function () { return changes.slice(); },
      showDocument: function (i) { current = i; renderList(); renderDoc(); },
      record: function (docIndex, measureId, unit, action, role, note) {
        var j = byDoc[docIndex].filter(function (k) { return data.measures[k].id === measureId; })[0];
        record(j, unit, action, role, note);
      }
    };
    save();
    renderList();
    renderDoc();
    document.documentElement.setAttribute('data-ready', 'true');
  }
})();
