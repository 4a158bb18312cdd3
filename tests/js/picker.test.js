// The question picker's pure parts: reading the filters the generator writes, and matching a question.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const core = require("../../generator/assets/coachguide-core.js");

const GOLDEN = path.join(__dirname, "..", "golden", "mini", "questions");
const FILTERS = [
  { key: "stages", label: "Career stage", options: [["student", "Student"], ["changer", "Career changer"]] },
  { key: "phase", label: "Phase", options: [["opening", "Opening"]] },
];
const question = (values, { priority = false, text = "" } = {}) => ({ values, priority, text });
const choice = (chosen = {}, { best = false, words = "" } = {}) => ({ chosen, best, words: core.searchWords(words) });

test("filters are read from well-formed JSON only", () => {
  assert.deepEqual(core.readPickerFilters(JSON.stringify({ filters: FILTERS })), FILTERS);
  assert.deepEqual(core.readPickerFilters('{"filters": []}'), []);
  for (const text of ["", "{", "null", "[]", '{"filters": {}}', '{"filters": [null]}',
    JSON.stringify({ filters: [{ key: "Bad-Key", label: "x", options: [] }] }), // not a dataset name
    JSON.stringify({ filters: [{ key: "phase", label: 3, options: [] }] }),
    JSON.stringify({ filters: [{ key: "phase", label: "x", options: [["a"]] }] }),
    JSON.stringify({ filters: [{ key: "phase", label: "x", options: [["a", 1]] }] }),
    JSON.stringify({ filters: [{ key: "phase", label: "x" }] })])
    assert.equal(core.readPickerFilters(text), null, text);
});

test("the pages the generator writes carry filters the picker reads, for attributes their questions have", () => {
  for (const page of ["basics.md", "all.md", "best.md"]) {
    const markdown = fs.readFileSync(path.join(GOLDEN, page), "utf8");
    const attr = /<div class="cg-picker cg-js-only" data-filters='([^']*)'>/.exec(markdown);
    assert.ok(attr, `${page} has a picker with filters`);
    const filters = core.readPickerFilters(attr[1]); // json_attr: single-quoted, JSON escapes for ' & < >
    assert.deepEqual(filters.map((f) => f.key), ["stages", "phase", "tiara"], page);
    const questions = markdown.split("\n").filter((line) => line.includes(".cg-question") || line.includes('class="cg-question'));
    assert.ok(questions.length > 0, page);
    for (const line of questions) {
      for (const { key, options } of filters) {
        const attr = new RegExp(`data-${key}="([^"]*)"`).exec(line);
        assert.ok(attr, `${page}: a question without data-${key}: ${line}`);
        const known = options.map(([value]) => value);
        for (const value of attr[1].split(" ").filter(Boolean)) assert.ok(known.includes(value), `${page}: ${key}=${value}`);
      }
    }
  }
});

test("no filter chosen shows every question", () => {
  assert.ok(core.questionMatches(question({}), choice()));
  assert.ok(core.questionMatches(question({ stages: "student" }), choice({ stages: "", phase: "" })));
});

test("a chosen value must be one of the question's space-separated values", () => {
  const q = question({ stages: "student changer", phase: "core", tiara: "" });
  assert.ok(core.questionMatches(q, choice({ stages: "changer" })));
  assert.ok(core.questionMatches(q, choice({ stages: "student", phase: "core" })));
  assert.equal(core.questionMatches(q, choice({ stages: "experienced" })), false);
  assert.equal(core.questionMatches(q, choice({ stages: "change" })), false); // whole values, not parts
  assert.equal(core.questionMatches(q, choice({ stages: "student", phase: "closing" })), false); // every filter must pass
  assert.equal(core.questionMatches(q, choice({ tiara: "trends" })), false); // no TIARA letter
  assert.equal(core.questionMatches(question({}), choice({ phase: "core" })), false); // no attribute at all
});

test("best keeps only priority questions", () => {
  assert.ok(core.questionMatches(question({}, { priority: true }), choice({}, { best: true })));
  assert.equal(core.questionMatches(question({}, { priority: false }), choice({}, { best: true })), false);
  assert.ok(core.questionMatches(question({}, { priority: false }), choice({}, { best: false })));
});

test("every word typed must be in the question's text, in any case and order", () => {
  const q = question({}, { text: "what does a typical day look like?" });
  assert.ok(core.questionMatches(q, choice({}, { words: "  Day   TYPICAL " })));
  assert.ok(core.questionMatches(q, choice({}, { words: "typ" }))); // a part of a word is enough
  assert.equal(core.questionMatches(q, choice({}, { words: "typical week" })), false);
  assert.deepEqual(core.searchWords("  A  b\tC "), ["a", "b", "c"]);
  assert.deepEqual(core.searchWords("   "), []);
});

test("a group shows only while a question under it shows", () => {
  assert.deepEqual(core.shownGroups(["group", false, true, "group", false, "group", true]), [true, false, true]);
  assert.deepEqual(core.shownGroups(["group", "group", true]), [false, true]); // an empty group stays hidden
  assert.deepEqual(core.shownGroups([true, "group"]), [false]); // questions before any heading belong to none
  assert.deepEqual(core.shownGroups([]), []);
});
