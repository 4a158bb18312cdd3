// The page scripts' messages as the generator writes them into a page (generator/messages.py, `script.` keys),
// read through the generator itself so these tests use the shipped catalogues, not a copy of them.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const core = require("../../generator/assets/coachguide-core.js");

const root = path.join(__dirname, "..", "..");
const venv = path.join(root, ".venv", "bin", "python");
const python = fs.existsSync(venv) ? venv : "python3";

const cache = {};
function messages(lang) {
  cache[lang] = cache[lang] || JSON.parse(execFileSync(python, ["-m", "generator.messages", lang], { cwd: root, encoding: "utf-8" }));
  return cache[lang];
}
// The translator a page in `lang` uses.
const translator = (lang) => core.translator(messages(lang), lang);

module.exports = { messages, translator, en: translator("en") };
