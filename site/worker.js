// The engine's Web Worker: the page's own WebAssembly, run without a DOM, so
// that handshakes never block the page. The first one (boot.js names it
// "first") fetches and compiles the WebAssembly itself as soon as it starts,
// on its own thread, and hands the page the compiled module (see boot.js); one
// started later (see wasm/app/engine.go) is sent that module, and says it
// arrived. Requests may come right away: they wait here until the Go program
// takes them over.
"use strict";
// Before wasm_exec.js is read: the download starts at once.
const compiled = self.name === "first" ? compile() : null;
importScripts("wasm_exec.js");
self.tlsplayQueue = [];
const why = (err) => String((err && err.message) || err);
const start = (module) => {
  const go = new Go();
  WebAssembly.instantiate(module, go.importObject)
    .then((instance) => go.run(instance))
    .then(() => self.postMessage({ boot: "it stopped" }))
    .catch((err) => self.postMessage({ boot: why(err) }));
};
if (compiled) {
  self.onmessage = (e) => self.tlsplayQueue.push(e.data);
  compiled.then((module) => {
    self.postMessage({ module });
    start(module);
  }, (err) => self.postMessage({ unbuilt: why(err) }));
} else {
  self.onmessage = (e) => {
    self.onmessage = (e) => self.tlsplayQueue.push(e.data);
    self.postMessage({ took: true });
    start(e.data);
  };
}

// compile fetches and compiles tlsplay.wasm. compileStreaming needs the
// server to say application/wasm; a server that does not gets the slower path
// instead of a broken page.
function compile() {
  return WebAssembly.compileStreaming(fetch("tlsplay.wasm")).catch(() =>
    fetch("tlsplay.wasm").then((r) => {
      if (!r.ok) throw new Error("tlsplay.wasm: HTTP " + r.status);
      return r.arrayBuffer();
    }).then((b) => WebAssembly.compile(b)));
}
