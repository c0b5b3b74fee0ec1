// Boot: load Go's WebAssembly; everything else is Go.
(async () => {
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch("tlsplay.wasm"), go.importObject);
  go.run(instance);
  document.getElementById("status").textContent = "Engine ready.";
})();
