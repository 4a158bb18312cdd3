/* The guide's search worker: Material's own, with the words a reader typed weighed before Material sees them.
 *
 * Material's worker appends a trailing wildcard to every word ("remote work" -> "remote* work*"), and lunr
 * scores a word that merely starts with the one typed ("workshop", "worked") as highly as the word itself;
 * a rarer longer word even scores higher. This wrapper adds each plain word once more as an exact term with a
 * boost (Material leaves a word with "^N" alone), so a section holding the words typed ranks above one
 * holding only longer words that start like them, while the wildcard still finds a word as it is being typed.
 * Queries using lunr's own syntax (quotes, +, -, ~, ^, *, field:) are passed on untouched.
 *
 * Material sends a query for every key released and its worker answers each in turn; on a large guide the
 * first letters of a word match thousands of sections and take long, so the answers fell behind the typing.
 * Here a query waits one turn of the worker's event loop, and one that a newer query has replaced by then is
 * dropped: the reader gets the answer to what the box now holds (Material shows whichever answer comes last).
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
  var latest = null; // the newest query not yet answered
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
    held.splice(0).forEach(receive);
  }

  scope.addEventListener = function (type, listener, options) {
    if (type === "message") material.push(listener);
    else add.call(scope, type, listener, options);
  };
  function answerLatest() {
    var data = latest;
    latest = null;
    if (data) deliver(data);
  }

  function receive(data) {
    if (data && data.type === QUERY && typeof data.data === "string") {
      if (!latest) setTimeout(answerLatest, 0);
      latest = { type: QUERY, data: weigh(data.data) };
    } else deliver(data);
  }

  add.call(scope, "message", function (event) {
    if (loaded) receive(event.data);
    else held.push(event.data);
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
