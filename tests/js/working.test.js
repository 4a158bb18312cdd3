// The contacts tracker's statuses, what is due next and its order, the CSV, and conversation mode's clock.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { en } = require("./catalogue.js");
const w = require("../../generator/assets/coachguide-working-core.js");

const opts = { now: "2024-05-10T12:00", hours: 24, days: 90 };

test("a row without a chosen status takes it from its dates", () => {
  assert.equal(w.trackerStatus({}, opts), "to-contact");
  assert.equal(w.trackerStatus({ asked: "2024-05-01" }, opts), "asked");
  assert.equal(w.trackerStatus({ asked: "2024-05-01", meeting: "2024-05-12T09:00" }, opts), "booked");
  assert.equal(w.trackerStatus({ meeting: "2024-05-10T11:59" }, opts), "met");
  assert.equal(w.trackerStatus({ meeting: "2024-05-09T10:00", thanked: "2024-05-09" }, opts), "thanked");
});

test("the chosen status wins, and a thanked contact whose check-in day came is check-in due", () => {
  assert.equal(w.trackerStatus({ status: "asked", meeting: "2024-05-01T10:00" }, opts), "asked");
  assert.equal(w.trackerStatus({ status: "bogus", asked: "2024-05-01" }, opts), "asked");
  assert.equal(w.trackerStatus({ status: "thanked", "check-in": "2024-05-10" }, opts), "check-in-due");
  assert.equal(w.trackerStatus({ status: "thanked", "check-in": "2024-05-11" }, opts), "thanked");
  // no check-in date written: the guide's default number of days after the conversation
  assert.equal(w.trackerStatus({ thanked: "2024-02-02", meeting: "2024-02-01T10:00" }, opts), "check-in-due");
});

test("what is due next, with its date and whether it is overdue", () => {
  assert.deepEqual(w.nextDue({}, opts), { status: "to-contact", kind: "contact", date: "", overdue: false });
  assert.deepEqual(w.nextDue({ asked: "2024-05-01" }, opts), { status: "asked", kind: "follow-up", date: "2024-05-08", overdue: true });
  assert.deepEqual(w.nextDue({ meeting: "2024-05-12T09:00" }, opts), { status: "booked", kind: "meeting", date: "2024-05-12", overdue: false });
  // the thank-you is due `hours` after the conversation, on the calendar (no time zone shift)
  assert.deepEqual(w.nextDue({ meeting: "2024-05-09T23:30" }, opts), { status: "met", kind: "thank-you", date: "2024-05-10", overdue: false });
  assert.deepEqual(w.nextDue({ meeting: "2024-03-30T10:00", thanked: "2024-03-31" }, opts).date, "2024-06-28");
});

test("rows sort by the soonest due date, then the undated by status and name", () => {
  const rows = [
    { name: "Zoe", values: {} },
    { name: "Ann", values: {} },
    { name: "Meeting later", values: { meeting: "2024-06-01T10:00" } },
    { name: "Overdue thanks", values: { meeting: "2024-05-01T10:00" } },
    { name: "Asked", values: { status: "asked" } },
  ];
  assert.deepEqual(w.sortByDue(rows, opts).map((r) => r.name), ["Overdue thanks", "Meeting later", "Ann", "Zoe", "Asked"]);
});

test("CSV fields are quoted when they must be, formulas are defused, rows end in CRLF", () => {
  assert.equal(w.csvField("plain"), "plain");
  assert.equal(w.csvField('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(w.csvField("two\nlines"), '"two\nlines"');
  assert.equal(w.csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(w.csvField("-1"), "'-1");
  assert.equal(w.csvField(null), "");
  assert.equal(w.toCsv([["a", "b"], ["c,d", "é"]]), '\ufeffa,b\r\n"c,d",é\r\n');
  assert.equal(w.csvFileName("mini", "2024-05-10T12:00", "contacts"), "mini-contacts-2024-05-10.csv");
});

test("the countdown's clock, and the length a reader may type", () => {
  assert.equal(w.clock(20 * 60e3), "20:00");
  assert.equal(w.clock(61e3 - 1), "1:01");
  assert.equal(w.clock(3723e3), "1:02:03");
  assert.equal(w.clock(0), "0:00");
  assert.equal(w.clock(-400), "0:00");
  assert.equal(w.clock(-42e3), "-0:42");
  assert.equal(w.meetingMinutes("30", 20), 30);
  assert.equal(w.meetingMinutes(" 5 ", 20), 5);
  for (const bad of ["", "0", "2.5", "241", "x", "-3"]) assert.equal(w.meetingMinutes(bad, 20), 20, bad);
});

test("the debrief and the working set's fields are values a sheet may hold, exported and imported", () => {
  for (const key of ["debrief_learned", "debrief_next", "debrief_promised", "debrief_quote", "tracker-status", "talk-asked-how-start", "talk-note-how-start"]) {
    assert.ok(core.isValidEntry(`sheet:p1:field:sheet:${key}`, "text"), key);
  }
  assert.equal(core.isValidEntry("sheet:p1:field:sheet:debrief_other", "text"), false);
  assert.equal(core.isValidEntry("sheet:p1:field:sheet:debrief_quote", 3), false);
  const file = core.exportFile({ guide: "mini", data: { "sheet:p1:field:sheet:debrief_quote": "Be curious." }, setAside: {}, now: new Date(0) });
  assert.equal(core.importProblem(file, "mini", en), "");
});

test("local stamps are what a datetime-local input holds", () => {
  assert.equal(w.localStamp(new Date(2024, 0, 2, 3, 4)), "2024-01-02T03:04");
  assert.equal(w.shifted("2024-12-31", { days: 1 }), "2025-01-01");
  assert.equal(w.shifted("nonsense", { days: 1 }), "");
});

test("the no-reply follow-up is due after the guide's follow_up_days, a week when it gives none", () => {
  assert.equal(w.nextDue({ asked: "2024-05-01" }, opts).date, "2024-05-08");
  assert.deepEqual(w.nextDue({ asked: "2024-05-01" }, { ...opts, followUp: 10 }), { status: "asked", kind: "follow-up", date: "2024-05-11", overdue: false });
  assert.equal(w.nextDue({ asked: "2024-04-28" }, { ...opts, followUp: 3 }).date, "2024-05-01");
});

test("the time check is due in the last minutes of a conversation longer than them, not once over time", () => {
  const min = 60e3;
  assert.equal(w.timeCheckDue(5 * min + 1, 20 * min, 5), false);
  assert.equal(w.timeCheckDue(5 * min, 20 * min, 5), true);
  assert.equal(w.timeCheckDue(1000, 20 * min, 5), true);
  assert.equal(w.timeCheckDue(0, 20 * min, 5), false); // time is up: the time-up message says it
  assert.equal(w.timeCheckDue(-5000, 20 * min, 5), false);
  assert.equal(w.timeCheckDue(4 * min, 5 * min, 5), false); // a call no longer than the check: never
  assert.equal(w.timeCheckDue(2 * min, 4 * min, 3), true);
});
