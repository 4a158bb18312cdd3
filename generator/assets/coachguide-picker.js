/* Question picker: narrows a list of questions by the filters the generator writes into the page
   (.cg-picker[data-filters]: career stage, phase, TIARA letter), by priority and by words. Builds its form into
   `.cg-picker` (hidden without JavaScript, where the full list shows). "Add all shown" asks the fillable
   layer (coachguide.js) to add the visible questions, by an event from the picker (it asks the reader and
   offers an undo). Where the list is grouped under headings (the All questions page: a bank's h2, then its
   questions), a heading with no question shown hides too, so the matches come first. Reading the filters and matching a question
   are `core`, from coachguide-core.js, served in front of this. */
(() => {
  "use strict";

  // ---- DOM helpers, as in coachguide.js: text only, attributes by name. ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children); // strings become text nodes
    return node;
  }
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const field = (...children) => el("span", { class: "cg-picker-field" }, ...children);
  const enhanced = new WeakSet(); // each picker is set up once, however often init runs
  const once = (node) => !enhanced.has(node) && enhanced.add(node);
  let pickers = 0; // numbers the ids of each picker's controls

  // A question as core.questionMatches reads it: its data-* values, its priority, its text in lower case
  // (without the heading's permalink sign).
  function question(item) {
    const clone = item.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return { values: item.dataset, priority: item.dataset.priority === "yes", text: clone.textContent.toLowerCase() };
  }

  // The elements one question shows in: a bank heading and the block after it, or a single block.
  function parts(item) {
    const next = item.nextElementSibling;
    return next && next.classList.contains("cg-qmeta") ? [item, next] : [item];
  }

  const questionId = (item) => item.dataset.question || item.id.replace(/^q-/, ""); // bank headings: id="q-ID"

  function select(id, filter, t) {
    return el("select", { id: `${id}-${filter.key}` }, el("option", { value: "" }, t("picker.any")),
      ...filter.options.map(([value, label]) => el("option", { value }, label)));
  }

  function setUp(picker) {
    if (!once(picker)) return;
    const filters = core.readPickerFilters(picker.dataset.filters || "");
    const items = $$(".cg-question", picker.parentElement);
    if (!filters || !items.length) return; // the full list stays, as without JavaScript
    const questions = items.map(question);
    // Group headings: the headings among the list's siblings that are not questions themselves.
    const sequence = Array.from(picker.parentElement.children).filter((node) => node.matches("h2:not(.cg-question), .cg-question"));
    const headings = sequence.filter((node) => !node.classList.contains("cg-question"));
    const id = `cg-picker-${++pickers}`;
    // The guide's interface text, as coachguide.js reads it (core.translator over .cg-guide[data-messages]).
    const guide = document.querySelector(".cg-guide") || { dataset: {} };
    const t = core.translator(core.parseJSON(guide.dataset.messages || ""), guide.dataset.lang || undefined);
    const selects = filters.map((filter) => select(id, filter, t));
    const best = el("input", { type: "checkbox", id: `${id}-best` });
    const text = el("input", { type: "search", id: `${id}-text`, autocomplete: "off" });
    const clear = el("button", { type: "button", class: "md-button" }, t("picker.clear"));
    const addAll = el("button", { type: "button", class: "md-button md-button--primary" }, t("picker.add_all"));
    const form = el("form", { class: "cg-picker-form cg-controls", role: "search", "aria-label": t("picker.label") },
      ...filters.map((filter, i) => field(el("label", { for: selects[i].id }, filter.label), selects[i])),
      field(best, el("label", { for: best.id }, t("picker.best"))),
      el("span", { class: "cg-picker-field cg-picker-text" }, el("label", { for: text.id }, t("picker.words")), text),
      clear, addAll);
    const status = el("p", { class: "cg-picker-count", role: "status", "aria-live": "polite" });
    picker.append(form, status);
    picker.hidden = false;

    function apply() {
      const choice = {
        chosen: Object.fromEntries(filters.map((filter, i) => [filter.key, selects[i].value])),
        best: best.checked,
        words: core.searchWords(text.value),
      };
      let shown = 0;
      items.forEach((item, i) => {
        const visible = core.questionMatches(questions[i], choice);
        shown += visible;
        parts(item).forEach((part) => (part.hidden = !visible));
      });
      const groups = core.shownGroups(sequence.map((node) => (headings.includes(node) ? "group" : !node.hidden)));
      headings.forEach((h, i) => (h.hidden = !groups[i]));
      const counts = { shown, count: items.length };
      status.textContent = headings.length
        ? t("picker.shown_in_banks", { ...counts, banks: groups.filter(Boolean).length, of: headings.length })
        : t("picker.shown", counts);
      addAll.disabled = shown === 0;
    }
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    clear.addEventListener("click", () => {
      form.reset();
      apply();
      text.focus();
    });
    addAll.addEventListener("click", () => {
      const ids = items.filter((item) => !item.hidden).map(questionId);
      // coachguide.js asks first and says what it did, in this picker.
      picker.dispatchEvent(new CustomEvent("coachguide:add-questions", { bubbles: true, detail: { ids } }));
    });
    apply();
  }

  const init = () => $$(".cg-picker").forEach(setUp);
  // Material's instant navigation swaps pages without a load event; on file:// document$ never emits.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
