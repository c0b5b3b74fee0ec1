// The first paint: the link's story as the engine answers it, drawn before the
// WebAssembly has arrived. `make site` writes each story's answer as the
// page's parts (answers/<story>.<client>.json: node trees ui/tree draws, the
// same the page's Go draws later); this script only creates the elements,
// sets allowed attributes and text, never HTML. The story list works at once:
// a story picked before the engine is here is painted the same way. Once the
// page's program takes over (tlsplayFirst.taken) this script does nothing
// more; the program compares what it would draw with what is drawn
// (tlsplayFirst.drawn) and leaves alike parts as they are.
"use strict";
(() => {
  // What the trees may hold; anything else aborts the paint (the engine
  // draws it then), or the page's drawing (a bug of the page's).
  const TAGS = "a button code dd details div dl dt fieldset figcaption figure h2 h3 input label legend li ol option p pre section select span strong summary table tbody td textarea th thead tr ul var wbr";
  const ATTRS = /^(id|class|type|name|for|title|scope|open|hidden|selected|checked|disabled|value|placeholder|inputmode|spellcheck|autocomplete|step|rows|role|tabindex|aria-(current|hidden|label|describedby|invalid|disabled)|data-[a-z-]+)$/;
  const tags = new Set(TAGS.split(" "));
  const setAttrs = (e, a) => {
    for (let i = 0; a && i + 1 < a.length; i += 2) {
      const k = a[i], v = String(a[i + 1]);
      if (!ATTRS.test(k) && !(k === "href" && v.startsWith("#"))) throw new Error("attribute " + k);
      e.setAttribute(k, v);
    }
  };
  const build = (n) => {
    if (typeof n === "string") return document.createTextNode(n);
    if (!n || !tags.has(n.t)) throw new Error("element " + (n && n.t));
    const e = document.createElement(n.t);
    setAttrs(e, n.a);
    const c = n.c || [];
    if (c.length === 1 && typeof c[0] === "string") e.textContent = c[0];
    else for (const k of c) e.appendChild(build(k));
    return e;
  };
  // The page's program draws its trees with this builder too: one call with
  // a list of trees as JSON gives their elements in a fragment, where
  // creating each element and attribute by a call from WebAssembly took
  // most of a long drawing.
  globalThis.tlsplayBuild = (json) => {
    const f = document.createDocumentFragment();
    for (const n of JSON.parse(json)) f.appendChild(build(n));
    return f;
  };
  const app = document.getElementById("app");
  const first = { story: "", client: "", taken: false, drawn: "" };
  globalThis.tlsplayFirst = first;
  // settled resolves once the link's story is painted, or will not be: the
  // boot script starts the page's program only then, which keeps the page's
  // thread busy for a while.
  let settle;
  first.settled = new Promise((resolve) => (settle = resolve));
  if (!app || typeof fetch !== "function") return settle();
  // The story and client a link names: #<story>, #<story>?client=<client>,
  // or nothing (the default story); the client else the one shown already,
  // else the one remembered.
  const route = () => {
    const m = /^#?([a-z0-9-]{1,64})?(?:\?client=([a-z]{1,16}))?$/.exec(location.hash);
    if (!m) return null;
    let client = m[2] || first.client;
    if (!client) {
      try {
        client = localStorage.getItem("tlsplay.client");
      } catch (e) {
        client = null;
      }
    }
    if (!client || !/^[a-z]{1,16}$/.test(client)) client = app.dataset.client;
    return { story: m[1] || app.dataset.story, client };
  };
  // parts builds a paint's parts, unattached: {id, a, kids} (kids null:
  // only the attributes a are set). The browser tests compare them with
  // what the engine draws.
  first.parts = (p) =>
    p.parts.map((part) => ({ id: part.id, a: part.a || [], kids: part.keep ? null : (part.c || []).map(build) }));
  first.setAttrs = setAttrs;
  const paint = (text) => {
    if (first.taken) return;
    const p = JSON.parse(text);
    // A story picked meanwhile is painted when its answer comes.
    if (p.story !== first.story || p.client !== first.client) return;
    // Every part is built before any is drawn: all or nothing.
    const todo = first.parts(p).map((part) => {
      const e = document.getElementById(part.id);
      if (!e) throw new Error("no #" + part.id);
      return [e, part];
    });
    for (const [e, part] of todo) {
      setAttrs(e, part.a);
      if (part.kids) e.replaceChildren(...part.kids);
    }
    document.title = p.title;
    first.drawn = text;
    if (!performance.getEntriesByName("tlsplay:first-paint").length) performance.mark("tlsplay:first-paint");
    settle();
  };
  const load = () => {
    const r = route();
    first.story = r ? r.story : "";
    if (!r) return settle();
    first.client = r.client;
    fetch("answers/" + r.story + "." + r.client + ".json")
      .then((res) => (res.ok ? res.text() : ""))
      .then((text) => text && paint(text))
      .catch((e) => console.warn("tlsplay: the first paint: " + ((e && e.message) || e)))
      .finally(settle);
  };
  addEventListener("hashchange", () => first.taken || load());
  // In-page jumps (the skip links, "All stories", the verdict's link to the
  // primer) move the focus, not the location's fragment, which names the
  // scenario: from the first paint on, not once the page's program runs (a
  // skip link followed before it did left #verdict in the address bar, a
  // link to no story).
  document.addEventListener("click", (ev) => {
    const a = ev.target instanceof Element && ev.target.closest("[data-skip]");
    const to = a && document.getElementById(a.dataset.skip);
    if (!to) return;
    ev.preventDefault();
    to.scrollIntoView();
    to.focus({ preventScroll: true });
  });
  // The header's buttons need the page's program: pressed before it runs,
  // they say so rather than nothing (the program clears it once it runs).
  for (const id of ["share", "dl-zip", "dl-pcap"]) {
    const button = document.getElementById(id);
    if (!button) continue;
    button.addEventListener("click", () => {
      const status = document.getElementById("share-status");
      if (!first.taken && status) status.textContent = "The engine is still loading: try again in a moment.";
    });
  }
  // A client picked before the page's program runs is painted the same way,
  // remembered, and put in a link that names one, as the program would; the
  // program takes it over (first.client).
  const picker = document.getElementById("client");
  if (picker) {
    picker.addEventListener("change", () => {
      const c = picker.value;
      if (first.taken || !/^[a-z]{1,16}$/.test(c)) return;
      first.client = c;
      try {
        localStorage.setItem("tlsplay.client", c);
      } catch (e) {
        // storage a browser refuses is no choice
      }
      const m = /^#?([a-z0-9-]{1,64})?\?client=[a-z]{1,16}$/.exec(location.hash);
      if (m) history.replaceState(null, "", "#" + (m[1] || first.story) + "?client=" + c);
      load();
    });
  }
  load();
})();
