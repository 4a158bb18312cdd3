/* A Web Worker stand-in for pages opened from file://, where Chromium refuses `new Worker(file:...)`.
 * It runs the worker script in a hidden same-origin iframe and passes messages both ways. Material's
 * search worker looks for `IFrameWorker` on its parent to find its language files, and awaits
 * `importScripts`, so both are provided. Material's offline plugin skips its own remote shim when
 * `extra.polyfills` names a script whose path contains "iframe-worker": this file.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

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

    function load(src) {
      return new Promise(function (resolve, reject) {
        var script = scope.document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("cannot load " + src)); };
        scope.document.head.appendChild(script);
      });
    }
    // Inside the frame, postMessage talks to this object rather than to the frame's window.
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      listeners.forEach(function (listener) { listener(event); });
    };
    scope.importScripts = function () {
      return Array.prototype.reduce.call(arguments, function (done, src) {
        return done.then(function () { return load(src); });
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
    load(new URL(url, location.href).href).then(function () {
      ready = true;
      queue.splice(0).forEach(deliver);
    }, function (error) {
      if (typeof self.onerror === "function") self.onerror(error);
    });
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
