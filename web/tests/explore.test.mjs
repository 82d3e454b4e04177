// "What else could happen?" in the page: forklab.explore() explores a slice per frame, so it
// works on the single-threaded build (the page without cross-origin isolation, where most
// embeds live) and the page keeps drawing meanwhile; each outcome's witness replays in Step
// mode to that very outcome. Run by scripts/run-browser-tests.sh on the plain server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { PLAIN_URL, LOAD_MS, sharedBrowser, RACE_2X2 } from './harness.mjs';

const chrome = sharedBrowser(!!PLAIN_URL);
// A child spinning on a shared flag (also a golden scenario, run under CPython too).
const SPIN = readFileSync(new URL('../../tests/scenarios/multiprocessing/espera_activa_bandera.py', import.meta.url), 'utf8');


describe('exploration in the page', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('every outcome of a race, with counts and witnesses that replay, without isolation', { timeout: LOAD_MS * 2 }, async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
    await page.goto(PLAIN_URL, { timeout: LOAD_MS });
    await page.evaluate(() => window.forklab.ready.then(() => true));
    assert.equal(await page.evaluate(() => window.forklab.crossOriginIsolated), false);

    const { result, frames } = await page.evaluate(async (code) => {
      let frames = 0;
      let counting = true;
      const tick = () => { if (counting) { frames++; requestAnimationFrame(tick); } };
      requestAnimationFrame(tick);
      const result = await window.forklab.explore({ code, filename: 'carrera.py' });
      counting = false;
      return { result, frames };
    }, RACE_2X2);
    assert.equal(result.complete, true, JSON.stringify(result));
    assert.deepEqual(result.errors, []);
    assert.equal(result.schedules, 918);
    const byValue = Object.fromEntries(result.outcomes.map((o) => [o.stdout.trim(), o]));
    assert.deepEqual(Object.keys(byValue).sort(), ['2', '3', '4']);
    assert.equal(result.outcomes.reduce((n, o) => n + o.count, 0), 918);
    assert.ok(frames >= 2, `the page drew ${frames} frames while exploring`);

    // The lost-update witness, replayed step by step, ends with 2.
    const stepped = await page.evaluate(({ code, schedule }) => {
      window.forklab.step({ code, schedule, filename: 'carrera.py' });
      return window.forklab.stepCommand('c');
    }, { code: RACE_2X2, schedule: byValue['2'].witness });
    assert.equal(stepped.finished, true, JSON.stringify(stepped));
    assert.equal(stepped.stdout, '2\n');

    assert.equal(result.loops, 0);

    // A process spinning on a flag: the loop is cut where it comes back (not unrolled to the
    // step limit), the search is complete, and the result counts the cut schedules.
    const spin = await page.evaluate((code) => window.forklab.explore({ code, filename: 'espera.py' }), SPIN);
    assert.equal(spin.complete, true, JSON.stringify(spin));
    assert.ok(spin.loops > 0, JSON.stringify(spin));
    assert.deepEqual(spin.outcomes.map((o) => o.stdout), ['visto\n']);

    // A program that does not compile: the error, no outcomes.
    const bad = await page.evaluate(() => window.forklab.explore({ code: 'def f(:\n', filename: 'mal.py' }));
    assert.equal(bad.outcomes.length, 0);
    assert.ok(bad.errors.length >= 1 && /mal\.py|syntax|Syntax/.test(bad.errors.join(' ')), JSON.stringify(bad));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
