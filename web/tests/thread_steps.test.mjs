// Thread steps in the page: a process that has started threads lists each as a choice
// ("0.1") in forklab.step's state, and forklab.stepCommand("0.1") moves that thread alone,
// so a student can lead two threads through `leido = contador; pausa(); contador = leido + 1`
// into a lost update; the printed schedule names the threads and replays to the same end.
// The same scenario and sequence as tests/step_cli.sh, through the page API on the plain server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PLAIN_URL, LOAD_MS, sharedBrowser, root } from './harness.mjs';

const chrome = sharedBrowser(!!PLAIN_URL);

const HILOS = readFileSync(path.join(root, 'tests', 'scenarios', 'multiprocessing', 'thread_leer_pausa_escribir.py'), 'utf8');

describe('thread steps in the page', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('two threads led by hand lose an update, and the schedule replays it', { timeout: LOAD_MS * 2 }, async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
    await page.goto(PLAIN_URL, { timeout: LOAD_MS });
    await page.evaluate(() => window.forklab.ready.then(() => true));

    const states = await page.evaluate((code) => {
      const out = [window.forklab.step({ code, filename: 'hilos.py' })];
      for (const c of ['0', '0.1', '0.1', '0.0', '0.0', '0.2', '0.2', '0.2', '0.1', '9.9', 'c'])
        out.push(window.forklab.stepCommand(c));
      return out;
    }, HILOS);
    const threadsOf = (s) => (s.processes[0].threads || []).map((t) => t.choice);
    assert.deepEqual(threadsOf(states[0]), [], 'no thread choices before a thread starts');
    assert.deepEqual(threadsOf(states[1]), ['0.0', '0.1'], JSON.stringify(states[1].processes[0]));
    const t1 = states[3].processes[0].threads.find((t) => t.choice === '0.1');
    assert.equal(t1.name, 'Thread-1 (sumar)');
    assert.equal(t1.state, 'has GIL');
    assert.equal(t1.line, 6, 'thread 1 stops entering pausa()');
    assert.ok(states[10].error, 'a thread that does not exist is refused: ' + JSON.stringify(states[10]));
    assert.equal(states[10].step, states[9].step, 'a refused command changes nothing');
    const end = states[11];
    assert.equal(end.finished, true);
    assert.equal(end.stdout, 'contador = 1\n', 'the lost update');
    assert.match(end.schedule, /0\.1x2,0\.0x2,0\.2x3,0\.1/);

    // The schedule replays to the same lost update; without thread choices nothing is lost.
    const replay = await page.evaluate(({ code, schedule }) => {
      window.forklab.step({ code, schedule, filename: 'hilos.py' });
      const replayed = window.forklab.stepCommand('c').stdout;
      window.forklab.step({ code, filename: 'hilos.py' });
      return { replayed, plain: window.forklab.stepCommand('c').stdout };
    }, { code: HILOS, schedule: end.schedule });
    assert.equal(replay.replayed, 'contador = 1\n');
    assert.equal(replay.plain, 'contador = 2\n');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
