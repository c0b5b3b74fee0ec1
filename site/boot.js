// Boot: compile Go's WebAssembly once and start it; everything else, the page
// and the engine's worker included, is Go.
"use strict";
(() => {
  const status = document.getElementById("loading");
  const fail = (why) => {
    status.hidden = false;
    status.classList.add("error");
    status.textContent = "The engine could not start (" + why + "). Reload the page to try again.";
  };
  if (typeof WebAssembly !== "object" || typeof Go !== "function") {
    fail("this browser cannot run WebAssembly");
    return;
  }
  // compileStreaming needs the server to say application/wasm; a server that
  // does not gets the slower path instead of a broken page.
  const compile = () =>
    WebAssembly.compileStreaming(fetch("tlsplay.wasm")).catch(() =>
      fetch("tlsplay.wasm").then((r) => {
        if (!r.ok) throw new Error("tlsplay.wasm: HTTP " + r.status);
        return r.arrayBuffer();
      }).then((b) => WebAssembly.compile(b)));
  // The engine's worker starts loading now; it gets the module as soon as it
  // is compiled, and its messages wait here until the page's Go takes over.
  const engine = { worker: null, early: [] };
  if (typeof Worker === "function") {
    engine.worker = new Worker("worker.js");
    engine.worker.onmessage = (e) => engine.early.push(e.data);
    globalThis.tlsplayEngine = engine;
  }
  compile()
    .then((module) => {
      if (engine.worker) engine.worker.postMessage(module);
      const go = new Go();
      return WebAssembly.instantiate(module, go.importObject).then((instance) => go.run(instance));
    })
    .then(() => fail("the engine stopped"))
    .catch((e) => fail((e && e.message) || String(e)));
})();
