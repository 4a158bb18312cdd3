// The page scripts' interface text: the shipped catalogues through core.translator, with plural forms by
// Intl.PluralRules and numbers by Intl.NumberFormat; the pure functions speak whatever language they are given.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { translator, messages } = require("./catalogue.js");

const de = translator("de"), fr = translator("fr"), es = translator("es"), en = translator("en");

test("placeholders are filled, numbers written the language's way, and a missing key shows as itself", () => {
  const t = core.translator({ hi: "Hallo {name}, {n} Fragen", plain: "{unknown} stays" }, "de");
  assert.equal(t("hi", { name: "Kim", n: 12500 }), "Hallo Kim, 12.500 Fragen");
  assert.equal(t("plain"), "{unknown} stays");
  assert.equal(t("no.such.key"), "no.such.key");
  // A language tag Intl refuses falls back to English rules instead of breaking the page.
  assert.equal(core.translator({ n: "{n}" }, "not a tag!")("n", { n: 1000 }), "1,000");
});

test("plural forms follow each language's CLDR rules", () => {
  const t = (lang) => core.translator({ q: { one: "one {count}", few: "few {count}", many: "many {count}", other: "other {count}" } }, lang);
  assert.deepEqual([0, 1, 2].map((count) => t("en")("q", { count })), ["other 0", "one 1", "other 2"]);
  assert.deepEqual([0, 1, 2].map((count) => t("fr")("q", { count })), ["one 0", "one 1", "other 2"]); // French: 0 is singular
  assert.deepEqual([1, 3, 5].map((count) => t("pl")("q", { count })), ["one 1", "few 3", "many 5"]);
  assert.equal(core.translator({ q: { other: "only {count}" } }, "ja")("q", { count: 1 }), "only 1"); // no "one": other
});

test("every shipped catalogue gives the scripts the same keys", () => {
  const keys = (lang) => Object.keys(messages(lang)).sort();
  for (const lang of ["de", "fr", "es"]) assert.deepEqual(keys(lang), keys("en"), lang);
});

test("progress, sheet names, the composer's report and import problems in German", () => {
  assert.equal(core.progress(2, 5, 1, de).text, "2 von 5 erledigt (1 entfällt)");
  assert.equal(core.progress(0, 0, 2, de).text, "Nichts mehr zu tun (2 entfallen)");
  assert.equal(core.newSheetName([{ id: "p1", name: "Vorbereitungsbogen 1" }], de), "Vorbereitungsbogen 2");
  assert.equal(core.sheetName({ name: " " }, de), "Unbenannter Bogen");
  const report = core.messageReport({ subject: "Hallo", body: "eins zwei drei" }, { maxChars: 0, maxWords: 2, maxSubject: 0 }, ["Vorname"], de);
  assert.equal(report.count, "Nachricht: 14 Zeichen, 3 von 2 Wörtern; Betreff: 5 Zeichen. Noch auszufüllen: Vorname.");
  assert.deepEqual(report.over, ["Beschränken Sie die Nachricht auf höchstens 2 Wörter."]);
  assert.equal(core.importProblem({ format: "coachguide", guide: "x", version: 1, data: {} }, "mini", de), "gehört zu einem anderen Leitfaden („x“)");
  assert.equal(core.personValues({ name: "Kim Ng" }, null, "de", de).greeting, "Hallo Kim");
});

test("French and Spanish read as their own languages, with their own typography", () => {
  assert.equal(core.progress(1, 3, 0, fr).text, "Fait\u00a0: 1 sur 3");
  assert.equal(core.personValues({ name: "Ana Ruiz" }, null, "es", es).greeting, "Hola, Ana");
  assert.equal(core.messageReport({ subject: null, body: "uno" }, {}, [], es).count, "Mensaje: 3 caracteres, 1 palabra.");
  assert.equal(core.icsFileName("Zoë", fr), "entretien-zoe.ics");
  assert.equal(core.icsFileName("Kim", en), "conversation-kim.ics");
});

test("the calendar speaks the guide's language and says so", () => {
  const text = core.conversationCalendar({
    guide: "mini", sheetId: "p1", name: "Kim Ng", start: core.localDateTime("2024-05-02T10:00"), minutes: 1, place: "Café",
    on: "Donnerstag, 2. Mai 2024 um 10:00", now: new Date(Date.UTC(2024, 3, 1)), hours: 24, days: 90, t: de, lang: "de",
  });
  const unfolded = text.replace(/\r\n /g, "");
  assert.match(unfolded, /^PRODID:-\/\/coachguide\/\/mini\/\/DE\r$/m);
  assert.match(unfolded, /^SUMMARY:Gespräch: Kim Ng\r$/m);
  assert.match(unfolded, /^DESCRIPTION:1 Minute \(Café\)\. Halten Sie die erbetene Zeit ein\.\r$/m);
  assert.match(unfolded, /^SUMMARY:Morgen bestätigen: Kim Ng\r$/m);
  assert.match(unfolded, /^DESCRIPTION:Senden Sie heute Ihre Dankesnachricht\\, innerhalb von 24 Stunden nach Ihrem Gespräch am Donnerstag\\, 2\. Mai 2024 um 10:00\.\r$/m);
  assert.match(unfolded, /^SUMMARY:Wieder melden: Kim Ng\r$/m);
  assert.doesNotMatch(unfolded, /Conversation|Confirm|Thank|Check in/);
});

test("dates follow the reader's variant of the guide's language, else the guide's language", () => {
  assert.equal(core.readerLocale("en", ["en-GB", "de"]), "en-GB");
  assert.equal(core.readerLocale("de", ["en-GB", "de-CH"]), "de-CH");
  assert.equal(core.readerLocale("de", ["en-GB"]), "de");
  assert.equal(core.readerLocale("pt-BR", ["pt-PT"]), "pt-PT");
  assert.equal(core.readerLocale("fr", []), "fr");
});
