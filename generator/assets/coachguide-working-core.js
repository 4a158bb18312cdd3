/* coachguide working core: the pure parts of the contacts tracker and conversation mode (issue #15). No DOM,
   no storage, no clock: dates come in as the strings date and datetime-local inputs hold ("2024-05-01",
   "2024-05-01T14:30") and "now" is passed in the same form, so `node --test` checks every rule.
   Served in front of coachguide-working.js, in the same block (generator/resources.py, AROUND). */
const working = (() => {
  "use strict";

  // The tracker's statuses, in the order a conversation goes through them.
  const STATUSES = ["to-contact", "asked", "booked", "met", "thanked", "check-in-due"];
  // No reply to a request after a week: time for the one polite follow-up (guide.yml defaults.follow_up_days
  // says otherwise, through `followUp`).
  const FOLLOW_UP_DAYS = 7;

  const DAY = /^(\d{4})-(\d\d)-(\d\d)/;
  const isDay = (s) => typeof s === "string" && DAY.test(s);
  const day = (s) => (isDay(s) ? s.slice(0, 10) : "");
  // Calendar arithmetic on the written date and time, in UTC so no time zone or DST shift enters.
  function shifted(value, { days = 0, hours = 0 }) {
    const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d))?/.exec(value);
    if (!m) return "";
    const t = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0)));
    t.setUTCDate(t.getUTCDate() + days);
    t.setUTCHours(t.getUTCHours() + hours);
    return t.toISOString().slice(0, 10);
  }

  // The status a row shows: the one the reader chose, else what its dates say; a thanked contact whose
  // check-in day has come is "check-in-due". `v` holds the row's values by column (tracker_fields in render.py).
  function trackerStatus(v, { now, days }) {
    const today = now.slice(0, 10);
    let status = STATUSES.includes(v.status) ? v.status : "";
    if (!status) {
      if (isDay(v.thanked)) status = "thanked";
      else if (isDay(v.meeting)) status = v.meeting.slice(0, 16) <= now ? "met" : "booked";
      else if (isDay(v.asked)) status = "asked";
      else status = "to-contact";
    }
    if (status === "thanked") {
      const due = checkInDay(v, days);
      if (due && due <= today) status = "check-in-due";
    }
    return status;
  }
  const checkInDay = (v, days) => day(v["check-in"]) || (isDay(v.meeting) ? shifted(v.meeting, { days }) : isDay(v.thanked) ? shifted(v.thanked, { days }) : "");

  // What is due next for a row: {kind, date ("" when none), overdue}; kinds name the action, the template
  // words them.
  function nextDue(v, { now, hours, days, followUp = FOLLOW_UP_DAYS }) {
    const status = trackerStatus(v, { now, days });
    const today = now.slice(0, 10);
    let kind, date = "";
    if (status === "to-contact") kind = "contact";
    else if (status === "asked") [kind, date] = ["follow-up", isDay(v.asked) ? shifted(v.asked, { days: followUp }) : ""];
    else if (status === "booked") [kind, date] = ["meeting", day(v.meeting)];
    else if (status === "met") [kind, date] = ["thank-you", isDay(v.meeting) ? shifted(v.meeting, { hours }) : ""];
    else [kind, date] = ["check-in", checkInDay(v, days)];
    return { status, kind, date, overdue: !!date && date < today };
  }

  // Rows sorted by what is due next: dated ones first, soonest first; then the undated by status, then name.
  // Each row is {name, values, ...}; `next` is added to each.
  function sortByDue(rows, opts) {
    const withNext = rows.map((r) => ({ ...r, next: nextDue(r.values, opts) }));
    return withNext.sort((a, b) => {
      if (!!a.next.date !== !!b.next.date) return a.next.date ? -1 : 1;
      if (a.next.date !== b.next.date) return a.next.date < b.next.date ? -1 : 1;
      const s = STATUSES.indexOf(a.next.status) - STATUSES.indexOf(b.next.status);
      return s || a.name.localeCompare(b.name);
    });
  }

  // ---- CSV (RFC 4180): CRLF rows, a field quoted when it holds a quote, comma or line break. A field that a
  // spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP). ----
  function csvField(value) {
    let s = String(value ?? "");
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  // A byte-order mark first, so spreadsheet programs read the names as UTF-8.
  const toCsv = (rows) => "\ufeff" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
  // `word` names the list in the guide's language ("contacts"), as a file name may hold it.
  const csvFileName = (guide, now, word) => {
    const safe = (word || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return `${guide}-${safe || "contacts"}-${now.slice(0, 10)}.csv`;
  };

  // ---- Conversation mode. ----
  // Minutes typed by the reader, as a whole number from 1 to 240, else the fallback (the guide's default).
  function meetingMinutes(text, fallback) {
    const n = Number(String(text).trim());
    return Number.isInteger(n) && n >= 1 && n <= 240 ? n : fallback;
  }
  // A countdown's text: "12:05" (minutes:seconds), "1:02:03" past an hour, and "-0:42" once over time.
  function clock(ms) {
    const over = ms < 0, total = (over ? Math.floor : Math.ceil)(Math.abs(ms) / 1000);
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return (over && total ? "-" : "") + (h ? `${h}:${pad(m)}` : `${m}`) + `:${pad(s)}`;
  }
  // Whether conversation mode's time check is due: `minutes` before the end of a conversation longer than that,
  // and not yet over time (times in milliseconds).
  const timeCheckDue = (left, length, minutes) => length > minutes * 60e3 && left > 0 && left <= minutes * 60e3;
  // A local datetime as the "YYYY-MM-DDTHH:MM" a datetime-local input holds (for `now`).
  const localStamp = (d) => {
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };

  return Object.freeze({
    STATUSES, FOLLOW_UP_DAYS, shifted, trackerStatus, nextDue, sortByDue, csvField, toCsv, csvFileName,
    meetingMinutes, clock, timeCheckDue, localStamp,
  });
})();
if (typeof module === "object" && module) module.exports = working; // Node's tests; a page has no `module`
