// iCalendar writing (RFC 5545): TEXT escaping, folding at 75 octets, the follow-up reminders.
process.env.TZ = "Europe/Berlin"; // before any Date: a zone with daylight saving time
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { en } = require("./catalogue.js");

const octets = (s) => Buffer.byteLength(s, "utf8");
const physicalLines = (text) => text.replace(/\r\n$/, "").split("\r\n");
const unfold = (text) => text.replace(/\r\n /g, "");

test("TEXT escapes backslash, semicolon and comma, backslash first", () => {
  assert.equal(core.icsText("a\\b;c,d"), "a\\\\b\\;c\\,d");
  assert.equal(core.icsText("\\,"), "\\\\\\,"); // not "\\\\," : the comma is escaped after the backslash
});

test("TEXT writes every kind of line break as one \\n", () => {
  assert.equal(core.icsText("a\r\nb"), "a\\nb"); // CRLF is one break, not two
  assert.equal(core.icsText("a\rb"), "a\\nb"); // a lone CR
  assert.equal(core.icsText("a\nb"), "a\\nb");
  assert.equal(core.icsText("a\r\rb"), "a\\n\\nb");
  assert.equal(core.icsText("a\n\r\nb"), "a\\n\\nb");
  assert.equal(core.icsText("a\u0085b\u2028c\u2029d"), "a\\nb\\nc\\nd"); // NEL, LINE and PARAGRAPH SEPARATOR
});

test("TEXT drops control characters and turns a tab into a space", () => {
  assert.equal(core.icsText("a\u0000b"), "ab"); // NUL
  assert.equal(core.icsText("\u0001\u001b[31mred\u007f\u009b"), "[31mred"); // C0, DEL, C1
  assert.equal(core.icsText("a\tb"), "a b");
  const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join("");
  assert.doesNotMatch(core.icsText(all), /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
});

test("TEXT keeps other characters as they are", () => {
  const text = "Zoë “data” 日本 😀 a\u200db"; // ZWJ is a format character, not a control
  assert.equal(core.icsText(text), text);
});

test("a line of 75 octets stays whole; one more octet folds", () => {
  assert.equal(core.foldLine("a".repeat(75)), "a".repeat(75));
  assert.equal(core.foldLine("a".repeat(76)), "a".repeat(75) + "\r\n a");
  assert.equal(core.foldLine(""), "");
});

test("a continuation line counts its leading space", () => {
  const lines = core.foldLine("a".repeat(200)).split("\r\n");
  assert.deepEqual(lines.map((l) => l.length), [75, 75, 52]);
  assert.ok(lines.slice(1).every((l) => l.startsWith(" ")));
});

for (const [name, ch] of [["2-octet", "é"], ["3-octet", "€"], ["4-octet", "😀"]]) {
  test(`folding ${name} characters never splits one and keeps every line within 75 octets`, () => {
    const fatal = new TextDecoder("utf-8", { fatal: true });
    for (let pad = 0; pad < 4; pad++) {
      const line = "SUMMARY:" + "a".repeat(pad) + ch.repeat(60);
      const folded = core.foldLine(line);
      assert.equal(unfold(folded), line);
      const bytes = Buffer.from(folded, "utf8");
      const chunks = [];
      let from = 0;
      for (let i = 0; i + 2 < bytes.length; i++) {
        if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a && bytes[i + 2] === 0x20) {
          chunks.push(bytes.subarray(from, i));
          from = i + 2; // the next chunk starts with its space
        }
      }
      chunks.push(bytes.subarray(from));
      assert.ok(chunks.length > 1, "long enough to fold");
      for (const chunk of chunks) {
        assert.ok(chunk.length <= 75, `${chunk.length} octets`);
        fatal.decode(chunk); // throws on a split sequence
      }
      // Folding is as late as it can be: one more character would not have fitted.
      for (const l of chunks.slice(0, -1)) assert.ok(l.length + octets(ch) > 75);
    }
  });
}

test("UTC times are basic format without milliseconds", () => {
  assert.equal(core.icsUtc(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))), "20240102T030405Z");
});

test("a datetime-local value is read as local time; anything else is null", () => {
  const d = core.localDateTime("2024-03-30T20:00");
  assert.deepEqual([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()], [2024, 2, 30, 20, 0]);
  assert.equal(d.toISOString(), "2024-03-30T19:00:00.000Z"); // CET
  assert.equal(core.localDateTime(""), null);
  assert.equal(core.localDateTime("2024-03-30"), null);
  assert.equal(core.localDateTime("30/03/2024 20:00"), null);
});

const calendar = (name = "Kim Ng", start = "2024-03-30T20:00", place = "") =>
  core.conversationCalendar({
    guide: "mini", sheetId: "p1", name, start: core.localDateTime(start), minutes: 20, place,
    on: "Saturday, 30 March 2024 at 20:00", now: new Date(Date.UTC(2024, 2, 1, 12)), hours: 24, days: 90, t: en, lang: "en",
  });
const starts = (text) => [...text.matchAll(/^DTSTART:(\S+)\r$/gm)].map((m) => m[1]);

test("the conversation, the day-before confirmation, the same-day thank-you and the check-in, across DST", () => {
  // Saturday 30 March 2024, 20:00 CET (19:00Z); summer time starts that night.
  const text = calendar();
  assert.deepEqual(starts(text), [
    "20240330T190000Z", // the conversation
    "20240329T190000Z", // confirm: the day before, 20:00 CET
    "20240330T202000Z", // thank-you: an hour after its end (20:20), 21:20 CET, the same day
    "20240628T180000Z", // check-in: 90 calendar days later, 20:00 CEST
  ]);
  assert.deepEqual([...text.matchAll(/^DURATION:(\S+)\r$/gm)].map((m) => m[1]), ["PT20M", "PT15M", "PT15M", "PT15M"]);
  assert.match(text, /^DTSTAMP:20240301T120000Z\r$/m);
  // Sunday 31 March, 14:00 CEST (12:00Z): the day before is 14:00 CET (13:00Z), not 24 hours earlier.
  assert.deepEqual(starts(calendar("Kim", "2024-03-31T14:00")).slice(0, 2), ["20240331T120000Z", "20240330T130000Z"]);
});

test("a late conversation's thank-you stays on its day: at its end, not after midnight", () => {
  assert.equal(starts(calendar("Kim", "2024-05-02T23:00"))[2], "20240502T212000Z"); // 23:20 CEST
});

test("the place goes in LOCATION; a web link also in URL", () => {
  const unfolded = unfold(calendar("Kim", "2024-05-02T10:00", "Café Nero, Park Row; table 2")).split("\r\n");
  assert.ok(unfolded.includes("LOCATION:Café Nero\\, Park Row\\; table 2"));
  assert.ok(!unfolded.some((l) => l.startsWith("URL:")));
  const link = unfold(calendar("Kim", "2024-05-02T10:00", "https://meet.example/abc-def")).split("\r\n");
  assert.ok(link.includes("URL:https://meet.example/abc-def"));
  assert.ok(!unfold(calendar()).includes("LOCATION:"));
});

test("the calendar has CRLF lines of at most 75 octets, stable ids, and escaped text", () => {
  const name = "Zoë Müller, Ph.D.; “data” lead at Ünïcode GmbH \\ Co\r\nline two\u0000, long enough to fold";
  const text = calendar(name);
  assert.ok(text.endsWith("END:VCALENDAR\r\n"));
  assert.doesNotMatch(text.replace(/\r\n/g, ""), /[\r\n]/); // no bare CR or LF
  assert.ok(physicalLines(text).every((l) => octets(l) <= 75));
  assert.ok(physicalLines(text).some((l) => l.startsWith(" ")));
  const unfolded = unfold(text).split("\r\n");
  assert.ok(unfolded.includes("SUMMARY:Thank-you due: " + core.icsText(name)));
  assert.ok(unfolded.includes("SUMMARY:Thank-you due: Zoë Müller\\, Ph.D.\\; “data” lead at Ünïcode GmbH \\\\ Co\\nline two\\, long enough to fold"));
  assert.deepEqual(unfolded.filter((l) => l.startsWith("UID:")), [
    "UID:mini-p1-conversation-20240330T190000Z@coachguide",
    "UID:mini-p1-confirm-20240330T190000Z@coachguide",
    "UID:mini-p1-thank-you-20240330T190000Z@coachguide",
    "UID:mini-p1-check-in-20240330T190000Z@coachguide",
  ]);
  assert.equal(calendar(name), text); // the same input, the same file
  const event = ["BEGIN:VEVENT", "BEGIN:VALARM", "END:VALARM", "END:VEVENT"];
  assert.deepEqual(unfolded.filter((l) => /^(BEGIN|END):/.test(l)),
    ["BEGIN:VCALENDAR", ...event, ...event, ...event, ...event, "END:VCALENDAR"]);
});

test("file names: accents dropped, ASCII only, at most 40 characters, no dash at either end", () => {
  assert.equal(core.slug("Zoë Müller, Ph.D."), "zoe-muller-ph-d");
  assert.equal(core.slug("  --Hello--  "), "hello");
  assert.equal(core.slug("a".repeat(39) + " b"), "a".repeat(39)); // cut at 40, then the dash trimmed
  assert.equal(core.icsFileName("Zoë", en), "conversation-zoe.ics");
  assert.equal(core.icsFileName("日本語", en), "conversation-calendar.ics"); // nothing left of the name
  assert.equal(core.exportFileName("mini", new Date(Date.UTC(2024, 4, 6, 23, 30))), "mini-my-data-2024-05-06.json");
});
