/* graph.html: the viewer around vis-network (inlined before this script).
 *
 * Data comes from two JSON blocks (#kg-style: kinds.json, #kg-data: the build), parsed,
 * never evaluated. Text from the data reaches the page only through textContent or
 * canvas labels: no innerHTML anywhere. Positions are computed by kg before the page
 * opens, so physics stays off. window.kgViewer is the handle used by tests and benches.
 */
(function () {
  'use strict';

  var STYLE = JSON.parse(document.getElementById('kg-style').textContent);
  var DATA = JSON.parse(document.getElementById('kg-data').textContent);
  var KINDS = STYLE.kinds;
  var EDGE_KINDS = STYLE.edges;
  var ARTS = DATA.articles;
  var N = DATA.nodes;
  var E = DATA.edges;
  var META = DATA.meta;
  var FONT = window.getComputedStyle(document.body).fontFamily;
  var BIG = N.length > 1500;

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function kindOf(k) { return KINDS[k] || {label: k, color: '#999', shape: 'dot', symbol: '●'}; }
  function edgeKindOf(k) { return EDGE_KINDS[k] || {label: k, color: '#888', width: 1, arrows: true}; }

  function shortLabel(n) {
    var s = n.l;
    var max = n.k === 'article' ? 14 : 24;
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  // ---- adjacency over every edge, whatever is shown -------------------------------
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e.f].push(i); adj[e.t].push(i); });

  // ---- vis data ----------------------------------------------------------------
  function tooltip(text) { return el('div', null, text); }

  // Sizes are set here rather than through vis' `value` scaling: with `value`, every
  // change of a node (a filter) makes vis re-measure all labels (~1 s at 5,000 nodes).
  var vmin = Infinity, vmax = -Infinity;
  N.forEach(function (n) { vmin = Math.min(vmin, n.v); vmax = Math.max(vmax, n.v); });
  function scaled(v, lo, hi) { return vmax > vmin ? lo + (hi - lo) * (v - vmin) / (vmax - vmin) : (lo + hi) / 2; }

  var nodes = new vis.DataSet(N.map(function (n, i) {
    var item = {
      id: i, label: shortLabel(n), group: n.k, x: n.x, y: n.y,
      title: tooltip(n.l + ' · ' + kindOf(n.k).label)
    };
    var art = n.k === 'article';
    item.size = art ? scaled(n.v, 5, 16) : scaled(n.v, 7, 32);
    item.font = {size: Math.round(art ? scaled(n.v, 10, 14) : scaled(n.v, 13, 24))};
    return item;
  }));
  var pairs = {};
  var edges = new vis.DataSet(E.map(function (e, i) {
    var s = edgeKindOf(e.k);
    var pair = Math.min(e.f, e.t) + ':' + Math.max(e.f, e.t);
    var twin = pairs[pair] = (pairs[pair] || 0) + 1;
    var item = {
      id: i, from: e.f, to: e.t, width: s.width, dashes: !!s.dashes && !BIG,  // dashes are slow to draw
      color: {color: s.color, highlight: '#d62d20', hover: '#d62d20', opacity: e.k === 'comention' ? 0.6 : 1},
      arrows: s.arrows ? {to: {enabled: true, scaleFactor: 0.5}} : {to: {enabled: false}},
      title: tooltip(s.label + (e.l ? ': ' + e.l : ''))
    };
    if (e.k === 'post' && e.l) { item.label = e.l; }
    if (twin > 1) {  // parallel edges (two posts in one organization) curve apart
      item.smooth = {enabled: true, type: twin % 2 ? 'curvedCW' : 'curvedCCW', roundness: 0.2 * Math.ceil((twin - 1) / 2 + 0.5)};
    }
    return item;
  }));

  // ---- filters -----------------------------------------------------------------
  var state = {kinds: {}, from: '', to: '', hood: null, selected: null, selectedEdge: null};
  var dates = ARTS.map(function (a) { return a[1]; }).filter(Boolean).sort();
  var minDate = dates.length ? dates[0] : '';
  var maxDate = dates.length ? dates[dates.length - 1] : '';
  var visible = new Uint8Array(N.length);

  function datesActive() {
    return (state.from && state.from > minDate) || (state.to && state.to < maxDate);
  }
  function inRange(a) {
    var d = ARTS[a] && ARTS[a][1];
    if (!d) { return false; }
    return (!state.from || d >= state.from) && (!state.to || d <= state.to);
  }
  function anyInRange(list) {
    if (!list) { return false; }
    for (var i = 0; i < list.length; i++) { if (inRange(list[i])) { return true; } }
    return false;
  }

  function computeVisible() {
    var dated = datesActive();
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      var ok = state.kinds[n.k] !== false;
      if (ok && dated) { ok = n.k === 'article' ? inRange(n.art) : anyInRange(n.a); }
      if (ok && state.hood) { ok = state.hood.has(i); }
      visible[i] = ok ? 1 : 0;
    }
  }

  // An edge's own test; vis already hides the edges of hidden nodes.
  function edgeVisible(e) {
    if (state.kinds['edge:' + e.k] === false) { return false; }
    if (datesActive() && e.k === 'post' && e.a && e.a.length) { return anyInRange(e.a); }
    return true;
  }

  // Filters flip `hidden` on the items that change, in one update per DataSet:
  // measured on 5,000 nodes, a DataView refresh took ~2 s, this a fraction of it.
  computeVisible();
  var shownNodes = new Uint8Array(N.length).fill(1);
  var shownEdges = new Uint8Array(E.length).fill(1);

  function refresh() {
    computeVisible();
    var nodeChanges = [];
    for (var i = 0; i < N.length; i++) {
      if (visible[i] !== shownNodes[i]) {
        shownNodes[i] = visible[i];
        nodeChanges.push({id: i, hidden: !visible[i]});
      }
    }
    var edgeChanges = [];
    for (var j = 0; j < E.length; j++) {
      var on = edgeVisible(E[j]) ? 1 : 0;
      if (on !== shownEdges[j]) {
        shownEdges[j] = on;
        edgeChanges.push({id: j, hidden: !on});
      }
    }
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    updateStats();
  }

  // ---- network -----------------------------------------------------------------
  var groups = {};
  Object.keys(KINDS).forEach(function (k) {
    var s = KINDS[k];
    groups[k] = {
      shape: s.shape,
      color: {background: s.color, border: shade(s.color),
              highlight: {background: s.color, border: '#d62d20'},
              hover: {background: s.color, border: '#222'}}
    };
  });

  function shade(hex) {
    var v = parseInt(hex.slice(1), 16);
    var r = Math.max(0, (v >> 16) - 40), g = Math.max(0, ((v >> 8) & 255) - 40), b = Math.max(0, (v & 255) - 40);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  var options = {
    autoResize: true,
    groups: groups,
    nodes: {
      borderWidth: 1,
      font: {face: FONT, size: 12, color: '#222', strokeWidth: 3, strokeColor: '#fbfbf9'},
      scaling: {label: {drawThreshold: 6}}
    },
    edges: {
      smooth: false,
      selectionWidth: 1.5,
      hoverWidth: 0.5,
      font: {face: FONT, size: 10, color: '#444', strokeWidth: 3, strokeColor: '#fbfbf9', align: 'middle'}
    },
    physics: false,
    layout: {improvedLayout: false, randomSeed: 7},
    interaction: {
      hover: !BIG, tooltipDelay: 250, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
      navigationButtons: false, keyboard: false, multiselect: false
    }
  };

  var network = new vis.Network($('kg-graph'), {nodes: nodes, edges: edges}, options);

  // ---- header, legend, stats ---------------------------------------------------
  $('kg-title').textContent = META.title;
  document.title = META.title;

  function updateStats() {
    var shown = 0;
    for (var i = 0; i < visible.length; i++) { shown += visible[i]; }
    $('kg-stats').textContent = shown + ' / ' + N.length + ' 节点 nodes · ' + E.length + ' 边 edges';
  }

  function buildLegend() {
    var box = $('kg-legend');
    var counts = {};
    N.forEach(function (n) { counts[n.k] = (counts[n.k] || 0) + 1; });
    Object.keys(KINDS).forEach(function (k) {
      if (!counts[k]) { return; }
      var s = KINDS[k];
      var label = el('label');
      var box1 = el('input');
      box1.type = 'checkbox';
      box1.checked = true;
      box1.dataset.kind = k;
      box1.addEventListener('change', function () { state.kinds[k] = box1.checked; refresh(); });
      var sym = el('span', 'kg-sym', s.symbol);
      sym.style.color = s.color;
      label.appendChild(box1);
      label.appendChild(sym);
      label.appendChild(el('span', null, s.label));
      label.appendChild(el('span', 'kg-count', counts[k]));
      box.appendChild(label);
    });
    var ecounts = {};
    E.forEach(function (e) { ecounts[e.k] = (ecounts[e.k] || 0) + 1; });
    Object.keys(EDGE_KINDS).forEach(function (k) {
      if (!ecounts[k]) { return; }
      var s = EDGE_KINDS[k];
      var label = el('label');
      var box1 = el('input');
      box1.type = 'checkbox';
      box1.checked = true;
      box1.dataset.edge = k;
      box1.addEventListener('change', function () { state.kinds['edge:' + k] = box1.checked; refresh(); });
      var key = el('span', 'kg-edge-key');
      key.style.borderTopColor = s.color;
      key.style.borderTopStyle = s.dashes ? 'dashed' : 'solid';
      label.appendChild(box1);
      label.appendChild(key);
      label.appendChild(el('span', null, s.label));
      label.appendChild(el('span', 'kg-count', ecounts[k]));
      box.appendChild(label);
    });
  }

  function showNote() {
    var parts = [];
    if (META.focus) {
      parts.push('以「' + META.focus + '」为中心，' + META.radius + ' 跳以内 · neighbourhood of ' +
                 META.focus + ' within ' + META.radius + ' hops.');
    }
    if (META.truncated) {
      parts.push('显示 ' + META.shownEntities + ' / ' + META.totalEntities +
                 ' 个实体（提及最多者）· showing the ' + META.shownEntities + ' most mentioned of ' +
                 META.totalEntities + ' entities (limit ' + META.limit + ').');
    }
    if (!META.articlesDrawn && META.totalArticles) {
      parts.push('报道未单独绘制，共现边连接同篇报道中的实体 · articles are not drawn; ' +
                 'co-mention edges join entities of the same articles. ' +
                 'Use kg export --format html --focus NAME for one entity.');
    }
    if (parts.length) {
      $('kg-note').textContent = parts.join(' ');
      $('kg-note').hidden = false;
    }
  }

  // ---- side panel --------------------------------------------------------------
  function nodeLink(i) {
    var b = el('span', 'kg-link', N[i].l);
    b.setAttribute('role', 'button');
    b.tabIndex = 0;
    b.addEventListener('click', function () { select(i); });
    b.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { select(i); } });
    return b;
  }

  function section(body, title) {
    body.appendChild(el('h3', null, title));
  }

  function evidenceList(body, ev, total, title) {
    section(body, title + (total > ev.length ? ' (' + ev.length + ' / ' + total + ')' : ' (' + ev.length + ')'));
    if (!ev.length) {
      body.appendChild(el('p', 'kg-muted', '无 none'));
      return;
    }
    var ul = el('ul', 'kg-ev');
    ev.forEach(function (item) {
      var li = el('li');
      var art = ARTS[item[0]] || ['', '', ''];
      var src = el('div', 'kg-src');
      src.appendChild(el('span', null, art[0]));
      if (art[1]) { src.appendChild(el('span', 'kg-date', art[1])); }
      li.appendChild(src);
      var p = el('p');
      p.appendChild(document.createTextNode(item[1]));
      p.appendChild(el('mark', null, item[2]));
      p.appendChild(document.createTextNode(item[3]));
      li.appendChild(p);
      ul.appendChild(li);
    });
    body.appendChild(ul);
  }

  function openPanel() {
    $('kg-panel').hidden = false;
    var body = $('kg-panel-body');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    return body;
  }

  function badge(kind) {
    var s = kindOf(kind);
    var b = el('span', 'kg-badge', s.label);
    b.style.background = s.color;
    return b;
  }

  function showNode(i) {
    var n = N[i];
    var body = openPanel();
    body.appendChild(el('h2', null, n.l));
    body.appendChild(badge(n.k));
    if (n.k === 'article') {
      var art = ARTS[n.art] || ['', '', ''];
      if (art[1]) { body.appendChild(el('p', 'kg-muted', art[1])); }
      if (art[2] && /^https?:\/\//i.test(art[2])) {
        var a = el('a', null, art[2]);
        a.href = art[2];
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        body.appendChild(a);
      }
      if (n.lead) {
        section(body, '导语 Lead');
        body.appendChild(el('p', 'kg-lead', n.lead));
      }
    } else {
      body.appendChild(el('span', 'kg-muted', '  提及 ' + n.m + ' 篇报道 · mentioned in ' + n.m + ' article(s)'));
    }
    if (n.al && n.al.length) {
      section(body, '别名 Aliases');
      body.appendChild(el('p', null, n.al.join('、')));
    }
    if ((n.p && n.p.length) || (n.t && n.t.length)) {
      section(body, n.k === 'person' ? '职务 Posts held' : '职务 Posts in it');
      var ul = el('ul');
      (n.p || []).forEach(function (post) {
        var li = el('li');
        li.appendChild(el('strong', null, post[0]));
        li.appendChild(document.createTextNode(' — '));
        if (post[2] >= 0) { li.appendChild(nodeLink(post[2])); } else { li.appendChild(el('span', null, post[1] || '—')); }
        ul.appendChild(li);
      });
      (n.t || []).forEach(function (title) { ul.appendChild(el('li', null, title)); });
      body.appendChild(ul);
    }
    if (n.k !== 'article') { evidenceList(body, n.ev || [], n.ne || 0, '证据 Evidence'); }
    var byKind = {};
    adj[i].forEach(function (ei) {
      var e = E[ei];
      if (e.k === 'post' && n.p && n.p.length) { return; }
      (byKind[e.k] = byKind[e.k] || []).push(ei);
    });
    Object.keys(byKind).forEach(function (k) {
      var list = byKind[k];
      section(body, edgeKindOf(k).label + ' (' + list.length + ')');
      var ul2 = el('ul');
      list.slice(0, 40).forEach(function (ei) {
        var e = E[ei];
        var other = e.f === i ? e.t : e.f;
        var li = el('li');
        li.appendChild(el('span', 'kg-muted', e.f === i ? '→ ' : '← '));
        li.appendChild(nodeLink(other));
        if (e.l && e.k !== 'mentions') { li.appendChild(el('span', 'kg-muted', ' ' + e.l)); }
        ul2.appendChild(li);
      });
      if (list.length > 40) { ul2.appendChild(el('li', 'kg-muted', '… ' + (list.length - 40))); }
      body.appendChild(ul2);
    });
  }

  function showEdge(ei) {
    var e = E[ei];
    var s = edgeKindOf(e.k);
    var body = openPanel();
    body.appendChild(el('h2', null, e.l || s.label));
    body.appendChild(el('p', 'kg-muted', s.label));
    var p = el('p');
    p.appendChild(nodeLink(e.f));
    p.appendChild(document.createTextNode(' → '));
    p.appendChild(nodeLink(e.t));
    body.appendChild(p);
    if (e.a && e.a.length) {
      section(body, '来源 Stated in (' + e.a.length + ')');
      var ul = el('ul');
      e.a.slice(0, 30).forEach(function (a) {
        var art = ARTS[a] || ['', ''];
        ul.appendChild(el('li', null, art[0] + (art[1] ? '  ' + art[1] : '')));
      });
      body.appendChild(ul);
    }
    var ev = e.ev || [];
    var total = e.ne || 0;
    if (e.k === 'mentions') {
      var target = N[e.t];
      var artIdx = N[e.f].art;
      ev = (target.ev || []).filter(function (item) { return item[0] === artIdx; });
      total = ev.length;
    }
    if (e.k !== 'comention') { evidenceList(body, ev, total, '证据 Evidence'); }
  }

  function closePanel() { $('kg-panel').hidden = true; }

  // ---- selection, search, neighbourhood ------------------------------------------
  function reveal(i) {
    var n = N[i];
    var changed = false;
    if (state.kinds[n.k] === false) {
      state.kinds[n.k] = true;
      var box = document.querySelector('#kg-legend input[data-kind="' + n.k + '"]');
      if (box) { box.checked = true; }
      changed = true;
    }
    if (state.hood && !state.hood.has(i)) { state.hood = null; setHoodButton(); changed = true; }
    if (datesActive() && !visible[i]) { resetDates(); changed = true; }
    if (changed) { refresh(); }
  }

  function select(i, opts) {
    reveal(i);
    state.selected = i;
    state.selectedEdge = null;
    network.selectNodes([i]);
    $('kg-hood').disabled = false;
    showNode(i);
    if (!opts || opts.focus !== false) { centreOn(i); }
  }

  function norm(s) { return String(s).toLowerCase(); }

  var searchIndex = N.map(function (n) {
    return [norm(n.l)].concat((n.al || []).map(norm));
  });

  function search(q) {
    q = norm(q.trim());
    if (!q) { return []; }
    var hits = [];
    for (var i = 0; i < N.length; i++) {
      var names = searchIndex[i];
      var rank = -1;
      for (var j = 0; j < names.length; j++) {
        var r = names[j] === q ? 0 : names[j].indexOf(q) === 0 ? 1 : names[j].indexOf(q) > 0 ? 2 : -1;
        if (r >= 0 && (rank < 0 || r < rank)) { rank = r; }
      }
      if (rank >= 0) { hits.push([rank, -(N[i].m || 0), i]); }
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 15).map(function (h) { return h[2]; });
  }

  var suggest = $('kg-suggest');
  var suggestions = [];
  var active = 0;

  function renderSuggestions() {
    while (suggest.firstChild) { suggest.removeChild(suggest.firstChild); }
    suggestions.forEach(function (i, k) {
      var n = N[i];
      var li = el('li');
      li.setAttribute('role', 'option');
      if (k === active) { li.className = 'kg-active'; }
      var sym = el('span', null, kindOf(n.k).symbol);
      sym.style.color = kindOf(n.k).color;
      li.appendChild(sym);
      li.appendChild(el('span', null, n.l));
      var q = norm($('kg-search').value.trim());
      var alias = (n.al || []).filter(function (a) { return norm(a).indexOf(q) >= 0; })[0];
      if (alias && norm(n.l).indexOf(q) < 0) { li.appendChild(el('span', 'kg-alias', alias)); }
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(i); });
      suggest.appendChild(li);
    });
    suggest.hidden = suggestions.length === 0;
  }

  function choose(i) {
    suggestions = [];
    renderSuggestions();
    $('kg-search').value = N[i].l;
    select(i);
  }

  $('kg-search').addEventListener('input', function () {
    suggestions = search(this.value);
    active = 0;
    renderSuggestions();
  });
  $('kg-search').addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') { active = Math.min(active + 1, suggestions.length - 1); renderSuggestions(); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { active = Math.max(active - 1, 0); renderSuggestions(); ev.preventDefault(); }
    else if (ev.key === 'Enter') {
      var hits = suggestions.length ? suggestions : search(this.value);
      if (hits.length) { choose(hits[Math.min(active, hits.length - 1)]); }
      ev.preventDefault();
    } else if (ev.key === 'Escape') { suggestions = []; renderSuggestions(); }
  });
  $('kg-search').addEventListener('blur', function () { suggestions = []; renderSuggestions(); });

  function neighbourhood(i, depth) {
    var seen = new Set([i]);
    var frontier = [i];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (v) {
        adj[v].forEach(function (ei) {
          var e = E[ei];
          var w = e.f === v ? e.t : e.f;
          if (!seen.has(w)) { seen.add(w); next.push(w); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  function setHoodButton() {
    $('kg-hood').classList.toggle('kg-on', !!state.hood);
  }

  function showHood() {
    if (state.selected === null) { return; }
    state.hood = neighbourhood(state.selected, parseInt($('kg-depth').value, 10));
    setHoodButton();
    refresh();
    network.selectNodes([state.selected]);
    fitView(true, Array.from(state.hood).filter(function (v) { return visible[v]; }));
  }

  // The part of the window not covered by the toolbar (left) and the panel (right).
  function freeArea() {
    var box = $('kg-graph').getBoundingClientRect();
    var left = $('kg-toolbar').getBoundingClientRect().right + 10;
    if (box.width < 2 * left) { left = 0; }
    var right = $('kg-panel').hidden ? 0 : $('kg-panel').getBoundingClientRect().width + 20;
    if (box.width - left - right < box.width / 3) { right = 0; }
    return {left: left, right: right, width: box.width - left - right, height: box.height};
  }

  function centreOn(i) {
    var scale = Math.max(network.getScale(), 1.1);
    var area = freeArea();
    var p = network.getPosition(i);
    network.moveTo({position: {x: p.x - (area.left - area.right) / 2 / scale, y: p.y}, scale: scale,
                    animation: {duration: 400, easingFunction: 'easeInOutQuad'}});
  }

  // Fit the shown nodes into the part of the window the toolbar leaves free.
  function fitView(animate, only) {
    var ids = only || [];
    if (!only) { for (var i = 0; i < N.length; i++) { if (visible[i]) { ids.push(i); } } }
    if (!ids.length) { return; }
    var at = network.getPositions(ids);
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = at[id];
      var r = nodes.get(id).size || 12;
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r);
      y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r + 14);
    });
    var area = freeArea();
    var scale = Math.min(area.width / Math.max(x1 - x0, 1), area.height / Math.max(y1 - y0, 1)) * 0.92;
    scale = Math.min(scale, 1.5);
    var cx = (x0 + x1) / 2 - (area.left - area.right) / 2 / scale;
    network.moveTo({position: {x: cx, y: (y0 + y1) / 2}, scale: scale,
                    animation: animate ? {duration: 300, easingFunction: 'easeInOutQuad'} : false});
  }

  function showAll() {
    state.hood = null;
    setHoodButton();
    refresh();
    fitView(true);
  }

  $('kg-hood').addEventListener('click', function () { if (state.hood) { showAll(); } else { showHood(); } });
  $('kg-depth').addEventListener('change', function () { if (state.hood) { showHood(); } });
  $('kg-all').addEventListener('click', showAll);
  $('kg-fit').addEventListener('click', function () { fitView(true); });
  $('kg-close').addEventListener('click', closePanel);

  // ---- dates -------------------------------------------------------------------
  function resetDates() {
    state.from = minDate;
    state.to = maxDate;
    $('kg-from').value = minDate;
    $('kg-to').value = maxDate;
  }
  if (dates.length) {
    ['kg-from', 'kg-to'].forEach(function (id) {
      $(id).min = minDate;
      $(id).max = maxDate;
    });
    resetDates();
    $('kg-dates').hidden = false;
    $('kg-from').addEventListener('change', function () { state.from = this.value || minDate; refresh(); });
    $('kg-to').addEventListener('change', function () { state.to = this.value || maxDate; refresh(); });
    $('kg-dates-reset').addEventListener('click', function () { resetDates(); refresh(); });
  }

  // ---- clicks ------------------------------------------------------------------
  network.on('click', function (params) {
    if (params.nodes.length) {
      select(params.nodes[0], {focus: false});
    } else if (params.edges.length) {
      state.selectedEdge = params.edges[0];
      showEdge(params.edges[0]);
    } else {
      closePanel();
    }
  });

  buildLegend();
  showNote();
  updateStats();

  var viewer = {
    network: network, nodes: nodes, edges: edges,
    data: DATA, ready: false,
    search: search, select: select, showNeighbourhood: showHood, showAll: showAll,
    drawnNodes: function () { return network.body.nodeIndices.length; },
    drawnEdges: function () { return network.body.edgeIndices.length; },
    setDates: function (from, to) {
      state.from = from || minDate; state.to = to || maxDate;
      $('kg-from').value = state.from; $('kg-to').value = state.to; refresh();
    },
    setKind: function (kind, on) {
      state.kinds[kind] = on;
      var box = document.querySelector('#kg-legend input[data-kind="' + kind + '"]');
      if (box) { box.checked = on; }
      refresh();
    }
  };
  window.kgViewer = viewer;

  // Landmarks: when the view is too far out for vis to draw labels, the names of the
  // biggest visible nodes are drawn at a fixed screen size (canvas text, never HTML).
  var landmarks = N.map(function (n, i) { return i; })
    .filter(function (i) { return N[i].k !== 'article'; })
    .sort(function (a, b) { return N[b].v - N[a].v || a - b; })
    .slice(0, 40);
  network.on('afterDrawing', function (ctx) {
    var scale = network.getScale();
    if (scale * 24 >= 6 || !landmarks.length) { return; }
    var first = state.selected !== null ? [state.selected] : [];  // the selection wins
    var shown = first.concat(landmarks).filter(function (i, k, all) {
      return visible[i] && all.indexOf(i) === k;
    });
    var at = network.getPositions(shown);
    var taken = [];
    ctx.save();
    ctx.font = '600 ' + (13 / scale) + 'px ' + FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = 'rgba(251, 251, 249, 0.95)';
    ctx.fillStyle = '#222';
    shown.forEach(function (i) {
      var p = at[i];
      var y = p.y + (nodes.get(i).size || 10) + 3 / scale;
      var half = ctx.measureText(N[i].l).width / 2;
      var rect = [p.x - half, y, p.x + half, y + 15 / scale];
      if (taken.some(function (t) { return rect[0] < t[2] && t[0] < rect[2] && rect[1] < t[3] && t[1] < rect[3]; })) { return; }
      taken.push(rect);
      ctx.strokeText(N[i].l, p.x, y);
      ctx.fillText(N[i].l, p.x, y);
    });
    ctx.restore();
  });

  network.once('afterDrawing', function () {
    var overlay = $('kg-loading');
    if (overlay) { overlay.parentNode.removeChild(overlay); }
    viewer.ready = true;
    viewer.readyAt = window.performance.now();
    document.documentElement.setAttribute('data-kg-ready', '1');
  });
  if (META.centres && META.centres.length) { select(META.centres[0], {focus: false}); }
  fitView(false);
}());
