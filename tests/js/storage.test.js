// What may be stored under each key, reading stored text back, and the backup of unreadable data.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../generator/assets/coachguide-core.js");

const sheets = { current: "p1", list: [{ id: "p1", name: "Kim" }, { id: "p2", name: "" }] };

test("each key accepts the values it may hold", () => {
  for (const [key, value] of [
    ["check:first:list", "done"],
    ["check:first:list", "na"],
    ["sheet:p1:check:first:list", "done"],
    ["sheet:p1:field:sheet:goal", "text, any text <b>"],
    ["sheet:p1:field:sheet:goal", ""],
    ["sheet:p1:questions", [{ id: "how-start", text: "How?" }]],
    ["sheet:p1:questions", []],
    ["sheet:p1:questions", [{ id: "own-k3x", text: "My own?", own: true }]],
    ["sheet:p1:answer:how-start", "They studied law first."],
    ["sheet:p1:answer:own-k3x", ""],
    ["sheet:p1:draft:thank-you:takeaway", "ride the routes"],
    ["sheet:p1:field:interview:debrief_quote", "ride the routes first"],
    ["sheet:p1:field:interview:debrief_learned", "x"],
    ["sheets", sheets],
    ["ph:first_name", "Robin"],
  ]) assert.ok(core.isValidEntry(key, value), `${key} = ${JSON.stringify(value)}`);
});

test("each key rejects values of the wrong shape and keys of no known kind", () => {
  for (const [key, value] of [
    ["check:first:list", "yes"],
    ["check:first:list", true],
    ["check:First:list", "done"], // ids are lower case
    ["check:first", "done"],
    ["check:first:list:extra", "done"],
    ["sheet:p1:field:sheet:goal", 3],
    ["sheet:p1:field:sheet:goal", null],
    ["sheet:p1:questions", [{ id: "how-start" }]],
    ["sheet:p1:questions", [null]],
    ["sheet:p1:questions", { id: "a", text: "b" }],
    ["sheet:p1:questions", [{ id: "own-k3x", text: "Mine", own: "yes" }]],
    ["sheet:p1:answer:how-start", 3],
    ["sheet:p1:answer:How", "x"],
    ["sheet:p1:draft:thank-you:Takeaway", "x"],
    ["sheet:p1:draft:thank-you:takeaway", ["x"]],
    ["sheet:p1:field:interview:debrief_other", "x"], // only the agreed debrief fields take "_"
    ["sheet:p1:field:interview:goal_2", "x"],
    ["sheets", { current: "p1", list: [] }],
    ["sheets", { current: "p1", list: [{ id: "P 1", name: "x" }] }],
    ["sheets", { current: 1, list: [{ id: "p1", name: "x" }] }],
    ["sheets", { current: "p1", list: [["p1", "x"]] }],
    ["sheets", null],
    ["ph:1st", "x"],
    ["ph:First", "x"],
    ["version", 1],
    ["__proto__", {}],
    ["", "done"],
  ]) assert.equal(core.isValidEntry(key, value), false, `${key} = ${JSON.stringify(value)}`);
});

test("stored text is read back only as JSON its key may hold", () => {
  assert.equal(core.readStored("check:a:b", '"done"'), "done");
  assert.deepEqual(core.readStored("sheets", JSON.stringify(sheets)), sheets);
  assert.equal(core.readStored("check:a:b", "done"), undefined); // not JSON
  assert.equal(core.readStored("check:a:b", '"maybe"'), undefined);
  assert.equal(core.readStored("ph:x", "null"), undefined);
  assert.equal(core.readStored("ph:x", ""), undefined);
});

test("blank values are removed rather than stored", () => {
  for (const v of [null, "", []]) assert.ok(core.isBlank(v), JSON.stringify(v));
  for (const v of [" ", "done", [{ id: "a", text: "b" }], 0, false, {}]) assert.equal(core.isBlank(v), false, JSON.stringify(v));
});

test("the backup reads as an object, keeping a damaged backup whole", () => {
  assert.deepEqual(core.readBackup(null), {});
  assert.deepEqual(core.readBackup('{"k": "v"}'), { k: "v" });
  for (const text of ["not json", "[1, 2]", "null", "5", '"text"'])
    assert.deepEqual(core.readBackup(text), { "earlier backup": text }, text);
});

test("setting data aside adds it to the backup and never overwrites an entry", () => {
  const before = '{"coachguide:g:ph:a": "old"}';
  const backup = core.withSetAside(before, [["coachguide:g:ph:a", "{bad"], ["coachguide:g:ph:b", "x"], ["coachguide:g:ph:a", "again"]]);
  assert.deepEqual(backup, {
    "coachguide:g:ph:a": "old",
    "coachguide:g:ph:a~": "{bad",
    "coachguide:g:ph:b": "x",
    "coachguide:g:ph:a~~": "again",
  });
  assert.deepEqual(core.withSetAside("garbage", [["k", "v"]]), { "earlier backup": "garbage", k: "v" });
  assert.deepEqual(core.withSetAside(null, [["toString", "v"]]), { toString: "v" }); // inherited names are free
  assert.deepEqual(core.withSetAside(null, []), {});
});
