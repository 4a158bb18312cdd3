/* Search's worker for pages opened from file://, where browsers refuse `new Worker(file:...)`.
 *
 * Material's offline plugin skips its own remote shim when `extra.polyfills` names a script whose path
 * contains "iframe-worker": this file. Every build ships it; the pages of an offline copy load it in their
 * head (offline.py), hosted pages do not, and it does nothing unless the page was opened from file://. There it
 * replaces `Worker`; nothing is loaded until the page first talks to the worker (Material sets search up when
 * the reader opens it).
 *
 * First choice: a real worker thread started from a blob. search-worker-source.js (beside this file, written
 * by the build) sets `__cgSearchWorker` to the whole worker as text: Material's worker, the lunr language
 * files it would import, and the guide's wrapper (search-worker.js). Building the index then happens off the
 * page's thread, so the page keeps answering while it runs.
 * Fallback, when a blob worker cannot start: the worker script in a hidden same-origin iframe, on the page's
 * thread. Material's worker looks for `IFrameWorker` on its parent to find its language files, and awaits
 * `importScripts`, so both are provided there.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var here = document.currentScript ? document.currentScript.src : location.href;
  var SOURCE = new URL("search-worker-source.js", here).href;
  var NativeWorker = window.Worker;

  function addScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      doc.head.appendChild(script);
    });
  }

  function IFrameWorker(url) {
    var self = this;
    var listeners = [];
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;

    // Inside the frame, postMessage talks to this object rather than to the frame's window.
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      listeners.forEach(function (listener) { listener(event); });
    };
    scope.importScripts = function () {
      return Array.prototype.reduce.call(arguments, function (done, src) {
        return done.then(function () { return addScript(scope.document, src); });
      }, Promise.resolve());
    };
    function deliver(data) {
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }
    this.onmessage = null;
    this.onerror = null;
    this.postMessage = function (data) {
      if (ready) deliver(data); else queue.push(data);
    };
    this.addEventListener = function (type, listener) {
      if (type === "message") listeners.push(listener);
    };
    this.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (l) { return l !== listener; });
    };
    this.terminate = function () { frame.remove(); };
    addScript(scope.document, new URL(url, location.href).href).then(function () {
      ready = true;
      queue.splice(0).forEach(deliver);
    }, function (error) {
      if (typeof self.onerror === "function") self.onerror(error);
    });
  }

  // Stands in for the worker from the first message on: a blob worker once its source is loaded, else the
  // iframe. Messages sent before the first answer are kept, so a worker that fails to start can be replaced.
  function SearchWorker(url) {
    var self = this;
    var listeners = [];
    var sent = []; // every message until the worker first answers
    var worker = null;
    var answered = false;
    var started = false;

    function emit(event) {
      answered = true;
      sent = null;
      if (typeof self.onmessage === "function") self.onmessage(event);
      listeners.slice().forEach(function (listener) { listener.call(self, event); });
    }
    function use(next) {
      worker = next;
      worker.addEventListener("message", emit);
      self.kind = worker instanceof IFrameWorker ? "iframe" : "blob";
      sent.forEach(function (data) { worker.postMessage(data); });
    }
    function fallBack() {
      if (worker) worker.terminate();
      worker = null;
      use(new IFrameWorker(url));
    }
    function start() {
      started = true;
      addScript(document, SOURCE).then(function () {
        var code = new Blob([window.__cgSearchWorker], { type: "text/javascript" });
        var blob = new NativeWorker(URL.createObjectURL(code));
        blob.addEventListener("error", function (event) {
          if (answered) return;
          event.preventDefault();
          fallBack();
        });
        use(blob);
      }).catch(fallBack);
    }

    this.kind = "pending"; // then "blob" or "iframe": which one answers (read by the tests)
    this.onmessage = null;
    this.onerror = null;
    this.postMessage = function (data) {
      if (sent) sent.push(data);
      if (worker) worker.postMessage(data);
      else if (!started) start();
    };
    this.addEventListener = function (type, listener) {
      if (type === "message") listeners.push(listener);
    };
    this.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (l) { return l !== listener; });
    };
    this.terminate = function () {
      if (worker) worker.terminate();
    };
    window.__cgSearchWorkers = (window.__cgSearchWorkers || []).concat([this]);
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = typeof NativeWorker === "function" && typeof Blob === "function" ? SearchWorker : IFrameWorker;
})();
