// The engine's Web Worker: the page's own WebAssembly, run without a DOM, so
// that handshakes never block the page. The page sends the compiled module
// first, and hears back at once that it arrived (see boot.js); requests may
// follow right away: they wait here until the Go program takes them over
// (see wasm/app/engine.go).
"use strict";
importScripts("wasm_exec.js");
self.tlsplayQueue = [];
self.onmessage = (e) => {
  self.onmessage = (e) => self.tlsplayQueue.push(e.data);
  self.postMessage({ took: true });
  const go = new Go();
  WebAssembly.instantiate(e.data, go.importObject)
    .then((instance) => go.run(instance))
    .then(() => self.postMessage({ boot: "it stopped" }))
    .catch((err) => self.postMessage({ boot: String((err && err.message) || err) }));
};
