/* coachguide: the fillable layer. Checklists, prep sheets and the outreach composer keep the reader's
   work in this browser's localStorage; nothing is sent anywhere. Reader text only ever goes through
   textContent or .value, never HTML. Pages read and print without this script. */
(() => {
  "use strict";

  const VERSION = 1;
  const ID = "[a-z0-9-]+";
  const HOUR = 3600e3;

  // ---- Storage: one key per value, "coachguide:GUIDE:" + a key made of ids (never positions). ----
  let ls, blocked = false;
  try {
    ls = window.localStorage; // throws where storage is blocked
    ls.setItem("coachguide:probe", "1");
    ls.removeItem("coachguide:probe");
  } catch (e) {
    // Keep it in memory: the page still works, it just forgets on reload.
    const mem = new Map();
    blocked = true;
    ls = { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => mem.set(k, v), removeItem: (k) => mem.delete(k),
      key: (i) => [...mem.keys()][i], get length() { return mem.size; } };
  }
  const raw = (k) => ls.getItem(k);
  const put = (k, v) => ls.setItem(k, v);
  const drop = (k) => ls.removeItem(k);
  const allKeys = () => Array.from({ length: ls.length }, (_, i) => ls.key(i));

  let G = null; // the guide of the current page, read from .cg-guide on every page
  const ownKeys = () => allKeys().filter((k) => k && k.startsWith(G.prefix));
  const backupKey = () => "coachguide-backup:" + G.id;

  // What each key may hold; anything else is corrupt or from another version, and is set aside.
  const str = (v) => typeof v === "string";
  const mark = (v) => v === "done" || v === "na";
  const RULES = [
    [new RegExp(`^check:${ID}:${ID}$`), mark],
    [new RegExp(`^sheet:${ID}:check:${ID}:${ID}$`), mark],
    [new RegExp(`^sheet:${ID}:field:${ID}:${ID}$`), str],
    [new RegExp(`^sheet:${ID}:questions$`), (v) => Array.isArray(v) && v.every((q) => q && str(q.id) && str(q.text))],
    [
      /^sheets$/,
      (v) =>
        v && str(v.current) && Array.isArray(v.list) && v.list.length > 0 &&
        v.list.every((s) => s && str(s.id) && new RegExp(`^${ID}$`).test(s.id) && str(s.name)),
    ],
    [/^ph:[a-z][a-z0-9_]*$/, str],
  ];
  const valid = (rel, v) => RULES.some(([re, ok]) => re.test(rel) && !!ok(v));

  function get(rel, fallback) {
    const text = raw(G.prefix + rel);
    if (text === null) return fallback;
    try {
      const v = JSON.parse(text);
      if (valid(rel, v)) return v;
    } catch (e) {
      // not JSON: set aside below
    }
    setAside([G.prefix + rel]);
    return fallback;
  }

  function set(rel, v) {
    try {
      if (v === null || v === "" || (Array.isArray(v) && !v.length)) drop(G.prefix + rel);
      else {
        put(G.prefix + "version", String(VERSION));
        put(G.prefix + rel, JSON.stringify(v));
      }
    } catch (e) {
      notice("This browser did not save your last change (its storage may be full). Export your data from the home page to keep a copy.");
    }
  }

  // Unreadable data is moved under one backup key, never deleted, and the reader is told.
  function setAside(keys) {
    let backup = {};
    const old = raw(backupKey());
    try {
      backup = old === null ? {} : JSON.parse(old);
    } catch (e) {
      backup = { "earlier backup": old };
    }
    if (!backup || typeof backup !== "object" || Array.isArray(backup)) backup = { "earlier backup": old };
    for (const k of keys) {
      let name = k;
      while (name in backup) name += "~";
      backup[name] = raw(k);
    }
    try {
      put(backupKey(), JSON.stringify(backup));
      keys.forEach(drop);
    } catch (e) {
      // no room for the backup: leave the data where it is; every read falls back anyway
    }
    notice(
      "Some data saved in this browser could not be read (it may be damaged or from another version of this guide). " +
        "It was set aside, not deleted: the export on the home page includes it."
    );
  }

  function checkVersion() {
    const keys = ownKeys();
    if (keys.length && raw(G.prefix + "version") !== String(VERSION)) setAside(keys);
  }

  // ---- DOM helpers: text only, attributes by name. ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children); // strings become text nodes
    return node;
  }
  const btn = (text, action, attrs) => el("button", { type: "button", class: "cg-btn", "data-cg": action, ...attrs }, text);
  const status = (cls) => el("p", { class: "cg-status " + (cls || ""), role: "status" });
  const say = (node, text) => node && (node.textContent = text);
  const near = (node) => node.closest(".cg-controls").querySelector(".cg-status"); // the status line of a control group
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const meter = () => el("span", { class: "cg-meter", "aria-hidden": "true" }, el("span"));
  const count = (done, of, na) =>
    (of === 0 && na ? "Nothing left to do" : `${done} of ${of} done`) + (na ? ` (${na} not applicable)` : "");
  function setMeter(box, done, of, na) {
    say(box.querySelector(".cg-count"), count(done, of, na));
    box.querySelector(".cg-meter > span").style.width = (of ? (100 * done) / of : na ? 100 : 0) + "%";
    box.classList.toggle("cg-complete", done === of && (of > 0 || na > 0));
  }
  const enhanced = new WeakSet(); // each element is enhanced once, however often init runs
  const once = (node) => !enhanced.has(node) && enhanced.add(node);
  function reveal(box, ...children) {
    box.append(...children);
    box.classList.add("cg-controls"); // print hides what only works on screen
    box.hidden = false;
  }

  function notice(text) {
    const host = document.querySelector("article") || document.body;
    if ($$(".cg-notice p", host).some((p) => p.textContent === text)) return;
    host.prepend(el("div", { class: "cg-notice cg-controls", role: "alert" }, el("p", {}, text), btn("Dismiss", "dismiss")));
  }

  // ---- Prep sheets: several named instances (one per person); one is current. ----
  function sheets() {
    const s = get("sheets", null) || { current: "p1", list: [{ id: "p1", name: "Prep sheet 1" }] };
    if (!s.list.some((x) => x.id === s.current)) s.current = s.list[0].id;
    return s;
  }
  const currentSheet = () => {
    const s = sheets();
    return s.list.find((x) => x.id === s.current);
  };
  const sheetName = (s) => s.name.trim() || "Untitled sheet";
  // Checklists on a prep sheet belong to the current sheet; on step pages to the guide.
  const scope = (node) => (node.closest(".cg-sheet") ? `sheet:${sheets().current}:` : "");
  const checkKey = (li) => {
    const list = li.closest(".cg-checklist");
    return `${scope(list)}check:${list.dataset.checklist}:${li.dataset.item}`;
  };
  const questionsKey = () => `sheet:${sheets().current}:questions`;

  // ---- Enhancement: add the controls once per element. ----
  function enhance() {
    for (const list of $$(".cg-checklist")) {
      if (!once(list)) continue;
      list.prepend(
        el("div", { class: "cg-checklist-bar cg-controls" }, el("span", { class: "cg-count" }), meter(),
          btn("Reset this checklist", "reset"))
      );
      for (const li of $$("li.cg-check[data-item]", list)) {
        const label = li.querySelector("label");
        const na = btn("N/A", "na", { class: "cg-btn cg-na-toggle", "aria-pressed": "false", "aria-label": "N/A (not applicable)" });
        if (label) {
          label.id = label.id || label.htmlFor + "-label";
          na.setAttribute("aria-describedby", label.id); // which item, when reached on its own
        }
        li.append(" ", na);
      }
    }
    for (const box of $$(".cg-progress[data-progress]")) {
      if (!once(box)) continue;
      reveal(box, el("span", { class: "cg-label" }, "Your progress on this step: "), el("span", { class: "cg-count" }), meter());
    }
    for (const box of $$(".cg-overall[data-steps]")) {
      if (!once(box)) continue;
      let steps = [];
      try {
        steps = JSON.parse(box.dataset.steps);
      } catch (e) {
        continue;
      }
      const rows = steps.map((s) =>
        el("li", { "data-step": s.id }, el("span", { class: "cg-label" }, s.title), " ", el("span", { class: "cg-count" }), meter())
      );
      reveal(box, el("p", {}, el("strong", {}, "Your progress: "), el("span", { class: "cg-count" }), meter()),
        el("ul", { class: "cg-steps" }, ...rows));
    }
    const qsheet = document.querySelector(".cg-guide").dataset.questionSheet;
    for (const b of $$("button.cg-add[data-add-question]")) {
      if (!qsheet || !once(b)) continue;
      // Many buttons share one label; a hidden description says which question each adds.
      const about = el("span", { id: "cg-q-" + b.dataset.addQuestion, hidden: "" }, b.dataset.text);
      b.setAttribute("aria-describedby", about.id);
      b.dataset.cg = "add";
      b.classList.add("cg-controls");
      b.after(" ", el("span", { class: "cg-added", role: "status" }), about);
      b.hidden = false;
    }
    $$(".cg-addhint").forEach((p) => (p.hidden = !qsheet));
    for (const bar of $$(".cg-sheet-bar[data-sheet-bar]")) {
      if (!once(bar)) continue;
      const id = bar.dataset.sheetBar;
      reveal(bar,
        el("p", { class: "cg-sheet-pick" },
          el("label", { for: `cg-sheet-select-${id}` }, "Prep sheet for"), " ",
          el("select", { id: `cg-sheet-select-${id}`, class: "cg-sheet-select" }), " ",
          btn("New sheet", "sheet-new"), " ", btn("Delete this sheet", "sheet-delete")),
        el("p", { class: "cg-sheet-rename" },
          el("label", { for: `cg-sheet-name-${id}` }, "Name of this sheet"), " ",
          el("input", { id: `cg-sheet-name-${id}`, class: "cg-sheet-name", type: "text", autocomplete: "off" })),
        el("p", { class: "cg-help" }, "Keep one sheet for each person you talk to. Questions you add from the banks go to the sheet chosen here."),
        status());
    }
    for (const sheet of $$(".cg-sheet")) {
      const when = sheet.querySelector("input[type=datetime-local]");
      if (!when || !once(sheet)) continue;
      const h = G.hours, d = G.days;
      (when.closest(".cg-field") || when).after(
        el("div", { class: "cg-reminders cg-controls" },
          btn("Download follow-up reminders (.ics)", "ics", { class: "md-button" }),
          el("p", { class: "cg-help" }, `Two calendar reminders: your thank-you is due ${h} hours after the conversation, and a check-in ${d} days after it.`),
          status())
      );
    }
    for (const c of $$(".cg-composer")) {
      if (!once(c)) continue;
      let data;
      try {
        data = JSON.parse(c.querySelector("script.cg-template-data").textContent);
      } catch (e) {
        continue; // the preview stays as printed
      }
      composers.set(c, data);
      const fields = Object.entries(data.placeholders).map(([name, ph]) => {
        const id = `cg-ph-${data.id}-${name}`;
        return el("p", { class: "cg-field" }, el("label", { for: id }, ph.label),
          el("input", { id, type: "text", "data-cg-ph": name, placeholder: "e.g. " + ph.example, autocomplete: "off" }));
      });
      c.prepend(
        el("fieldset", { class: "cg-compose-form cg-controls" },
          el("legend", {}, "Fill in the blanks (saved in this browser and reused in every template)"), ...fields)
      );
      const tools = el("div", { class: "cg-compose-tools cg-controls" },
        el("p", { class: "cg-count" }), el("p", { class: "cg-warn", role: "status" }),
        btn("Copy message", "copy", { class: "md-button" }));
      if (data.subject != null) {
        tools.append(" ", btn("Copy subject", "copy-subject", { class: "md-button" }), " ",
          el("a", { class: "md-button cg-mailto", href: "mailto:" }, "Open in mail app"));
      }
      tools.append(status());
      c.append(tools);
    }
    for (const box of $$(".cg-data-tools")) {
      if (!once(box)) continue;
      reveal(box,
        el("p", {},
          btn("Export my data", "export", { class: "md-button" }), " ",
          btn("Import from a file", "import", { class: "md-button" }), " ",
          btn("Clear everything", "clear", { class: "md-button" }),
          el("input", { type: "file", accept: ".json,application/json", class: "cg-import-file", hidden: "", "aria-label": "Import from a file" })),
        status());
    }
  }
  const composers = new WeakMap(); // composer -> its template data
  const drafts = new WeakMap(); // composer -> the message as shown

  // ---- Rendering: the page shows what is stored; run after every change. ----
  function render() {
    const totals = {};
    for (const list of $$(".cg-checklist")) {
      let done = 0, na = 0, all = 0;
      for (const li of $$("li.cg-check[data-item]", list)) {
        const v = get(checkKey(li), null);
        const box = li.querySelector("input[type=checkbox]");
        all++;
        done += v === "done";
        na += v === "na";
        if (box) {
          box.checked = v === "done";
          box.disabled = v === "na";
        }
        li.querySelector(".cg-na-toggle").setAttribute("aria-pressed", String(v === "na"));
        li.classList.toggle("cg-done", v === "done");
        li.classList.toggle("cg-na", v === "na");
      }
      setMeter(list.querySelector(".cg-checklist-bar"), done, all - na, na);
      if (!list.closest(".cg-sheet")) totals[list.dataset.checklist] = [done, all - na, na];
    }
    for (const box of $$(".cg-progress[data-progress]")) {
      const t = totals[box.dataset.progress];
      if (t) setMeter(box, ...t);
    }
    for (const box of $$(".cg-overall[data-steps]")) {
      const steps = JSON.parse(box.dataset.steps); // valid: enhance() parsed it
      let sum = [0, 0, 0];
      for (const li of $$("li[data-step]", box)) {
        const step = steps.find((s) => s.id === li.dataset.step);
        const t = [0, 0, 0];
        for (const item of step.items) {
          const v = get(`check:${step.id}:${item}`, null);
          t[0] += v === "done";
          t[1] += v !== "na";
          t[2] += v === "na";
        }
        setMeter(li, ...t);
        sum = sum.map((n, i) => n + t[i]);
      }
      setMeter(box.querySelector("p"), ...sum);
    }
    renderSheets();
    $$(".cg-composer").forEach(renderComposer);
  }

  function renderSheets() {
    const all = sheets(), cur = currentSheet();
    for (const sel of $$(".cg-sheet-select")) {
      sel.replaceChildren(...all.list.map((s) => el("option", { value: s.id }, sheetName(s))));
      sel.value = all.current;
    }
    for (const input of $$(".cg-sheet-name")) if (document.activeElement !== input) input.value = cur.name;
    for (const sheet of $$(".cg-sheet[data-sheet]")) {
      for (const f of $$("input[data-field], textarea[data-field]", sheet)) {
        const v = get(`sheet:${all.current}:field:${sheet.dataset.sheet}:${f.dataset.field}`, "");
        if (f.value !== v) f.value = v;
        f.classList.toggle("cg-filled", v !== ""); // print shows filled fields as values, empty ones as lines
      }
    }
    const qs = get(questionsKey(), []);
    // The chosen questions fill the page's first list of lines; any other list stays blank for paper.
    const ol = document.querySelector("ol.cg-slots");
    if (ol) {
      const slots = Math.max(+ol.dataset.slots || 0, qs.length);
      const items = [];
      for (let i = 0; i < slots; i++) {
        const q = qs[i];
        if (!q) {
          items.push(el("li", { class: "cg-slot" }, el("span", { class: "cg-line" })));
          continue;
        }
        const id = `cg-slot-${i}`;
        const up = btn("↑", "up", { "aria-label": "Move up", "aria-describedby": id, title: "Move up" });
        const down = btn("↓", "down", { "aria-label": "Move down", "aria-describedby": id, title: "Move down" });
        up.disabled = i === 0;
        down.disabled = i === qs.length - 1;
        items.push(
          el("li", { class: "cg-slot cg-slot-filled", "data-index": i },
            el("span", { class: "cg-slot-row" },
              el("span", { class: "cg-qtext", id }, q.text), " ",
              el("span", { class: "cg-slot-tools cg-controls" }, up, " ", down, " ", btn("Remove", "remove", { "aria-describedby": id }))))
        );
      }
      ol.replaceChildren(...items);
      ol.setAttribute("tabindex", "-1"); // focus lands here when the last question is removed
    }
    for (const b of $$("button.cg-add[data-cg=add]")) {
      const on = qs.some((q) => q.id === b.dataset.addQuestion);
      b.textContent = on ? "Remove from my prep sheet" : "Add to my prep sheet";
      b.classList.toggle("cg-on", on);
      say(b.parentNode.querySelector(".cg-added"), on ? `On “${sheetName(cur)}”` : "");
    }
  }

  function renderComposer(c) {
    const data = composers.get(c);
    if (!data) return;
    const values = {};
    for (const name of Object.keys(data.placeholders)) values[name] = get("ph:" + name, "");
    for (const input of $$("[data-cg-ph]", c)) {
      if (document.activeElement !== input && input.value !== values[input.dataset.cgPh]) input.value = values[input.dataset.cgPh];
    }
    for (const span of $$(".cg-ph[data-ph]", c)) {
      const v = values[span.dataset.ph];
      span.textContent = v || `{${span.dataset.ph}}`;
      span.classList.toggle("cg-filled", !!v);
    }
    const { subject, body } = message(data, values);
    drafts.set(c, { subject, body });
    const chars = Array.from(body).length; // code points, as the generator's own check counts
    const words = body.split(/\s+/).filter(Boolean).length;
    const maxChars = +c.dataset.maxChars, maxWords = +c.dataset.maxWords, maxSubject = +c.dataset.subjectMaxChars;
    const parts = [`Message: ${chars}${maxChars ? " of " + maxChars : ""} characters, ${words}${maxWords ? " of " + maxWords : ""} words`];
    const over = [];
    if (maxChars && chars > maxChars) over.push(`The message is over the ${maxChars}-character limit.`);
    if (maxWords && words > maxWords) over.push(`Keep the message to ${maxWords} words or fewer.`);
    if (subject !== null) {
      const n = Array.from(subject).length;
      parts.push(`subject: ${n}${maxSubject ? " of " + maxSubject : ""} characters`);
      if (maxSubject && n > maxSubject) over.push(`Keep the subject to ${maxSubject} characters or fewer.`);
    }
    const blanks = Object.entries(data.placeholders).filter(([n]) => !values[n]).map(([, ph]) => ph.label);
    say(c.querySelector(".cg-compose-tools .cg-count"), parts.join("; ") + "." + (blanks.length ? ` Still to fill in: ${blanks.join(", ")}.` : ""));
    const warn = c.querySelector(".cg-warn");
    say(warn, over.length ? "Too long: " + over.join(" ") : "");
    c.classList.toggle("cg-over", over.length > 0);
    const mail = c.querySelector(".cg-mailto");
    // RFC 6068: percent-encoded UTF-8, line breaks as CRLF.
    if (mail) mail.href = `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.replace(/\r?\n/g, "\r\n"))}`;
  }

  function message(data, values) {
    const fill = (text) => text.replace(/\{([^{}]*)\}/g, (m, name) => values[name] || m);
    return { subject: data.subject == null ? null : fill(data.subject), body: fill(data.body).replace(/\s+$/, "") };
  }

  // ---- Actions: one listener per event type on the document, bound once, survive instant navigation. ----
  function move(b, delta) {
    const i = +b.closest("li").dataset.index, qs = get(questionsKey(), []), j = i + delta;
    if (j < 0 || j >= qs.length) return;
    [qs[i], qs[j]] = [qs[j], qs[i]];
    set(questionsKey(), qs);
    render();
    const at = (k, act) => document.querySelector(`li[data-index="${k}"] [data-cg=${act}]`);
    const same = at(j, b.dataset.cg);
    (same && !same.disabled ? same : at(j, delta < 0 ? "down" : "up")).focus(); // keep the keyboard on the moved question
  }

  const actions = {
    na(b) {
      const key = checkKey(b.closest("li"));
      set(key, get(key, null) === "na" ? null : "na");
      render();
    },
    reset(b) {
      if (!confirm("Clear every tick and “not applicable” mark in this checklist?")) return;
      $$("li.cg-check[data-item]", b.closest(".cg-checklist")).forEach((li) => set(checkKey(li), null));
      render();
    },
    add(b) {
      const qs = get(questionsKey(), []), id = b.dataset.addQuestion;
      const on = qs.some((q) => q.id === id);
      set(questionsKey(), on ? qs.filter((q) => q.id !== id) : [...qs, { id, text: b.dataset.text }]);
      render();
    },
    up: (b) => move(b, -1),
    down: (b) => move(b, 1),
    remove(b) {
      const i = +b.closest("li").dataset.index, qs = get(questionsKey(), []);
      qs.splice(i, 1);
      set(questionsKey(), qs);
      render();
      const next = $$("li[data-index] [data-cg=remove]");
      (next[Math.min(i, next.length - 1)] || document.querySelector("ol.cg-slots")).focus();
    },
    "sheet-new"(b) {
      const all = sheets();
      let n = all.list.length + 1;
      while (all.list.some((s) => s.name === `Prep sheet ${n}`)) n++;
      const id = "p" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
      all.list.push({ id, name: `Prep sheet ${n}` });
      all.current = id;
      set("sheets", all);
      render();
      const name = b.closest(".cg-sheet-bar").querySelector(".cg-sheet-name");
      name.value = `Prep sheet ${n}`;
      name.focus();
      name.select(); // ready to type the person's name
      say(near(b), `New sheet “Prep sheet ${n}” created. Give it a name.`);
    },
    "sheet-delete"(b) {
      const all = sheets(), cur = currentSheet();
      if (!confirm(`Delete the prep sheet “${sheetName(cur)}” and everything on it?`)) return;
      ownKeys().filter((k) => k.startsWith(`${G.prefix}sheet:${cur.id}:`)).forEach(drop);
      all.list = all.list.filter((s) => s.id !== cur.id);
      set("sheets", all.list.length ? { current: all.list[0].id, list: all.list } : null);
      render();
      say(near(b), `Deleted “${sheetName(cur)}”. Now showing “${sheetName(currentSheet())}”.`);
    },
    copy: (b) => copy(b, drafts.get(b.closest(".cg-composer")).body),
    "copy-subject": (b) => copy(b, drafts.get(b.closest(".cg-composer")).subject),
    ics(b) {
      const sheet = b.closest(".cg-sheet"), when = sheet.querySelector("input[type=datetime-local]");
      const out = near(b);
      const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(when.value);
      if (!m) {
        say(out, "Enter the date and time of the conversation first.");
        when.focus();
        return;
      }
      const start = new Date(+m[1], m[2] - 1, +m[3], +m[4], +m[5]); // the reader's local time
      const name = sheetName(currentSheet());
      download(`follow-up-${slug(name) || "reminders"}.ics`, "text/calendar", ics(start, name, currentSheet().id));
      say(out, `Reminders for “${name}” downloaded: open the file to add them to your calendar.`);
    },
    export(b) {
      const data = {};
      for (const k of ownKeys()) {
        const rel = k.slice(G.prefix.length);
        if (rel !== "version") {
          const v = get(rel, null);
          if (v !== null) data[rel] = v;
        }
      }
      const file = { format: "coachguide", guide: G.id, version: VERSION, exported: new Date().toISOString(), data };
      const backup = readBackup();
      if (Object.keys(backup).length) file.setAside = backup;
      download(`${G.id}-my-data-${file.exported.slice(0, 10)}.json`, "application/json", JSON.stringify(file, null, 2) + "\n");
      say(near(b), `Exported ${Object.keys(data).length} saved entries.`);
    },
    import: (b) => b.closest(".cg-data-tools").querySelector(".cg-import-file").click(),
    clear(b) {
      if (!confirm("Delete all your ticks, prep sheets and message drafts from this browser? Export them first to keep a copy.")) return;
      ownKeys().forEach(drop);
      drop(backupKey());
      render();
      say(near(b), "Everything was cleared from this browser.");
    },
    dismiss: (b) => b.closest(".cg-notice").remove(),
  };

  function readBackup() {
    try {
      const b = JSON.parse(raw(backupKey()));
      return b && typeof b === "object" ? b : {};
    } catch (e) {
      return { "earlier backup": raw(backupKey()) };
    }
  }

  async function copy(b, text) {
    const out = near(b);
    try {
      await navigator.clipboard.writeText(text);
      say(out, "Copied to the clipboard.");
    } catch (e) {
      // No async clipboard (plain http, older browsers): copy from a hidden textarea instead.
      const area = el("textarea", { class: "cg-vh", readonly: "" });
      area.value = text;
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      b.focus();
      say(out, ok ? "Copied to the clipboard." : "Could not copy: select the message and copy it yourself.");
    }
  }

  function download(name, type, text) {
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name, hidden: "" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10e3);
  }

  // A file name from the sheet's name: accents dropped (NFKD, then no combining marks), ASCII only.
  const slug = (s) =>
    s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40).replace(/^-+|-+$/g, "");

  // ---- iCalendar (RFC 5545): CRLF lines, escaped TEXT, folded at 75 octets, times in UTC. ----
  const utc = (d) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const esc = (s) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  function fold(line) {
    let out = "", octets = 0;
    for (const ch of line) {
      const cp = ch.codePointAt(0), n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + n > 75) {
        out += "\r\n ";
        octets = 1; // the leading space of a continuation line counts
      }
      out += ch;
      octets += n;
    }
    return out;
  }

  function ics(start, name, sheetId) {
    const thanks = new Date(start.getTime() + G.hours * HOUR);
    const checkIn = new Date(start);
    checkIn.setDate(checkIn.getDate() + G.days); // calendar days: same local time across a DST change
    const on = start.toLocaleString([], { dateStyle: "full", timeStyle: "short" });
    const event = (kind, when, summary, description) => [
      "BEGIN:VEVENT",
      // Stable per sheet and date: importing again updates the reminders instead of doubling them.
      `UID:${G.id}-${sheetId}-${kind}-${utc(start)}@coachguide`,
      "DTSTAMP:" + utc(new Date()),
      "DTSTART:" + utc(when),
      "DURATION:PT15M",
      "TRANSP:TRANSPARENT",
      "SUMMARY:" + esc(summary),
      "DESCRIPTION:" + esc(description),
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "DESCRIPTION:" + esc(summary),
      "TRIGGER:PT0S",
      "END:VALARM",
      "END:VEVENT",
    ];
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:-//coachguide//${G.id}//EN`,
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      ...event("thank-you", thanks, `Thank-you due: ${name}`, `Send your thank-you if you have not yet (conversation: ${on}).`),
      ...event("check-in", checkIn, `Check in: ${name}`, `${G.days} days since your conversation on ${on}: say what you did with their advice.`),
      "END:VCALENDAR",
    ];
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // ---- Import: the whole file is checked before anything is replaced. ----
  function importFile(input) {
    const file = input.files && input.files[0];
    const out = near(input);
    if (!file) return;
    file.text().then((text) => {
      input.value = ""; // the same file can be picked again
      let f = null;
      try {
        f = JSON.parse(text);
      } catch (e) {
        // reported below
      }
      const problem =
        !f || f.format !== "coachguide" || !f.data || typeof f.data !== "object" ? "is not an export of this guide's data"
        : f.guide !== G.id ? `belongs to another guide (“${f.guide}”)`
        : f.version !== VERSION ? `is from another version of this guide (${f.version})` : "";
      if (problem) return say(out, `That file ${problem}. Nothing was changed.`);
      const entries = Object.entries(f.data).filter(([rel, v]) => valid(rel, v));
      const skipped = Object.keys(f.data).length - entries.length;
      if (ownKeys().length && !confirm("Replace the ticks, prep sheets and drafts in this browser with the ones in the file?")) return;
      ownKeys().forEach(drop);
      entries.forEach(([rel, v]) => set(rel, v));
      render();
      say(out, `Imported ${entries.length} saved entries` + (skipped ? `; ${skipped} unreadable ones were skipped.` : "."));
    }, () => say(out, "That file could not be read. Nothing was changed."));
  }

  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    document.addEventListener("click", (e) => {
      const b = G && e.target.closest("[data-cg]");
      if (b && actions[b.dataset.cg] && !b.disabled) actions[b.dataset.cg](b);
    });
    document.addEventListener("change", (e) => {
      const t = e.target;
      if (!G) return;
      if (t.matches(".cg-check input[type=checkbox]")) {
        set(checkKey(t.closest("li.cg-check")), t.checked ? "done" : null);
        render();
      } else if (t.matches(".cg-sheet-select")) {
        const all = sheets();
        all.current = t.value;
        set("sheets", all);
        render();
      } else if (t.matches(".cg-import-file")) importFile(t);
    });
    // The question picker's "Add all shown" (coachguide-picker.js) sends the ids of the questions it shows.
    document.addEventListener("coachguide:add-questions", (e) => {
      const ids = G && e.detail && Array.isArray(e.detail.ids) ? e.detail.ids : [];
      const qs = get(questionsKey(), []);
      for (const id of ids.map(String)) {
        const b = document.querySelector(`button.cg-add[data-add-question="${CSS.escape(id)}"]`);
        if (b && !qs.some((q) => q.id === id)) qs.push({ id, text: b.dataset.text });
      }
      if (ids.length) {
        set(questionsKey(), qs);
        render();
      }
    });
    document.addEventListener("input", (e) => {
      const t = e.target;
      if (!G) return;
      const sheet = t.closest(".cg-sheet[data-sheet]");
      if (sheet && t.matches("input[data-field], textarea[data-field]")) {
        set(`sheet:${sheets().current}:field:${sheet.dataset.sheet}:${t.dataset.field}`, t.value);
        t.classList.toggle("cg-filled", t.value !== "");
      } else if (t.matches("[data-cg-ph]")) {
        set("ph:" + t.dataset.cgPh, t.value);
        $$(".cg-composer").forEach(renderComposer);
      } else if (t.matches(".cg-sheet-name")) {
        const all = sheets();
        all.list.find((s) => s.id === all.current).name = t.value;
        set("sheets", all);
        renderSheets();
      }
    });
  }

  function init() {
    const data = document.querySelector(".cg-guide[data-guide]");
    G = null;
    if (!data) return; // a page the guide did not generate
    G = {
      id: data.dataset.guide,
      prefix: `coachguide:${data.dataset.guide}:`,
      hours: +data.dataset.thankYouHours || 24,
      days: +data.dataset.checkInDays || 90,
    };
    listen();
    checkVersion();
    if (blocked) notice("This browser does not let the guide save anything: your ticks and notes last only until you leave the page.");
    enhance();
    render();
  }

  // Material's instant navigation swaps pages without a load: bind through document$. On file:// (and
  // without Material) document$ never emits, so also run on load; init is idempotent.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
