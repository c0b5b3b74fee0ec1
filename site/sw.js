// The service worker: a second visit works with the network cut, and a new
// deploy replaces the old files on the next visit without ever mixing two
// builds.
//
// make site writes this file's first line, self.tlsplayBuild: the build's
// version and the SHA-256 of each of its files (internal/static). Each build
// gets a cache of its own, filled at install with all of its files, each
// checked against its hash: a file of another build (a deploy landing in the
// meantime) fails the install, and the build already cached stays in charge.
// A page, and each worker it starts, is served from the cache of the build its
// HTML came from, whichever build's service worker runs, so a page left open
// while a new build arrives goes on with its own files. A visit first asks
// the server for sw.js without waiting for the answer: when it is a new build,
// that build is cached whole in the background and the next visit shows it. A
// build's cache is deleted once no page or worker uses it.
"use strict";
const build = self.tlsplayBuild;
const BUILD_CACHE = "tlsplay-build-"; // + version: one build's files
const META = "tlsplay-meta"; // the current build, and the build of each page and worker
const scope = new URL("./", self.location).href; // the folder sw.js is in
const fileURL = (name) => new URL(name, scope).href;
const metaURL = (key) => fileURL("tlsplay-meta/" + key);
const CLIENT = metaURL("client/");

// A client (a page or a worker) whose build was remembered this recently is
// kept even when not yet listed among the live ones: it may be starting.
const YOUNG_MS = 10 * 1000;

// A new build's service worker, once installed, takes over when a page of the
// old one has told it to (boot.js, once that page has loaded): the browser then
// activates it while no visit is under way. Left waiting, it would activate
// the moment the old build's last page and worker are gone, which may fall in
// the middle of the next visit, and Chromium then leaves that page with no
// service worker at all (its files from the network). Taking over at once,
// at the end of install, would race the visit whose fetch started the
// install the same way. The pages already open keep their own build's files
// (serve), whichever service worker answers them.
self.addEventListener("message", (e) => {
  // Asked while installing, it takes over once installed; once active, it
  // does nothing.
  if (e.data === "take-over") e.waitUntil(self.skipWaiting());
});
self.addEventListener("install", (e) => e.waitUntil(install()));
self.addEventListener("activate", (e) => e.waitUntil(prune()));

self.addEventListener("fetch", (e) => {
  const r = e.request;
  if (r.method !== "GET" || !r.url.startsWith(scope)) return;
  if (r.mode === "navigate") {
    const name = new URL(r.url).pathname.slice(new URL(scope).pathname.length);
    if (name === "" || name === "index.html") e.respondWith(navigate(e));
    return;
  }
  e.respondWith(serve(e));
});

// install caches every file of the build, each checked against its hash. An
// install cut short leaves the files it checked; the next one fetches the rest.
async function install() {
  if (!build) throw new Error("this sw.js names no build: make site writes it");
  const cache = await caches.open(BUILD_CACHE + build.version);
  await Promise.all(Object.entries(build.files).map(async ([name, sum]) => {
    const url = fileURL(name);
    if (await cache.match(url, { ignoreVary: true })) return;
    // A folder's index.html is asked for by the folder's URL, as a visit
    // asks for it (some servers redirect from index.html to the folder).
    const index = name === "index.html" || name.endsWith("/index.html");
    const r = await fetch(index ? fileURL(name.slice(0, -"index.html".length)) : url, { cache: "no-cache" });
    if (!r.ok) throw new Error(name + ": HTTP " + r.status);
    if ((await sha256(await r.clone().arrayBuffer())) !== sum) {
      throw new Error(name + " is not the file of build " + build.version + ": a deploy is under way");
    }
    await cache.put(url, r);
  }));
  // All of it is here: visits get this build from now on, whichever build's
  // service worker answers them (one still answering a visit is replaced
  // only once it has).
  await putMeta("current", build.version);
}

// navigate answers a visit at once with the current build's index.html, never
// waiting on the network; meanwhile it asks the server for a newer build, which
// the next visit gets once it is cached whole.
async function navigate(e) {
  e.waitUntil(freshen());
  const version = await current();
  const page = await cached(version, fileURL("index.html"));
  if (!page) return fetch(e.request);
  remember(e, e.resultingClientId, version);
  e.waitUntil(prune());
  return page;
}

// serve answers a page's or a worker's request from the cache of its build; a
// worker it starts gets the same build. What the build does not hold, or a
// build whose cache is gone, goes to the network.
async function serve(e) {
  const known = await clientBuild(e.clientId);
  const version = known || (await current());
  if (e.resultingClientId) remember(e, e.resultingClientId, version);
  // A client whose start this worker did not see (a worker's script fetched
  // before this service worker answered) keeps the build it is first served.
  else if (!known) remember(e, e.clientId, version);
  return (await cached(version, e.request)) || fetch(e.request);
}

// freshen asks the server for sw.js; if it is another build's, it waits until
// that build is cached, and so current (or failed to install).
async function freshen() {
  const reg = self.registration;
  try {
    await within(reg.update(), 3000);
  } catch {
    return; // offline, or too slow: the build cached is shown
  }
  const next = reg.installing || reg.waiting;
  if (!next) return;
  await within(new Promise((resolve) => {
    const settled = () => next.state !== "installing";
    next.addEventListener("statechange", () => settled() && resolve());
    if (settled()) resolve();
  }), 120 * 1000).catch(() => {});
}

async function cached(version, request) {
  if (!version || !(await caches.has(BUILD_CACHE + version))) return undefined;
  return (await caches.open(BUILD_CACHE + version)).match(request, { ignoreVary: true });
}

// The build each client runs: kept here and in the META cache, as a service
// worker may be stopped between two requests of a page.
const builds = new Map(); // client id → {version, at}

function remember(e, id, version) {
  if (!id || !version) return;
  const rec = { version, at: Date.now() };
  builds.set(id, rec);
  e.waitUntil(putMeta("client/" + id, JSON.stringify(rec)));
}

async function clientBuild(id) {
  if (!id) return undefined;
  if (!builds.has(id)) {
    const r = await (await caches.open(META)).match(CLIENT + id);
    if (!r) return undefined;
    builds.set(id, await r.json());
  }
  return builds.get(id).version;
}

async function current() {
  const r = await (await caches.open(META)).match(metaURL("current"));
  return r ? r.text() : build.version;
}

async function putMeta(key, text) {
  await (await caches.open(META)).put(metaURL(key), new Response(text));
}

// prune forgets the clients gone and deletes the caches of builds neither
// current nor run by a live client.
async function prune() {
  const meta = await caches.open(META);
  const live = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: "all" })).map((c) => c.id));
  const keep = new Set([await current()]);
  for (const req of await meta.keys()) {
    if (!req.url.startsWith(CLIENT)) continue;
    const id = req.url.slice(CLIENT.length);
    const r = await meta.match(req);
    const rec = r ? await r.json() : null;
    if (rec && (live.has(id) || Date.now() - rec.at < YOUNG_MS)) {
      keep.add(rec.version);
    } else {
      builds.delete(id);
      await meta.delete(req);
    }
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(BUILD_CACHE) && !keep.has(name.slice(BUILD_CACHE.length))) await caches.delete(name);
  }
}

function within(p, ms) {
  return Promise.race([p, new Promise((_, fail) => setTimeout(() => fail(new Error("timed out")), ms))]);
}

async function sha256(data) {
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(sum, (b) => b.toString(16).padStart(2, "0")).join("");
}
