// Optional cross-origin isolation by a service worker, for static hosts that cannot send the
// COOP/COEP headers real parallel runs need (GitHub Pages, a plain file server). It is off
// unless asked for, and then the page reloads itself once, isolated, and loader.js picks the
// threaded module (backends sim + threads):
//   ?coi=1   this visit asks for it; the service worker then stays registered for the site in
//            this browser, so later visits (and the site's other pages) are isolated too
//   ?coi=0   removes that service worker again (one reload when it was isolating the page)
//   <meta name="forklab-coi" content="on">  placed before this script: the host asks for it
//            on every visit
// The service worker is coi-serviceworker.min.js (npm coi-serviceworker, installed by
// scripts/setup.sh; the wasm build copies it into build/web when it is installed): it adds
// COOP/COEP/CORP to every response of the site. Only its worker half is used: this file
// registers it, so it can tell a missing file from a refused registration, wait until the
// worker controls the page before reloading, and never reload more than once in a row.
//
// Loaded first, in <head>, so a reload comes before the lab downloads its module.
// window.forklabCoi = {asked, status, detail, settled}:
//   asked    'url' (?coi=1), 'host' (the meta tag), 'off' (?coi=0) or null
//   status   'off'          not asked, the page is not isolated: nothing was done
//            'headers'      the server's own headers isolate the page
//            'active'       the service worker isolates the page
//            'pending'      working on it (settled tells the outcome)
//            'reloading'    the page is reloading to come through the service worker
//            'removed'      ?coi=0 unregistered it
//            'missing'      coi-serviceworker.min.js is not on this site
//            'insecure'     not a secure context (service workers need HTTPS or localhost)
//            'unavailable'  this browser offers no service workers here (some private windows)
//            'framed'       the lab is in a frame: only the embedding page can isolate it
//            'no-storage'   sessionStorage is blocked, so a reload could not be guarded
//            'still-not-isolated'  it reloaded once through the worker and is still not isolated
//            'no-takeover'  the worker registered but did not control the page within 10 s
//            'failed'       the registration failed; see detail
//   detail   the browser's error message for 'failed', else null
//   settled  Promise of the final status (loader.js waits for it before loading a module)
(function () {
  'use strict';

  const WORKER = 'coi-serviceworker.min.js';
  const RELOADED = 'forklab-coi-reloaded';  // sessionStorage: this tab just reloaded for it
  const TAKEOVER_MS = 10000;                // how long the new worker may take to control us
                                            // (loader.js's 'no-takeover' note says 10 s)

  const params = new URLSearchParams(location.search);
  const meta = document.querySelector('meta[name="forklab-coi"]');
  const hostAsks = !!meta && /^(on|1|true)$/i.test((meta.getAttribute('content') || '').trim());
  const asked = params.get('coi') === '0' ? 'off' : params.get('coi') === '1' ? 'url' : hostAsks ? 'host' : null;

  const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  const ours = (w) => !!w && new URL(w.scriptURL).pathname.endsWith('/' + WORKER);
  const controlledByUs = () => !!sw && ours(sw.controller);

  const state = { asked, status: 'pending', detail: null, settled: null };
  window.forklabCoi = state;

  let inFrame;
  try { inFrame = window.top !== window; } catch (e) { inFrame = true; }  // a cross-origin top

  // sessionStorage, or null where the browser blocks it (some third-party frames).
  function storage() {
    try {
      const s = window.sessionStorage;
      s.setItem(RELOADED + '-probe', '1');
      s.removeItem(RELOADED + '-probe');
      return s;
    } catch (e) {
      return null;
    }
  }

  function reloadOnce(store) {
    store.setItem(RELOADED, String(Date.now()));
    state.status = 'reloading';
    location.reload();
    return 'reloading';
  }

  // Resolves when a service worker controls the page, false after `ms`.
  function controlled(ms) {
    if (sw.controller) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(!!sw.controller), ms);
      sw.addEventListener('controllerchange', () => { clearTimeout(timer); resolve(true); }, { once: true });
    });
  }

  async function fileMissing() {
    try {
      const r = await fetch(WORKER, { method: 'HEAD', cache: 'no-store' });
      return !r.ok;
    } catch (e) {
      return false;  // a network error is not proof that the file is missing
    }
  }

  async function isolate() {
    if (!window.isSecureContext) return 'insecure';
    if (!sw) return 'unavailable';
    if (inFrame) return 'framed';
    const store = storage();
    if (!store) return 'no-storage';
    if (store.getItem(RELOADED) !== null) {
      // This load is the reload: the worker was meant to isolate it and did not. Stop here
      // (a loop otherwise); the key goes, so a reload by hand tries once more.
      store.removeItem(RELOADED);
      return 'still-not-isolated';
    }
    try {
      await sw.register(WORKER);
    } catch (e) {
      if (await fileMissing()) return 'missing';
      state.detail = String(e && e.message || e);
      return 'failed';
    }
    // The worker claims the pages it controls as it activates (skipWaiting + clients.claim);
    // only a document fetched through it carries the headers, hence the reload after that.
    if (!(await controlled(TAKEOVER_MS))) return 'no-takeover';
    return reloadOnce(store);
  }

  async function remove() {
    if (!sw) return 'off';
    const registrations = await sw.getRegistrations();
    const mine = registrations.filter((r) => ours(r.active || r.waiting || r.installing));
    await Promise.all(mine.map((r) => r.unregister()));
    const store = storage();
    if (mine.length && controlledByUs() && !inFrame && store && store.getItem(RELOADED) === null) {
      return reloadOnce(store);  // the document came through the worker: fetch it plainly
    }
    if (store) store.removeItem(RELOADED);
    return mine.length ? 'removed' : 'off';
  }

  async function decide() {
    if (asked === 'off') return remove();
    if (self.crossOriginIsolated === true) {
      const store = storage();
      if (store) store.removeItem(RELOADED);
      return controlledByUs() ? 'active' : 'headers';
    }
    if (!asked) return 'off';
    return isolate();
  }

  state.settled = decide().catch((e) => {
    state.detail = String(e && e.message || e);
    return 'failed';
  }).then((status) => {
    state.status = status;
    return status;
  });
})();
