// soekg review: decide an article's proposals by keyboard. Every text from a document or a file
// is put into the page with textContent (never as markup); every request carries the token.
"use strict";
(() => {
  const TOKEN = new URLSearchParams(location.search).get("token") || "";
  const $ = (id) => document.getElementById(id);
  const S = {            // what the page shows
    files: [], index: 0, view: null, types: {}, focus: 0, chain: Promise.resolve(), busy: 0,
    rows: new Map(), shown: new Map(), segments: [], picked: null, tab: "facts", entityFocus: 0,
  };
  const api = window.soekg = { ready: false, timings: [], state: S };

  // -- building elements from text only ---------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "color") node.style.borderColor = v;
      else if (k === "on") node.addEventListener("click", v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === "string" ? document.createTextNode(c) : c);
    return node;
  }
  const text = (s) => document.createTextNode(String(s ?? ""));
  const colorOf = (type) => S.types[type] || "#999";
  const tint = (hex) => hex + "33";

  function status(message, error) {
    $("status").textContent = message || "";
    $("status").className = error ? "error" : "";
  }

  // -- talking to the server --------------------------------------------------------------
  async function call(path, body) {
    const init = { headers: { "X-Soekg-Token": TOKEN } };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const data = await response.json();
    if (!response.ok) {
      const err = new Error(data.error || response.statusText);
      err.changed = !!data.changed;
      throw err;
    }
    return data;
  }

  // One request at a time, each with the version the previous one left.
  function send(action, body) {
    S.busy++;
    const index = S.index;
    const started = performance.now();
    S.chain = S.chain.then(async () => {
      try {
        const view = await call(`/api/review/${index}/${action}`, { ...body, version: S.view.version });
        const answered = performance.now();
        if (index === S.index) applyView(view);
        api.timings.push({ action, roundTrip: performance.now() - started, server: answered - started });
        status("saved");
      } catch (err) {
        status(err.message, true);
        if (err.changed) showBanner(err.message);
        else if (index === S.index) await openFile(index, true);
      } finally {
        S.busy--;
      }
    });
    return S.chain;
  }

  function decide(op, args) { return send("decide", { op, args }); }

  async function loadFiles() {
    const data = await call("/api/reviews");
    S.files = data.reviews;
    S.types = data.types;
    const select = $("files");
    select.replaceChildren(...S.files.map((f) => el("option", { value: String(f.index) },
      f.accepted ? `${f.name} — accepted` : `${f.name} — ${f.title} (${f.decided}/${f.facts})`)));
    renderLegend();
  }

  async function openFile(index, keepFocus) {
    S.index = index;
    $("files").value = String(index);
    const file = S.files[index];
    if (file && file.accepted) {
      S.view = null;
      $("doc-title").textContent = `${file.name} is accepted`;
      $("doc-meta").textContent = file.accepted.join(" · ");
      $("text").replaceChildren();
      $("facts").replaceChildren();
      $("detail").replaceChildren();
      $("entities").replaceChildren();
      return;
    }
    const view = await call(`/api/review/${index}`);
    S.view = null;
    S.shown.clear();
    if (!keepFocus) S.focus = 0;
    applyView(view);
    hideBanner();
  }

  // -- the view ---------------------------------------------------------------------------
  function applyView(view) {
    const old = S.view;
    S.view = view;
    if (!old || old.text !== view.text || JSON.stringify(old.mentions) !== JSON.stringify(view.mentions) ||
        JSON.stringify(old.entities) !== JSON.stringify(view.entities)) renderText();
    renderFacts();
    if (S.focus >= view.facts.length) S.focus = Math.max(0, view.facts.length - 1);
    renderDetail();
    if (S.tab === "entities") renderEntities();   // drawn when shown: hundreds of rows
    renderProgress();
    const doc = view.document;
    $("doc-title").textContent = doc.title || view.name;
    $("doc-meta").textContent = [doc.publisher, doc.published, doc.url, view.name].filter(Boolean).join(" · ");
    $("undo").disabled = !view.undo;
  }

  function renderLegend() {
    $("legend").replaceChildren(...Object.entries(S.types).map(([t, c]) => el("span", { color: c }, t)));
  }

  function entityOf(key) { return (S.view && S.view.entities[key]) || { key, name: key, type: null, kind: "unknown" }; }

  function renderText() {
    const view = S.view, body = view.text, places = [];
    for (const m of view.mentions) {
      if (!m.accept) continue;
      for (const start of m.at) places.push({ start, end: start + m.text.length, m });
    }
    places.sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [], segments = [];
    let at = 0;
    for (const p of places) {
      if (p.start < at) continue;   // overlapping names: the first one wins
      if (p.start > at) { const t = text(body.slice(at, p.start)); segments.push({ start: at, node: t }); parts.push(t); }
      const e = entityOf(p.m.entity), t = text(body.slice(p.start, p.end));
      const span = el("span", { class: "m", color: colorOf(e.type), title: `${e.name} (${e.type || "?"}, ${e.kind})`,
        "data-start": String(p.start), "data-entity": p.m.entity, "data-row": String(p.m.row) }, t);
      span.style.backgroundColor = tint(colorOf(e.type));
      segments.push({ start: p.start, node: t });
      parts.push(span);
      at = p.end;
    }
    if (at < body.length) { const t = text(body.slice(at)); segments.push({ start: at, node: t }); parts.push(t); }
    S.segments = segments;
    $("text").replaceChildren(...parts);
  }

  function rangeOf(start, end) {
    const find = (offset) => {
      let lo = 0, hi = S.segments.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (S.segments[mid].start <= offset) lo = mid; else hi = mid - 1; }
      const seg = S.segments[lo];
      return [seg.node, Math.min(offset - seg.start, seg.node.length)];
    };
    const range = document.createRange();
    range.setStart(...find(start));
    range.setEnd(...find(end));
    return range;
  }

  function factLine(f) {
    const src = entityOf(f.source), tgt = entityOf(f.target);
    const mark = f.problems.length ? "!" : !f.accept ? "✗" : f.reviewed ? "✓" : "·";
    const cls = [!f.accept ? "rejected" : f.reviewed ? "accepted" : "", f.problems.length ? "problem" : ""].join(" ");
    const li = el("li", { class: cls, "data-row": String(f.row) },
      el("span", { class: "mark" }, mark),
      el("span", {}, el("span", { class: "type" }, f.type), " ", src.name, " → ", tgt.name,
        el("span", { class: "muted" }, f.added ? "  added by hand" : `  ${f.rule} ${f.confidence}`)));
    li.addEventListener("click", () => { S.focus = f.row; renderDetail(); });
    return li;
  }

  function renderFacts() {
    const list = $("facts"), facts = S.view.facts;
    if (S.shown.size === 0) list.replaceChildren();
    for (const f of facts) {     // only what changed is drawn again
      const key = JSON.stringify(f) + entityOf(f.source).name + entityOf(f.target).name;
      if (S.shown.get(f.row) === key) continue;
      const li = factLine(f), old = S.rows.get(f.row);
      if (old && old.parentNode === list) list.replaceChild(li, old); else list.append(li);
      S.rows.set(f.row, li);
      S.shown.set(f.row, key);
    }
    while (list.children.length > facts.length) { list.lastChild.remove(); }
  }

  function renderProgress() {
    const facts = S.view.facts, decided = facts.filter((f) => f.reviewed).length;
    $("progress").textContent = `${decided} of ${facts.length} decided`;
  }

  function endLine(label, key, end, f) {
    const e = entityOf(key);
    const named = S.view.mentions.filter((m) => m.entity === key).map((m) => `“${m.text}” (${m.rule} ${m.score})`);
    const alts = el("div", { class: "alts" },
      ...(e.alternatives || []).map((a) => el("button", { on: () => decide("repoint", { fact: f.row, end, to: a.key }),
        title: `${a.type}, ${a.kind}, score ${a.score}` }, `${a.name} · ${a.type} · ${a.kind}`)));
    const was = f["proposed_" + end] ? el("span", { class: "was" }, ` proposed: ${entityOf(f["proposed_" + end]).name}`) : null;
    return [el("span", { class: "muted" }, label),
      el("div", {}, el("span", { class: "entity", color: colorOf(e.type) }, e.name), " ",
        el("span", { class: "kind" }, `${e.type || "?"} · ${e.kind}${e.kind === "candidate" ? " (new)" : ""} · ${key}`), was,
        named.length ? el("div", { class: "muted" }, "resolved from " + named.join(", ")) : null,
        alts)];
  }

  function sentenceView(f) {
    const box = el("div", { class: "sentence" });
    if (f.start < 0) { box.append(text(f.evidence)); return box; }
    const marks = [];
    for (const m of S.view.mentions) {
      if (m.entity !== f.source && m.entity !== f.target) continue;
      for (const s of m.at) if (s >= f.start && s + m.text.length <= f.end) marks.push([s, s + m.text.length, m.entity]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    let at = f.start;
    for (const [s, e, key] of marks) {
      if (s < at) continue;
      box.append(text(S.view.text.slice(at, s)));
      box.append(el("span", { class: "end", color: colorOf(entityOf(key).type) }, S.view.text.slice(s, e)));
      at = e;
    }
    box.append(text(S.view.text.slice(at, f.end)));
    return box;
  }

  function renderDetail() {
    const detail = $("detail");
    const f = S.view && S.view.facts[S.focus];
    for (const li of $("facts").querySelectorAll("li.current")) li.classList.remove("current");
    for (const span of $("text").querySelectorAll(".m.src, .m.tgt")) span.classList.remove("src", "tgt");
    if (!f) { detail.replaceChildren(el("p", { class: "muted" }, "No proposals in this file.")); CSS.highlights && CSS.highlights.clear(); return; }
    const li = S.rows.get(f.row);
    if (li) { li.classList.add("current"); li.scrollIntoView({ block: "nearest" }); }
    const state = !f.accept ? "rejected" : f.reviewed ? "accepted" : "not decided yet";
    const props = Object.entries(f.properties).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    const extra = [f.date && `date ${f.date}`, f.status && `status ${f.status}`, ...props].filter(Boolean).join(" · ");
    const types = el("div", { class: "types" }, ...f.allowed.map((t, i) => el("button",
      { class: t === f.type ? "on" : "", on: () => decide("retype", { fact: f.row, type: t }) }, `${i < 9 ? i + 1 + " " : ""}${t}`)));
    const parts = [
      el("div", {}, el("span", { class: "type" }, f.type), f.proposed_type ? el("span", { class: "was" }, ` proposed ${f.proposed_type}`) : null,
        ` — ${state}`, el("span", { class: "muted" }, f.added ? " · added by hand" : ` · rule ${f.rule} · confidence ${f.confidence}`)),
      extra ? el("div", { class: "muted" }, extra) : null,
      sentenceView(f),
      el("div", { class: "ends" }, ...endLine("from (f)", f.source, "source", f), ...endLine("to (t)", f.target, "target", f)),
      el("div", { class: "muted" }, "types the model allows between them (1–9 to retype, y for the list):"), types,
    ];
    if (f.problems.length) parts.push(el("div", { class: "problems" }, ...f.problems.map((p) => el("div", {}, "⚠ " + p))));
    if (f.conflicts.length) parts.push(el("div", { class: "conflicts" }, el("strong", {}, "Sources disagree:"),
      ...f.conflicts.map((c) => el("div", {}, `${c.title} (${c.doc}) says ${c.says}:`, el("blockquote", {}, c.quote)))));
    detail.replaceChildren(...parts.filter(Boolean));
    for (const span of $("text").querySelectorAll(".m")) {
      const start = +span.dataset.start;
      if (start >= f.start && start < f.end) {
        if (span.dataset.entity === f.source) span.classList.add("src");
        if (span.dataset.entity === f.target) span.classList.add("tgt");
      }
    }
    if (f.start >= 0 && S.segments.length) {
      const range = rangeOf(f.start, f.end);
      if (window.Highlight && CSS.highlights) CSS.highlights.set("sentence", new Highlight(range));
      const box = range.getBoundingClientRect(), pane = $("article").getBoundingClientRect();
      if (box.top < pane.top + 40 || box.bottom > pane.bottom - 20) $("article").scrollTop += box.top - pane.top - pane.height / 3;
    }
  }

  function renderEntities() {
    const list = $("entities"), view = S.view;
    const rows = Object.values(view.entities).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    list.replaceChildren(...rows.map((e, i) => {
      const names = view.mentions.filter((m) => m.entity === e.key);
      const cand = view.candidates.find((c) => c.key === e.key);
      const li = el("li", { class: (i === S.entityFocus ? "current " : "") + (e.accept === false ? "rejected" : ""), "data-key": e.key },
        el("span", { class: "entity", color: colorOf(e.type) }, e.name), " ",
        el("span", { class: "kind" }, `${e.type || "?"} · ${e.kind} · ${e.key}`),
        el("div", { class: "muted" }, names.map((m) => `“${m.text}” ×${m.at.length} (${m.rule})`).join(", ")),
        el("div", { class: "alts" },
          el("button", { on: () => pickEntity(e, "resolve") }, "another entity…"),
          el("button", { on: () => pickEntity(e, "merge") }, "merge with…"),
          ...names.filter(() => names.length > 1 || e.kind !== "candidate").map((m) =>
            el("button", { on: () => decide("split", { mention: m.row }) }, `split “${m.text}” off`)),
          cand ? el("button", { on: () => decide("candidate", { candidate: cand.row, accept: !cand.accept }) }, cand.accept ? "reject" : "keep") : null,
          cand ? el("button", { on: () => chooseNodeType(`Type of ${e.name}`, (t) => decide("candidate", { candidate: cand.row, type: t })) }, "type…") : null));
      return li;
    }));
  }

  // -- choosers ---------------------------------------------------------------------------
  const C = { options: [], shown: [], on: 0, pick: null };
  function choose(title, options, pick, filter) {
    C.options = options; C.pick = pick; C.on = 0;
    $("chooser-title").textContent = title;
    $("chooser-filter").value = "";
    $("chooser-filter").hidden = !filter;
    $("chooser").hidden = false;
    renderChooser();
    if (filter) $("chooser-filter").focus(); else $("chooser-filter").blur();
  }
  function renderChooser() {
    const q = $("chooser-filter").value.toLowerCase();
    C.shown = C.options.filter((o) => !q || o.label.toLowerCase().includes(q));   // names, not their sentences
    C.on = Math.min(C.on, Math.max(0, C.shown.length - 1));
    $("chooser-list").replaceChildren(...C.shown.map((o, i) => {
      const li = el("li", { class: i === C.on ? "on" : "" }, el("span", { class: "key" }, i < 9 ? String(i + 1) : ""),
        el("span", {}, o.label, o.hint ? el("div", { class: "hint2" }, o.hint) : null));
      li.addEventListener("click", () => chosen(i));
      return li;
    }));
  }
  function chosen(i) {
    const o = C.shown[i];
    if (!o) return;
    closeChooser();
    C.pick(o.value);
  }
  function closeChooser() { $("chooser").hidden = true; $("chooser-filter").blur(); }
  function chooserKey(ev) {
    if (ev.key === "Escape") { closeChooser(); return true; }
    if (ev.key === "ArrowDown") { C.on = Math.min(C.on + 1, C.shown.length - 1); renderChooser(); return true; }
    if (ev.key === "ArrowUp") { C.on = Math.max(C.on - 1, 0); renderChooser(); return true; }
    if (ev.key === "Enter") { chosen(C.on); return true; }
    const typing = document.activeElement === $("chooser-filter") && $("chooser-filter").value;
    if (/^[1-9]$/.test(ev.key) && !typing) { chosen(+ev.key - 1); return true; }
    return false;
  }

  function chooseNodeType(title, then) {
    choose(title, Object.keys(S.types).map((t) => ({ label: t, value: t })), then, true);
  }

  function chooseType(f) {
    choose("Relationship type", f.allowed.map((t) => ({ label: t, value: t })), (t) => decide("retype", { fact: f.row, type: t }), true);
  }

  function occurrences() {   // every place the article names an entity, with its sentence
    const out = [];
    for (const m of S.view.mentions) {
      if (!m.accept) continue;
      for (const start of m.at) out.push({ start, text: m.text, entity: m.entity });
    }
    return out.sort((a, b) => a.start - b.start);
  }
  function around(start) {
    const body = S.view.text;
    const stop = /[.!?]["”’)]*(?=\s)|\n/g;
    let begin = 0, m;
    stop.lastIndex = 0;
    while ((m = stop.exec(body)) && m.index + m[0].length <= start) begin = m.index + m[0].length;
    const rest = stop.exec(body);
    return [begin, rest ? rest.index + rest[0].length : body.length];
  }
  function placeOption(p) {
    const e = entityOf(p.entity), [s, t] = around(p.start);
    return { label: `${p.text} — ${e.name} (${e.type || "?"})`, hint: S.view.text.slice(s, t).trim(), value: p };
  }

  function addFact(first) {
    const pickSecond = (a) => {
      S.picked = a;
      const [s, t] = around(a.start);
      const near = occurrences().filter((p) => p.start >= s && p.start < t && p.entity !== a.entity);
      choose(`A fact from “${a.text}” to…`, near.map(placeOption), (b) => { S.picked = null; addFactBetween(a, b); }, true);
    };
    if (first) pickSecond(first);
    else choose("A fact the rules missed: from which name?", occurrences().map(placeOption), pickSecond, true);
  }
  function allowedBetween(a, b) { return (S.view.allowed_pairs || {})[`${a}>${b}`] || []; }

  function repoint(f, end) {
    const [s, t] = [f.start, f.end];
    const here = occurrences().filter((p) => p.start >= s && p.start < t && p.entity !== f[end]);
    const seen = new Set();
    const options = [];
    for (const p of here) if (!seen.has(p.entity)) { seen.add(p.entity); options.push({ label: `${entityOf(p.entity).name}`, hint: `named “${p.text}” in this sentence · ${entityOf(p.entity).type}`, value: { to: p.entity } }); }
    for (const a of entityOf(f[end]).alternatives || []) if (!seen.has(a.key)) { seen.add(a.key); options.push({ label: a.name, hint: `${a.type} · ${a.kind} · score ${a.score}`, value: { to: a.key } }); }
    const cur = entityOf(f[end]);
    options.push({ label: `a new entity named “${cur.name}”`, hint: `${cur.type} · new candidate`, value: { new: { name: String(cur.name), type: cur.type || "Initiative" } } });
    choose(`Re-point the ${end === "source" ? "from" : "to"} end (now ${cur.name})`, options, (v) => decide("repoint", { fact: f.row, end, ...v }), true);
  }

  function pickEntity(e, op) {
    const options = Object.values(S.view.entities).filter((o) => o.key !== e.key)
      .map((o) => ({ label: o.name, hint: `${o.type} · ${o.kind} · ${o.key}`, value: o.key }));
    for (const a of e.alternatives || []) if (!S.view.entities[a.key]) options.push({ label: a.name, hint: `${a.type} · ${a.kind} · score ${a.score}`, value: a.key });
    choose(op === "merge" ? `Merge ${e.name} into…` : `${e.name} is really…`, options, (to) => decide(op, { entity: e.key, to }), true);
  }

  function newEntityFromSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !$("text").contains(sel.anchorNode)) { status("select a name in the text first", true); return; }
    const offset = (node, off) => {
      const seg = S.segments.find((s) => s.node === node);
      if (seg) return seg.start + off;
      const span = node.nodeType === 1 ? node.closest(".m") : node.parentElement && node.parentElement.closest(".m");
      return span ? +span.dataset.start : null;
    };
    let a = offset(sel.anchorNode, sel.anchorOffset), b = offset(sel.focusNode, sel.focusOffset);
    if (a === null || b === null) { status("select a name in the text first", true); return; }
    if (a > b) [a, b] = [b, a];
    chooseNodeType(`New entity “${S.view.text.slice(a, b).trim()}” of type…`, (t) => decide("new_entity", { start: a, end: b, type: t }));
  }

  // -- moving and deciding ----------------------------------------------------------------
  function move(step, undecidedOnly) {
    const facts = S.view.facts;
    if (!facts.length) return;
    let i = S.focus;
    for (let n = 0; n < facts.length; n++) {
      i = (i + step + facts.length) % facts.length;
      if (!undecidedOnly || !facts[i].reviewed) { S.focus = i; renderDetail(); return; }
    }
    if (!undecidedOnly) return;
    if (step > 0 && S.focus < facts.length - 1) { S.focus++; }
    renderDetail();
  }

  function mark(f, accept) {   // shown at once; the file is written behind it
    f.accept = accept; f.reviewed = true;
    const li = factLine(f);
    S.rows.get(f.row).replaceWith(li);
    S.rows.set(f.row, li);
    S.shown.delete(f.row);
    renderProgress();
    decide(accept ? "accept" : "reject", { fact: f.row });
    move(1, true);
  }

  const KEYS = [
    ["a", "accept the proposal, go to the next undecided"],
    ["x / r", "reject it, go to the next undecided"],
    ["s / Space", "skip: next proposal, undecided"],
    ["j ↓ / k ↑", "next / previous proposal"],
    ["1–9", "retype to the nth type the model allows"],
    ["y", "all allowed types"],
    ["f / t", "re-point the from / to end"],
    ["m", "add a fact the rules missed: pick two names"],
    ["n", "the selected text is a new entity"],
    ["e", "entities: another entity, merge, split"],
    ["u", "undo the last decision"],
    ["Shift+A", "accept this article (soekg ingest --accept)"],
    ["Shift+R", "reload the file from disk"],
    ["< / >", "previous / next review file"],
    ["?", "these keys"],
  ];

  function onKey(ev) {
    const t0 = performance.now();
    if (!$("help").hidden) { if (ev.key === "Escape" || ev.key === "?") $("help").hidden = true; ev.preventDefault(); return; }
    if (!$("chooser").hidden) { if (chooserKey(ev)) ev.preventDefault(); return; }
    if (!$("confirm").hidden) {
      if (ev.key === "Enter" || ev.key === "y") { ev.preventDefault(); acceptArticle(); }
      else if (ev.key === "Escape" || ev.key === "n") { ev.preventDefault(); $("confirm").hidden = true; }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target.tagName === "SELECT" || ev.target.tagName === "INPUT") return;
    if (!S.view) { if (ev.key === ">" || ev.key === "<") switchFile(ev.key === ">" ? 1 : -1); return; }
    const f = S.view.facts[S.focus];
    if (S.tab === "entities" && entityKey(ev)) { ev.preventDefault(); return; }
    let handled = true;
    switch (ev.key) {
      case "a": if (f) mark(f, true); break;
      case "x": case "r": if (f) mark(f, false); break;
      case "s": case " ": move(1, false); break;
      case "j": case "ArrowDown": move(1, false); break;
      case "k": case "ArrowUp": move(-1, false); break;
      case "u": send("undo", {}); break;
      case "y": if (f) chooseType(f); break;
      case "f": if (f) repoint(f, "source"); break;
      case "t": if (f) repoint(f, "target"); break;
      case "m": addFact(); break;
      case "n": newEntityFromSelection(); break;
      case "e": setTab(S.tab === "entities" ? "facts" : "entities"); break;
      case "A": askAccept(); break;
      case "R": reload(); break;
      case ">": switchFile(1); break;
      case "<": switchFile(-1); break;
      case "?": $("help").hidden = false; break;
      default:
        if (f && /^[1-9]$/.test(ev.key) && f.allowed[+ev.key - 1]) decide("retype", { fact: f.row, type: f.allowed[+ev.key - 1] });
        else handled = false;
    }
    if (handled) {
      ev.preventDefault();
      requestAnimationFrame(() => api.timings.push({ action: "key " + ev.key, answered: performance.now() - t0 }));
    }
  }

  function entityKey(ev) {
    const rows = [...$("entities").children];
    if (!rows.length) return false;
    const e = S.view.entities[rows[Math.min(S.entityFocus, rows.length - 1)].dataset.key];
    if (ev.key === "j" || ev.key === "ArrowDown" || ev.key === "k" || ev.key === "ArrowUp") {
      S.entityFocus = Math.max(0, Math.min(rows.length - 1, S.entityFocus + (ev.key === "j" || ev.key === "ArrowDown" ? 1 : -1)));
      renderEntities();
      $("entities").children[S.entityFocus].scrollIntoView({ block: "nearest" });
      return true;
    }
    if (ev.key === "p") { pickEntity(e, "resolve"); return true; }
    if (ev.key === "g") { pickEntity(e, "merge"); return true; }
    return false;
  }

  function setTab(tab) {
    S.tab = tab;
    if (tab === "entities" && S.view) renderEntities();
    $("facts-pane").hidden = tab !== "facts";
    $("entities-pane").hidden = tab !== "entities";
    $("tab-facts").classList.toggle("on", tab === "facts");
    $("tab-entities").classList.toggle("on", tab === "entities");
  }

  function switchFile(step) {
    if (!S.files.length) return;
    openFile((S.index + step + S.files.length) % S.files.length).catch((err) => status(err.message, true));
  }

  function askAccept() {
    const open = S.view.facts.filter((f) => !f.reviewed).length;
    $("confirm-text").textContent = open
      ? `Accept ${S.view.name}? ${open} proposal(s) not decided will be accepted as proposed.`
      : `Accept ${S.view.name}: its accepted facts and entities become curated data.`;
    $("confirm").hidden = false;
  }

  async function acceptArticle() {
    $("confirm").hidden = true;
    await S.chain;
    try {
      status("accepting…");
      const done = await call(`/api/review/${S.index}/accept`, { version: S.view.version });
      status(done.accepted.join(" · "));
      api.accepted = done.accepted;
      await loadFiles();
      const next = S.files.find((f) => !f.accepted);
      await openFile(next ? next.index : S.index);
      status(done.accepted.join(" · "));
    } catch (err) {
      status(err.message, true);
      if (err.changed) showBanner(err.message);
    }
  }

  function showBanner(message) { $("banner-text").textContent = message; $("banner").hidden = false; }
  function hideBanner() { $("banner").hidden = true; }
  async function reload() {
    await S.chain;
    try { applyView(await call(`/api/review/${S.index}/reload`, {})); hideBanner(); status("reloaded from disk"); }
    catch (err) { status(err.message, true); }
  }

  async function poll() {   // a change on disk is noticed, never overwritten
    if (S.view && !S.busy && $("banner").hidden) {
      try {
        const v = await call(`/api/review/${S.index}/version`);
        if (v.changed && !S.busy) showBanner(v.changed);
      } catch (err) { /* the next decision says what is wrong */ }
    }
    setTimeout(poll, 2000);
  }

  async function start() {
    $("help-keys").replaceChildren(...KEYS.flatMap(([k, what]) => [el("dt", {}, k), el("dd", {}, what)]));
    document.addEventListener("keydown", onKey);
    $("chooser-filter").addEventListener("input", () => { C.on = 0; renderChooser(); });
    $("files").addEventListener("change", () => openFile(+$("files").value));
    $("undo").addEventListener("click", () => send("undo", {}));
    $("accept-article").addEventListener("click", askAccept);
    $("confirm-yes").addEventListener("click", acceptArticle);
    $("confirm-no").addEventListener("click", () => { $("confirm").hidden = true; });
    $("reload").addEventListener("click", reload);
    $("show-help").addEventListener("click", () => { $("help").hidden = false; });
    $("tab-facts").addEventListener("click", () => setTab("facts"));
    $("tab-entities").addEventListener("click", () => setTab("entities"));
    $("text").addEventListener("click", (ev) => {   // two names clicked in turn: a fact between them
      const span = ev.target.closest && ev.target.closest(".m");
      if (!span || !window.getSelection().isCollapsed) return;
      const place = { start: +span.dataset.start, text: span.textContent, entity: span.dataset.entity };
      if (!S.picked) { S.picked = place; span.classList.add("picked"); status(`from “${place.text}”: click the other name`); }
      else { const a = S.picked; S.picked = null; for (const s of $("text").querySelectorAll(".picked")) s.classList.remove("picked"); addFactBetween(a, place); }
    });
    try {
      await loadFiles();
      const first = S.files.find((f) => !f.accepted);
      await openFile(first ? first.index : 0);
      api.ready = true;
      poll();
    } catch (err) { status(err.message, true); api.ready = true; api.error = err.message; }
  }

  function addFactBetween(a, b) {
    const ta = entityOf(a.entity).type, tb = entityOf(b.entity).type;
    const options = [
      ...allowedBetween(ta, tb).map((t) => ({ label: `${t}: ${entityOf(a.entity).name} → ${entityOf(b.entity).name}`, value: [t, a, b] })),
      ...allowedBetween(tb, ta).map((t) => ({ label: `${t}: ${entityOf(b.entity).name} → ${entityOf(a.entity).name}`, value: [t, b, a] })),
    ];
    if (!options.length) { status(`the model allows no relationship between ${ta} and ${tb}`, true); return; }
    choose("Type of the new fact", options, ([t, x, y]) => decide("add", { type: t, a: x, b: y }), false);
  }

  api.keys = KEYS;
  start();
})();
