// Boot: compile Go's WebAssembly once and start it; everything else, the page
// and the engine's worker included, is Go.
"use strict";
(() => {
  const fail = (why) => {
    // The first paint replaces the story list and its loading line: the
    // notice above the page says it then.
    let status = document.getElementById("loading");
    if (!status) status = document.getElementById("notice");
    status.hidden = false;
    status.classList.add("error");
    status.textContent = "The engine could not start (" + why + "). Reload the page to try again.";
  };
  if (typeof WebAssembly !== "object" || typeof Go !== "function") {
    fail("this browser cannot run WebAssembly");
    return;
  }
  // The page compiles the WebAssembly itself only without a worker that did
  // (see below). compileStreaming needs the server to say application/wasm;
  // a server that does not gets the slower path instead of a broken page.
  const compile = () =>
    WebAssembly.compileStreaming(fetch("tlsplay.wasm")).catch(() =>
      fetch("tlsplay.wasm").then((r) => {
        if (!r.ok) throw new Error("tlsplay.wasm: HTTP " + r.status);
        return r.arrayBuffer();
      }).then((b) => WebAssembly.compile(b)));
  // The link's story's issuing certificates for today (UTC, the engine's
  // day), crafted when the site was built (make site: see flow.WriteDays);
  // without them, after the days the build holds or offline, the engine
  // crafts them, as it does with every other.
  const day = !(globalThis.tlsplayFirst && globalThis.tlsplayFirst.story)
    ? Promise.resolve("")
    : fetch("days/" + new Date().toISOString().slice(0, 10) + ".pem")
        .then((r) => (r.ok ? r.text() : ""))
        .catch(() => "");
  // The engine's worker starts now, and fetches and compiles the WebAssembly
  // on its own thread (site/worker.js): the page's thread, busy with the first
  // paint, would read the download only between its tasks, and held it back
  // by a few hundred milliseconds. The worker hands the page the compiled
  // module, which the page starts too; its other messages wait here until
  // the page's Go takes over. Without a worker, or if it cannot load or
  // compile, the page compiles the WebAssembly itself, and its program tells
  // the person the engine is down when the worker is.
  const engine = { worker: null, early: [] };
  let compiled = Promise.resolve(null); // the worker's module, or null
  // The page's program starts once the worker's listens (or could not start,
  // or in 2 s at most): both run the start of every package, in code the
  // browser compiles on its first call and shares between them, so the
  // page's start then costs a fraction, and leaves the worker's its thread.
  let listening = Promise.resolve();
  if (typeof Worker === "function") {
    engine.worker = new Worker("worker.js", { name: "first" });
    let listened;
    listening = new Promise((resolve) => {
      listened = resolve;
      setTimeout(resolve, 2000);
    });
    compiled = new Promise((resolve) => {
      const down = (why) => {
        engine.early.push({ boot: why });
        listened();
        resolve(null);
      };
      engine.worker.onmessage = (e) => {
        if (e.data && e.data.module) {
          performance.mark("tlsplay:compiled"); // the worker's module is here
          resolve(e.data.module);
        } else if (e.data && e.data.unbuilt) down(e.data.unbuilt);
        else if (e.data && e.data.listening) listened();
        else {
          if (e.data && e.data.boot) listened();
          engine.early.push(e.data);
        }
      };
      // A worker that cannot load (its script missing, say) says so once; the
      // page then tells the person instead of waiting for it.
      engine.worker.onerror = (e) => {
        e.preventDefault();
        down(e.message || "its worker could not be loaded");
      };
    });
    globalThis.tlsplayEngine = engine;
  }
  // The link's story goes to the engine as soon as the page has the module,
  // as request 0, which the page's program takes as its own when it opens
  // that story (see wasm/app/engine.go): the worker starts on it without
  // waiting for the page's thread. Today's certificates come before it, as
  // request -1, whose empty answer nobody waits for: they were asked for
  // first, and are a thousandth of the module's size, so they are here, or
  // nearly (their body may still wait for a turn of the page's thread); the
  // engine waits for them a tenth of a second at most, less than crafting them
  // would take. The page's program keeps the module: it starts a fresh worker
  // from it when one is busy with a run nobody waits for.
  const ready = () => Promise.race([day, new Promise((r) => setTimeout(r, 100, ""))]);
  // The page's program sends them to every worker it starts later too.
  day.then((certs) => {
    if (certs) engine.certs = certs;
  });
  const handOver = (module) =>
    ready().then((certs) => {
      if (!engine.worker) return module;
      engine.module = module;
      if (first && first.story) {
        engine.asked = first.story;
        if (certs) engine.worker.postMessage({ id: -1, op: "certs", arg: certs });
        engine.worker.postMessage({ id: 0, op: "run", arg: first.story });
      }
      return module;
    });
  // Offline: the service worker (sw.js) keeps this build's files for the next
  // visit, network or not. It is registered once the first verdict is on
  // screen and the person has then left the page alone for a moment (no key,
  // no pointer, no input for quietFor): installing fetches and hashes every
  // file of the build, a third of a second of a processor and more of the
  // server's, which would otherwise fall on the first edits and stories,
  // beside the engine's first runs.
  if ("serviceWorker" in navigator && typeof PerformanceObserver === "function") {
    const quietFor = 2000;
    const kinds = ["input", "keydown", "pointerdown", "wheel"];
    let timer = 0;
    const register = () => {
      for (const k of kinds) removeEventListener(k, wait, true);
      navigator.serviceWorker.register("sw.js").then((reg) => {
        // A new build, cached or being cached, takes over as soon as it is
        // whole, between visits (sw.js). It is told so directly: a worker
        // can say "installed" before the registration lists it as waiting;
        // and told again once installed, should it have missed the word
        // while installing.
        const takeOver = (w) => {
          if (!w) return;
          w.postMessage("take-over");
          w.addEventListener("statechange", () => w.state === "installed" && w.postMessage("take-over"));
        };
        takeOver(reg.waiting);
        takeOver(reg.installing);
        reg.addEventListener("updatefound", () => takeOver(reg.installing));
      }).catch(() => {});
    };
    const wait = () => {
      clearTimeout(timer);
      timer = setTimeout(register, quietFor);
    };
    new PerformanceObserver((marks, observer) => {
      if (marks.getEntriesByName("tlsplay:first-verdict").length === 0) return;
      observer.disconnect();
      for (const k of kinds) addEventListener(k, wait, { capture: true, passive: true });
      wait();
    }).observe({ type: "mark", buffered: true });
  }
  // The link's story is painted first (paint.js), for a moment at most.
  const first = globalThis.tlsplayFirst;
  const painted = first && first.settled ? Promise.race([first.settled, new Promise((resolve) => setTimeout(resolve, 2000))]) : Promise.resolve();
  painted
    .then(() => compiled)
    .then((module) => module || compile())
    .then(handOver)
    .then((module) => listening.then(() => module))
    .then((module) => {
      const go = new Go();
      return WebAssembly.instantiate(module, go.importObject).then((instance) => go.run(instance));
    })
    .then(() => fail("the engine stopped"))
    .catch((e) => fail((e && e.message) || String(e)));
})();
