// Browser tests of embedding: embed.html's URL parameters (scenario, code=, z=, seed,
// autorun, bad parameters), the postMessage API driven by a parent page on the OTHER server's
// origin (replies, events, and a frame that must ignore a parent it does not allow), and the
// lab bar's Embed button (its snippet works as an embed; its share link brings back code with
// ñ and ¿). Run by scripts/run-browser-tests.sh, which serves build/web twice: the
// cross-origin isolated server holds the embedded lab, the plain one plays the course site.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { root, ISOLATED_URL, PLAIN_URL, ARTIFACTS, LOAD_MS, withTimeout, sharedBrowser } from './harness.mjs';

const RACE = readFileSync(path.join(root, 'web', 'scenarios', 'race.py'), 'utf8');
const RUN_MS = 30_000;
const skip = (!ISOLATED_URL || !PLAIN_URL) && 'FORKLAB_ISOLATED_URL / FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh';

// Small programs: these tests are about getting code in and results out, not about speed.
const HOLA = 'print("¡Hola, ñandú! ¿Qué tal?")\n';
const COUNT = [
  'from multiprocessing import Process, Value',
  '',
  '',
  'def sumar(v, n):',
  '    for _ in range(n):',
  '        with v.get_lock():',
  '            v.value += 1',
  '',
  '',
  'if __name__ == "__main__":',
  '    v = Value("i", 0)',
  '    ps = [Process(target=sumar, args=(v, 50)) for _ in range(2)]',
  '    for p in ps:',
  '        p.start()',
  '    for p in ps:',
  '        p.join()',
  '    print("total:", v.value)',
  '',
].join('\n');
// Long enough for the share link to pick z= (deflate-raw), with accents in every line.
const LONG = Array.from({ length: 300 }, (_, i) => `# línea ${i}: ¿cuánto suma? año ñ`).join('\n') +
  '\nprint(sum(range(301)), "¿listo?")\n';

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const originOf = (u) => new URL(u).origin;

const chrome = sharedBrowser(!skip);

// A page with its uncaught errors collected; close() asserts there were none.
async function newPage(t, { width = 1100, height = 720 } = {}) {
  const context = await chrome.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'error') t.diagnostic(`console error: ${m.text()}`); });
  return {
    context, page,
    close: async () => {
      await context.close();
      assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    },
  };
}

async function openLab(t, url) {
  const lab = await newPage(t);
  await lab.page.goto(url, { timeout: LOAD_MS });
  await withTimeout(lab.page.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'forklab.ready');
  return lab;
}

// --- embed.html's URL parameters ------------------------------------------------------------

describe('embed.html parameters', { skip }, () => {
  test('code= with autorun, lang=es, seed, cores, filename; threads falls back to sim on a plain page',
    { timeout: LOAD_MS + RUN_MS }, async (t) => {
      const q = `code=${b64url(HOLA)}&filename=hola.py&seed=5&cores=3&lang=es&backend=threads&autorun=1`;
      const lab = await openLab(t, `${PLAIN_URL}embed.html?${q}`);
      const r = await withTimeout(lab.page.evaluate(() => window.forklab.autorun), RUN_MS, 'autorun');
      assert.equal(r.exitStatus, 0, r.stderr);
      assert.equal(r.stdout, '¡Hola, ñandú! ¿Qué tal?\n');
      assert.equal(r.backend, 'sim');
      const info = await lab.page.evaluate(() => ({
        current: window.forklab.current(),
        lang: document.documentElement.lang,
        mode: document.getElementById('mode').textContent,
        state: document.getElementById('state').textContent,
        noticeHidden: document.getElementById('notice').hidden,
      }));
      assert.equal(info.current.code, HOLA);
      assert.equal(info.current.filename, 'hola.py');
      assert.equal(info.current.seed, 5);
      assert.equal(info.current.cores, 3);
      assert.equal(info.lang, 'es');
      assert.match(info.mode, /^Solo simulación/);
      assert.match(info.state, /backend=threads necesita una página aislada/);
      assert.equal(info.noticeHidden, true);
      await lab.close();
    });

  test('scenario= loads web/scenarios/NAME.py without running it', { timeout: LOAD_MS }, async (t) => {
    const lab = await openLab(t, `${PLAIN_URL}embed.html?scenario=race&seed=4`);
    const got = await lab.page.evaluate(async () => {
      const applied = await window.forklab.fromUrl;
      return { applied, current: window.forklab.current(), autorun: window.forklab.autorun,
        scenario: window.forklab.urlScenario, last: window.forklab.lastResult };
    });
    assert.equal(got.current.code, RACE);
    assert.equal(got.current.filename, 'race.py');
    assert.equal(got.current.seed, 4);
    assert.equal(got.current.running, false);
    assert.equal(got.autorun, null);
    assert.equal(got.last, null, 'nothing ran');
    assert.equal(got.scenario.name, 'race');
    assert.equal(got.applied.note, null);
    await lab.close();
  });

  test('z= (deflate-raw) carries a long program; the link writer picks z= for it', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    const lab = await openLab(t, `${PLAIN_URL}embed.html`);
    const query = await lab.page.evaluate((code) => window.forklabUrl.query({ code }), LONG);
    assert.match(query, /^z=[A-Za-z0-9_-]+$/);
    assert.ok(query.length < b64url(LONG).length / 2, `z= is short (${query.length} characters)`);
    await lab.page.goto(`${PLAIN_URL}embed.html?${query}&autorun=1`, { timeout: LOAD_MS });
    const r = await withTimeout(lab.page.evaluate(() => window.forklab.autorun), LOAD_MS, 'autorun');
    assert.equal(r.stdout, '45150 ¿listo?\n');
    assert.equal(await lab.page.evaluate(() => window.forklab.current().code), LONG);
    await lab.close();
  });

  test('bad parameters: a notice lists each problem, nothing loads, the lab still works', { timeout: LOAD_MS * 2 }, async (t) => {
    const lab = await openLab(t, `${PLAIN_URL}embed.html?scenario=../etc&seed=-1&backend=gpu&lang=es&autorun=1`);
    const shown = await lab.page.evaluate(async () => {
      const err = await window.forklab.fromUrl.then(() => null, (e) => e.message);
      return {
        err,
        hidden: document.getElementById('notice').hidden,
        title: document.getElementById('notice-title').textContent,
        items: [...document.querySelectorAll('#notice-list li')].map((li) => li.textContent),
        code: window.forklab.current().code,
        last: window.forklab.lastResult,
      };
    });
    assert.equal(shown.hidden, false, 'the notice is shown');
    assert.match(shown.title, /no puede usar su enlace/);
    assert.equal(shown.items.length, 3, shown.items.join(' | '));
    assert.match(shown.items[0], /^scenario= debe ser un nombre de escenario/);
    assert.match(shown.items[1], /^backend= debe ser sim o threads, no «gpu»/);
    assert.match(shown.items[2], /^seed= debe ser un número entero/);
    assert.notEqual(shown.code, '');
    assert.equal(shown.last, null, 'autorun did not run anything');
    await lab.page.screenshot({ path: path.join(ARTIFACTS, 'embed-bad-parameters.png') });
    // The lab under the notice still runs.
    const r = await withTimeout(lab.page.evaluate((code) => window.forklab.run({ code }), HOLA), RUN_MS, 'run');
    assert.equal(r.exitStatus, 0);
    await lab.page.click('#notice-close');
    assert.equal(await lab.page.evaluate(() => document.getElementById('notice').hidden), true);

    for (const [query, pattern] of [
      ['scenario=no_such_one', /there is no scenario "no_such_one" \(HTTP 404\)/],
      ['code=%E2%9C%93%24', /code= is not base64url/],
      ['z=AAAA&lang=en', /z= is not a deflate-raw compressed/],
      ['autorun=1', /autorun=1 needs a program/],
    ]) {
      await lab.page.goto(`${PLAIN_URL}embed.html?${query}&lang=en`, { timeout: LOAD_MS });
      const text = await withTimeout(lab.page.evaluate(() => window.forklab.fromUrl.then(
        () => 'resolved', () => document.getElementById('notice-list').textContent)), LOAD_MS, query);
      assert.match(text, pattern, query);
    }
    await lab.close();
  });
});

// --- the postMessage API --------------------------------------------------------------------

// A course page on the plain server's origin embedding labs from the isolated server: the
// two are different origins (different ports). The page records every message it gets with
// the frame it came from.
const PARENT_HTML = `<!doctype html><meta charset="utf-8"><title>course</title>
<body><script>
  window.got = [];
  addEventListener('message', (e) => {
    const frames = [...document.querySelectorAll('iframe')];
    const from = frames.findIndex((f) => f.contentWindow === e.source);
    got.push({ from, origin: e.origin, data: e.data });
  });
  window.addFrame = (src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.width = 520; f.height = 320; f.allow = 'cross-origin-isolated';
    f.onload = () => resolve(document.querySelectorAll('iframe').length - 1);
    f.src = src;
    document.body.append(f);
  });
  window.send = (i, msg, origin) =>
    document.querySelectorAll('iframe')[i].contentWindow.postMessage(msg, origin);
  window.reply = (i, id) => new Promise((resolve) => {
    const look = () => {
      const m = got.find((g) => g.from === i && g.data && g.data.type === 'reply' && g.data.id === id);
      if (m) resolve(m); else setTimeout(look, 20);
    };
    look();
  });
  window.waitEvent = (i, type, n = 1) => new Promise((resolve) => {
    const look = () => {
      const ms = got.filter((g) => g.from === i && g.data && g.data.type === type);
      if (ms.length >= n) resolve(ms[n - 1]); else setTimeout(look, 20);
    };
    look();
  });
</script></body>`;

// The parent must really come from the plain server: a page made up by the test (route
// fulfilment) counts as public, and Chromium's local network access checks would block its
// iframes on 127.0.0.1. So it opens the server's own 404 page and writes itself over it,
// which keeps that document's origin.
async function openParent(t) {
  const parent = await newPage(t);
  await parent.page.goto(`${PLAIN_URL}__tests__/course.html`, { timeout: LOAD_MS });
  await parent.page.setContent(PARENT_HTML);
  return parent;
}

describe('postMessage API from a page on another origin', { skip }, () => {
  test('load, run, step, getResult replies and the events; a frame that does not allow the parent ignores it',
    { timeout: LOAD_MS + RUN_MS * 2 }, async (t) => {
      const parent = await openParent(t);
      const p = parent.page;
      const labOrigin = originOf(ISOLATED_URL);
      // Frame 0 takes the parent's origin from document.referrer; frame 1 allows another one.
      await p.evaluate((src) => window.addFrame(src), `${ISOLATED_URL}embed.html?scenario=race`);
      await p.evaluate((src) => window.addFrame(src), `${ISOLATED_URL}embed.html?origin=http://127.0.0.1:9`);
      const ready = await withTimeout(p.evaluate(() => window.waitEvent(0, 'ready')), LOAD_MS, 'ready event');
      assert.equal(ready.origin, labOrigin);
      assert.equal(ready.data.forklab, 1);
      assert.deepEqual(ready.data.backends, ['sim'], 'a non-isolated parent: the embed runs sim');

      const ask = async (msg, ms = RUN_MS) => {
        await p.evaluate(([m, o]) => window.send(0, m, o), [Object.assign({ forklab: 1 }, msg), labOrigin]);
        const r = await withTimeout(p.evaluate((id) => window.reply(0, id), msg.id), ms, `reply to ${msg.type}`);
        assert.equal(r.origin, labOrigin);
        return r.data;
      };

      const ping = await ask({ id: 1, type: 'ping' });
      assert.equal(ping.ok, true);
      assert.equal(ping.result.ready, true);
      assert.equal(ping.result.crossOriginIsolated, false);

      const loaded = await ask({ id: 'load-1', type: 'load', code: COUNT, filename: 'contar.py', seed: 3 });
      assert.deepEqual(loaded, { forklab: 1, id: 'load-1', type: 'reply', ok: true, result: { backend: 'sim', note: null } });
      const cur = await ask({ id: 2, type: 'current' });
      assert.equal(cur.result.code, COUNT);
      assert.equal(cur.result.filename, 'contar.py');
      assert.equal(cur.result.seed, 3);

      // run without code: the loaded program with its settings.
      const ran = await ask({ id: 3, type: 'run' });
      assert.equal(ran.ok, true, ran.error);
      assert.equal(ran.result.stdout, 'total: 100\n');
      assert.equal(ran.result.exitcodes['Process-2'], 0);
      const started = await p.evaluate(() => window.waitEvent(0, 'runStarted'));
      const done = await p.evaluate(() => window.waitEvent(0, 'runDone'));
      assert.equal(started.data.filename, 'contar.py');
      assert.equal(done.data.runId, started.data.runId);
      assert.equal(done.data.result.stdout, 'total: 100\n');
      const last = await ask({ id: 4, type: 'getResult' });
      assert.equal(last.result.stdout, 'total: 100\n');

      // A run the student starts in the viewer (Ctrl+Enter) is reported too.
      const frame0 = p.frames().find((f) => f.url().includes('scenario=race'));
      await frame0.focus('#canvas');
      // Held over several frames: ImGui 1.86 reads key state once per frame, so a press and
      // release inside one slow frame would be missed.
      await p.keyboard.down('Control');
      await p.keyboard.down('Enter');
      await p.waitForTimeout(250);
      await p.keyboard.up('Enter');
      await p.keyboard.up('Control');
      const userStarted = await withTimeout(p.evaluate(() => window.waitEvent(0, 'runStarted', 2)), RUN_MS, 'viewer runStarted');
      assert.deepEqual(userStarted.data, { forklab: 1, type: 'runStarted', source: 'viewer', runId: null, backend: 'sim', filename: 'contar.py' });
      const userDone = await withTimeout(p.evaluate(() => window.waitEvent(0, 'runDone', 2)), RUN_MS, 'viewer runDone');
      assert.equal(userDone.data.source, 'viewer');
      assert.equal(userDone.data.result.stdout, 'total: 100\n');
      assert.equal(started.data.source, 'page');

      const opened = await ask({ id: 5, type: 'step', code: COUNT, seed: 1 });
      assert.equal(opened.ok, true, opened.error);
      assert.equal(opened.result.step, 0);
      assert.equal(opened.result.processes[0].name, 'MainProcess');
      const stepped = await ask({ id: 6, type: 'stepCommand', command: '0' });
      assert.equal(stepped.result.step, 1);
      const refused = await ask({ id: 7, type: 'stepCommand', command: '7' });
      assert.equal(refused.ok, true);
      assert.ok(refused.result.error, 'a bad step command answers with an error sentence');

      const unknown = await ask({ id: 8, type: 'explode' });
      assert.equal(unknown.ok, false);
      assert.match(unknown.error, /unknown request type "explode"/);
      const badBackend = await ask({ id: 9, type: 'load', code: HOLA, backend: 'gpu' });
      assert.equal(badBackend.ok, false);
      assert.match(badBackend.error, /unknown backend "gpu"/);

      // Frame 1 allows only http://127.0.0.1:9: it must neither answer this parent nor send
      // it events (its ready event was posted to the other origin, so the browser dropped it).
      const frame1 = p.frames().find((f) => f.url().includes('origin=http://127.0.0.1:9'));
      await withTimeout(frame1.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'frame 1 ready');
      await p.evaluate((o) => window.send(1, { forklab: 1, id: 'x', type: 'ping' }, o), labOrigin);
      await p.waitForTimeout(1000);
      const fromFrame1 = await p.evaluate(() => window.got.filter((g) => g.from === 1).length);
      assert.equal(fromFrame1, 0, 'frame 1 sent nothing to a parent it does not allow');
      const counted = await frame1.evaluate(() => window.forklab.embedApi);
      assert.equal(counted.ignored, 1);
      assert.equal(counted.lastIgnoredOrigin, originOf(PLAIN_URL));
      assert.deepEqual(counted.allowedOrigins, ['http://127.0.0.1:9']);
      // Frame 0 took its allowed origin from the referrer, and all it sent came from the lab's origin.
      assert.deepEqual((await frame0.evaluate(() => window.forklab.embedApi)).allowedOrigins, [originOf(PLAIN_URL)]);
      assert.ok(await p.evaluate((o) => window.got.every((g) => g.origin === o), labOrigin));
      await parent.close();
    });
});

describe('the sample course page', { skip }, () => {
  test('course-sample.html on the plain origin drives a lab on the other one: Ejecutar, Paso, events',
    { timeout: LOAD_MS + RUN_MS * 2 }, async (t) => {
      const course = await newPage(t, { width: 1100, height: 2000 });  // both iframes on screen
      const p = course.page;
      await p.goto(`${PLAIN_URL}course-sample.html?lab=${encodeURIComponent(ISOLATED_URL)}`, { timeout: LOAD_MS });
      await withTimeout(p.waitForSelector('#run:not([disabled])', { timeout: LOAD_MS }), LOAD_MS, 'lab ready');
      assert.match(await p.textContent('#log'), /ready: backends sim \(solo simulación\)/);
      await p.click('#run');
      await p.waitForFunction(() => /^Terminado/.test(document.getElementById('status').textContent), null, { timeout: RUN_MS });
      assert.equal(await p.textContent('#status'), 'Terminado: código de salida 0.');
      const log = await p.textContent('#log');
      assert.match(log, /runStarted: ejecución \d+ de cola\.py en sim/);
      assert.match(log, /runDone: ejecución \d+, código de salida 0\n[^]*consumidor: suma = 30\ncódigos de salida: 0 0/);
      await p.click('#step');
      await p.waitForFunction(() => /^Paso 0\. Pueden avanzar: MainProcess\.$/.test(document.getElementById('status').textContent), null, { timeout: RUN_MS });
      await p.click('#step');
      await p.waitForFunction(() => /^Paso 1\./.test(document.getElementById('status').textContent), null, { timeout: RUN_MS });
      assert.match(await p.textContent('#log'), /stepCommand 0: avanza MainProcess/);
      const race = p.frames().find((f) => f.url().includes('scenario=race'));
      assert.equal(await race.evaluate(() => window.forklab.ready.then(() => window.forklab.current().filename)), 'race.py');
      await p.screenshot({ path: path.join(ARTIFACTS, 'course-sample.png'), fullPage: true });
      await course.close();
    });
});

describe('an embed in a cross-origin isolated course page', { skip }, () => {
  test('with COOP/COEP on the page and allow="cross-origin-isolated", the embed runs threads', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    // Same origin as the lab.
    const course = await newPage(t);
    await course.page.goto(`${ISOLATED_URL}__tests__/course.html`, { timeout: LOAD_MS });
    await course.page.setContent(PARENT_HTML);
    assert.equal(await course.page.evaluate(() => self.crossOriginIsolated), true);
    await course.page.evaluate((src) => window.addFrame(src),
      `${ISOLATED_URL}embed.html?code=${b64url(COUNT)}&filename=contar.py&backend=threads&autorun=1`);
    const ready = await withTimeout(course.page.evaluate(() => window.waitEvent(0, 'ready')), LOAD_MS, 'ready event');
    assert.deepEqual(ready.data.backends, ['sim', 'threads']);
    const done = await withTimeout(course.page.evaluate(() => window.waitEvent(0, 'runDone')), RUN_MS, 'runDone');
    assert.equal(done.data.result.backend, 'threads');
    assert.equal(done.data.result.stdout, 'total: 100\n');
    await course.close();
  });

  test('an isolated course page on another origin embeds the lab with threads (CORP cross-origin)', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    // localhost and 127.0.0.1 are two origins of one server: the course page's COEP
    // require-corp lets the frame in only because web/serve.py sends CORP cross-origin.
    const other = new URL(ISOLATED_URL);
    other.hostname = 'localhost';
    const course = await newPage(t);
    await course.page.goto(`${other.href}__tests__/course.html`, { timeout: LOAD_MS });
    await course.page.setContent(PARENT_HTML);
    assert.equal(await course.page.evaluate(() => self.crossOriginIsolated), true);
    assert.notEqual(await course.page.evaluate(() => location.origin), originOf(ISOLATED_URL));
    await course.page.evaluate((src) => window.addFrame(src),
      `${ISOLATED_URL}embed.html?code=${b64url(COUNT)}&filename=contar.py&backend=threads&autorun=1&origin=${encodeURIComponent(other.origin)}`);
    const ready = await withTimeout(course.page.evaluate(() => window.waitEvent(0, 'ready')), LOAD_MS, 'ready event');
    assert.deepEqual(ready.data.backends, ['sim', 'threads']);
    const done = await withTimeout(course.page.evaluate(() => window.waitEvent(0, 'runDone')), RUN_MS, 'runDone');
    assert.equal(done.data.result.backend, 'threads');
    assert.equal(done.data.result.stdout, 'total: 100\n');
    await course.close();
  });
});

// --- the Embed button and the share link ----------------------------------------------------

describe('Embed button and share link', { skip }, () => {
  test('the snippet embeds the current code and settings; the share link brings back ñ and ¿',
    { timeout: LOAD_MS * 3 + RUN_MS }, async (t) => {
      const program = '# ¿Cuántos años tiene el ñandú?\nprint("año:", 2026, "¿sí?")\n';
      const lab = await openLab(t, ISOLATED_URL);
      const rc = await lab.page.evaluate((code) => window.forklab.load({ code, filename: 'año.py', seed: 9, cores: 3 }), program);
      assert.equal(rc, 0);
      await lab.page.click('#embed-button');
      await lab.page.waitForSelector('#embed-dialog[open]');
      await lab.page.check('#embed-autorun');
      await lab.page.waitForFunction(() => /autorun=1/.test(document.getElementById('embed-snippet').value));
      const { snippet, share } = await lab.page.evaluate(() => ({
        snippet: document.getElementById('embed-snippet').value,
        share: document.getElementById('share-link').value,
      }));
      await lab.page.click('#embed-copy');
      await lab.page.waitForFunction(() => document.getElementById('embed-copy-status').textContent !== '');
      // Headless Chromium may refuse the clipboard; then the text is selected for Ctrl+C.
      assert.match(await lab.page.textContent('#embed-copy-status'), /^(Copied|Select the text and copy it)/);
      await lab.page.screenshot({ path: path.join(ARTIFACTS, 'embed-dialog.png') });
      assert.match(snippet, /^<iframe src="[^"]+\/embed\.html\?[^"]+" width="960" height="640" /);
      assert.match(snippet, / allow="cross-origin-isolated" /);
      const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
      assert.ok(src.startsWith(`${ISOLATED_URL}embed.html?`), src);
      assert.ok(share.startsWith(ISOLATED_URL) && !share.includes('embed.html'), share);
      assert.doesNotMatch(share, /autorun/, 'autorun is an embed option only');
      await lab.close();

      // The share link: the full lab with the same code and settings.
      const shared = await openLab(t, share);
      const back = await shared.page.evaluate(async () => { await window.forklab.fromUrl; return window.forklab.current(); });
      assert.equal(back.code, program);
      assert.equal(back.filename, 'año.py');
      assert.equal(back.seed, 9);
      assert.equal(back.cores, 3);
      await shared.close();

      // The snippet, pasted into a course page on the other origin, runs the program.
      const parent = await openParent(t);
      await parent.page.evaluate((html) => {
        document.body.insertAdjacentHTML('beforeend', html);
        // loading="lazy" waits for the frame to be near the viewport; it is.
      }, snippet);
      const frame = await withTimeout((async () => {
        for (;;) {
          const f = parent.page.frames().find((x) => x.url().includes('embed.html'));
          if (f && await f.evaluate(() => !!window.forklab).catch(() => false)) return f;
          await parent.page.waitForTimeout(100);
        }
      })(), LOAD_MS, 'the pasted iframe');
      const r = await withTimeout(frame.evaluate(() => window.forklab.autorun), LOAD_MS, 'embed autorun');
      assert.equal(r.exitStatus, 0, r.stderr);
      assert.equal(r.stdout, 'año: 2026 ¿sí?\n');
      await parent.close();
    });
});
