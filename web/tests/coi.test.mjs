// Browser tests of the optional isolation by service worker (web/coi.js registering
// coi-serviceworker.min.js, which the wasm build copies from web/node_modules). All on the
// PLAIN server (run-browser-tests.sh's --no-isolation one, no COOP/COEP headers), so only the
// service worker can make a page isolated: ?coi=1 reloads the page once, isolated, and a
// threads run works; without the opt-in nothing registers and nothing reloads; ?coi=0 removes
// the worker; a site without the file and a lab in a frame stay on the simulator and say why;
// a worker that fails to isolate costs one reload, never a loop; the sample course page with
// ?coi=1 isolates the labs in its frames; the Embed dialog's share link keeps coi=1; and each
// other refusal (insecure origin, no service workers, blocked sessionStorage, a registration
// that fails, a worker that never takes over) is said in words, without a reload.
// Each test has its own browser context, so service worker registrations never leak.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { root, PLAIN_URL, LOAD_MS, withTimeout, sharedBrowser } from './harness.mjs';

const RUN_MS = 30_000;
const WORKER = 'coi-serviceworker.min.js';
const WEB_DIR = process.env.FORKLAB_WEB_DIR || path.join(root, 'build', 'web');
const skip = !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh';

// Two processes add under a lock: 100 on any backend, so a wrong total is a real failure.
const COUNT = [
  'from multiprocessing import Process, Value',
  '',
  'def add(v, n):',
  '    for _ in range(n):',
  '        with v.get_lock():',
  '            v.value += 1',
  '',
  'if __name__ == "__main__":',
  '    v = Value("i", 0)',
  '    ps = [Process(target=add, args=(v, 50)) for _ in range(2)]',
  '    for p in ps: p.start()',
  '    for p in ps: p.join()',
  '    print("total:", v.value)',
  '',
].join('\n');

const chrome = sharedBrowser(!skip);

// A page in a fresh context, counting the documents its main frame requests (a reload is one
// more, even one before the first load event; the lesson panel's history.replaceState is not).
function countLoads(page, loads) {
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loads.push(r.url());
  });
}
async function newPage(t) {
  const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  const pageErrors = [];
  const loads = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'error') t.diagnostic(`console error: ${m.text()}`); });
  countLoads(page, loads);
  return {
    context, page, loads,
    close: async () => {
      await context.close();
      assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    },
  };
}

// Evaluates `fn` in the page until it returns something truthy, across the page's reloads
// (an evaluation cut by a navigation is retried).
async function until(page, fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await page.evaluate(fn);
      if (v) return v;
    } catch (e) {
      if (!/context was destroyed|navigat|Target closed/i.test(e.message)) throw e;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// What the page says about isolation once the lab is up.
function isolation(page) {
  return withTimeout(page.evaluate(async () => {
    await window.forklab.ready;
    const regs = navigator.serviceWorker ? await navigator.serviceWorker.getRegistrations() : [];
    const c = navigator.serviceWorker && navigator.serviceWorker.controller;
    return {
      real: self.crossOriginIsolated,
      sab: typeof SharedArrayBuffer === 'function',
      backends: window.forklab.backends,
      flavour: window.forklab.flavour,
      coi: window.forklab.coi,
      controller: c ? c.scriptURL : null,
      registrations: regs.map((r) => (r.active || r.waiting || r.installing || {}).scriptURL || '?'),
      mode: document.getElementById('mode').textContent,
      state: document.getElementById('state').textContent,
    };
  }), LOAD_MS, 'forklab.ready');
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

describe('isolation by service worker (coi-serviceworker) on a server without COOP/COEP', { skip }, () => {
  test('the plain server sends no isolation headers and serves the worker file', async () => {
    const page = await fetch(PLAIN_URL + 'index.html');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cross-origin-opener-policy'), null);
    assert.equal(page.headers.get('cross-origin-embedder-policy'), null);
    const worker = await fetch(PLAIN_URL + WORKER);
    assert.equal(worker.status, 200,
      `${WORKER} is not in the built site: run scripts/setup.sh (npm ci --prefix web), then the wasm build`);
    assert.match(await worker.text(), /coi-serviceworker/);
  });

  test('without the opt-in: no service worker, no reload, simulator only', { timeout: LOAD_MS + 10_000 }, async (t) => {
    const lab = await newPage(t);
    await lab.page.goto(PLAIN_URL + 'index.html?lang=en', { timeout: LOAD_MS });
    const info = await isolation(lab.page);
    await settle(1500);  // a late reload would show here
    assert.equal(info.real, false);
    assert.deepEqual(info.backends, ['sim']);
    assert.equal(info.flavour, 'single-thread');
    assert.deepEqual(info.coi, { asked: null, status: 'off', note: null });
    assert.equal(info.controller, null);
    assert.deepEqual(info.registrations, []);
    assert.match(info.mode, /^Simulation only: this page is not cross-origin isolated/);
    assert.doesNotMatch(info.mode, /service worker/);
    assert.equal(lab.loads.length, 1, `the page reloaded: ${lab.loads.join(', ')}`);
    await lab.close();
  });

  test('?coi=1 reloads once, isolated by the worker; threads runs; later visits stay isolated; ?coi=0 removes it',
    { timeout: LOAD_MS * 4 + RUN_MS }, async (t) => {
      const lab = await newPage(t);
      await lab.page.goto(PLAIN_URL + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      await until(lab.page, () => self.crossOriginIsolated === true && !!window.forklab, LOAD_MS, 'isolation');
      const info = await isolation(lab.page);
      assert.equal(info.real, true);
      assert.equal(info.sab, true);
      assert.deepEqual(info.backends, ['sim', 'threads']);
      assert.equal(info.flavour, 'threads');
      assert.deepEqual(info.coi, { asked: 'url', status: 'active', note: null });
      assert.equal(new URL(info.controller).pathname, '/' + WORKER);
      assert.deepEqual(info.registrations.map((u) => new URL(u).pathname), ['/' + WORKER]);
      assert.match(info.mode, /^Real parallel runs on Web Workers \(cross-origin isolated by the coi-serviceworker/);
      assert.equal(lab.loads.length, 2, `one reload expected: ${lab.loads.join(', ')}`);
      assert.ok(lab.loads.every((u) => new URL(u).searchParams.get('coi') === '1'), lab.loads.join(', '));

      const r = await withTimeout(lab.page.evaluate((code) => window.forklab.run({ code, backend: 'threads' }), COUNT),
        RUN_MS, 'threads run');
      assert.equal(r.exitStatus, 0, r.stderr);
      assert.equal(r.backend, 'threads');
      assert.equal(r.stdout, 'total: 100\n');
      assert.deepEqual(r.diagnostics, []);

      // The registration is the site's now: a visit without the parameter is isolated at once.
      const again = await lab.context.newPage();
      const againLoads = [];
      countLoads(again, againLoads);
      await again.goto(PLAIN_URL + 'embed.html?lang=es', { timeout: LOAD_MS });
      const second = await isolation(again);
      assert.equal(second.real, true);
      assert.equal(second.coi.status, 'active');
      assert.equal(againLoads.length, 1, againLoads.join(', '));
      await again.close();

      // ?coi=0: unregistered, one reload, back on the simulator for good.
      lab.loads.length = 0;
      await lab.page.goto(PLAIN_URL + 'index.html?coi=0&lang=en', { timeout: LOAD_MS });
      await until(lab.page, () => self.crossOriginIsolated === false && !!window.forklab, LOAD_MS, 'no isolation');
      const off = await isolation(lab.page);
      await settle(1000);
      assert.equal(off.real, false);
      assert.equal(off.flavour, 'single-thread');
      assert.equal(off.controller, null);
      assert.deepEqual(off.registrations, []);
      assert.deepEqual(off.coi, { asked: 'off', status: 'off', note: null });
      assert.equal(lab.loads.length, 2, `goto + one reload expected: ${lab.loads.join(', ')}`);
      await lab.close();
    });

  test('the sample course page with ?coi=1 reloads once, isolated, and so are the labs in its frames',
    { timeout: LOAD_MS * 3 + RUN_MS }, async (t) => {
      const lab = await newPage(t);
      await lab.page.goto(PLAIN_URL + 'course-sample.html?coi=1', { timeout: LOAD_MS });
      await until(lab.page, () => self.crossOriginIsolated === true && window.forklabCoi &&
        window.forklabCoi.status === 'active', LOAD_MS, 'course page isolation');
      assert.equal(lab.loads.length, 2, `one reload expected: ${lab.loads.join(', ')}`);
      const frame = await until(lab.page, () => {
        const f = document.getElementById('lab-race');
        return !!(f && f.contentWindow && f.contentWindow.forklab);
      }, LOAD_MS, 'the first lab in the course page').then(() => lab.page.frames().find((f) => f.url().includes('scenario=race')));
      assert.ok(frame, 'the race lab frame');
      const info = await isolation(frame);
      assert.equal(info.real, true, JSON.stringify(info));
      assert.deepEqual(info.backends, ['sim', 'threads']);
      assert.equal(info.flavour, 'threads');
      const r = await withTimeout(frame.evaluate((code) => window.forklab.run({ code, backend: 'threads' }), COUNT),
        RUN_MS, 'threads run in the course page frame');
      assert.equal(r.backend, 'threads');
      assert.equal(r.stdout, 'total: 100\n');
      await lab.close();
    });

  test('the Embed dialog: the share link asks for isolation again (coi=1), the iframe snippet does not',
    { timeout: LOAD_MS * 2 + 10_000 }, async (t) => {
      const lab = await newPage(t);
      await lab.page.goto(PLAIN_URL + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      await until(lab.page, () => self.crossOriginIsolated === true && !!window.forklab, LOAD_MS, 'isolation');
      await isolation(lab.page);
      await lab.page.click('#embed-button');
      await lab.page.waitForSelector('#embed-dialog[open]');
      await lab.page.waitForFunction(() => document.getElementById('share-link').value !== '');
      const { snippet, share } = await lab.page.evaluate(() => ({
        snippet: document.getElementById('embed-snippet').value,
        share: document.getElementById('share-link').value,
      }));
      assert.equal(new URL(share).searchParams.get('coi'), '1', share);
      const src = new URL(snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&'));
      assert.equal(src.searchParams.get('coi'), null, src.href);
      await lab.close();

      // Without the opt-in, neither carries it.
      const plain = await newPage(t);
      await plain.page.goto(PLAIN_URL + 'index.html?lang=en', { timeout: LOAD_MS });
      await isolation(plain.page);
      await plain.page.click('#embed-button');
      await plain.page.waitForSelector('#embed-dialog[open]');
      await plain.page.waitForFunction(() => document.getElementById('share-link').value !== '');
      const share2 = await plain.page.evaluate(() => document.getElementById('share-link').value);
      assert.equal(new URL(share2).searchParams.get('coi'), null, share2);
      await plain.close();
    });

  test('a lab in a frame registers nothing and says that only the embedding page can isolate it',
    { timeout: LOAD_MS + 10_000 }, async (t) => {
      const lab = await newPage(t);
      // A same-origin parent page that is not isolated, served by the test itself.
      await lab.page.route(PLAIN_URL + 'coi-parent.html', (route) => route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><title>curso</title><iframe id="lab" src="embed.html?coi=1&lang=es" ' +
          'width="900" height="500"></iframe>',
      }));
      await lab.page.goto(PLAIN_URL + 'coi-parent.html', { timeout: LOAD_MS });
      const frame = await until(lab.page, () => !!document.getElementById('lab').contentWindow.forklab, LOAD_MS, 'frame')
        .then(() => lab.page.frames().find((f) => f.url().includes('embed.html')));
      const info = await isolation(frame);
      assert.equal(info.real, false);
      assert.equal(info.coi.status, 'framed');
      assert.match(info.coi.note, /inside a frame, only an isolated course page can isolate the lab/);
      assert.deepEqual(info.registrations, []);
      assert.match(info.state, /dentro de un marco, solo una página del curso aislada puede aislar el laboratorio/);
      assert.equal(lab.loads.length, 1, lab.loads.join(', '));
      await lab.close();
    });

  test('a site without the worker file stays on the simulator and says the file is missing',
    { timeout: LOAD_MS + 20_000 }, (t) => withSite(null, async (url) => {
      assert.equal((await fetch(url + WORKER)).status, 404);
      const lab = await newPage(t);
      await lab.page.goto(url + 'index.html?coi=1&lang=es', { timeout: LOAD_MS });
      const info = await isolation(lab.page);
      assert.equal(info.real, false);
      assert.equal(info.flavour, 'single-thread');
      assert.equal(info.coi.status, 'missing');
      assert.deepEqual(info.registrations, []);
      assert.match(info.mode, /^Solo simulación: .*Sin ejecuciones paralelas reales: a este sitio le falta coi-serviceworker\.min\.js$/);
      assert.match(info.state, /^Sin ejecuciones paralelas reales: a este sitio le falta coi-serviceworker\.min\.js$/);
      // It still runs, on the simulator.
      const r = await withTimeout(lab.page.evaluate((code) => window.forklab.run({ code }), COUNT), RUN_MS, 'sim run');
      assert.equal(r.stdout, 'total: 100\n');
      assert.equal(lab.loads.length, 1, lab.loads.join(', '));
      await lab.close();
    }));

  test('a worker that takes over but adds no headers: one reload, then no loop, and the page says so',
    { timeout: LOAD_MS + 20_000 }, (t) => withSite(POWERLESS_WORKER, async (url) => {
      const lab = await newPage(t);
      await lab.page.goto(url + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      await until(lab.page, () => window.forklab && window.forklab.coi.status === 'still-not-isolated',
        LOAD_MS, 'the second load');
      const info = await isolation(lab.page);
      await settle(2000);  // a loop would reload again here
      assert.equal(info.real, false);
      assert.equal(info.flavour, 'single-thread');
      assert.equal(new URL(info.controller).pathname, '/' + WORKER);
      assert.match(info.coi.note, /still not isolated \(reload it to try again\)$/);
      assert.match(info.state, /still not isolated/);
      assert.equal(lab.loads.length, 2, `goto + one reload expected: ${lab.loads.join(', ')}`);
      await lab.close();
    }));

  // Where ?coi=1 cannot work, the page says why in its language, registers nothing, never
  // reloads, and the simulator still runs. A non-local http origin is the real case: the same
  // site served as http://forklab.test/ (the test answers those requests from the plain server).
  test('an http page that is not localhost is not a secure context: no worker, and the page says so',
    { timeout: LOAD_MS + 20_000 }, async (t) => {
      const lab = await newPage(t);
      const site = 'http://forklab.test/';
      await lab.page.route(site + '**', async (route) => {
        const response = await route.fetch({ url: PLAIN_URL + route.request().url().slice(site.length) });
        await route.fulfill({ response });
      });
      await lab.page.goto(site + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      const info = await isolation(lab.page);
      assert.equal(await lab.page.evaluate(() => window.isSecureContext), false);
      assert.equal(info.real, false);
      assert.equal(info.flavour, 'single-thread');
      assert.deepEqual(info.coi, { asked: 'url', status: 'insecure',
        note: 'No real parallel runs: service workers need HTTPS or localhost' });
      assert.match(info.state, /service workers need HTTPS or localhost$/);
      await simStillRuns(lab);
      await lab.close();
    });

  // Chromium offers service workers in every context a test can open, so the two cases where a
  // browser does not (no navigator.serviceWorker; sessionStorage throwing, as with blocked
  // site data) are made by removing the property before the page's scripts run.
  test('a browser without service workers here: the page says so (Spanish)', { timeout: LOAD_MS + 20_000 }, async (t) => {
    const lab = await newPage(t);
    await lab.page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined, configurable: true });
    });
    await lab.page.goto(PLAIN_URL + 'index.html?coi=1&lang=es', { timeout: LOAD_MS });
    const info = await isolation(lab.page);
    assert.equal(info.real, false);
    assert.equal(info.coi.status, 'unavailable');
    assert.equal(info.coi.note, 'No real parallel runs: this browser offers no service workers here (a private window?)');
    assert.equal(info.state,
      'Sin ejecuciones paralelas reales: este navegador no ofrece service workers aquí (¿una ventana privada?)');
    await simStillRuns(lab);
    await lab.close();
  });

  test('blocked sessionStorage: no registration (a reload could not be guarded), and the page says so',
    { timeout: LOAD_MS + 20_000 }, async (t) => {
      const lab = await newPage(t);
      await lab.page.addInitScript(() => {
        Object.defineProperty(window, 'sessionStorage', {
          get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
          configurable: true,
        });
      });
      await lab.page.goto(PLAIN_URL + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      const info = await isolation(lab.page);
      assert.equal(info.real, false);
      assert.equal(info.coi.status, 'no-storage');
      assert.equal(info.coi.note, 'No real parallel runs: sessionStorage is blocked, so the page cannot reload itself safely');
      assert.deepEqual(info.registrations, []);
      await simStillRuns(lab);
      await lab.close();
    });

  test('a worker file the browser refuses: the registration fails with its reason, no reload',
    { timeout: LOAD_MS + 20_000 }, (t) => withSite('self.addEventListener("install", () => {}) ) ;\n', async (url) => {
      assert.equal((await fetch(url + WORKER)).status, 200);
      const lab = await newPage(t);
      await lab.page.goto(url + 'index.html?coi=1&lang=en', { timeout: LOAD_MS });
      const info = await isolation(lab.page);
      assert.equal(info.real, false);
      assert.equal(info.coi.status, 'failed');
      // The browser's own message, between the parentheses (Chromium: "...ServiceWorker script
      // evaluation failed").
      assert.match(info.coi.note, /^No real parallel runs: the isolation service worker failed \(.*evaluation failed.*\)$/);
      assert.doesNotMatch(info.coi.note, /unknown error/);
      assert.deepEqual(info.registrations, []);
      await simStillRuns(lab);
      await lab.close();
    }));

  test('a worker that never takes over the page: no-takeover after the wait, no reload (Spanish)',
    { timeout: LOAD_MS + 40_000 }, (t) => withSite(IDLE_WORKER, async (url) => {
      const lab = await newPage(t);
      await lab.page.goto(url + 'index.html?coi=1&lang=es', { timeout: LOAD_MS });
      const info = await isolation(lab.page);
      assert.equal(info.real, false);
      assert.equal(info.coi.status, 'no-takeover');
      assert.equal(info.coi.note, 'No real parallel runs: the isolation service worker did not take over the ' +
        'page within 10 s (reload it to try again)');
      assert.equal(info.state, 'Sin ejecuciones paralelas reales: el service worker de aislamiento no tomó el ' +
        'control de la página en 10 s (recárguela para reintentarlo)');
      assert.equal(info.controller, null);
      await simStillRuns(lab);
      await lab.close();
    }));
});

// Takes control of the pages (as coi-serviceworker does) but adds no headers.
const POWERLESS_WORKER = [
  "self.addEventListener('install', () => self.skipWaiting());",
  "self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));",
  "self.addEventListener('fetch', (e) => e.respondWith(fetch(e.request)));",
  '',
].join('\n');

// Registers fine but never claims the pages (no skipWaiting, no clients.claim), so it controls
// nothing until a reload that coi.js must not do.
const IDLE_WORKER = "self.addEventListener('fetch', () => {});\n";

// After a refusal the lab still runs, on the simulator, and the page was loaded only once.
async function simStillRuns(lab) {
  const r = await withTimeout(lab.page.evaluate((code) => window.forklab.run({ code }), COUNT), RUN_MS, 'sim run');
  assert.equal(r.backend, 'sim');
  assert.equal(r.stdout, 'total: 100\n');
  await settle(1000);  // a late reload would show here
  assert.equal(lab.loads.length, 1, `the page reloaded: ${lab.loads.join(', ')}`);
}

// Runs fn(url) against the built site served without isolation, with WORKER left out (worker
// null) or replaced by the text `worker`; always stops the server.
async function withSite(worker, fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'forklab-coi-'));
  for (const name of readdirSync(WEB_DIR)) {
    if (name !== WORKER) symlinkSync(path.join(WEB_DIR, name), path.join(dir, name));
  }
  if (worker !== null) writeFileSync(path.join(dir, WORKER), worker);
  const server = spawn('python3', [path.join(root, 'web', 'serve.py'), '--dir', dir, '--port', '0',
    '--no-isolation', '--quiet'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await withTimeout(new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = /forklab lab: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
    }), 10_000, 'serve.py');
    await fn(url);
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
