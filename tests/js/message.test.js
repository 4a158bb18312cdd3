// Outreach messages: placeholders filled from the reader's values, lengths counted, the mailto link.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { en } = require("./catalogue.js");

test("each placeholder with a value is filled; one without stays as written", () => {
  assert.equal(core.fillPlaceholders("Hi {first_name}, about {topic}.", { first_name: "Robin" }), "Hi Robin, about {topic}.");
  assert.equal(core.fillPlaceholders("Hi {first_name}", { first_name: "" }), "Hi {first_name}"); // empty is missing
  assert.equal(core.fillPlaceholders("{a}{a}", { a: "x" }), "xx");
  assert.equal(core.fillPlaceholders("no placeholders", { a: "x" }), "no placeholders");
});

test("names an object inherits are not values", () => {
  assert.equal(core.fillPlaceholders("{toString} {constructor} {__proto__}", {}), "{toString} {constructor} {__proto__}");
});

test("a value is inserted as it is: not filled again, no replacement patterns", () => {
  assert.equal(core.fillPlaceholders("{a} {b}", { a: "{b}", b: "x" }), "{b} x");
  assert.equal(core.fillPlaceholders("{a}", { a: "$& $1 $$ <b>&amp;" }), "$& $1 $$ <b>&amp;");
  assert.equal(core.fillPlaceholders("{{a}}", { a: "x" }), "{x}");
  assert.equal(core.fillPlaceholders("{} { }", {}), "{} { }");
});

test("a message fills subject and body and trims the body's trailing space", () => {
  const template = { subject: "Question from {my_name}", body: "Hi {first_name},\n\nThanks.\n\n  \n" };
  assert.deepEqual(core.fillMessage(template, { my_name: "Alex", first_name: "Robin" }), {
    subject: "Question from Alex",
    body: "Hi Robin,\n\nThanks.",
  });
  assert.equal(core.fillMessage({ subject: null, body: "x" }, {}).subject, null); // a channel without subjects
  assert.equal(core.fillMessage({ body: "x" }, {}).subject, null);
  assert.equal(core.fillMessage({ subject: "", body: "x" }, {}).subject, "");
});

test("characters are code points and words are runs of non-space", () => {
  assert.equal(core.countChars("😀é"), 2);
  assert.equal(core.countChars("e\u0301"), 2); // a combining mark is a code point of its own
  assert.equal(core.countChars(""), 0);
  assert.equal(core.countWords("  one two\n\tthree  "), 3);
  assert.equal(core.countWords(""), 0);
  assert.equal(core.countWords("   "), 0);
});

test("the report counts against the channel's limits and lists what is over and still blank", () => {
  const limits = { maxChars: 10, maxWords: 2, maxSubject: 5 };
  const ok = core.messageReport({ subject: "Hi", body: "one two" }, limits, [], en);
  assert.deepEqual(ok, { count: "Message: 7 of 10 characters, 2 of 2 words; subject: 2 of 5 characters.", over: [] });
  const over = core.messageReport({ subject: "Hello!", body: "one two three" }, limits, ["Their first name", "Topic"], en);
  assert.equal(over.count, "Message: 13 of 10 characters, 3 of 2 words; subject: 6 of 5 characters. Still to fill in: Their first name, Topic.");
  assert.deepEqual(over.over, [
    "The message is over the 10-character limit.",
    "Keep the message to 2 words or fewer.",
    "Keep the subject to 5 characters or fewer.",
  ]);
});

test("a limit the page does not set (NaN or 0) is no limit, and no subject means no subject count", () => {
  const report = core.messageReport({ subject: null, body: "x".repeat(500) }, { maxChars: NaN, maxWords: 0, maxSubject: NaN }, [], en);
  assert.deepEqual(report, { count: "Message: 500 characters, 1 word.", over: [] });
});

test("the mailto link percent-encodes UTF-8 and sends line breaks as CRLF", () => {
  assert.equal(
    core.mailtoHref({ subject: "Q & A? 50%", body: "Hi Zoë,\nline\r\nend" }),
    "mailto:?subject=Q%20%26%20A%3F%2050%25&body=Hi%20Zo%C3%AB%2C%0D%0Aline%0D%0Aend"
  );
  assert.equal(core.mailtoHref({ subject: null, body: "x" }), "mailto:?body=x");
  assert.equal(core.mailtoHref({ subject: "", body: "" }), "mailto:?subject=&body=");
});

test("a composer's template is read from well-formed JSON of the right shape only", () => {
  const good = { id: "hello", subject: "Hi {my_name}", body: "Hi {first_name}", placeholders: { first_name: { label: "Their first name", example: "Sam" } } };
  assert.deepEqual(core.readMessageTemplate(JSON.stringify(good)), good);
  assert.deepEqual(core.readMessageTemplate(JSON.stringify({ ...good, subject: null, placeholders: {} })), { ...good, subject: null, placeholders: {} });
  for (const bad of [
    { ...good, id: "Hello" },
    { ...good, subject: undefined },
    { ...good, subject: 3 },
    { ...good, body: null },
    { ...good, placeholders: [] },
    { ...good, placeholders: { "First name": { label: "x", example: "y" } } },
    { ...good, placeholders: { first_name: { label: "x" } } },
    { ...good, placeholders: { first_name: "x" } },
    null,
    [good],
  ]) assert.equal(core.readMessageTemplate(JSON.stringify(bad)), null, JSON.stringify(bad));
  assert.equal(core.readMessageTemplate(""), null);
  assert.equal(core.readMessageTemplate("{"), null);
});

test("blanks come in the order the message uses them, subject first, not by name", () => {
  const ph = (label) => ({ label, example: "x" });
  const t = { id: "t", subject: "About {topic}", body: "Hi {first_name}, {topic} and {action}. {my_name}",
    placeholders: { action: ph("a"), first_name: ph("f"), my_name: ph("m"), topic: ph("t"), unused: ph("u") } };
  assert.deepEqual(core.placeholderOrder(t), ["topic", "first_name", "action", "my_name", "unused"]);
  assert.deepEqual(core.placeholderOrder({ ...t, subject: null }), ["first_name", "topic", "action", "my_name", "unused"]);
});

test("only the reader's own blanks (my_...) are shared by every message", () => {
  assert.ok(core.isReadersOwn("my_name"));
  assert.ok(!core.isReadersOwn("first_name"));
  assert.ok(!core.isReadersOwn("myname"));
});

test("a person's sheet offers first name, organisation, role, place, date and the debrief", () => {
  const fields = { name: "  Priya  Raman ", organisation: "Acme", role: "Planner", "place-or-link": "Café",
    debrief_learned: "they ride the routes", debrief_next: "ride route 7", goal: "ignored" };
  const when = core.localDateTime("2024-06-13T10:00");
  const v = core.personValues(fields, when, "en-GB", en);
  assert.equal(v.first_name, "Priya");
  assert.equal(v.greeting, "Hi Priya");
  assert.equal(v.organisation, "Acme");
  assert.equal(v.role, "Planner");
  assert.equal(v.place_or_link, "Café");
  assert.equal(v.takeaway, "they ride the routes");
  assert.equal(v.action, undefined); // "who to contact next" is not a sentence of the thank-you
  assert.equal(v.meeting_day, "Thursday 13 June");
  assert.match(v.meeting_time, /^10:00/);
  assert.equal(core.personValues({ ...fields, debrief_quote: "ride first" }, null, "en-GB", en).takeaway, "ride first");
  assert.deepEqual(core.personValues({}, null, "en-GB", en), {}); // nothing filled: nothing offered
});

test("a mailto recipient is a plain address or nothing", () => {
  const draft = { subject: "Hi", body: "x" };
  assert.equal(core.mailtoHref(draft, " priya@example.org "), "mailto:priya@example.org?subject=Hi&body=x");
  assert.equal(core.mailtoHref(draft, "zoë+cg@example.org"), "mailto:zo%C3%AB%2Bcg@example.org?subject=Hi&body=x");
  for (const bad of ["priya", "a@b", "a@b.org?cc=x@y.org", "a b@c.org", "a@b.org,c@d.org", ""]) {
    assert.equal(core.mailtoHref(draft, bad), "mailto:?subject=Hi&body=x", bad);
  }
});
