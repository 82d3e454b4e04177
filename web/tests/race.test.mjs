// Browser tests of the lab: the race scenario through the page API on a cross-origin
// isolated server (sim + threads) and a plain one (sim only, threads refused), plus a
// screenshot of an autorun. Run by scripts/run-browser-tests.sh, which starts the two
// servers and passes FORKLAB_ISOLATED_URL / FORKLAB_PLAIN_URL (and FORKLAB_ARTIFACTS).
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { root, ISOLATED_URL, PLAIN_URL, ARTIFACTS, LOAD_MS, withTimeout, sharedBrowser } from './harness.mjs';
import { colourStats, decodePng } from './png.mjs';

const RACE = readFileSync(path.join(root, 'web', 'scenarios', 'race.py'), 'utf8');
const PROCS = ['MainProcess', ...Array.from({ length: 8 }, (_, i) => `Process-${i + 1}`)];

let isolatedSimStdout = null;  // seed 1 on the threaded build, compared with the other build
const RUN_MS = 90_000;

const chrome = sharedBrowser(!!(ISOLATED_URL || PLAIN_URL));

// A page on `url`, with its console errors and uncaught errors collected.
async function openLab(t, url, { deviceScaleFactor = 1 } = {}) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor });
  const page = await context.newPage();
  const lab = { context, page, consoleErrors: [], pageErrors: [] };
  page.on('console', (m) => { if (m.type() === 'error') lab.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => lab.pageErrors.push(String(e && e.stack || e)));
  page.on('response', (r) => { if (r.status() >= 400) lab.consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(url, { timeout: LOAD_MS });
  await withTimeout(page.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'forklab.ready');
  lab.close = async () => {
    for (const e of lab.consoleErrors) t.diagnostic(`console error: ${e}`);
    await context.close();
    assert.deepEqual(lab.pageErrors, [], 'uncaught errors in the page');
  };
  return lab;
}

function run(lab, request) {
  return withTimeout(lab.page.evaluate((r) => window.forklab.run(r), request), RUN_MS,
    `forklab.run(${request.backend})`);
}

function assertRaceOk(result) {
  assert.equal(result.exitStatus, 0, `exit status (stderr: ${result.stderr})`);
  assert.match(result.stdout, /^sin lock: \d+ de 800000$/m);
  assert.match(result.stdout, /^con lock: 800000 de 800000$/m);
  for (const name of PROCS) assert.equal(result.exitcodes[name], 0, `exitcode of ${name}`);
  assert.equal(Object.keys(result.exitcodes).length, PROCS.length);
  assert.deepEqual(result.diagnostics, []);
}

async function autorunScreenshot(t, baseUrl, name, deviceScaleFactor = 1) {
  const lab = await openLab(t, `${baseUrl}?scenario=race&backend=sim&seed=1&autorun=1`, { deviceScaleFactor });
  const result = await withTimeout(lab.page.evaluate(() => window.forklab.autorun), RUN_MS, 'autorun');
  assertRaceOk(result);
  // Let a few frames draw the finished run.
  await lab.page.evaluate(() => new Promise((r) => {
    let n = 10;
    const tick = () => (--n ? requestAnimationFrame(tick) : r());
    requestAnimationFrame(tick);
  }));
  await lab.page.waitForTimeout(300);
  const file = path.join(ARTIFACTS, `${name}.png`);
  await lab.page.screenshot({ path: file });
  const canvasPng = await lab.page.locator('#canvas').screenshot();
  // The drawing buffer follows the CSS size times the device pixel ratio (sharp on HiDPI).
  const size = await lab.page.evaluate(() => {
    const c = document.getElementById('canvas');
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cssW: r.width, cssH: r.height };
  });
  assert.ok(Math.abs(size.w - Math.floor(size.cssW) * deviceScaleFactor) <= deviceScaleFactor, JSON.stringify(size));
  assert.ok(Math.abs(size.h - Math.floor(size.cssH) * deviceScaleFactor) <= deviceScaleFactor, JSON.stringify(size));
  const { distinct, dominant } = colourStats(decodePng(canvasPng));
  const share = (dominant * 100).toFixed(1);
  t.diagnostic(`screenshot ${file}: canvas has ${distinct} distinct colours, the commonest covers ${share}%`);
  assert.ok(distinct >= 8 && dominant < 0.97, `canvas looks blank (${distinct} colours, ${share}% one colour)`);
  await lab.close();
}

describe('cross-origin isolated page', { skip: !ISOLATED_URL && 'FORKLAB_ISOLATED_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('loads the threaded build', { timeout: LOAD_MS * 2 }, async (t) => {
    const lab = await openLab(t, ISOLATED_URL);
    const info = await lab.page.evaluate(() => ({
      isolated: window.forklab.crossOriginIsolated,
      real: self.crossOriginIsolated,
      backends: window.forklab.backends,
      flavour: window.forklab.flavour,
      mode: document.getElementById('mode').textContent,
    }));
    assert.equal(info.real, true);
    assert.equal(info.isolated, true);
    assert.deepEqual(info.backends, ['sim', 'threads']);
    assert.equal(info.flavour, 'threads');
    assert.match(info.mode, /Real parallel runs on Web Workers \(cross-origin isolated\)/);
    await lab.close();
  });

  test('race on sim: lock counts right, same seed same output', { timeout: RUN_MS * 2 + LOAD_MS }, async (t) => {
    const lab = await openLab(t, ISOLATED_URL);
    const req = { code: RACE, backend: 'sim', seed: 1, filename: 'race.py' };
    const a = await run(lab, req);
    assertRaceOk(a);
    assert.equal(a.backend, 'sim');
    const b = await run(lab, req);
    assert.equal(b.stdout, a.stdout, 'same seed, same stdout');
    isolatedSimStdout = a.stdout;
    // The simulator is the same code natively and in wasm: seed 1 on the default 2 cores must
    // give the native CLI's output byte for byte (run-browser-tests.sh passes it in).
    if (process.env.FORKLAB_NATIVE_SIM_STDOUT !== undefined) {
      assert.equal(a.stdout, process.env.FORKLAB_NATIVE_SIM_STDOUT, 'browser sim == native sim for seed 1');
    }
    t.diagnostic(a.stdout.trim().replace(/\n/g, ' | '));
    await lab.close();
  });

  test('race on threads: every process on a Web Worker, lock counts right', { timeout: RUN_MS + LOAD_MS }, async (t) => {
    const lab = await openLab(t, ISOLATED_URL);
    const r = await run(lab, { code: RACE, backend: 'threads', filename: 'race.py' });
    assertRaceOk(r);
    assert.equal(r.backend, 'threads');
    t.diagnostic(r.stdout.trim().replace(/\n/g, ' | '));
    await lab.close();
  });

  test('threads with more processes than the pre-started Worker pool', { timeout: RUN_MS + LOAD_MS }, async (t) => {
    // 1 scenario thread + 16 children > PTHREAD_POOL_SIZE (8): Emscripten must add Workers,
    // which works only because the main thread never blocks.
    const code = [
      'from multiprocessing import Process, Value',
      '',
      '',
      'def work(v, n):',
      '    for _ in range(n):',
      '        with v.get_lock():',
      '            v.value += 1',
      '',
      '',
      'if __name__ == "__main__":',
      '    v = Value("i", 0)',
      '    ps = [Process(target=work, args=(v, 2000)) for _ in range(16)]',
      '    for p in ps:',
      '        p.start()',
      '    for p in ps:',
      '        p.join()',
      '    print(v.value, [p.exitcode for p in ps])',
      '',
    ].join('\n');
    const lab = await openLab(t, ISOLATED_URL);
    const r = await run(lab, { code, backend: 'threads', filename: 'many.py' });
    assert.equal(r.exitStatus, 0, r.stderr);
    assert.equal(r.stdout, `32000 [${Array(16).fill(0).join(', ')}]\n`);
    assert.equal(Object.keys(r.exitcodes).length, 17);
    await lab.close();
  });

  test('fork is refused with a reason', { timeout: LOAD_MS * 2 }, async (t) => {
    const lab = await openLab(t, ISOLATED_URL);
    const r = await run(lab, { code: RACE, backend: 'fork' });
    assert.equal(r.exitStatus, 2);
    assert.match(r.diagnostics[0].message, /fork is not available in the browser/);
    await lab.close();
  });

  test('?scenario=race&autorun=1 draws the viewer', { timeout: RUN_MS + LOAD_MS }, async (t) => {
    await autorunScreenshot(t, ISOLATED_URL, 'isolated-race-sim');
  });
});

describe('page without cross-origin isolation', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('loads the single-threaded build and says so', { timeout: LOAD_MS * 2 }, async (t) => {
    const lab = await openLab(t, PLAIN_URL);
    const info = await lab.page.evaluate(() => ({
      isolated: window.forklab.crossOriginIsolated,
      real: self.crossOriginIsolated,
      backends: window.forklab.backends,
      flavour: window.forklab.flavour,
      mode: document.getElementById('mode').textContent,
    }));
    assert.equal(info.real, false);
    assert.equal(info.isolated, false);
    assert.deepEqual(info.backends, ['sim']);
    assert.equal(info.flavour, 'single-thread');
    assert.match(info.mode, /^Simulation only: this page is not cross-origin isolated/);
    await lab.close();
  });

  test('race on sim works, threads is refused with the reason', { timeout: RUN_MS + LOAD_MS }, async (t) => {
    const lab = await openLab(t, PLAIN_URL);
    const sim = await run(lab, { code: RACE, backend: 'sim', seed: 1, filename: 'race.py' });
    assertRaceOk(sim);
    if (isolatedSimStdout !== null) {
      assert.equal(sim.stdout, isolatedSimStdout, 'seed 1 gives the same run on both builds');
    }
    const thr = await run(lab, { code: RACE, backend: 'threads', filename: 'race.py' });
    assert.equal(thr.exitStatus, 2);
    assert.equal(thr.diagnostics.length, 1);
    assert.equal(thr.diagnostics[0].kind, 'NotSupported');
    assert.match(thr.diagnostics[0].message, /not cross-origin isolated/);
    assert.equal(thr.stdout, '');
    await lab.close();
  });

  test('?scenario=race&autorun=1 draws the viewer (device pixel ratio 2)', { timeout: RUN_MS + LOAD_MS }, async (t) => {
    await autorunScreenshot(t, PLAIN_URL, 'plain-race-sim-dpr2', 2);
  });
});
