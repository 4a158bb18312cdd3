/* Question picker: narrows a list of questions by career stage, phase, TIARA letter, priority and text.
 * Builds its filter bar into `.cg-picker` (hidden without JavaScript, where the full list shows).
 * "Add all shown" asks the fillable layer (coachguide.js) to add the visible questions, by event. */
(function () {
  "use strict";

  var FILTERS = [
    { key: "stages", label: "Career stage", options: [["student", "Student"], ["changer", "Career changer"], ["experienced", "Experienced"]] },
    { key: "phase", label: "Phase", options: [["opening", "Opening"], ["core", "Core"], ["closing", "Closing"]] },
    { key: "tiara", label: "TIARA", options: [["trends", "Trends"], ["insights", "Insights"], ["advice", "Advice"], ["resources", "Resources"], ["assignments", "Assignments"]] }
  ];
  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function questionText(item) {
    var clone = item.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return clone.textContent.toLowerCase();
  }

  // The elements that belong to one question: a bank heading and the block after it, or a single block.
  function parts(item) {
    var next = item.nextElementSibling;
    return next && next.classList.contains("cg-qmeta") ? [item, next] : [item];
  }

  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var scope = picker.parentElement;
    var items = Array.prototype.slice.call(scope.querySelectorAll(".cg-question"));
    if (!items.length) return;
    var texts = items.map(questionText);
    var id = "cg-picker-" + (++counter);
    var form = el("form", { "class": "cg-picker-form cg-controls", role: "search", "aria-label": "Filter questions" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var controls = {};
    FILTERS.forEach(function (filter) {
      var field = el("span", { "class": "cg-picker-field" });
      var select = el("select", { id: id + "-" + filter.key });
      select.appendChild(el("option", { value: "" }, "Any"));
      filter.options.forEach(function (option) { select.appendChild(el("option", { value: option[0] }, option[1])); });
      field.appendChild(el("label", { "for": select.id }, filter.label));
      field.appendChild(select);
      form.appendChild(field);
      controls[filter.key] = select;
    });
    var bestField = el("span", { "class": "cg-picker-field" });
    var best = el("input", { type: "checkbox", id: id + "-best" });
    bestField.appendChild(best);
    bestField.appendChild(el("label", { "for": best.id }, "Best for a short call"));
    form.appendChild(bestField);
    var textField = el("span", { "class": "cg-picker-field cg-picker-text" });
    var text = el("input", { type: "search", id: id + "-text", autocomplete: "off" });
    textField.appendChild(el("label", { "for": text.id }, "Words"));
    textField.appendChild(text);
    form.appendChild(textField);
    var clear = el("button", { type: "button", "class": "md-button" }, "Clear filters");
    var addAll = el("button", { type: "button", "class": "md-button md-button--primary" }, "Add all shown to my prep sheet");
    form.appendChild(clear);
    form.appendChild(addAll);
    var status = el("p", { "class": "cg-picker-count", role: "status", "aria-live": "polite" });
    picker.appendChild(form);
    picker.appendChild(status);
    picker.hidden = false;

    function matches(item, index) {
      var data = item.dataset;
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      return (!controls.stages.value || data.stages.split(" ").indexOf(controls.stages.value) >= 0) &&
        (!controls.phase.value || data.phase === controls.phase.value) &&
        (!controls.tiara.value || data.tiara === controls.tiara.value) &&
        (!best.checked || data.priority === "yes") &&
        words.every(function (word) { return texts[index].indexOf(word) >= 0; });
    }
    function apply() {
      var shown = 0;
      items.forEach(function (item, index) {
        var visible = matches(item, index);
        if (visible) shown++;
        parts(item).forEach(function (part) { part.hidden = !visible; });
      });
      status.textContent = shown + " of " + items.length + " questions shown";
      addAll.disabled = shown === 0;
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    clear.addEventListener("click", function () {
      form.reset();
      apply();
      text.focus();
    });
    addAll.addEventListener("click", function () {
      var ids = items.filter(function (item) { return !item.hidden; }).map(function (item) {
        return item.dataset.question || item.id.replace(/^q-/, "");
      });
      document.dispatchEvent(new CustomEvent("coachguide:add-questions", { detail: { ids: ids } }));
      status.textContent = ids.length + " questions added to your prep sheet";
    });
    apply();
  }

  function init() { document.querySelectorAll(".cg-picker").forEach(setUp); }
  // Material's instant navigation swaps pages without a load event; on file:// document$ never emits.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
