/* Question picker: narrows a list of questions by the filters the generator writes into the page
   (.cg-picker[data-filters]: career stage, phase, TIARA letter), by priority and by words. Its form is in the
   page (templates/_macros.md.j2), laid out only with JavaScript (.cg-js-only); without it the full list
   shows. "Add all shown" asks the fillable layer (coachguide.js) to add the visible questions, by an event from the picker (it asks the reader and
   offers an undo). Where the list is grouped under headings (the All questions page: a bank's h2, then its
   questions), a heading with no question shown hides too, so the matches come first. Reading the filters and matching a question
   are `core`, from coachguide-core.js, which coachguide.js carries and hands over (window.coachguide). */
(() => {
  "use strict";

  const { core, cg } = window.coachguide; // coachguide.js loads this file, after it has set that

  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const enhanced = new WeakSet(); // each picker is set up once, however often init runs
  const once = (node) => !enhanced.has(node) && enhanced.add(node);

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

  function setUp(picker) {
    if (!once(picker)) return;
    const filters = core.readPickerFilters(picker.dataset.filters || "");
    const items = $$(".cg-question", picker.parentElement);
    if (!filters || !items.length) return void (picker.hidden = true); // the full list stays, as without JavaScript
    const questions = items.map(question);
    // Group headings: the headings among the list's siblings that are not questions themselves.
    const sequence = Array.from(picker.parentElement.children).filter((node) => node.matches("h2:not(.cg-question), .cg-question"));
    const headings = sequence.filter((node) => !node.classList.contains("cg-question"));
    // The guide's interface text, through coachguide.js (which loads this file once its page is set up).
    const t = cg.t;
    // The form is in the page (templates/_macros.md.j2, picker), one select per filter of data-filters.
    const selects = filters.map((filter) => picker.querySelector(`select[data-filter="${CSS.escape(filter.key)}"]`));
    const form = picker.querySelector("form.cg-picker-form");
    const best = picker.querySelector("[data-filter-best]");
    const text = picker.querySelector("[data-filter-words]");
    const clear = picker.querySelector("[data-picker=clear]");
    const addAll = picker.querySelector("[data-picker=add-all]");
    const status = picker.querySelector(".cg-picker-count");
    if (!form || !best || !text || !clear || !addAll || !status || selects.includes(null)) return void (picker.hidden = true);

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
