// Checklist progress and the prep sheets a tab shows.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");
const { en } = require("./catalogue.js");

test("a tally counts done, still to do (all but not applicable) and not applicable", () => {
  assert.deepEqual(core.tally([null, "done", "na", "done"]), [2, 3, 1]);
  assert.deepEqual(core.tally([]), [0, 0, 0]);
  assert.deepEqual(core.addTallies([2, 3, 1], [0, 4, 2]), [2, 7, 3]);
});

test("progress reads as a sentence, a meter width and whether it is complete", () => {
  assert.deepEqual(core.progress(0, 0, 0, en), { text: "0 of 0 done", percent: 0, complete: false });
  assert.deepEqual(core.progress(1, 4, 0, en), { text: "1 of 4 done", percent: 25, complete: false });
  assert.deepEqual(core.progress(2, 2, 1, en), { text: "2 of 2 done (1 not applicable)", percent: 100, complete: true });
  // Every item not applicable: nothing is left, and that counts as complete.
  assert.deepEqual(core.progress(0, 0, 3, en), { text: "Nothing left to do (3 not applicable)", percent: 100, complete: true });
});

test("a tab shows its own sheet while it exists, else the stored current one, else the first", () => {
  const sheets = { current: "p2", list: [{ id: "p1", name: "A" }, { id: "p2", name: "B" }] };
  assert.equal(core.shownSheet(sheets, "p1"), "p1");
  assert.equal(core.shownSheet(sheets, null), "p2");
  assert.equal(core.shownSheet(sheets, "deleted"), "p2");
  assert.equal(core.shownSheet({ ...sheets, current: "gone" }, null), "p1");
  assert.equal(core.shownSheet(core.DEFAULT_SHEETS(en), null), "p1");
});

test("a new sheet gets the next number no sheet's name has", () => {
  assert.equal(core.newSheetName([{ id: "p1", name: "Prep sheet 1" }], en), "Prep sheet 2");
  assert.equal(core.newSheetName([{ id: "p1", name: "Kim" }, { id: "p2", name: "Prep sheet 3" }], en), "Prep sheet 4");
  assert.equal(core.newSheetName([], en), "Prep sheet 1");
});

test("a sheet without a name is called Untitled", () => {
  assert.equal(core.sheetName({ name: "  Kim Ng " }, en), "Kim Ng");
  assert.equal(core.sheetName({ name: " \t" }, en), "Untitled sheet");
});

test("the default sheets are a fresh value each time", () => {
  const a = core.DEFAULT_SHEETS(en);
  a.list.push({ id: "p2", name: "x" });
  assert.equal(core.DEFAULT_SHEETS(en).list.length, 1);
  assert.ok(core.isValidEntry("sheets", core.DEFAULT_SHEETS(en)));
});
