/* coachguide core: the pure parts of the page scripts. No DOM, no storage, no clock: every function maps
   values to values, so `node --test tests/js/` checks them without a browser.
   The site serves no file of its own for it: generator/resources.py puts it in front of coachguide.js, both
   inside one block; the scripts that coachguide.js loads on demand (the picker, the working set) use it through
   `window.coachguide.core`. Under Node, `module.exports` is the core. */
const core = (() => {
  "use strict";

  const VERSION = 1; // of the stored data's shape; exports carry it and imports must match it
  const ID = "[a-z0-9-]+";
  const isText = (v) => typeof v === "string";
  const isRecord = (v) => !!v && typeof v === "object" && !Array.isArray(v);
  const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

  // ---- Stored values: what each key (after "coachguide:GUIDE:") may hold; anything else is set aside. ----
  const isMark = (v) => v === "done" || v === "na";
  const isSheetList = (v) =>
    isRecord(v) && isText(v.current) && Array.isArray(v.list) && v.list.length > 0 &&
    v.list.every((s) => isRecord(s) && isText(s.id) && new RegExp(`^${ID}$`).test(s.id) && isText(s.name));
  // A question from a bank ({id, text}) or the reader's own ({id: "own-...", text, own: true}).
  const isQuestionList = (v) =>
    Array.isArray(v) && v.every((q) => isRecord(q) && isText(q.id) && isText(q.text) && (q.own === undefined || q.own === true));
  const RULES = [
    // The debrief at the end of conversation mode (coachguide-working.js), kept on the person's sheet; the
    // composer reads debrief_quote. Field ids have no "_", so these never collide with the sheet's own fields.
    [new RegExp(`^sheet:${ID}:field:${ID}:debrief_(learned|next|promised|quote)$`), isText],
    [new RegExp(`^check:${ID}:${ID}$`), isMark],
    [new RegExp(`^sheet:${ID}:check:${ID}:${ID}$`), isMark],
    // A field of the sheet, or one of the debrief values conversation mode writes (DEBRIEF_FIELDS).
    [new RegExp(`^sheet:${ID}:field:${ID}:(${ID}|debrief_(learned|next|promised|quote))$`), isText],
    [new RegExp(`^sheet:${ID}:questions$`), isQuestionList],
    [new RegExp(`^sheet:${ID}:answer:${ID}$`), isText],
    [new RegExp(`^sheet:${ID}:draft:${ID}:[a-z][a-z0-9_]*$`), isText],
    [/^sheets$/, isSheetList],
    [/^ph:[a-z][a-z0-9_]*$/, isText],
  ];
  const isValidEntry = (key, value) => RULES.some(([re, ok]) => re.test(key) && ok(value));

  // The value a JSON text holds, or undefined when it is not JSON.
  function parseJSON(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return undefined;
    }
  }

  // A stored JSON text as the value its key may hold, or undefined (not JSON, or not a value for that key).
  function readStored(key, text) {
    const value = parseJSON(text);
    return value !== undefined && isValidEntry(key, value) ? value : undefined;
  }

  // Saving one of these removes the key instead: an empty field or list is the same as nothing stored.
  const isBlank = (v) => v === null || v === "" || (Array.isArray(v) && v.length === 0);

  // ---- Interface text: the guide's message catalogue (generator/messages.py gives the `script.` keys, without
  // that prefix, to generator/resources.py, which serves them in coachguide.js as MESSAGES). A message is a text with {name} placeholders, or plural forms
  // by CLDR category chosen by `count` (Intl.PluralRules); numbers are written the language's way
  // (Intl.NumberFormat). A key the catalogue lacks shows as itself, so a gap is visible, not blank.
  function translator(messages, lang) {
    // The language's rules, made when a count or number is first shown: making them costs more than a page's
    // labels, and most pages show none as they load.
    let rules, numbers;
    const intl = () => {
      if (rules) return;
      try {
        rules = new Intl.PluralRules(lang);
        numbers = new Intl.NumberFormat(lang);
      } catch (e) {
        rules = new Intl.PluralRules("en");
        numbers = new Intl.NumberFormat("en");
      }
    };
    const shown = (v) => (typeof v === "number" ? (intl(), numbers.format(v)) : String(v));
    const all = isRecord(messages) ? messages : {};
    return (key, values = {}) => {
      let m = own(all, key) ? all[key] : undefined;
      if (isRecord(m)) {
        intl();
        const form = rules.select(values.count ?? 0);
        m = own(m, form) ? m[form] : m.other;
      }
      if (!isText(m)) return key;
      return m.replace(/\{([a-z][a-z0-9_]*)\}/g, (whole, name) => (own(values, name) ? shown(values[name]) : whole));
    };
  }

  // The locale for dates and numbers: the first of the reader's languages (navigator.languages) that is a
  // variant of the guide's language, else the guide's language itself.
  function readerLocale(lang, readers) {
    const base = (tag) => String(tag || "").toLowerCase().split("-")[0];
    return readers.find((tag) => base(tag) === base(lang)) || lang;
  }

  // The backup key's text as an object of set-aside entries; a backup that is not one is kept whole.
  function readBackup(text) {
    if (text === null) return {};
    const backup = parseJSON(text);
    return isRecord(backup) ? backup : { "earlier backup": text }; // not a record (or not JSON): kept whole
  }

  // The backup after adding `entries` ([key, stored text] pairs); a key already there gets a "~" more.
  function withSetAside(backupText, entries) {
    const backup = { ...readBackup(backupText) };
    for (const [key, text] of entries) {
      let name = key;
      while (own(backup, name)) name += "~";
      backup[name] = text;
    }
    return backup;
  }

  // ---- Export and import of the reader's data: one JSON file, checked whole before anything is written. ----
  const MAX_VALUE = 100e3; // characters of one saved value, as JSON
  const short = (s) => (String(s).length > 40 ? String(s).slice(0, 40) + "…" : String(s));

  function exportFile({ guide, data, setAside, now }) {
    const file = { format: "coachguide", guide, version: VERSION, exported: now.toISOString(), data };
    if (Object.keys(setAside).length) file.setAside = setAside;
    return file;
  }

  // Why `file` (parsed JSON) cannot be imported into `guide`, in the words of `t` (translator), or "" when
  // every entry in it can be.
  function importProblem(file, guide, t) {
    if (!isRecord(file) || file.format !== "coachguide" || !isRecord(file.data)) return t("import.not_export");
    if (file.guide !== guide) return t("import.other_guide", { guide: short(file.guide) });
    if (file.version !== VERSION) return t("import.other_version", { version: short(file.version) });
    const entries = Object.entries(file.data);
    const bad = entries.filter(([key, value]) => !isValidEntry(key, value));
    if (bad.length) return t("import.unreadable", { count: bad.length, first: short(bad[0][0]) });
    const big = entries.find(([, value]) => JSON.stringify(value).length > MAX_VALUE);
    if (big) return t("import.too_large", { key: short(big[0]), size: JSON.stringify(big[1]).length, limit: MAX_VALUE });
    return "";
  }

  // ---- Prep sheets: several named instances, one per person. ----
  // Names in the words of `t` (translator): the first sheet's, and the one an unnamed sheet shows.
  const DEFAULT_SHEETS = (t) => ({ current: "p1", list: [{ id: "p1", name: t("sheet.numbered", { n: 1 }) }] });
  const sheetName = (sheet, t) => sheet.name.trim() || t("untitled_sheet");
  // The sheet a tab shows: its own choice while that sheet exists, else the stored current one, else the first.
  function shownSheet(sheets, tabChoice) {
    const exists = (id) => sheets.list.some((s) => s.id === id);
    if (exists(tabChoice)) return tabChoice;
    return exists(sheets.current) ? sheets.current : sheets.list[0].id;
  }
  // "Prep sheet N" (in the words of `t`) for the next sheet, with an N no sheet's name already has.
  function newSheetName(list, t) {
    let n = list.length + 1;
    while (list.some((s) => s.name === t("sheet.numbered", { n }))) n++;
    return t("sheet.numbered", { n });
  }

  // ---- Checklist progress. ----
  // [done, to do (all but the not applicable), not applicable] for a list of stored marks.
  const tally = (marks) => [
    marks.filter((m) => m === "done").length,
    marks.filter((m) => m !== "na").length,
    marks.filter((m) => m === "na").length,
  ];
  const addTallies = (a, b) => a.map((n, i) => n + b[i]);
  function progress(done, of, na, t) {
    const count = of === 0 && na ? t("progress.nothing_left") : t("progress.done", { done, of, count: of });
    return {
      text: na ? t("progress.with_na", { progress: count, count: na }) : count,
      percent: of ? (100 * done) / of : na ? 100 : 0,
      complete: done === of && (of > 0 || na > 0),
    };
  }

  // ---- Outreach messages: placeholders filled from the reader's values, lengths counted like the generator. ----
  // The template the generator writes (render.template_data, in .cg-composer[data-message]), or null when
  // the text is not one: {id, subject (null without one), body, placeholders: {name: {label, example}}}.
  function readMessageTemplate(text) {
    const t = parseJSON(text);
    const isPlaceholder = ([name, ph]) => /^[a-z][a-z0-9_]*$/.test(name) && isRecord(ph) && isText(ph.label) && isText(ph.example);
    const ok = isRecord(t) && isText(t.id) && new RegExp(`^${ID}$`).test(t.id) && (t.subject === null || isText(t.subject)) &&
      isText(t.body) && isRecord(t.placeholders) && Object.entries(t.placeholders).every(isPlaceholder);
    return ok ? t : null;
  }
  // Each {name} with a value becomes the value; one without stays as written, so the reader sees the gap.
  const fillPlaceholders = (text, values) =>
    text.replace(/\{([^{}]*)\}/g, (whole, name) => (own(values, name) && values[name]) || whole);
  function fillMessage(template, values) {
    return {
      subject: template.subject == null ? null : fillPlaceholders(template.subject, values),
      body: fillPlaceholders(template.body, values).replace(/\s+$/, ""),
    };
  }
  // The template's placeholder names in the order a reader meets them: the subject first, then the body.
  function placeholderOrder(template) {
    const names = [];
    for (const text of [template.subject || "", template.body]) {
      for (const [, name] of text.matchAll(/\{([^{}]*)\}/g)) {
        if (own(template.placeholders, name) && !names.includes(name)) names.push(name);
      }
    }
    return names.concat(Object.keys(template.placeholders).filter((n) => !names.includes(n)));
  }
  // Where a composer's value is kept: the reader's own ("my_...") once for every message; any other
  // belongs to one person (a prep sheet) and one template.
  const isReadersOwn = (name) => name.startsWith("my_");
  // The debrief conversation mode keeps on a person's sheet (sheet:P:field:SHEET:debrief_...).
  const DEBRIEF_FIELDS = Object.freeze(["debrief_learned", "debrief_next", "debrief_promised", "debrief_quote"]);
  // Values a person's prep sheet offers the composer, by placeholder name; `fields` are the sheet's saved
  // fields by id, `when` the conversation's date (or null), `locale` how to write it.
  function personValues(fields, when, locale, t) {
    const f = (id) => (isText(fields[id]) ? fields[id].trim() : "");
    const first = f("name").split(/\s+/)[0] || "";
    const v = {
      greeting: first && t("composer.greeting", { first }), // informal; the reader types "Dear Dr Okafor" where it fits
      first_name: first,
      name: f("name"),
      organisation: f("organisation"),
      role: f("role"),
      place_or_link: f("place-or-link"),
      takeaway: f("debrief_quote") || f("debrief_learned"),
    };
    if (when) {
      v.meeting_day = when.toLocaleDateString(locale, { weekday: "long", day: "numeric", month: "long" });
      v.meeting_time = when.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
    }
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x));
  }
  // A plain e-mail address (one @, no spaces, nothing a mailto: URL would read as its query), or "".
  const emailAddress = (text) => {
    const t = isText(text) ? text.trim() : "";
    return /^[^\s@?&#,;<>"]+@[^\s@?&#,;<>"]+\.[^\s@?&#,;<>"]+$/.test(t) ? t : "";
  };
  const countChars = (text) => Array.from(text).length; // code points, as the generator's own check counts
  const countWords = (text) => text.split(/\s+/).filter(Boolean).length;
  // A count, or "n of limit" when there is a limit, in the words of `t`.
  const of = (key, n, limit, t) => t(limit ? key + "_of" : key, { count: limit || n, n, limit });

  // The composer's count line and what is over its channel's limits (limits of 0 or NaN are no limits), in
  // the words of `t` (translator).
  function messageReport({ subject, body }, { maxChars, maxWords, maxSubject }, blanks, t) {
    const chars = countChars(body), words = countWords(body);
    const counts = { chars: of("composer.chars", chars, maxChars, t), words: of("composer.words", words, maxWords, t) };
    const over = [];
    if (maxChars && chars > maxChars) over.push(t("composer.over_chars", { count: maxChars }));
    if (maxWords && words > maxWords) over.push(t("composer.over_words", { count: maxWords }));
    let count = t("composer.count", counts);
    if (subject !== null) {
      const n = countChars(subject);
      count = t("composer.count_subject", { ...counts, subject: of("composer.chars", n, maxSubject, t) });
      if (maxSubject && n > maxSubject) over.push(t("composer.over_subject", { count: maxSubject }));
    }
    const todo = blanks.length ? " " + t("composer.to_fill", { blanks: blanks.join(", ") }) : "";
    return { count: count + todo, over };
  }

  // RFC 6068: percent-encoded UTF-8, line breaks as CRLF.
  function mailtoHref({ subject, body }, to) {
    const query = [subject == null ? null : "subject=" + encodeURIComponent(subject)];
    query.push("body=" + encodeURIComponent(body.replace(/\r?\n/g, "\r\n")));
    const address = emailAddress(to || "");
    return "mailto:" + (address ? encodeURIComponent(address).replace(/%40/g, "@") : "") + "?" + query.filter(Boolean).join("&");
  }

  // ---- File names. ----
  // Accents dropped (NFKD, then no combining marks), ASCII only, at most 40 characters.
  const slug = (s) =>
    s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40).replace(/^-+|-+$/g, "");
  const icsFileName = (name, t) => `${slug(t("ics.file")) || "conversation"}-${slug(name) || "calendar"}.ics`;
  const exportFileName = (guide, now) => `${guide}-my-data-${now.toISOString().slice(0, 10)}.json`;

  // ---- iCalendar (RFC 5545): CRLF lines, escaped TEXT, folded at 75 octets, times in UTC. ----
  const HOUR = 3600e3;
  // A datetime-local input's value ("2024-05-01T14:30") as that moment in local time, or null.
  function localDateTime(value) {
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value);
    return m ? new Date(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) : null;
  }
  const icsUtc = (date) => date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  // TEXT (RFC 5545 3.3.11): backslash, semicolon and comma escaped; any line break (CRLF, a lone CR or LF,
  // NEL, U+2028/9) as \n; a tab as a space; every other control character (C0, DEL, C1) dropped.
  const icsText = (s) =>
    s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|[\r\n\x85\u2028\u2029]/g, "\\n").replace(/\t/g, " ").replace(/\p{Cc}/gu, "");
  // A content line folded so no line is over 75 octets of UTF-8; breaks fall between characters, never
  // inside one's bytes. A lone surrogate counts 3: encoders write it as U+FFFD.
  function foldLine(line) {
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

  // A conversation's calendar: the conversation itself (`minutes` long, at `place`), a reminder to confirm
  // it the day before, the thank-you due the same day (within `hours`) and a check-in `days` later. `on`
  // is how the reader's locale writes a date, `now` stamps the file (both passed in, so the same input
  // gives the same calendar); the events speak the words of `t` (translator), in language `lang`.
  function conversationCalendar({ guide, sheetId, name, start, minutes, place, on, now, hours, days, t, lang }) {
    const end = new Date(start.getTime() + minutes * 60e3);
    const dayBefore = new Date(start);
    dayBefore.setDate(dayBefore.getDate() - 1); // calendar days: same local time across a DST change
    // The thank-you an hour after the conversation ends, on the same day; if that is past midnight, at its end.
    const later = new Date(end.getTime() + HOUR);
    const thanks = later.toDateString() === start.toDateString() ? later : end;
    const checkIn = new Date(start);
    checkIn.setDate(checkIn.getDate() + days);
    const where = (place || "").trim();
    const url = /^https?:\/\/[^\s"<>\\^`{|}]+$/i.test(where) ? where : "";
    const event = (kind, when, length, summary, description, extra = [], alarm = "PT0S") => [
      "BEGIN:VEVENT",
      // Stable per sheet and date: importing again updates the events instead of doubling them.
      `UID:${guide}-${sheetId}-${kind}-${icsUtc(start)}@coachguide`,
      "DTSTAMP:" + icsUtc(now),
      "DTSTART:" + icsUtc(when),
      `DURATION:PT${length}M`,
      kind === "conversation" ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT",
      "SUMMARY:" + icsText(summary),
      "DESCRIPTION:" + icsText(description),
      ...extra,
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "DESCRIPTION:" + icsText(summary),
      "TRIGGER:" + alarm,
      "END:VALARM",
      "END:VEVENT",
    ];
    const at = where ? t("ics.at", { place: where }) : "";
    const language = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang || "") ? lang.toUpperCase() : "EN";
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:-//coachguide//${guide}//${language}`,
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      ...event("conversation", start, minutes, t("ics.conversation", { name }),
        t("ics.conversation_text", { count: minutes, at }),
        [...(where ? ["LOCATION:" + icsText(where)] : []), ...(url ? ["URL:" + url] : [])], "-PT30M"),
      ...event("confirm", dayBefore, 15, t("ics.confirm", { name }), t("ics.confirm_text", { on, at })),
      ...event("thank-you", thanks, 15, t("ics.thanks", { name }), t("ics.thanks_text", { count: hours, on })),
      ...event("check-in", checkIn, 15, t("ics.check_in", { name }), t("ics.check_in_text", { count: days, on })),
      "END:VCALENDAR",
    ];
    return lines.map(foldLine).join("\r\n") + "\r\n";
  }

  // Which groups of a list show while it is filtered: `items` in page order, each a group heading
  // ("group") or whether a question shows (true/false); a group shows when a question under it shows.
  function shownGroups(items) {
    const shown = [];
    let group = -1;
    for (const item of items) {
      if (item === "group") shown[++group] = false;
      else if (item && group >= 0) shown[group] = true;
    }
    return shown;
  }

  // ---- Question picker. ----
  // The filters the generator writes (render.PICKER_DATA, in .cg-picker[data-filters]):
  // {filters: [{key, label, options: [[value, label], ...]}, ...]}; null when the text is not that.
  function readPickerFilters(text) {
    const data = parseJSON(text);
    const isOption = (o) => Array.isArray(o) && o.length === 2 && o.every(isText);
    const isFilter = (f) => isRecord(f) && /^[a-z]+$/.test(f.key) && isText(f.label) && Array.isArray(f.options) && f.options.every(isOption);
    return isRecord(data) && Array.isArray(data.filters) && data.filters.every(isFilter) ? data.filters : null;
  }
  const searchWords = (text) => text.toLowerCase().split(/\s+/).filter(Boolean);
  // Whether a question passes: each chosen filter value is among its values for that key (space-separated,
  // as in its data-* attributes); "best" keeps only priority questions; every word is in its text.
  function questionMatches(question, { chosen, best, words }) {
    return Object.entries(chosen).every(([key, value]) => !value || (question.values[key] || "").split(" ").includes(value)) &&
      (!best || question.priority) &&
      words.every((word) => question.text.includes(word));
  }

  return Object.freeze({
    VERSION, MAX_VALUE, translator, readerLocale, parseJSON, isValidEntry, readStored, isBlank, readBackup, withSetAside, exportFile, importProblem,
    DEFAULT_SHEETS, sheetName, shownSheet, newSheetName, tally, addTallies, progress,
    readMessageTemplate, fillPlaceholders, fillMessage, placeholderOrder, isReadersOwn, DEBRIEF_FIELDS,
    personValues, emailAddress, countChars, countWords, messageReport, mailtoHref,
    slug, icsFileName, exportFileName, localDateTime, icsUtc, icsText, foldLine, conversationCalendar, shownGroups,
    readPickerFilters, searchWords, questionMatches,
  });
})();
if (typeof module === "object" && module) module.exports = core; // Node's tests; a page has no `module`
