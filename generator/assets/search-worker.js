/* The guide's search worker: Material's own, with the words a reader typed weighed before Material sees them.
 *
 * Material's worker appends a trailing wildcard to every word ("remote work" -> "remote* work*"), and lunr
 * scores a word that merely starts with the one typed ("workshop", "worked") as highly as the word itself;
 * a rarer longer word even scores higher. This wrapper adds each plain word once more as an exact term with a
 * boost (Material leaves a word with "^N" alone), so a section holding the words typed ranks above one
 * holding only longer words that start like them, while the wildcard still finds a word as it is being typed.
 * Queries using lunr's own syntax (quotes, +, -, ~, ^, *, field:) are passed on untouched.
 *
 * It runs wherever Material's worker would run: a Web Worker when served; from file://, a worker started
 * from a blob (iframe-worker.js), where the build has put Material's worker into `self.__cgMaterial`; or,
 * failing that, the hidden iframe of iframe-worker.js, where importScripts is asynchronous.
 * The build replaces __CG_MATERIAL_WORKER__ with the file name of Material's worker, beside this one.
 */
(function () {
  "use strict";
  var MATERIAL = "__CG_MATERIAL_WORKER__";
  // The exact word's weight against its prefix (README, "Search": measured on the reader queries).
  var EXACT_BOOST = 5;
  var QUERY = 2; // Material's message types: 0 setup, 1 ready, 2 query, 3 result
  var scope = self;
  var material = []; // Material's message listeners, caught as it registers them
  var held = []; // messages that arrived before Material's worker was loaded
  var loaded = false;
  var add = scope.addEventListener;

  function weigh(query) {
    if (/["+\-~^*:]/.test(query)) return query; // the reader wrote a lunr query: theirs to keep
    var words = query.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return query;
    return words.map(function (word) { return word + "^" + EXACT_BOOST; }).concat(words).join(" ");
  }

  function deliver(data) {
    var event = { data: data };
    material.forEach(function (listener) { listener.call(scope, event); });
  }

  function ready() {
    scope.addEventListener = add;
    loaded = true;
    held.splice(0).forEach(deliver);
  }

  scope.addEventListener = function (type, listener, options) {
    if (type === "message") material.push(listener);
    else add.call(scope, type, listener, options);
  };
  add.call(scope, "message", function (event) {
    var data = event.data;
    if (data && data.type === QUERY && typeof data.data === "string") data = { type: QUERY, data: weigh(data.data) };
    if (loaded) deliver(data);
    else held.push(data);
  });

  if (typeof scope.__cgMaterial === "function") {
    scope.__cgMaterial();
    ready();
  } else {
    var here = typeof document !== "undefined" && document.currentScript
      ? document.currentScript.src
      : scope.location.href;
    Promise.resolve(scope.importScripts(new URL(MATERIAL, here).href)).then(ready);
  }
})();
