/* coachguide: the fillable layer. Checklists, prep sheets and the outreach composer keep the reader's
   work in this browser's localStorage; nothing is sent anywhere. Reader text only ever goes through
   textContent or .value, never HTML. Pages read and print without this script. The pure parts (stored
   values, import checks, messages, iCalendar) are `core`, from coachguide-core.js, served in front of this.

   What templates/ write for the scripts (the contract; change both sides together):
     .cg-guide[data-guide][data-thank-you-hours][data-check-in-days][data-meeting-minutes]
       [data-question-sheet]                                                                   every page
     .cg-checklist[data-checklist] > li.cg-check[data-item] with a checkbox and its label    step, prep sheet
     .cg-progress[data-progress] (a step id), .cg-overall[data-steps] (JSON), .cg-data-tools  step, home
     button.cg-add[data-add-question][aria-describedby]: the question's text, .cg-addhint      question lists
     .cg-sheet-bar[data-sheet-bar], .cg-sheet[data-sheet] with input/textarea[data-field], .cg-field,
       ol.cg-slots[data-slots] > li.cg-slot (blank: .cg-line and .cg-lines for the answer)   prep sheet
     .cg-composer[data-message] (JSON)[data-max-chars][data-max-words][data-subject-max-chars]
       with .cg-ph[data-ph] in its preview                                                    outreach
     .cg-picker[data-filters] (JSON); .cg-question[data-stages][data-phase][data-tiara]
       [data-priority][data-question] (a bank heading: its id is q-ID, its block .cg-qmeta)   coachguide-picker.js
     .cg-controls: works only on screen, so print hides it (coachguide-print.css)
   The controls themselves are in the page too (templates/_macros.md.j2: .cg-checklist-bar, .cg-na-toggle,
   .cg-sheet-bar, .cg-own-add, .cg-reminders, .cg-compose-form, .cg-compose-tools, .cg-data-tools, each button a
   [data-cg] action), as .cg-js-only: laid out from the first paint where the head set html.cg-js, never shown
   without JavaScript. The scripts fill them in (counts, meters, cg-done, cg-na, cg-unsaved, ...).

   What is stored, per guide, under "coachguide:GUIDE:" (core.isValidEntry checks each; export, import,
   "Clear everything" and deleting a sheet work on these keys; other pages may read them):
     sheets                                  {current, list: [{id, name}]}: one prep sheet per person
     check:STEP:ITEM                         "done" | "na": a tick on a step's page, the reader's own progress
     sheet:P:check:STEP:ITEM                 "done" | "na": a tick on person P's prep sheet, for P only
     sheet:P:field:SHEET:FIELD               text of a field of prep sheet SHEET (content/prep-sheets) for P.
                                             The person fields the composer reads (SHEET = data-question-sheet):
                                             name, role, organisation, email, date-time (a datetime-local
                                             value), place-or-link, length (minutes).
     sheet:P:field:SHEET:debrief_learned     the debrief, written by conversation mode on P's sheet (the
     sheet:P:field:SHEET:debrief_next          four keys in core.DEBRIEF_FIELDS): what they learned, their
     sheet:P:field:SHEET:debrief_promised      next step, what they promised, one thing the person said
     sheet:P:field:SHEET:debrief_quote         (the thank-you's {takeaway})
     sheet:P:questions                       [{id, text}] from the banks, [{id: "own-...", text, own: true}]
                                             the reader's own, in the order they will be asked
     sheet:P:answer:QUESTION                 text: the answer noted under a question on P's sheet
     sheet:P:draft:TEMPLATE:PLACEHOLDER      text of a message blank for P in one template
     ph:my_...                               text of the reader's own blanks (my_name, ...), in every message */
const cg = (() => {
  "use strict";

  const { VERSION } = core;

  // ---- Storage: one key per value, "coachguide:GUIDE:" + a key made of ids (never positions). ----
  // Blocked (reading throws: storage refused) is told apart from full (a write throws QuotaExceededError):
  // a blocked browser keeps the visit's work in memory; a full one still shows and exports all it holds.
  let ls, blocked = false;
  try {
    ls = window.localStorage; // throws where storage is blocked
    ls.getItem("coachguide:probe"); // a read, not a write: a full storage is not a blocked one
  } catch (e) {
    // Keep it in memory: the page still works, it just forgets on reload.
    const mem = new Map();
    blocked = true;
    ls = { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => mem.set(k, String(v)), removeItem: (k) => mem.delete(k),
      key: (i) => [...mem.keys()][i] ?? null, get length() { return mem.size; } };
  }
  const raw = (k) => ls.getItem(k);
  const put = (k, v) => ls.setItem(k, v);
  const drop = (k) => ls.removeItem(k);
  const allKeys = () => Array.from({ length: ls.length }, (_, i) => ls.key(i));
  // Chromium and Safari name it QuotaExceededError; older Firefox NS_ERROR_DOM_QUOTA_REACHED.
  const isFull = (e) => e instanceof DOMException && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED");

  let G = null; // the guide of the current page, read from .cg-guide on every page
  // The guide's interface text (core.translator over MESSAGES, which the site serves in front of this file:
  // generator/resources.py); set with G on every page.
  let T = (key) => key;
  const ownKeys = () => allKeys().filter((k) => k && k.startsWith(G.prefix));
  const backupKey = () => "coachguide-backup:" + G.id;

  // A value the key may hold (core.isValidEntry), else the fallback: anything else is corrupt or from
  // another version, and is set aside.
  function get(rel, fallback) {
    const text = raw(G.prefix + rel);
    if (text === null) return fallback;
    const v = core.readStored(rel, text);
    if (v !== undefined) return v;
    setAside([G.prefix + rel]);
    return fallback;
  }

  // Saves one value; on failure the stored value is unchanged, the reader is told `what` was not saved
  // (nothing is said without a `what`), and false is returned so the caller can show what is stored.
  function set(rel, v, what) {
    try {
      if (core.isBlank(v)) drop(G.prefix + rel);
      else {
        if (raw(G.prefix + "version") !== String(VERSION)) put(G.prefix + "version", String(VERSION));
        put(G.prefix + rel, JSON.stringify(v));
      }
      return true;
    } catch (e) {
      if (what) notSaved(what, isFull(e));
      return false;
    }
  }

  function notSaved(what, full) {
    notice(T("notice.not_saved", { what, why: T(full ? "notice.full" : "notice.refused") }), "unsaved");
  }

  // Unreadable data is moved under one backup key, never deleted, and the reader is told.
  function setAside(keys) {
    const backup = core.withSetAside(raw(backupKey()), keys.map((k) => [k, raw(k)]));
    try {
      put(backupKey(), JSON.stringify(backup));
      keys.forEach(drop);
    } catch (e) {
      // no room for the backup: leave the data where it is; every read falls back anyway
    }
    notice(T("notice.set_aside"));
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
  const say = (node, text) => node && (node.textContent = text);
  const near = (node) => node.closest(".cg-controls").querySelector(".cg-status"); // the status line of a control group
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  function setMeter(box, done, of, na) {
    const p = core.progress(done, of, na, T);
    say(box.querySelector(".cg-count"), p.text);
    box.querySelector(".cg-meter > span").style.width = p.percent + "%";
    box.classList.toggle("cg-complete", p.complete);
  }
  const enhanced = new WeakSet(); // each element is enhanced once, however often init runs
  const once = (node) => !enhanced.has(node) && enhanced.add(node);

  // Text a failed write leaves on screen is marked (and described by the notice) until a write succeeds.
  const unsaved = (input) => input.classList.contains("cg-unsaved");
  function markSaved(input, ok) {
    input.classList.toggle("cg-unsaved", !ok);
    if (ok) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }
  const forgetUnsaved = () => $$(".cg-sheet .cg-unsaved, .cg-sheet-name.cg-unsaved, .cg-composer .cg-unsaved").forEach((i) => markSaved(i, true));
  const labelOf = (input) => {
    const label = input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    return (label ? label.textContent : "").trim() || T("what.this_field");
  };
  const itemText = (li) => (li.querySelector("label") || li).textContent.trim();

  // One notice per kind: a newer one of the same kind replaces the older text.
  function notice(text, kind) {
    const host = document.querySelector("article") || document.body;
    const same = kind && host.querySelector(`.cg-notice[data-kind="${kind}"] p`);
    if (same) return say(same, text);
    if ($$(".cg-notice p", host).some((p) => p.textContent === text)) return;
    const box = el("div", { class: "cg-notice cg-controls", role: "alert" }, el("p", {}, text), btn(T("notice.dismiss"), "dismiss"));
    if (kind) box.dataset.kind = kind;
    host.prepend(box);
  }

  // ---- Prep sheets: several named instances (one per person). ----
  // Each tab keeps its own choice (sessionStorage, else memory), so no tab writes into a sheet another tab
  // chose; the stored `current` is only the sheet a new tab opens on.
  let tabChoice = null;
  const tabKey = () => `coachguide-tab:${G.id}:sheet`; // not under G.prefix: storage events ignore it
  function chosen() {
    try {
      return sessionStorage.getItem(tabKey()) ?? tabChoice;
    } catch (e) {
      return tabChoice;
    }
  }
  function choose(id) {
    tabChoice = id;
    try {
      if (id === null) sessionStorage.removeItem(tabKey());
      else sessionStorage.setItem(tabKey(), id);
    } catch (e) {
      // blocked or full: the choice lasts for this page (tabChoice)
    }
  }
  const storedSheets = () => get("sheets", null) || core.DEFAULT_SHEETS(T);
  function sheets() {
    const s = storedSheets(), mine = chosen();
    s.current = core.shownSheet(s, mine);
    if (s.current !== mine) choose(s.current); // a tab keeps the sheet it first showed, whatever other tabs choose later
    return s;
  }
  const currentSheet = () => {
    const s = sheets();
    return s.list.find((x) => x.id === s.current);
  };
  const sheetName = (sheet) => core.sheetName(sheet, T);
  // Checklists on a prep sheet belong to the current sheet; on step pages to the guide.
  const scope = (node) => (node.closest(".cg-sheet") ? `sheet:${sheets().current}:` : "");
  const checkKey = (li) => {
    const list = li.closest(".cg-checklist");
    return `${scope(list)}check:${list.dataset.checklist}:${li.dataset.item}`;
  };
  // The text of the question an add button adds: its description, the element that shows the question.
  const questionText = (b) => {
    const shown = document.getElementById(b.getAttribute("aria-describedby") || "");
    return shown ? shown.textContent.trim() : "";
  };
  const questionsKey = () => `sheet:${sheets().current}:questions`;
  const answerKey = (id) => `sheet:${sheets().current}:answer:${id}`;
  let lastAdd = null; // the picker's last "Add all shown", until undone: {sheet, ids}

  // ---- Enhancement: the templates emit the controls (templates/_macros.md.j2), laid out from the first paint
  // (html.cg-js, .cg-js-only); this reads what the page's data says, once per element. ----
  function enhance() {
    document.documentElement.classList.add("cg-js"); // where the theme's head did not (another engine)
    for (const box of $$(".cg-overall[data-steps]")) {
      if (!once(box)) continue;
      const steps = core.parseJSON(box.dataset.steps);
      if (Array.isArray(steps)) overall.set(box, steps);
      else box.remove(); // the page reads on without it
    }
    for (const c of $$(".cg-composer")) {
      if (!once(c)) continue;
      const data = core.readMessageTemplate(c.dataset.message || "");
      if (data) composers.set(c, data);
      else $$(".cg-controls", c).forEach((n) => n.remove()); // the preview stays as printed
    }
  }
  const overall = new WeakMap(); // .cg-overall -> its steps [{id, title, items}]
  const composers = new WeakMap(); // composer -> its template data
  const drafts = new WeakMap(); // composer -> the message as shown

  // ---- Rendering: the page shows what is stored; run after every change. ----
  function render() {
    const totals = {};
    for (const list of $$(".cg-checklist")) {
      const marks = [];
      for (const li of $$("li.cg-check[data-item]", list)) {
        const v = get(checkKey(li), null);
        const box = li.querySelector("input[type=checkbox]");
        marks.push(v);
        if (box) {
          box.checked = v === "done";
          box.disabled = v === "na";
        }
        li.querySelector(".cg-na-toggle").setAttribute("aria-pressed", String(v === "na"));
        li.classList.toggle("cg-done", v === "done");
        li.classList.toggle("cg-na", v === "na");
      }
      const t = core.tally(marks);
      setMeter(list.querySelector(".cg-checklist-bar"), ...t);
      if (!list.closest(".cg-sheet")) totals[list.dataset.checklist] = t;
    }
    for (const box of $$(".cg-progress[data-progress]")) {
      const t = totals[box.dataset.progress];
      if (t) setMeter(box, ...t);
    }
    for (const box of $$(".cg-overall[data-steps]")) {
      const steps = overall.get(box);
      if (!steps) continue;
      let sum = [0, 0, 0];
      for (const li of $$("li[data-step]", box)) {
        const step = steps.find((s) => s.id === li.dataset.step);
        const t = core.tally(step.items.map((item) => get(`check:${step.id}:${item}`, null)));
        setMeter(li, ...t);
        sum = core.addTallies(sum, t);
      }
      setMeter(box.querySelector("p"), ...sum);
    }
    renderSheets();
    $$(".cg-composer").forEach(renderComposer);
    extensions.forEach((x) => x.render());
  }

  function renderSheets() {
    const all = sheets(), cur = currentSheet();
    for (const sel of $$(".cg-sheet-select")) {
      sel.replaceChildren(...all.list.map((s) => el("option", { value: s.id }, sheetName(s))));
      sel.value = all.current;
    }
    for (const input of $$(".cg-sheet-name")) if (document.activeElement !== input && !unsaved(input)) input.value = cur.name;
    for (const sheet of $$(".cg-sheet[data-sheet]")) {
      for (const f of $$("input[data-field], textarea[data-field]", sheet)) {
        const v = get(`sheet:${all.current}:field:${sheet.dataset.sheet}:${f.dataset.field}`, "");
        if (unsaved(f)) continue; // the reader's text stays on screen, marked as not saved
        showValue(f, v);
      }
    }
    const qs = get(questionsKey(), []);
    // The chosen questions fill the page's first list of lines, each with room for its answer; any other
    // list stays blank for paper. The list is rebuilt only when its questions change, so typing keeps focus.
    const ol = document.querySelector("ol.cg-slots");
    if (ol) {
      const shape = all.current + "|" + qs.map((q) => q.id).join("|");
      if (ol.dataset.shape !== shape) {
        ol.dataset.shape = shape;
        const slots = Math.max(+ol.dataset.slots || 0, qs.length);
        ol.replaceChildren(...Array.from({ length: slots }, (_, i) => (qs[i] ? slotItem(qs[i], i, qs.length) : blankSlot())));
        ol.setAttribute("tabindex", "-1"); // focus lands here when the last question is removed
      }
      qs.forEach((q, i) => {
        const li = ol.querySelector(`li[data-index="${i}"]`);
        say(li.querySelector(".cg-qtext"), q.text);
        const own = li.querySelector(".cg-own-text");
        if (own && document.activeElement !== own && !unsaved(own) && own.value !== q.text) own.value = q.text;
        const answer = li.querySelector("textarea[data-answer]");
        if (document.activeElement !== answer && !unsaved(answer)) showValue(answer, get(`sheet:${all.current}:answer:${q.id}`, ""));
      });
    }
    for (const f of $$(".cg-sheet-bar .cg-scope, .cg-sheet .cg-scope")) say(f, T("checklist.for_sheet", { sheet: sheetName(cur) }));
    for (const b of $$("button.cg-add[data-cg=add]")) {
      const on = qs.some((q) => q.id === b.dataset.addQuestion);
      b.textContent = T(on ? "remove_question" : "add");
      b.classList.toggle("cg-on", on);
      say(b.parentNode.querySelector(".cg-added"), on ? T("sheet.on", { sheet: sheetName(cur) }) : "");
    }
  }

  // A question on the sheet: its text (the reader's own can be edited), its tools, and room for the answer.
  function slotItem(q, i, n) {
    const id = `cg-slot-${i}`, aid = `cg-answer-${i}`;
    const up = btn("↑", "up", { "aria-label": T("slot.up"), "aria-describedby": id, title: T("slot.up") });
    const down = btn("↓", "down", { "aria-label": T("slot.down"), "aria-describedby": id, title: T("slot.down") });
    up.disabled = i === 0;
    down.disabled = i === n - 1;
    const text = q.own
      ? [el("span", { class: "cg-qtext cg-print-only", id }), el("input", { type: "text", class: "cg-own-text cg-controls", "data-own": q.id,
        "aria-label": T("own.numbered", { n: i + 1 }), autocomplete: "off" })]
      : [el("span", { class: "cg-qtext", id })];
    return el("li", { class: "cg-slot cg-slot-filled", "data-index": i },
      el("span", { class: "cg-slot-row" }, ...text, " ",
        el("span", { class: "cg-slot-tools cg-controls" }, up, " ", down, " ", btn(T("slot.remove"), "remove", { "aria-describedby": id }))),
      el("span", { class: "cg-field cg-field-textarea cg-answer" },
        el("label", { for: aid }, T("slot.answer")),
        el("textarea", { id: aid, rows: "2", "data-answer": q.id, placeholder: " ", "aria-describedby": id }),
        el("span", { class: "cg-print-value", "aria-hidden": "true" }),
        el("span", { class: "cg-lines", "aria-hidden": "true" }, el("span"), el("span"))));
  }
  // An unused slot: on paper a line for a question and two for its answer; on screen nothing to fill.
  const blankSlot = () => el("li", { class: "cg-slot cg-slot-blank" }, el("span", { class: "cg-line" }),
    el("span", { class: "cg-lines", "aria-hidden": "true" }, el("span"), el("span")));

  // A field shows `v`, marked filled, with the copy paper prints (dates as the reader's locale writes them).
  function showValue(f, v) {
    if (f.value !== v) f.value = v;
    f.classList.toggle("cg-filled", v !== ""); // print shows filled fields as values, empty ones as lines
    const copy = f.nextElementSibling;
    if (copy && copy.classList.contains("cg-print-value")) say(copy, printed(f, v));
  }
  function printed(f, v) {
    const when = f.type === "datetime-local" ? core.localDateTime(v) : f.type === "date" ? core.localDateTime(v + "T00:00") : null;
    if (!when) return v;
    return f.type === "date" ? when.toLocaleDateString(G.locale, { dateStyle: "long" }) : when.toLocaleString(G.locale, { dateStyle: "full", timeStyle: "short" });
  }

  // What the current person's sheet (the guide's question sheet) holds: {field id: text}.
  function personFields() {
    const at = `${G.prefix}sheet:${sheets().current}:field:${G.sheet}:`, out = {};
    for (const k of ownKeys()) {
      if (!k.startsWith(at)) continue;
      const v = get(k.slice(G.prefix.length), "");
      if (v) out[k.slice(at.length)] = v;
    }
    return out;
  }
  const draftKey = (data, name) => (core.isReadersOwn(name) ? "ph:" + name : `sheet:${sheets().current}:draft:${data.id}:${name}`);

  function renderComposer(c) {
    const data = composers.get(c);
    if (!data) return;
    const fields = personFields();
    const stamp = fields["date-time"] || Object.values(fields).find((v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v));
    const person = core.personValues(fields, stamp ? core.localDateTime(stamp) : null, G.locale, T);
    const values = {};
    for (const name of Object.keys(data.placeholders)) values[name] = get(draftKey(data, name), "") || (core.isReadersOwn(name) ? "" : person[name] || "");
    for (const input of $$("[data-cg-ph]", c)) {
      if (document.activeElement !== input && !unsaved(input) && input.value !== values[input.dataset.cgPh]) input.value = values[input.dataset.cgPh];
    }
    for (const span of $$(".cg-ph[data-ph]", c)) {
      const v = values[span.dataset.ph];
      span.textContent = v || `{${span.dataset.ph}}`;
      span.classList.toggle("cg-filled", !!v);
    }
    const draft = core.fillMessage(data, values);
    drafts.set(c, draft);
    const limits = { maxChars: +c.dataset.maxChars, maxWords: +c.dataset.maxWords, maxSubject: +c.dataset.subjectMaxChars };
    const blanks = core.placeholderOrder(data).filter((n) => !values[n]).map((n) => data.placeholders[n].label);
    const { count, over } = core.messageReport(draft, limits, blanks, T);
    say(c.querySelector(".cg-compose-tools .cg-count"), count);
    say(c.querySelector(".cg-warn"), over.length ? T("composer.too_long", { problems: over.join(" ") }) : "");
    c.classList.toggle("cg-over", over.length > 0);
    const mail = c.querySelector(".cg-mailto");
    if (mail) {
      const to = core.emailAddress(fields.email);
      mail.href = core.mailtoHref(draft, to);
      say(mail, to ? T("composer.mail_to", { to }) : T("composer.mail"));
    }
  }

  // ---- Actions: one listener per event type on the document, bound once, survive instant navigation. ----
  function move(b, delta) {
    const i = +b.closest("li").dataset.index, qs = get(questionsKey(), []), j = i + delta;
    if (j < 0 || j >= qs.length) return;
    [qs[i], qs[j]] = [qs[j], qs[i]];
    set(questionsKey(), qs, T("what.order", { sheet: sheetName(currentSheet()) }));
    render();
    const at = (k, act) => document.querySelector(`li[data-index="${k}"] [data-cg=${act}]`);
    const same = at(j, b.dataset.cg);
    (same && !same.disabled ? same : at(j, delta < 0 ? "down" : "up")).focus(); // keep the keyboard on the moved question
  }

  const actions = {
    na(b) {
      const li = b.closest("li"), key = checkKey(li);
      set(key, get(key, null) === "na" ? null : "na", T("what.na", { item: itemText(li) }));
      render();
    },
    reset(b) {
      if (!confirm(T("checklist.reset_confirm"))) return;
      $$("li.cg-check[data-item]", b.closest(".cg-checklist")).forEach((li) => set(checkKey(li), null));
      render();
    },
    add(b) {
      const qs = get(questionsKey(), []), id = b.dataset.addQuestion;
      const on = qs.some((q) => q.id === id), where = sheetName(currentSheet());
      const text = questionText(b);
      set(questionsKey(), on ? qs.filter((q) => q.id !== id) : [...qs, { id, text }],
        T(on ? "what.take_off" : "what.add", { question: text, sheet: where }));
      render();
    },
    up: (b) => move(b, -1),
    down: (b) => move(b, 1),
    remove(b) {
      const i = +b.closest("li").dataset.index, qs = get(questionsKey(), []);
      const [gone] = qs.splice(i, 1);
      if (set(questionsKey(), qs, T("what.take_off", { question: gone.text, sheet: sheetName(currentSheet()) }))) set(answerKey(gone.id), null);
      render();
      const next = $$("li[data-index] [data-cg=remove]");
      (next[Math.min(i, next.length - 1)] || document.querySelector("ol.cg-slots")).focus();
    },
    "own-add"(b) {
      const input = b.closest(".cg-own-add").querySelector(".cg-own-new"), text = input.value.trim(), out = near(b);
      input.focus();
      if (!text) return say(out, T("own.type_first"));
      const qs = get(questionsKey(), []), id = "own-" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
      if (!set(questionsKey(), [...qs, { id, text, own: true }], T("what.add_own", { question: text, sheet: sheetName(currentSheet()) }))) return;
      input.value = "";
      render();
      say(out, T("own.added", { n: qs.length + 1 }));
    },
    "clear-questions"(b) {
      const qs = get(questionsKey(), []), where = sheetName(currentSheet()), out = near(b);
      if (!qs.length) return say(out, T("own.none", { sheet: where }));
      if (!confirm(T("own.clear_confirm", { count: qs.length, sheet: where }))) return;
      if (!set(questionsKey(), null, T("what.clear", { sheet: where }))) return;
      qs.forEach((q) => set(answerKey(q.id), null));
      render();
      document.querySelector("ol.cg-slots").focus();
      say(out, T("own.cleared", { sheet: where }));
    },
    // Undo the picker's last "Add all shown": the questions it added come off the sheet they went to.
    "undo-add"(b) {
      const line = b.closest(".cg-undo"), last = lastAdd;
      lastAdd = null;
      b.remove();
      if (!last) return;
      const key = `sheet:${last.sheet}:questions`, qs = get(key, []);
      const left = qs.filter((q) => !last.ids.includes(q.id));
      const name = sheetName(storedSheets().list.find((s) => s.id === last.sheet) || { name: "" });
      if (set(key, left, T("what.undo", { count: qs.length - left.length, sheet: name }))) {
        say(line, T("add.undone", { count: qs.length - left.length, sheet: name }));
      }
      render();
    },
    "sheet-new"(b) {
      const all = sheets(), name = core.newSheetName(all.list, T);
      const id = "p" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
      all.list.push({ id, name });
      all.current = id;
      if (!set("sheets", all, T("what.new_sheet"))) return;
      choose(id);
      forgetUnsaved();
      render();
      const input = b.closest(".cg-sheet-bar").querySelector(".cg-sheet-name");
      input.value = name;
      input.focus();
      input.select(); // ready to type the person's name
      say(near(b), T("sheet.created", { sheet: name }));
    },
    "sheet-delete"(b) {
      const all = sheets(), cur = currentSheet();
      if (!confirm(T("sheet.delete_confirm", { sheet: sheetName(cur) }))) return;
      ownKeys().filter((k) => k.startsWith(`${G.prefix}sheet:${cur.id}:`)).forEach(drop);
      all.list = all.list.filter((s) => s.id !== cur.id);
      set("sheets", all.list.length ? { current: all.list[0].id, list: all.list } : null, T("what.delete_sheet", { sheet: sheetName(cur) }));
      choose(null);
      forgetUnsaved();
      render();
      say(near(b), T("sheet.deleted", { sheet: sheetName(cur), shown: sheetName(currentSheet()) }));
    },
    copy: (b) => copy(b, drafts.get(b.closest(".cg-composer")).body),
    "copy-subject": (b) => copy(b, drafts.get(b.closest(".cg-composer")).subject),
    ics(b) {
      const sheet = b.closest(".cg-sheet"), when = sheet.querySelector("input[type=datetime-local]");
      const out = near(b), start = core.localDateTime(when.value); // the reader's local time
      if (!start) {
        say(out, T("ics.need_date"));
        when.focus();
        return;
      }
      const name = sheetName(currentSheet());
      const value = (id) => (sheet.querySelector(`[data-field="${id}"]`) || { value: "" }).value.trim();
      const length = Math.round(+value("length")); // the sheet's length, else the guide's
      const calendar = core.conversationCalendar({
        guide: G.id, sheetId: currentSheet().id, name, start, minutes: length > 0 && length <= 24 * 60 ? length : G.minutes,
        place: value("place-or-link"), hours: G.hours, days: G.days, now: new Date(),
        on: start.toLocaleString(G.locale, { dateStyle: "full", timeStyle: "short" }), t: T, lang: G.lang,
      });
      download(core.icsFileName(name, T), "text/calendar", calendar);
      say(out, T("ics.done", { sheet: name }));
    },
    // Everything stored goes out, read as it is: nothing is written first, so a full storage exports whole.
    export(b) {
      const data = {}, unreadable = {}, now = new Date();
      for (const k of ownKeys()) {
        const rel = k.slice(G.prefix.length), v = core.readStored(rel, raw(k));
        if (rel === "version") continue;
        if (v === undefined) unreadable[k] = raw(k);
        else data[rel] = v;
      }
      const setAside = { ...core.readBackup(raw(backupKey())), ...unreadable };
      const file = core.exportFile({ guide: G.id, data, setAside, now });
      download(core.exportFileName(G.id, now), "application/json", JSON.stringify(file, null, 2) + "\n");
      say(near(b), T("data.exported", { count: Object.keys(data).length }));
    },
    import: (b) => b.closest(".cg-data-tools").querySelector(".cg-import-file").click(),
    clear(b) {
      if (!confirm(T("data.clear_confirm"))) return;
      ownKeys().forEach(drop);
      drop(backupKey());
      choose(null);
      forgetUnsaved();
      render();
      say(near(b), T("data.cleared"));
    },
    dismiss: (b) => b.closest(".cg-notice").remove(),
  };

  async function copy(b, text) {
    const out = near(b);
    try {
      await navigator.clipboard.writeText(text);
      say(out, T("composer.copied"));
    } catch (e) {
      // No async clipboard (plain http, older browsers): copy from a hidden textarea instead.
      const area = el("textarea", { class: "cg-vh", readonly: "" });
      area.value = text;
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      b.focus();
      say(out, T(ok ? "composer.copied" : "composer.copy_failed"));
    }
  }

  function download(name, type, text) {
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name, hidden: "" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10e3);
  }

  // ---- Import: all or nothing. The whole file is checked (core.importProblem), then written; if any
  // write fails (a full storage), the earlier data is put back exactly as it was. ----
  const MAX_FILE = 10e6; // bytes: more than any browser's storage for a site holds

  // Replaces this guide's data with `data`; returns how many values were written, or null when a write
  // failed and the earlier data was put back.
  function replaceAll(data) {
    const before = ownKeys().map((k) => [k, raw(k)]);
    before.forEach(([k]) => drop(k));
    try {
      const entries = Object.entries(data).filter(([, v]) => !core.isBlank(v));
      if (entries.length) put(G.prefix + "version", String(VERSION));
      entries.forEach(([rel, v]) => put(G.prefix + rel, JSON.stringify(v)));
      return entries.length;
    } catch (e) {
      ownKeys().forEach(drop);
      before.forEach(([k, v]) => put(k, v)); // fits: it was stored before, and what replaced it is gone
      return null;
    }
  }

  function importFile(input) {
    const file = input.files && input.files[0];
    const out = near(input);
    if (!file) return;
    input.value = ""; // the same file can be picked again
    if (file.size > MAX_FILE) {
      const size = new Intl.NumberFormat(G.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(file.size / 1e6);
      say(out, T("data.too_big", { size }));
      return;
    }
    file.text().then((text) => {
      const f = core.parseJSON(text); // not JSON: reported as not an export
      const problem = core.importProblem(f, G.id, T);
      if (problem) return say(out, T("data.problem", { problem }));
      if (ownKeys().length && !confirm(T("data.replace_confirm"))) return;
      const n = replaceAll(f.data);
      if (n === null) {
        say(out, T("data.full"));
        return;
      }
      choose(null); // open the imported data on its own current sheet
      forgetUnsaved();
      render();
      say(out, T("data.imported", { count: n }) + (blocked ? T("data.imported_blocked") : ""));
    }, () => say(out, T("data.unreadable")));
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
        const li = t.closest("li.cg-check");
        set(checkKey(li), t.checked ? "done" : null, T("what.tick", { item: itemText(li) }));
        render(); // a tick that was not saved is taken off again: the page shows what is stored
      } else if (t.matches(".cg-sheet-select")) {
        choose(t.value);
        forgetUnsaved();
        set("sheets", sheets()); // quietly: it only picks the sheet a new tab opens on
        render();
      } else if (t.matches(".cg-import-file")) importFile(t);
    });
    // The question picker's "Add all shown" (coachguide-picker.js) sends the ids of the questions it shows,
    // from its .cg-picker. Several at once: the reader is asked first, and told how to undo it.
    document.addEventListener("coachguide:add-questions", (e) => {
      if (!G) return;
      const ids = e.detail && Array.isArray(e.detail.ids) ? e.detail.ids : [];
      const picker = e.target instanceof Element ? e.target.closest(".cg-picker") : null;
      const qs = get(questionsKey(), []), where = sheetName(currentSheet()), added = [];
      for (const id of ids.map(String)) {
        const b = document.querySelector(`button.cg-add[data-add-question="${CSS.escape(id)}"]`);
        if (b && !qs.some((q) => q.id === id) && !added.some((q) => q.id === id)) added.push({ id, text: questionText(b) });
      }
      const reply = (text, ...more) => {
        if (!picker) return text && notice(text, "add-all");
        let line = picker.querySelector(".cg-undo");
        if (!line) picker.append((line = el("p", { class: "cg-undo cg-controls", role: "status" })));
        line.replaceChildren(text, ...more);
      };
      if (!added.length) return reply(T("add.all_there", { sheet: where }));
      if (!confirm(T("add.confirm", { count: added.length, sheet: where }))) return reply(T("add.nothing"));
      if (!set(questionsKey(), [...qs, ...added], T("what.add_all", { count: added.length, sheet: where }))) return reply("");
      lastAdd = { sheet: sheets().current, ids: added.map((q) => q.id) };
      render();
      reply(T("add.done", { count: added.length, sheet: where }), btn(T("add.undo"), "undo-add"));
    });
    document.addEventListener("keydown", (e) => {
      if (G && e.key === "Enter" && e.target.matches && e.target.matches(".cg-own-new")) {
        e.preventDefault();
        actions["own-add"](e.target.closest(".cg-own-add").querySelector("[data-cg=own-add]"));
      }
    });
    document.addEventListener("input", (e) => {
      const t = e.target;
      if (!G) return;
      const sheet = t.closest(".cg-sheet[data-sheet]");
      if (sheet && t.matches("input[data-field], textarea[data-field]")) {
        const where = sheetName(currentSheet());
        markSaved(t, set(`sheet:${sheets().current}:field:${sheet.dataset.sheet}:${t.dataset.field}`, t.value,
          T("what.field_on", { field: labelOf(t), sheet: where })));
        showValue(t, t.value);
      } else if (t.matches("textarea[data-answer]")) {
        markSaved(t, set(answerKey(t.dataset.answer), t.value, T("what.answer", { question: t.closest("li").querySelector(".cg-qtext").textContent })));
        showValue(t, t.value);
      } else if (t.matches(".cg-own-text[data-own]")) {
        const qs = get(questionsKey(), []), q = qs.find((x) => x.id === t.dataset.own);
        if (!q) return;
        q.text = t.value;
        markSaved(t, set(questionsKey(), qs, T("what.own_edit", { question: t.value, sheet: sheetName(currentSheet()) })));
        say(t.closest("li").querySelector(".cg-qtext"), t.value);
      } else if (t.matches("[data-cg-ph]")) {
        const c = t.closest(".cg-composer"), data = composers.get(c);
        markSaved(t, set(draftKey(data, t.dataset.cgPh), t.value, T("what.field", { field: labelOf(t) })));
        $$(".cg-composer").forEach(renderComposer);
      } else if (t.matches(".cg-sheet-name")) {
        const all = sheets();
        all.list.find((s) => s.id === all.current).name = t.value;
        markSaved(t, set("sheets", all, T("what.rename")));
        renderSheets();
      }
    });
    // Another tab saved a change: show it here, so this tab never writes over it from a stale page.
    window.addEventListener("storage", (e) => {
      if (!G || (e.key !== null && !e.key.startsWith(G.prefix))) return;
      const mine = chosen();
      if (mine && !storedSheets().list.some((s) => s.id === mine)) {
        choose(null);
        forgetUnsaved();
        notice(T("notice.sheet_gone", { sheet: sheetName(currentSheet()) }), "sheet-gone");
      }
      render();
    });
  }

  // Scripts beside this one that only some pages use (resources.ON_DEMAND), each loaded where the page has what
  // it works on: the question picker, and the working set (contacts tracker, conversation mode).
  const SELF = document.currentScript ? document.currentScript.src : "";
  const ON_DEMAND = [[".cg-picker", "coachguide-picker.js"], [".cg-tracker, .cg-talk", "coachguide-working.js"]];
  function loadOnDemand() {
    for (const [what, file] of ON_DEMAND) {
      const src = SELF.replace(/coachguide\.js(\?.*)?$/, file);
      if (!SELF || src === SELF || !document.querySelector(what)) continue;
      if (document.querySelector(`script[src$="${file}"]`)) continue; // loaded already (it follows page changes itself)
      document.head.append(el("script", { src }));
    }
  }

  const started = new WeakSet(); // the pages set up: Material's document$ and DOMContentLoaded both announce one
  function init() {
    loadOnDemand();
    const data = document.querySelector(".cg-guide[data-guide]");
    if (data && started.has(data)) return;
    G = null;
    if (!data) return; // a page the guide did not generate
    started.add(data);
    G = {
      id: data.dataset.guide,
      prefix: `coachguide:${data.dataset.guide}:`,
      hours: +data.dataset.thankYouHours || 24,
      days: +data.dataset.checkInDays || 90,
      minutes: +data.dataset.meetingMinutes || 20,
      sheet: data.dataset.questionSheet || "",
      lang: data.dataset.lang || "en",
    };
    // Dates and numbers as the reader's own variant of the guide's language writes them (en-GB for an
    // English guide read in Britain), else as the guide's language does (German dates in a German guide).
    G.locale = core.readerLocale(G.lang, navigator.languages || [navigator.language]);
    T = core.translator(typeof MESSAGES === "object" && MESSAGES ? MESSAGES : {}, G.locale);
    listen();
    checkVersion();
    if (blocked) notice(T("notice.blocked"));
    enhance();
    render();
  }

  // ---- For coachguide-working.js (loaded on demand; it finds this as window.coachguide.cg): the tracker and
  // conversation mode read and write through this file's storage path (get, set: the same checks, notices
  // and full/blocked handling), and render whenever this file renders (a change, another tab, an import). ----
  const extensions = [];
  function extend(x) {
    extensions.push(x);
    if (G) x.render(); // this page's init has run already
  }

  // Material's instant navigation swaps pages without a load: bind through document$. On file:// (and
  // without Material) document$ never emits, so also run on load; init is idempotent.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  return Object.freeze({
    extend, get, set, sheets, currentSheet, choose, el, btn, say, $$, once, markSaved, unsaved,
    guide: () => G,
    t: (key, values) => T(key, values),
  });
})();
// The scripts loaded on demand reach this one's storage path and the core through this one name.
window.coachguide = Object.freeze({ cg, core });
