// The engine's Web Worker: the page's own WebAssembly, run without a DOM, so
// that handshakes never block the page. The page sends the compiled module
// first; the Go program then answers requests (see wasm/app/engine.go).
"use strict";
importScripts("wasm_exec.js");
self.onmessage = (e) => {
  self.onmessage = null;
  const go = new Go();
  WebAssembly.instantiate(e.data, go.importObject)
    .then((instance) => go.run(instance))
    .catch((err) => self.postMessage({ boot: String((err && err.message) || err) }));
};
