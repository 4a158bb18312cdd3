// Export files and the check an import file passes before anything is written.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { en } = require("./catalogue.js");

const NOW = new Date(Date.UTC(2024, 4, 6, 12, 0, 0));
const DATA = {
  "check:first:list": "done",
  "sheets": { current: "p1", list: [{ id: "p1", name: "Kim" }] },
  "sheet:p1:field:sheet:goal": "Learn the job",
  "sheet:p1:questions": [{ id: "how-start", text: "How did you start?" }],
  "ph:first_name": "Robin",
};
const good = (over = {}) => ({ format: "coachguide", guide: "mini", version: core.VERSION, exported: NOW.toISOString(), data: DATA, ...over });

test("an export names its format, guide, version and date, and carries set-aside data only when there is some", () => {
  assert.deepEqual(core.exportFile({ guide: "mini", data: DATA, setAside: {}, now: NOW }), good());
  const file = core.exportFile({ guide: "mini", data: {}, setAside: { "coachguide:mini:x": "{bad" }, now: NOW });
  assert.deepEqual(file.setAside, { "coachguide:mini:x": "{bad" });
});

test("an export imports again, through JSON, into the same guide", () => {
  const file = core.exportFile({ guide: "mini", data: DATA, setAside: { k: "v" }, now: NOW });
  assert.equal(core.importProblem(JSON.parse(JSON.stringify(file)), "mini", en), "");
  assert.equal(core.importProblem(good({ data: {} }), "mini", en), ""); // nothing saved is a valid export too
});

test("a file that is not an export is refused", () => {
  for (const file of [null, undefined, 5, "coachguide", [], [good()], {}, good({ format: "other" }), good({ format: undefined }),
    good({ data: undefined }), good({ data: null }), good({ data: [] }), good({ data: "x" })])
    assert.equal(core.importProblem(file, "mini", en), "is not an export of this guide's data", JSON.stringify(file));
});

test("an export of another guide or version is refused, naming it", () => {
  assert.equal(core.importProblem(good({ guide: "other" }), "mini", en), "belongs to another guide (“other”)");
  assert.equal(core.importProblem(good({ guide: "x".repeat(50) }), "mini", en), `belongs to another guide (“${"x".repeat(40)}…”)`);
  assert.equal(core.importProblem(good({ guide: undefined }), "mini", en), "belongs to another guide (“undefined”)");
  assert.equal(core.importProblem(good({ version: 2 }), "mini", en), "is from another version of this guide (2)");
  assert.equal(core.importProblem(good({ version: "1" }), "mini", en), "is from another version of this guide (1)"); // a string is not the number
});

test("entries this guide cannot read are counted and the first is named", () => {
  const one = { ...DATA, "check:first:list": "yes" };
  assert.equal(core.importProblem(good({ data: one }), "mini", en), "has 1 entry this guide cannot read (the first: “check:first:list”)");
  const two = { ...DATA, "unknown:key": "x", "sheets": { current: "p1", list: [] } };
  assert.equal(core.importProblem(good({ data: two }), "mini", en), "has 2 entries this guide cannot read (the first: “sheets”)");
  const long = { ["ph:" + "a".repeat(60)]: 5 };
  assert.equal(core.importProblem(good({ data: long }), "mini", en), `has 1 entry this guide cannot read (the first: “ph:${"a".repeat(37)}…”)`);
});

test("a value over the size limit is refused with its size", () => {
  const big = "x".repeat(core.MAX_VALUE); // JSON adds two quotes
  assert.equal(
    core.importProblem(good({ data: { "ph:note": big } }), "mini", en),
    "has a value too large to be saved here (“ph:note”: 100,002 characters; the limit is 100,000)"
  );
  assert.equal(core.importProblem(good({ data: { "ph:note": big.slice(2) } }), "mini", en), ""); // exactly the limit
});
