/* coachguide working set: the contacts tracker and conversation mode (issue #15). Loaded by coachguide.js on
   the pages of those tools: it reads and writes only through `cg` (that script's storage path: the same checks, the
   "not saved" notices, full and blocked storage) and renders whenever that script renders. Pure rules are
   `working`, from coachguide-working-core.js. Reader text only through textContent and .value.

   What templates/ write for it (change both sides together):
     .cg-tracker[data-tracker=SHEET][data-fields][data-text][data-follow-up-days] with table.cg-tracker-table > tbody,
       .cg-tracker-labels > span[data-col], [data-cgw=tracker-add|tracker-csv]   tracker.md.j2
     .cg-talk[data-talk=SHEET][data-minutes][data-time-check][data-fields][data-text] with .cg-timer-clock, .cg-talk-minutes,
       ol.cg-talk-questions, .cg-talk-empty, textarea[data-debrief], [data-cgw=talk-start|talk-reset|talk-end]
                                                                                            conversation.md.j2
     a.cg-sheet-link: the sheet page's address, as MkDocs wrote it (served or offline)
     .cg-needs-js: what readers without the script see instead; hidden here
   Both keep their values as fields of the sheet instance (one per person): sheet:ID:field:SHEET:FIELD, with
   FIELD from data-fields (render.tracker_fields), talk-asked-QUESTION, talk-note-QUESTION and debrief_*. */
(() => {
  "use strict";

  const { cg } = window.coachguide; // coachguide.js loads this file, after it has set that
  const { el, $$, say } = cg;
  const readJson = (text) => {
    try {
      return JSON.parse(text || "");
    } catch (e) {
      return null;
    }
  };
  const fieldKey = (person, sheet, field) => `sheet:${person}:field:${sheet}:${field}`;
  const nameOf = (s, text) => s.name.trim() || text.untitled || cg.t("untitled_sheet");
  const ID = /^[a-z0-9-]+$/;

  // Opening a person's sheet: this tab shows that sheet next (coachguide.js keeps the tab's choice).
  function openSheet(id) {
    cg.choose(id);
  }

  // ---- The contacts tracker. ----
  function trackerOf(box) {
    const fields = readJson(box.dataset.fields), text = readJson(box.dataset.text);
    if (!fields || !text) return null;
    const labels = Object.fromEntries($$(".cg-tracker-labels [data-col]", box).map((s) => [s.dataset.col, s.textContent]));
    return { sheet: box.dataset.tracker, fields, text, labels, followUp: +box.dataset.followUpDays || working.FOLLOW_UP_DAYS };
  }
  const DATES = [["asked", "date"], ["meeting", "datetime-local"], ["thanked", "date"], ["check-in", "date"]];

  function trackerRows(t) {
    return cg.sheets().list.map((s) => {
      const values = {};
      for (const [col, field] of Object.entries(t.fields)) values[col] = cg.get(fieldKey(s.id, t.sheet, field), "");
      return { id: s.id, name: nameOf(s, t.text), values };
    });
  }
  const trackerOpts = (t) => {
    const G = cg.guide();
    return { now: working.localStamp(new Date()), hours: G.hours, days: G.days, followUp: t.followUp };
  };
  const dueText = (t, next) =>
    t.text.next[next.kind] + (next.date ? ` · ${next.date}` : "") + (next.overdue ? ` (${t.text.overdue})` : "");

  function input(t, row, col, type) {
    const id = `cg-t-${row.id}-${col}`;
    const field = el("input", { id, type, "data-person": row.id, "data-col": col, autocomplete: "off" });
    field.value = row.values[col];
    return el("span", { class: "cg-tracker-field" }, el("label", { for: id }, t.labels[col]), field);
  }

  function renderTracker(box) {
    const t = trackerOf(box);
    if (!t) return;
    const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : null;
    const rows = working.sortByDue(trackerRows(t), trackerOpts(t));
    const sheetHref = (document.querySelector("a.cg-sheet-link") || {}).href || "";
    const trs = rows.map((row) => {
      const statusId = `cg-t-${row.id}-status`;
      const select = el("select", { id: statusId, "data-person": row.id, "data-col": "status" },
        ...t.text.statuses.map(([value, label]) => el("option", { value }, label)));
      select.value = row.next.status;
      const link = el("a", { href: sheetHref, class: "cg-tracker-name", "data-person": row.id }, row.name);
      return el("tr", { "data-person": row.id, class: row.next.overdue ? "cg-overdue" : "" },
        el("th", { scope: "row" }, link, input(t, row, "organisation", "text"), input(t, row, "connection", "text")),
        el("td", {},
          el("span", { class: "cg-tracker-field" }, el("label", { for: statusId }, t.labels.status), select),
          el("span", { class: "cg-tracker-next" }, el("span", { class: "cg-tracker-label" }, t.labels.next + ": "), dueText(t, row.next))),
        el("td", { class: "cg-tracker-dates" }, ...DATES.map(([col, type]) => input(t, row, col, type))));
    });
    box.querySelector("tbody").replaceChildren(...trs);
    const again = focused && document.getElementById(focused);
    if (again) again.focus(); // a re-render (another tab, a sort after a change) keeps the reader's place
  }

  function refreshRow(box, id) {
    const t = trackerOf(box), row = trackerRows(t).find((r) => r.id === id), tr = box.querySelector(`tr[data-person="${CSS.escape(id)}"]`);
    if (!row || !tr) return;
    const next = working.nextDue(row.values, trackerOpts(t));
    tr.querySelector("select[data-col=status]").value = next.status;
    tr.querySelector(".cg-tracker-next").lastChild.textContent = dueText(t, next);
    tr.classList.toggle("cg-overdue", next.overdue);
  }

  function trackerCsv(box) {
    const t = trackerOf(box), opts = trackerOpts(t);
    const cols = ["name", "organisation", "connection", "status", "next", "due", "asked", "meeting", "thanked", "check-in"];
    const statusLabel = Object.fromEntries(t.text.statuses);
    const rows = working.sortByDue(trackerRows(t), opts).map((r) => cols.map((c) => {
      if (c === "name") return r.name;
      if (c === "status") return statusLabel[r.next.status];
      if (c === "next") return t.text.next[r.next.kind];
      if (c === "due") return r.next.date;
      return r.values[c];
    }));
    return working.toCsv([cols.map((c) => t.labels[c]), ...rows]);
  }

  // ---- Conversation mode. ----
  const timers = new WeakMap(); // .cg-talk -> {ms (length), left (ms at the last pause), since (a start time) | null, tick}

  function talkOf(box) {
    const fields = readJson(box.dataset.fields), text = readJson(box.dataset.text);
    return fields && text ? { sheet: box.dataset.talk, fields, text, person: cg.sheets().current } : null;
  }
  function minutesOf(box, k) {
    return working.meetingMinutes(cg.get(fieldKey(k.person, k.sheet, k.fields.minutes), ""), +box.dataset.minutes || 20);
  }

  function timerOf(box) {
    if (!timers.has(box)) timers.set(box, { ms: 0, left: 0, since: null, tick: null, person: null });
    return timers.get(box);
  }
  const leftOf = (tm) => (tm.since === null ? tm.left : tm.left - (Date.now() - tm.since));
  function showClock(box) {
    const tm = timerOf(box), left = leftOf(tm), k = talkOf(box);
    say(box.querySelector(".cg-timer-clock"), working.clock(left));
    box.classList.toggle("cg-overtime", left <= 0 && tm.ms > 0);
    if (left <= 0 && tm.since !== null && !tm.told) {
      tm.told = true;
      say(box.querySelector(".cg-talk-bar .cg-status"), k.text.up);
    } else if (tm.since !== null && !tm.checked && working.timeCheckDue(left, tm.ms, +box.dataset.timeCheck || 5)) {
      tm.checked = true; // the guide's cue to start closing (guide.yml tools.conversation.time_check)
      say(box.querySelector(".cg-talk-bar .cg-status"), k.text.time_check);
    }
  }
  function stop(tm) {
    if (tm.since !== null) tm.left = leftOf(tm);
    tm.since = null;
    clearInterval(tm.tick);
    tm.tick = null;
  }
  function resetTimer(box, k) {
    const tm = timerOf(box);
    stop(tm);
    tm.ms = tm.left = minutesOf(box, k) * 60e3;
    tm.told = tm.checked = false;
    tm.person = k.person;
  }

  function renderTalk(box) {
    const k = talkOf(box);
    if (!k) return;
    const tm = timerOf(box);
    if (tm.person !== k.person) resetTimer(box, k); // another person: a fresh countdown of their length
    else if (tm.since === null && tm.left === tm.ms) resetTimer(box, k); // not started: follows the length
    const minutes = box.querySelector(".cg-talk-minutes");
    if (document.activeElement !== minutes && !cg.unsaved(minutes)) minutes.value = String(minutesOf(box, k));
    say(box.querySelector("[data-cgw=talk-start]"), tm.since !== null ? k.text.pause : tm.left < tm.ms ? k.text.resume : k.text.start);
    showClock(box);

    const questions = cg.get(`sheet:${k.person}:questions`, []).filter((q) => ID.test(q.id));
    const ol = box.querySelector("ol.cg-talk-questions");
    const focused = document.activeElement && ol.contains(document.activeElement) ? document.activeElement.id : null;
    ol.replaceChildren(...questions.map((q) => {
      const asked = cg.get(fieldKey(k.person, k.sheet, `talk-asked-${q.id}`), "") === "asked";
      const note = cg.get(fieldKey(k.person, k.sheet, `talk-note-${q.id}`), "");
      const qid = `cg-talk-q-${q.id}`, box1 = el("input", { type: "checkbox", id: `${qid}-asked`, "data-talk-asked": q.id, "aria-describedby": qid });
      box1.checked = asked;
      const noteInput = el("input", { type: "text", id: `${qid}-note`, "data-talk-note": q.id, autocomplete: "off", "aria-describedby": qid });
      noteInput.value = note;
      return el("li", { class: "cg-talk-q" + (asked ? " cg-asked" : "") },
        el("p", { class: "cg-talk-qtext", id: qid }, q.text),
        el("p", { class: "cg-talk-tools" },
          el("span", { class: "cg-talk-tick" }, box1, el("label", { for: box1.id }, k.text.asked)),
          el("span", { class: "cg-talk-note" }, el("label", { for: noteInput.id }, k.text.note), noteInput)));
    }));
    box.querySelector(".cg-talk-empty").hidden = questions.length > 0;
    const again = focused && document.getElementById(focused);
    if (again) again.focus();
    for (const area of $$("textarea[data-debrief]", box)) {
      const v = cg.get(fieldKey(k.person, k.sheet, area.dataset.debrief), "");
      if (document.activeElement !== area && !cg.unsaved(area) && area.value !== v) area.value = v;
    }
  }

  // ---- Wiring: once per element, listeners once per document. ----
  function render() {
    for (const p of $$(".cg-needs-js")) p.hidden = !!document.querySelector(".cg-tracker, .cg-talk");
    for (const box of $$(".cg-tracker[data-tracker]")) {
      if (cg.once(box)) box.hidden = false;
      renderTracker(box);
    }
    for (const box of $$(".cg-talk[data-talk]")) {
      if (cg.once(box)) box.hidden = false;
      renderTalk(box);
    }
  }

  const actions = {
    "tracker-add"(b) {
      const box = b.closest(".cg-tracker"), t = trackerOf(box), all = cg.sheets();
      let n = all.list.length + 1;
      while (all.list.some((s) => s.name === t.text.new_name.replace("{n}", n))) n++;
      const name = t.text.new_name.replace("{n}", n);
      const id = "p" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
      // Every sheet is a row: the first, unnamed one too (the prep sheet page always shows it).
      if (!cg.set("sheets", { current: all.current, list: [...all.list, { id, name }] }, cg.t("what.new_row", { name }))) return;
      renderTracker(box);
      say(box.querySelector(".cg-status"), t.text.added.replace("{name}", name));
      const first = document.getElementById(`cg-t-${id}-organisation`);
      if (first) first.focus();
    },
    "tracker-csv"(b) {
      const box = b.closest(".cg-tracker"), t = trackerOf(box);
      const file = working.csvFileName(cg.guide().id, working.localStamp(new Date()), cg.t("csv.file"));
      const a = el("a", { href: URL.createObjectURL(new Blob([trackerCsv(box)], { type: "text/csv" })), download: file, hidden: "" });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10e3);
      say(box.querySelector(".cg-status"), t.text.csv_done);
    },
    "talk-start"(b) {
      const box = b.closest(".cg-talk"), tm = timerOf(box);
      if (tm.since !== null) stop(tm);
      else {
        tm.since = Date.now();
        tm.tick = setInterval(() => (box.isConnected ? showClock(box) : stop(tm)), 250);
      }
      renderTalk(box);
    },
    "talk-reset"(b) {
      const box = b.closest(".cg-talk");
      resetTimer(box, talkOf(box));
      say(box.querySelector(".cg-talk-bar .cg-status"), "");
      renderTalk(box);
    },
    "talk-end"(b) {
      const box = b.closest(".cg-talk"), k = talkOf(box);
      stop(timerOf(box));
      renderTalk(box);
      say(box.querySelector(".cg-talk-bar .cg-status"), k.text.ended);
      box.querySelector("textarea[data-debrief]").focus();
    },
  };

  document.addEventListener("click", (e) => {
    const b = cg.guide() && e.target.closest("[data-cgw]");
    if (b && actions[b.dataset.cgw]) actions[b.dataset.cgw](b);
    const link = cg.guide() && e.target.closest("a.cg-tracker-name[data-person]");
    if (link) openSheet(link.dataset.person);
  });

  function save(input, rel, value, what) {
    cg.markSaved(input, cg.set(rel, value, what));
  }
  document.addEventListener("input", (e) => {
    const t = e.target;
    if (!cg.guide()) return;
    const tracker = t.closest(".cg-tracker[data-tracker]"), talk = t.closest(".cg-talk[data-talk]");
    if (tracker && t.matches("input[data-col]")) {
      const tr = trackerOf(tracker), who = cg.sheets().list.find((s) => s.id === t.dataset.person);
      if (!who) return;
      save(t, fieldKey(who.id, tr.sheet, tr.fields[t.dataset.col]), t.value, cg.t("what.column", { column: tr.labels[t.dataset.col], name: nameOf(who, tr.text) }));
    } else if (talk && t.matches("[data-talk-note]")) {
      const k = talkOf(talk);
      save(t, fieldKey(k.person, k.sheet, `talk-note-${t.dataset.talkNote}`), t.value, cg.t("what.note", { question: t.closest("li").querySelector(".cg-talk-qtext").textContent }));
    } else if (talk && t.matches("textarea[data-debrief]")) {
      const k = talkOf(talk);
      save(t, fieldKey(k.person, k.sheet, t.dataset.debrief), t.value, cg.t("what.debrief", { field: document.querySelector(`label[for="${t.id}"]`).textContent }));
    }
  });
  document.addEventListener("change", (e) => {
    const t = e.target;
    if (!cg.guide()) return;
    const tracker = t.closest(".cg-tracker[data-tracker]"), talk = t.closest(".cg-talk[data-talk]");
    if (tracker && t.matches("input[data-col], select[data-col]")) {
      const tr = trackerOf(tracker), who = cg.sheets().list.find((s) => s.id === t.dataset.person);
      if (who && t.matches("select")) cg.set(fieldKey(who.id, tr.sheet, tr.fields.status), t.value, cg.t("what.status", { name: nameOf(who, tr.text) }));
      // The row's status and what is due change in place; the rows sort again when the page is next drawn
      // whole (opened, an import, another tab), so a row never jumps away from the reader mid-edit.
      if (who) refreshRow(tracker, who.id);
    } else if (talk && t.matches("[data-talk-asked]")) {
      const k = talkOf(talk);
      cg.set(fieldKey(k.person, k.sheet, `talk-asked-${t.dataset.talkAsked}`), t.checked ? "asked" : null, cg.t("what.talk_tick"));
      renderTalk(talk); // a tick that was not saved is taken off again
    } else if (talk && t.matches(".cg-talk-minutes")) {
      const k = talkOf(talk), n = working.meetingMinutes(t.value, null);
      if (n === null) {
        say(talk.querySelector(".cg-talk-bar .cg-status"), k.text.minutes.replace("{n}", minutesOf(talk, k)));
        t.value = String(minutesOf(talk, k));
        return;
      }
      cg.set(fieldKey(k.person, k.sheet, k.fields.minutes), String(n), cg.t("what.minutes"));
      const tm = timerOf(talk);
      if (tm.since === null && tm.left === tm.ms) resetTimer(talk, k);
      renderTalk(talk);
    }
  });

  cg.extend({ render });
})();
