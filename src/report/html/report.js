// The plan report's drawing: the line-load heat map and the Gantt chart of the chosen
// order, from the data in #report-data (see src/report/html/). Text goes into the page
// only through textContent and attributes, never as markup, so no id can inject any.
(function () {
  "use strict";
  var started = performance.now();
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var T = D.t;
  var SVG = "http://www.w3.org/2000/svg";
  var DAY_MS = 86400000;
  var base = Date.parse(D.asOf + "T00:00:00Z");

  // Dates are day offsets from the as-of date, shown as ISO dates (UTC: no time zone).
  function iso(off) {
    return new Date(base + off * DAY_MS).toISOString().slice(0, 10);
  }
  function weekday(off) {
    return new Date(base + off * DAY_MS).getUTCDay();
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    setAll(e, attrs);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    setAll(e, attrs);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function setAll(e, attrs) {
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    }
  }
  function pct(x) {
    return Math.round(100 * x) + "%";
  }

  // ---- Line-load heat map: one cell per line × day ----
  function heatmap() {
    var L = D.load;
    var n = L.days;
    var table = document.getElementById("heatmap");
    var notes = {};
    L.notes.forEach(function (x) {
      notes[x[0] + ":" + x[1]] = x[2];
    });
    var width = Math.max(3, Math.min(18, Math.floor(1000 / Math.max(n, 1))));
    table.style.setProperty("--w", width + "px");
    if (width < 6) table.className = "dense";
    table.setAttribute("data-lines", String(D.lines.length));
    table.setAttribute("data-days", String(n));
    var thead = el("thead");
    var tr = el("tr");
    tr.appendChild(el("th", {}, T.line));
    for (var d = 0; d < n; ) {
      var month = iso(d).slice(0, 7);
      var e = d;
      while (e < n && iso(e).slice(0, 7) === month) e++;
      tr.appendChild(el("th", { colspan: String(e - d), title: month }, (e - d) * width >= 48 ? month : ""));
      d = e;
    }
    thead.appendChild(tr);
    table.appendChild(thead);
    var days = [];
    for (var i = 0; i < n; i++) days.push(iso(i) + " " + T.weekdays[weekday(i)]);
    var body = el("tbody");
    D.lines.forEach(function (id, l) {
      var row = el("tr");
      row.appendChild(el("th", {}, id));
      var shifts = L.shifts[l];
      var used = L.used[l];
      for (var i = 0; i < n; i++) {
        var s = shifts.charCodeAt(i) - 48;
        var u = used[i] / 100;
        var td = document.createElement("td");
        var note = notes[i + ":" + l] || notes[i + ":-1"];
        var title = id + " · " + days[i] + " · ";
        if (s === 0) {
          td.className = "closed";
          title += T.closed;
        } else {
          var share = Math.min(1, u / s);
          td.className = "h" + (u > 0 ? Math.max(1, Math.round(share * 10)) : 0);
          title += u + " / " + s + " " + T.shifts + " · " + pct(share);
        }
        if (note) {
          td.className += " note-day";
          title += " · " + note;
        }
        td.title = title;
        row.appendChild(td);
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    var legend = document.getElementById("legend");
    for (var b = 0; b <= 10; b++) legend.appendChild(el("span", { class: "h" + b }, b * 10 + "%"));
    legend.appendChild(el("span", { class: "closed" }, T.closed));
  }

  // ---- The implementation schedule of one order as a Gantt chart ----
  var STAGE = ["stock", "design", "material", "material", "material", "production", "inspection", "packaging", "transit",
    "production", "material", "production"];
  var LABEL = ["stepStock", "stepDesign", "stepMaterialStock", "stepMaterialReceipts", "stepMaterialBuy",
    "stepProduction", "stepInspection", "stepPackaging", "stepTransit", "stepOperation", "stepWorkOrder", "stepWait"];

  // Order: [id, customer, status, due, delivery, late, bottleneck kind, bottleneck id,
  // reason, lines, outlook]; line: [product, destination, qty, steps]; step: [code, from,
  // to, subject, qty] with code + 16 for the bottleneck; operations (9), work orders (10)
  // and waits (11) add [op, lines].
  function steps(o) {
    var out = [];
    o[9].forEach(function (line) {
      var dest = D.dests[line[1]];
      line[3].forEach(function (st) {
        var code = st[0] & 15;
        var subject = st.length > 3 ? st[3] : -1;
        var values = {
          qty: st.length > 4 && st[4] !== null ? st[4] : "",
          product: code === 10 ? D.products[subject] : D.products[line[0]],
          op: st.length > 5 ? st[5] : "",
          lines: st.length > 6 ? st[6] : "",
          material: code >= 2 && code <= 4 ? D.materials[subject] : "",
          line: code === 5 ? D.lines[subject] : "",
          mode: code === 8 ? dest[1][subject] : "",
          dest: dest[0]
        };
        var span = D.spans[code];
        out.push({
          stage: STAGE[code],
          label: fill(T[LABEL[code]], values),
          from: st[1],
          to: st[2],
          span: [st[1] + span[0], st[2] + span[1]],
          bottleneck: st[0] >= 16
        });
      });
    });
    return out;
  }

  // The layout of the review record's chart (src/report/gantt.rs): at most 760 px of
  // date axis, a day at most 28 px wide, weekends shaded, Mondays labelled, due dashed.
  function gantt(list, due) {
    var LABEL_W = 330, AXIS_W = 760, ROW = 24, HEAD = 34;
    var first = 0, last = 1;
    list.forEach(function (s) {
      first = Math.min(first, s.span[0]);
      last = Math.max(last, s.span[1]);
    });
    if (due !== null) last = Math.max(last, due + 1);
    var days = last - first + 1;
    var dw = Math.min(AXIS_W / days, 28);
    var width = Math.ceil(LABEL_W + days * dw + 10);
    var height = HEAD + ROW * list.length + 10;
    var x = function (d) { return LABEL_W + (d - first) * dw; };
    var svg = sv("svg", { class: "gantt", id: "gantt-svg", width: width, height: height,
      viewBox: "0 0 " + width + " " + height, "font-size": "12" });
    var perLabel = Math.max(1, Math.ceil(60 / (7 * dw)));
    var monday = 0;
    for (var d = first; d < last; d++) {
      var wd = weekday(d);
      if (dw >= 2 && (wd === 0 || wd === 6)) {
        svg.appendChild(sv("rect", { class: "weekend", x: x(d).toFixed(1), y: HEAD,
          width: dw.toFixed(1), height: height - HEAD - 10 }));
      }
      if (wd === 1) {
        if (monday % perLabel === 0) {
          svg.appendChild(sv("line", { class: "grid", x1: x(d).toFixed(1), y1: HEAD - 4,
            x2: x(d).toFixed(1), y2: height - 10 }));
          svg.appendChild(sv("text", { x: x(d).toFixed(1), y: HEAD - 10 }, iso(d).slice(5)));
        }
        monday++;
      }
    }
    if (due !== null) {
      svg.appendChild(sv("line", { class: "due", x1: x(due + 1).toFixed(1), y1: HEAD - 4,
        x2: x(due + 1).toFixed(1), y2: height - 10 }));
      svg.appendChild(sv("text", { x: x(due + 1).toFixed(1), y: 12, fill: "#d9534f" },
        T.due + " " + iso(due)));
    }
    list.forEach(function (s, i) {
      var y = HEAD + ROW * i;
      var dates = s.from === s.to ? iso(s.from) : iso(s.from) + " → " + iso(s.to);
      svg.appendChild(sv("text", { x: 4, y: y + ROW / 2 + 4 }, s.label));
      var bar = sv("rect", { class: "bar " + s.stage + (s.bottleneck ? " bottleneck" : ""),
        x: x(s.span[0]).toFixed(1), y: y + 4,
        width: Math.max(x(s.span[1]) - x(s.span[0]), 3).toFixed(1), height: ROW - 8, rx: 2 });
      bar.appendChild(sv("title", {}, s.label + ": " + dates));
      svg.appendChild(bar);
    });
    return svg;
  }

  function facts(o) {
    var box = document.getElementById("order-facts");
    box.textContent = "";
    function fact(label, value, cls) {
      var span = el("span", cls ? { class: cls } : {});
      span.appendChild(el("b", {}, label + ": "));
      span.appendChild(document.createTextNode(value));
      box.appendChild(span);
    }
    var day = function (d) { return d === null ? "—" : iso(d); };
    fact(T.order, o[0]);
    if (D.customers[o[1]]) fact(T.customer, D.customers[o[1]]);
    fact(T.status, o[2] === 0 ? T.committed : T.quote);
    fact(T.due, day(o[3]));
    fact(T.delivery, o[4] === null ? T.infeasible : iso(o[4]));
    if (o[5] !== null && o[5] > 0) fact(T.daysLate, String(o[5]), "late");
    fact(T.bottleneck, T.bottleneckKinds[o[6]] + " " + o[7]);
    if (o[8] !== null) fact(T.reason, o[8]);
    if (o.length > 10 && D.level !== null) {
      if (o[10][0] !== null) fact(T.confidence, pct(o[10][0] / 1000));
      fact(fill(T.promiseAt, { level: pct(D.level) }), iso(o[10][1]));
    }
  }

  function stepTable(list) {
    var table = document.getElementById("steps");
    table.textContent = "";
    if (list.length === 0) return;
    var head = el("tr");
    [T.step, T.from, T.to, T.bottleneck].forEach(function (h) { head.appendChild(el("th", {}, h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    list.forEach(function (s) {
      var tr = el("tr");
      tr.appendChild(el("td", {}, s.label));
      tr.appendChild(el("td", {}, iso(s.from)));
      tr.appendChild(el("td", {}, iso(s.to)));
      tr.appendChild(el("td", {}, s.bottleneck ? "◆" : ""));
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  function show(i) {
    var box = document.getElementById("gantt");
    box.textContent = "";
    var o = D.orders[i];
    facts(o);
    var list = steps(o);
    if (list.length > 0) box.appendChild(gantt(list, o[3]));
    stepTable(list);
    box.setAttribute("data-order", o[0]);
    box.setAttribute("data-steps", String(list.length));
  }

  // ---- Choosing the order: search box, links (#order=ID), default the latest late ----
  var index = {};
  D.orders.forEach(function (o, i) { index[o[0]] = i; });

  function message(text) {
    document.getElementById("order-msg").textContent = text;
  }

  function route() {
    var m = /^#order=(.*)$/.exec(location.hash);
    var id = null;
    if (m) {
      try { id = decodeURIComponent(m[1]); } catch (e) { id = null; }
    }
    if (id !== null && Object.prototype.hasOwnProperty.call(index, id)) {
      message("");
      document.getElementById("order-search").value = id;
      show(index[id]);
    } else if (id !== null) {
      message(T.noSuchOrder + ": " + id);
    } else if (D["default"] >= 0) {
      show(D["default"]);
    } else {
      message(T.noOrders);
    }
  }

  function matches(q, limit) {
    var out = [];
    q = q.toLowerCase();
    for (var i = 0; i < D.orders.length && out.length < limit; i++) {
      if (D.orders[i][0].toLowerCase().indexOf(q) >= 0) out.push(D.orders[i][0]);
    }
    return out;
  }

  function choose(q) {
    if (q === "") return;
    var id = Object.prototype.hasOwnProperty.call(index, q) ? q : null;
    if (id === null) {
      var m = matches(q, 2);
      if (m.length === 1) id = m[0];
    }
    if (id === null) {
      message(T.noSuchOrder + ": " + q);
      return;
    }
    var hash = "#order=" + encodeURIComponent(id);
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function picker() {
    var input = document.getElementById("order-search");
    var list = document.getElementById("order-ids");
    input.addEventListener("input", function () {
      list.textContent = "";
      if (input.value.length === 0) return;
      matches(input.value, 30).forEach(function (id) { list.appendChild(el("option", { value: id })); });
    });
    input.addEventListener("change", function () { choose(input.value.trim()); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") choose(input.value.trim());
    });
    // A link in the tables below: draw that order and bring its chart into view.
    window.addEventListener("hashchange", function () {
      route();
      document.getElementById("schedule").scrollIntoView();
    });
  }

  heatmap();
  picker();
  route();
  // How long the drawing took, and when the page was first painted (ms since navigation
  // start): read by the browser test to report render times.
  var root = document.documentElement;
  root.setAttribute("data-render-ms", String(Math.round(performance.now() - started)));
  requestAnimationFrame(function () {
    setTimeout(function () {
      root.setAttribute("data-painted-ms", String(Math.round(performance.now())));
    }, 0);
  });
})();
