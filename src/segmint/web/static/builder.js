// segmint segment builder: a tree of AND/OR groups, conditions, behaviour conditions and
// segment references, kept in step with the rule's text, with live counts from the API.
// The tree is the JSON form of segmint.query.jsontree; the server writes and reads the text
// (POST /api/v1/segments/rule/format and /rule/parse) and counts (/conditions, /preview).
(function () {
  "use strict";

  const ORDERED = ["=", "!=", ">", ">=", "<", "<="];
  const LISTS = ["IN", "NOT IN", "CONTAINS ANY", "NOT CONTAINS ANY", "CONTAINS ALL", "NOT CONTAINS ALL"];
  const PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  const ARABIC = "٠١٢٣٤٥٦٧٨٩";

  let data, texts, tree, lang, jalali;
  let nextId = 1;
  let refreshTimer = null;
  let parseTimer = null;
  let generation = 0;

  const $ = (id) => document.getElementById(id);
  const t = (key) => (texts && texts[key]) || key;
  const latin = (text) => String(text == null ? "" : text)
    .replace(/[۰-۹]/g, (d) => String(PERSIAN.indexOf(d)))
    .replace(/[٠-٩]/g, (d) => String(ARABIC.indexOf(d)))
    .replace(/٫/g, ".").trim();

  // ----- Jalali <-> Gregorian (the arithmetic of jdf.scr.ir, public domain) -----------
  function jalaliToGregorian(jy, jm, jd) {
    jy += 1595;
    let days = -355668 + 365 * jy + Math.floor(jy / 33) * 8 + Math.floor(((jy % 33) + 3) / 4)
      + jd + (jm < 7 ? (jm - 1) * 31 : (jm - 7) * 30 + 186);
    let gy = 400 * Math.floor(days / 146097);
    days %= 146097;
    if (days > 36524) {
      gy += 100 * Math.floor(--days / 36524);
      days %= 36524;
      if (days >= 365) days++;
    }
    gy += 4 * Math.floor(days / 1461);
    days %= 1461;
    if (days > 365) {
      gy += Math.floor((days - 1) / 365);
      days = (days - 1) % 365;
    }
    let gd = days + 1;
    const leap = (gy % 4 === 0 && gy % 100 !== 0) || gy % 400 === 0;
    const months = [0, 31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let gm = 0;
    for (gm = 0; gm < 13 && gd > months[gm]; gm++) gd -= months[gm];
    return [gy, gm, gd];
  }
  function gregorianToJalali(gy, gm, gd) {
    const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    const gy2 = gm > 2 ? gy + 1 : gy;
    let days = 355666 + 365 * gy + Math.floor((gy2 + 3) / 4) - Math.floor((gy2 + 99) / 100)
      + Math.floor((gy2 + 399) / 400) + gd + before[gm - 1];
    let jy = -1595 + 33 * Math.floor(days / 12053);
    days %= 12053;
    jy += 4 * Math.floor(days / 1461);
    days %= 1461;
    if (days > 365) {
      jy += Math.floor((days - 1) / 365);
      days = (days - 1) % 365;
    }
    const jm = days < 186 ? 1 + Math.floor(days / 31) : 7 + Math.floor((days - 186) / 30);
    const jd = days < 186 ? 1 + (days % 31) : 1 + ((days - 186) % 30);
    return [jy, jm, jd];
  }
  const pad = (n) => String(n).padStart(2, "0");
  // A typed or picked day as {iso (Gregorian), calendar}; Jalali when the year is below 1700.
  function readDay(text) {
    const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(latin(text));
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1700) {
      const [gy, gm, gd] = jalaliToGregorian(y, mo, d);
      return { iso: `${gy}-${pad(gm)}-${pad(gd)}`, calendar: "jalali" };
    }
    return { iso: `${y}-${pad(mo)}-${pad(d)}`, calendar: "gregorian" };
  }
  function showDay(iso, calendar) {
    const [y, m, d] = iso.split("-").map(Number);
    if (jalali || calendar === "jalali") {
      const [jy, jm, jd] = gregorianToJalali(y, m, d);
      return `${jy}/${pad(jm)}/${pad(jd)}`;
    }
    return iso;
  }

  // ----- the model ----------------------------------------------------------------------
  const group = (op, items) => ({ id: nextId++, type: "group", op: op || "and", not: false, items: items || [] });
  const condition = () => ({ id: nextId++, type: "cond", not: false, field: "", op: "", a: "", b: "", list: [], mode: "relative", unit: "d" });
  const behaviour = () => ({ id: nextId++, type: "behaviour", not: false, collection: "", negated: false, conds: [] });
  const segmentRef = () => ({ id: nextId++, type: "segment", not: false, name: "" });

  function fieldsFor(node, parent) {
    if (parent && parent.type === "behaviour") {
      const c = data.catalogue.collections.find((x) => x.name === parent.collection);
      return c ? [...c.fields, ...c.aggregates] : [];
    }
    return data.catalogue.fields;
  }
  function fieldOf(cond, parent) {
    return fieldsFor(cond, parent).find((f) => f.name === cond.field) || null;
  }
  const isDate = (kind) => kind === "date" || kind === "timestamp";
  // The kind a field's values take: a custom field's inferred type where it is a number or date.
  const kindOf = (field) => (field.kind === "custom" && ["number", "date"].includes(field.type) ? field.type : field.kind);

  // One literal of a condition, or null when it is not filled in yet.
  function literal(kind, raw, cond) {
    const text = latin(raw);
    if (text === "") return null;
    if (kind === "number" || kind === "aggregate" || (cond.part && /^-?\d+(\.\d+)?$/.test(text))) {
      const n = Number(text);
      return Number.isFinite(n) ? { type: "number", value: n } : null;
    }
    if (kind === "boolean") return { type: "boolean", value: text === "true" };
    if (isDate(kind) && !cond.part) {
      if (cond.mode === "relative") {
        const n = Number(text);
        return Number.isInteger(n) ? { type: "relative_date", amount: -n, unit: cond.unit } : null;
      }
      if (cond.mode === "day") return { type: "day", value: text };
      const day = readDay(text);
      return day ? { type: "date", value: day.iso, calendar: day.calendar } : null;
    }
    return { type: "text", value: String(raw) };
  }

  // A leaf condition as JSON, or null while incomplete.
  function leafJson(cond, parent) {
    const field = fieldOf(cond, parent);
    if (!field || !cond.op) return null;
    const kind = kindOf(field);
    const op = cond.op;
    const negated = op.startsWith("NOT ") || op === "IS NOT NULL";
    const base = { field: cond.field };
    if (cond.part) base.part = cond.part;
    let json = null;
    if (ORDERED.includes(op)) {
      const value = literal(kind, cond.a, cond);
      if (value) json = Object.assign({ kind: "comparison", op, value }, base);
    } else if (op.endsWith("BETWEEN")) {
      const low = literal(kind, cond.a, cond);
      const high = literal(kind, cond.b, cond);
      if (low && high) json = Object.assign({ kind: "between", low, high, negated }, base);
    } else if (op.endsWith("NULL")) {
      json = { kind: "is_null", field: cond.field, negated };
    } else if (op.endsWith(" IN") || op === "IN") {
      const values = cond.list.map((v) => literal(kind, v, cond)).filter(Boolean);
      if (values.length) json = Object.assign({ kind: "in", values, negated }, base);
    } else if (op.includes("CONTAINS")) {
      const mode = op.endsWith("ANY") ? "any" : op.endsWith("ALL") ? "all" : "one";
      const raw = mode === "one" ? [cond.a] : cond.list;
      const values = raw.map((v) => (latin(v) === "" ? null : { type: "text", value: String(v) })).filter(Boolean);
      if (values.length) json = { kind: "contains", field: cond.field, values, mode, negated };
    }
    if (!json) return null;
    return cond.not ? { kind: "not", rule: json } : json;
  }

  // The node as JSON (or null while empty or incomplete); remembers which children counted.
  function emit(node, parent) {
    let json = null;
    if (node.type === "group") {
      const kids = node.items.map((item) => ({ item, json: emit(item, node) })).filter((k) => k.json);
      node.emitted = kids.map((k) => k.item);
      if (kids.length === 1) json = kids[0].json;
      else if (kids.length > 1) json = { kind: node.op, rules: kids.map((k) => k.json) };
      if (json && node.not) json = { kind: "not", rule: json };
      return json;
    }
    if (node.type === "cond") return leafJson(node, parent);
    if (node.type === "segment") {
      if (!node.name) return null;
      json = { kind: "segment", name: node.name };
    } else if (node.type === "behaviour") {
      if (!node.collection) return null;
      const where = [];
      const having = [];
      const collection = data.catalogue.collections.find((c) => c.name === node.collection);
      const aggregates = collection ? collection.aggregates.map((a) => a.name) : [];
      node.conds.forEach((c) => {
        const leaf = leafJson(Object.assign({}, c, { not: false }), node);
        if (leaf) (aggregates.includes(c.field) ? having : where).push(leaf);
      });
      if (!where.length && !having.length) return null;
      json = { kind: "matches", collection: node.collection, negated: node.negated, where, having };
    }
    return json && node.not ? { kind: "not", rule: json } : json;
  }

  function rawValue(value) {
    if (value.type === "relative_date") return { a: String(-value.amount), mode: "relative", unit: value.unit };
    if (value.type === "date") return { a: showDay(value.value, value.calendar), mode: "date" };
    if (value.type === "day") return { a: value.value, mode: "day" };
    return { a: String(value.value) };
  }

  // The model of a JSON tree (the inverse of emit).
  function fromJson(json) {
    if (json.kind === "and" || json.kind === "or") return group(json.kind, json.rules.map(fromJson));
    if (json.kind === "not") {
      const inner = fromJson(json.rule);
      inner.not = !inner.not;
      return inner;
    }
    if (json.kind === "segment") return Object.assign(segmentRef(), { name: json.name });
    if (json.kind === "matches") {
      return Object.assign(behaviour(), {
        collection: json.collection, negated: !!json.negated,
        conds: [...json.where, ...json.having].map(leafFromJson),
      });
    }
    return leafFromJson(json);
  }
  function leafFromJson(json) {
    const c = Object.assign(condition(), { field: json.field, part: json.part || null });
    const neg = json.negated ? "NOT " : "";
    if (json.kind === "comparison") Object.assign(c, { op: json.op }, rawValue(json.value));
    if (json.kind === "between") {
      const low = rawValue(json.low);
      Object.assign(c, { op: neg + "BETWEEN", mode: low.mode || "relative", unit: low.unit || "d", a: low.a, b: rawValue(json.high).a });
    }
    if (json.kind === "is_null") c.op = json.negated ? "IS NOT NULL" : "IS NULL";
    if (json.kind === "in") Object.assign(c, { op: neg + "IN", list: json.values.map((v) => rawValue(v).a) });
    if (json.kind === "contains") {
      const values = json.values.map((v) => rawValue(v).a);
      if (json.mode === "one") Object.assign(c, { op: neg + "CONTAINS", a: values[0] });
      else Object.assign(c, { op: `${neg}CONTAINS ${json.mode.toUpperCase()}`, list: values });
    }
    return c;
  }

  // ----- drawing --------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    children.flat().forEach((c) => c && node.append(c));
    return node;
  }
  function button(label, handler, cls, extra) {
    return el("button", Object.assign({ type: "button", class: cls || "", text: label, onclick: handler }, extra || {}));
  }
  function labelled(id, label, control, hidden) {
    return el("span", { class: "field" }, el("label", { for: id, class: hidden ? "visually-hidden" : "", text: label }), control);
  }
  function select(id, options, value, onchange, extra) {
    const s = el("select", Object.assign({ id }, extra || {}));
    options.forEach(([v, label, groupLabel]) => {
      let parent = s;
      if (groupLabel) {
        parent = [...s.querySelectorAll("optgroup")].find((g) => g.label === groupLabel);
        if (!parent) { parent = el("optgroup", { label: groupLabel }); s.append(parent); }
      }
      const option = el("option", { value: v, text: label });
      if (Array.isArray(value) ? value.includes(v) : v === value) option.selected = true;
      parent.append(option);
    });
    s.addEventListener("change", onchange);
    return s;
  }
  const enumLabel = (item) => item[lang] || item.en || item.value;
  const opLabel = (op) => t("op." + op);

  function changed(structural) {
    if (structural) draw();
    schedule();
  }

  function valueInput(cond, parent, which, field) {
    const id = `n${cond.id}-${which}`;
    const kind = kindOf(field);
    const label = which === "b" ? t("and_value") : t("value");
    const set = (v) => { cond[which] = v; changed(false); };
    if (field.values && field.values.length && !cond.part) {
      const options = [["", t("choose")], ...known(field, [cond[which]])];
      return labelled(id, label, select(id, options, cond[which], (e) => set(e.target.value)), true);
    }
    if (kind === "boolean") {
      return labelled(id, label, select(id, [["", t("choose")], ["true", t("yes")], ["false", t("no")]], cond[which], (e) => set(e.target.value)), true);
    }
    if (isDate(kind) && !cond.part) {
      if (cond.mode === "day") {
        return labelled(id, label, select(id, [["", t("choose")], ["today", t("day.today")], ["yesterday", t("day.yesterday")]], cond[which], (e) => set(e.target.value)), true);
      }
      if (cond.mode === "date") {
        const input = el("input", {
          id, value: cond[which], dir: "ltr", autocomplete: "off", inputmode: "numeric",
          placeholder: jalali ? "1403/01/01" : "YYYY-MM-DD",
          type: jalali ? "text" : "date", "data-jdp": jalali ? true : null,
        });
        ["input", "change"].forEach((ev) => input.addEventListener(ev, () => set(input.value)));
        return labelled(id, label, input, true);
      }
      const input = el("input", { id, value: cond[which], type: "text", inputmode: "numeric", class: "short", dir: "ltr" });
      input.addEventListener("input", () => set(input.value));
      return labelled(id, label, input, true);
    }
    const numeric = kind === "number" || kind === "aggregate";
    const input = el("input", { id, value: cond[which], type: "text", inputmode: numeric ? "decimal" : null, class: numeric ? "short" : "", dir: "auto" });
    input.addEventListener("input", () => set(input.value));
    return labelled(id, label, input, true);
  }

  // A field's known values as options, plus any value the rule holds that is not among them
  // (so a rule read from text never loses a value when the tree is drawn).
  function known(field, held) {
    const options = field.values.map((v) => [v.value, enumLabel(v)]);
    const keys = new Set(field.values.map((v) => v.value));
    held.filter((v) => v && !keys.has(v)).forEach((v) => options.push([v, v]));
    return options;
  }

  function listInput(cond, field) {
    const id = `n${cond.id}-list`;
    const set = (values) => { cond.list = values; changed(false); };
    if (field.values && field.values.length) {
      const options = known(field, cond.list);
      const s = select(id, options, cond.list, (e) => set([...e.target.selectedOptions].map((o) => o.value)), { multiple: true, size: Math.min(6, options.length) });
      return labelled(id, t("values"), s, true);
    }
    const input = el("input", { id, value: cond.list.join(", "), type: "text", dir: "auto", placeholder: t("comma_separated") });
    input.addEventListener("input", () => set(input.value.split(/[,،]/).map((v) => v.trim()).filter(Boolean)));
    return labelled(id, t("values"), input, true);
  }

  function condControls(cond, parent) {
    const fields = fieldsFor(cond, parent);
    const behaviourOf = parent && parent.type === "behaviour";
    const options = [["", t("choose_field")], ...fields.map((f) => [f.name, f.label || f.name,
      behaviourOf ? (f.kind === "aggregate" ? t("aggregates") : t("row_fields")) : (f.kind === "custom" ? t("custom_fields") : t("profile_fields"))])];
    const parts = [labelled(`n${cond.id}-field`, t("field"), select(`n${cond.id}-field`, options, cond.field, (e) => {
      cond.field = e.target.value;
      const f = fieldOf(cond, parent);
      cond.op = f ? f.operators[0] : "";
      cond.a = ""; cond.b = ""; cond.list = []; cond.part = null;
      cond.mode = "relative";
      changed(true);
    }), true)];
    const field = fieldOf(cond, parent);
    if (cond.part) parts.push(el("span", { class: "badge", text: cond.part }));
    if (field) {
      parts.push(labelled(`n${cond.id}-op`, t("operator"), select(`n${cond.id}-op`, field.operators.map((o) => [o, opLabel(o)]), cond.op, (e) => {
        cond.op = e.target.value;
        changed(true);
      }), true));
      const op = cond.op;
      if (isDate(kindOf(field)) && !cond.part && !op.endsWith("NULL") && !op.endsWith("IN")) {
        parts.push(labelled(`n${cond.id}-mode`, t("date_kind"), select(`n${cond.id}-mode`, [
          ["relative", t("date.relative")], ["date", t("date.absolute")], ["day", t("date.day")],
        ], cond.mode, (e) => { cond.mode = e.target.value; cond.a = ""; cond.b = ""; changed(true); }), true));
      }
      if (ORDERED.includes(op) || op.includes("BETWEEN") || op === "CONTAINS" || op === "NOT CONTAINS") {
        parts.push(valueInput(cond, parent, "a", op.includes("CONTAINS") ? Object.assign({}, field, { kind: "text" }) : field));
        if (op.includes("BETWEEN")) {
          parts.push(el("span", { class: "muted", text: t("and_word") }));
          parts.push(valueInput(cond, parent, "b", field));
        }
        if (isDate(kindOf(field)) && cond.mode === "relative" && !cond.part) {
          parts.push(labelled(`n${cond.id}-unit`, t("unit"), select(`n${cond.id}-unit`, [
            ["d", t("unit.d")], ["w", t("unit.w")], ["m", t("unit.m")], ["y", t("unit.y")],
          ], cond.unit, (e) => { cond.unit = e.target.value; changed(false); }), true));
          parts.push(el("span", { class: "muted", text: t("ago") }));
        }
      } else if (LISTS.includes(op)) {
        parts.push(listInput(cond, field));
      }
    }
    return parts;
  }

  function notToggle(node) {
    return el("label", { class: "not-toggle", for: `n${node.id}-not` },
      el("input", { type: "checkbox", id: `n${node.id}-not`, checked: node.not, onchange: (e) => { node.not = e.target.checked; changed(true); } }),
      " " + t("not"));
  }

  function remover(node, parent) {
    if (!parent) return null;
    return button(t("remove"), () => {
      const list = parent.type === "behaviour" ? parent.conds : parent.items;
      list.splice(list.indexOf(node), 1);
      changed(true);
    }, "link remove", { "aria-label": t("remove") });
  }

  function counts(node) {
    return el("span", { class: "counts", id: `count-${node.id}`, "aria-live": "polite" });
  }

  function drawNode(node, parent) {
    if (node.type === "group") return drawGroup(node, parent);
    const row = el("div", { class: `node node-${node.type}${node.not ? " negated" : ""}`, "data-node": node.id });
    const line = el("div", { class: "node-line" });
    line.append(notToggle(node));
    if (node.type === "cond") line.append(...condControls(node, parent));
    if (node.type === "segment") {
      const names = (data.catalogue.segments || []).map((n) => [n, n]);
      line.append(el("span", { class: "muted", text: t("in_segment") }));
      line.append(labelled(`n${node.id}-segment`, t("segment"), select(`n${node.id}-segment`, [["", t("choose")], ...names], node.name, (e) => { node.name = e.target.value; changed(false); }), true));
    }
    if (node.type === "behaviour") line.append(...behaviourHead(node));
    line.append(counts(node), remover(node, parent));
    row.append(line);
    if (node.type === "behaviour" && node.collection) {
      const inner = el("div", { class: "behaviour-conds" });
      node.conds.forEach((c) => {
        inner.append(el("div", { class: "node node-cond", "data-node": c.id },
          el("div", { class: "node-line" }, ...condControls(c, node), remover(c, node))));
      });
      inner.append(button(t("add_behaviour_condition"), () => { node.conds.push(condition()); changed(true); }, "small", { id: `n${node.id}-add` }));
      row.append(inner);
    }
    return row;
  }

  function behaviourHead(node) {
    const options = [["", t("choose")], ...data.catalogue.collections.map((c) => [c.name, c.label || c.name])];
    return [
      labelled(`n${node.id}-collection`, t("behaviour"), select(`n${node.id}-collection`, options, node.collection, (e) => {
        node.collection = e.target.value;
        node.conds = [];
        if (node.collection) {
          const date = Object.assign(condition(), { field: "date", op: ">=", a: "365", mode: "relative" });
          const count = Object.assign(condition(), { field: "count", op: ">=", a: "1" });
          node.conds = [date, count];
        }
        changed(true);
      }), true),
      labelled(`n${node.id}-negated`, t("behaviour_match"), select(`n${node.id}-negated`, [["false", t("some_match")], ["true", t("none_match")]], String(node.negated), (e) => {
        node.negated = e.target.value === "true"; changed(false);
      }), true),
    ];
  }

  function drawGroup(node, parent) {
    const box = el("fieldset", { class: `group group-${node.op}${node.not ? " negated" : ""}`, "data-node": node.id });
    const legend = el("legend", {},
      labelled(`n${node.id}-combine`, t("combine"), select(`n${node.id}-combine`, [["and", t("match_and")], ["or", t("match_or")]], node.op, (e) => { node.op = e.target.value; changed(true); }), true));
    box.append(legend);
    const head = el("div", { class: "node-line group-head" }, notToggle(node), counts(node), remover(node, parent));
    box.append(head);
    const list = el("ol", { class: "items" });
    node.items.forEach((item) => list.append(el("li", { class: "item" }, el("span", { class: "joiner", "aria-hidden": "true", text: t("join_" + node.op) }), drawNode(item, node))));
    box.append(list);
    const add = (make) => () => { node.items.push(make()); changed(true); };
    box.append(el("div", { class: "adders" },
      button(t("add_condition"), add(condition), "small", { id: `n${node.id}-add-condition` }),
      button(t("add_group"), add(() => group(node.op === "and" ? "or" : "and", [condition()])), "small", { id: `n${node.id}-add-group` }),
      button(t("add_behaviour"), add(behaviour), "small", { id: `n${node.id}-add-behaviour` }),
      button(t("add_segment"), add(segmentRef), "small", { id: `n${node.id}-add-segment` })));
    return box;
  }

  function draw() {
    const focused = document.activeElement && document.activeElement.id;
    const root = $("builder-tree");
    root.replaceChildren(drawGroup(tree, null));
    if (focused && $(focused)) $(focused).focus();
    if (window.segmint) window.segmint.wire(root);
  }

  // ----- counts and text ------------------------------------------------------------------
  function schedule() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 250);
  }

  const n = (value) => window.segmint.num(value);
  function setCount(id, value) {
    const target = $(id);
    if (!target) return;
    target.dataset.count = value === null ? "" : String(value);
    target.textContent = value === null ? "-" : n(value);
  }
  function showNodeCounts(node, alone, cumulative, reach) {
    const target = $(`count-${node.id}`);
    if (!target) return;
    target.dataset.alone = String(alone);
    if (cumulative !== null) target.dataset.cumulative = String(cumulative);
    const parts = [`${t("alone")} ${n(alone)}`];
    if (cumulative !== null) parts.push(`${t("up_to_here")} ${n(cumulative)}`);
    if (reach) parts.push(`${t("sms")} ${n(reach.reachable_sms)}`, `${t("email")} ${n(reach.reachable_email)}`);
    target.textContent = parts.join(" · ");
  }
  function clearCounts() {
    document.querySelectorAll(".counts").forEach((c) => { c.textContent = ""; delete c.dataset.alone; delete c.dataset.cumulative; });
  }

  const encode = (text) => encodeURIComponent(text);
  const stripNot = (text) => (text.startsWith("NOT (") && text.endsWith(")") ? text.slice(5, -1) : text);

  // Counts of a group's children: alone and the group cut after each; then their children.
  async function groupCounts(node, text, mine) {
    const kids = node.emitted || [];
    if (kids.length < 2) {
      if (kids.length === 1 && !node.not) await nodeCounts(kids[0], text, null, mine);
      return;
    }
    const answer = await window.segmint.api(`/api/v1/segments/conditions?query=${encode(node.not ? stripNot(text) : text)}`);
    if (mine !== generation) return;
    await Promise.all(kids.map((kid, i) => {
      const c = answer.conditions[i];
      return c ? nodeCounts(kid, c.condition, c.cumulative, mine) : null;
    }));
  }
  async function nodeCounts(node, text, cumulative, mine) {
    const reach = await window.segmint.api(`/api/v1/segments/preview?query=${encode(text)}`);
    if (mine !== generation) return;
    showNodeCounts(node, reach.count, cumulative, reach);
    if (node.type === "group") await groupCounts(node, text, mine);
  }

  async function refresh(fromText) {
    const mine = ++generation;
    const json = emit(tree, null);
    const state = $("count-state");
    if (!json) {
      clearCounts();
      ["total-count", "reach-sms", "reach-email"].forEach((id) => setCount(id, null));
      if (!fromText) $("rule-text").value = "";
      state.textContent = t("empty_rule");
      return;
    }
    state.textContent = t("counting");
    try {
      const formatted = await window.segmint.api("/api/v1/segments/rule/format", { method: "POST", json: { tree: json } });
      if (mine !== generation) return;
      const text = formatted.query;
      if (!fromText) {
        $("rule-text").value = text;
        showError("");
      }
      const [reach, top] = await Promise.all([
        window.segmint.api(`/api/v1/segments/preview?query=${encode(text)}`),
        window.segmint.api(`/api/v1/segments/conditions?query=${encode(text)}`),
      ]);
      if (mine !== generation) return;
      setCount("total-count", reach.count);
      setCount("reach-sms", reach.reachable_sms);
      setCount("reach-email", reach.reachable_email);
      setCount("total-customers", top.customers);
      showNodeCounts(tree, reach.count, null, reach);
      await groupCounts(tree, text, mine);
      if (mine === generation) {
        state.textContent = "";
        $("builder-tree").dataset.counted = text;
      }
    } catch (error) {
      if (mine !== generation) return;
      state.textContent = "";
      showError(error.message);
    }
  }

  function showError(message) {
    const box = $("rule-error");
    box.textContent = message || "";
    $("rule-text").setAttribute("aria-invalid", message ? "true" : "false");
  }

  async function fromText() {
    const text = $("rule-text").value.trim();
    if (!text) {
      tree = group("and", [condition()]);
      draw();
      refresh(true);
      return;
    }
    const mine = ++generation;
    try {
      const parsed = await window.segmint.api("/api/v1/segments/rule/parse", { method: "POST", json: { query: text } });
      if (mine !== generation) return;
      showError("");
      const model = fromJson(parsed.tree);
      tree = model.type === "group" && !model.not ? model : group("and", [model]);
      draw();
      refresh(true);
    } catch (error) {
      if (mine !== generation) return;
      showError(error.message);
    }
  }

  async function save(event) {
    event.preventDefault();
    const form = event.target;
    const out = $("save-error");
    out.textContent = "";
    const query = $("rule-text").value.trim();
    if (!query) { out.textContent = t("empty_rule"); return; }
    const body = {
      name: form.elements.name.value.trim(),
      query,
      description_en: form.elements.description_en.value,
      description_fa: form.elements.description_fa.value,
      priority: Number(latin(form.elements.priority.value) || 0),
    };
    try {
      const saved = await window.segmint.api("/api/v1/segments", { method: "POST", json: body });
      window.location.assign("/segments/" + encodeURIComponent(saved.name).replace(/%3A/g, ":"));
    } catch (error) {
      out.textContent = error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    data = JSON.parse($("builder-data").textContent);
    texts = JSON.parse($("builder-texts").textContent);
    lang = document.documentElement.lang || "en";
    jalali = document.body.dataset.calendar === "jalali";
    tree = group("and", [condition()]);
    draw();
    const start = JSON.parse($("builder-start").textContent);
    if (start) {
      $("rule-text").value = start;
      fromText();
    }
    $("rule-text").addEventListener("input", () => {
      clearTimeout(parseTimer);
      parseTimer = setTimeout(fromText, 400);
    });
    $("template").addEventListener("change", (e) => {
      const found = data.templates.find((x) => x.key === e.target.value);
      $("template-description").textContent = found ? found.description : "";
    });
    $("template-use").addEventListener("click", () => {
      const found = data.templates.find((x) => x.key === $("template").value);
      if (!found) return;
      $("rule-text").value = found.example;
      fromText();
    });
    const form = $("save-form");
    if (form) form.addEventListener("submit", save);
  });
})();
