// The floor's boot: compile and run its WebAssembly, as the page's boot.js does.
"use strict";
const go = new Go();
WebAssembly.instantiateStreaming(fetch("floor.wasm"), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((e) => { document.getElementById("verdict").textContent = "The floor could not start: " + e; });
