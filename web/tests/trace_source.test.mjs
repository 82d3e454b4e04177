// Browser tests of what a trace brings besides its timeline: the scenario's source. A trace of
// a native fork run (`forklab run --trace`) opened in the page puts that run's code and file
// name in the editor, replacing the code that was there; a trace without source (written
// before forklab recorded it) puts a note saying so, in the viewer's language, never the old
// code. The Inspector of the opened trace (forklab.inspectTrace) shows the run's state from
// its events, at the end and at a cursor in the middle. Run by scripts/run-browser-tests.sh
// (FORKLAB_ISOLATED_URL, FORKLAB_PLAIN_URL, FORKLAB_NATIVE = the native CLI that writes the
// trace; without it the tests skip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { root, ISOLATED_URL, PLAIN_URL, ARTIFACTS, LOAD_MS, withTimeout, sharedBrowser } from './harness.mjs';
import { colourStats, decodePng } from './png.mjs';

const NATIVE = process.env.FORKLAB_NATIVE || path.join(root, 'build', 'native', 'forklab');
const RUN_MS = 60_000;

// Two children add to a Value under a Lock and put on a Queue; accents in the comments, so
// the source must come through as UTF-8 text.
const SCENARIO = `from multiprocessing import Process, Queue, Value, Lock
# Cada proceso suma con el cerrojo tomado: ninguna actualización se pierde.


def sumar(total, candado, q, n):
    for _ in range(n):
        with candado:
            total.value += 1
    q.put(n)


if __name__ == "__main__":
    total = Value("i", 0, lock=False)
    candado = Lock()
    q = Queue()
    ps = [Process(target=sumar, args=(total, candado, q, 25)) for _ in range(2)]
    for p in ps:
        p.start()
    got = q.get() + q.get()
    for p in ps:
        p.join()
    print("total", total.value, "got", got)
`;
const STDOUT = 'total 50 got 50\n';
const OLD_CODE = 'print("código de antes")\n';

let work = null;
let trace = null;  // {text, data}
let nativeMissing = null;

const chrome = sharedBrowser(!!(ISOLATED_URL || PLAIN_URL));
before(() => {
  if (!ISOLATED_URL && !PLAIN_URL) return;
  if (!existsSync(NATIVE)) {
    nativeMissing = `no native forklab at ${NATIVE} (set FORKLAB_NATIVE)`;
    return;
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'forklab-trace-source-'));
  writeFileSync(path.join(work, 'suma.py'), SCENARIO);
  // Run where the file is, so the trace records the name as given: "suma.py".
  const r = spawnSync(NATIVE, ['run', '--backend', 'fork', '--trace', 'suma-fork.json', 'suma.py'],
    { cwd: work, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `forklab run --backend fork: ${r.stderr || r.error}`);
  assert.equal(r.stdout, STDOUT);
  const text = readFileSync(path.join(work, 'suma-fork.json'), 'utf8');
  trace = { text, data: JSON.parse(text) };
});
after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

async function openLab(t, url) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const lab = { page, pageErrors: [] };
  page.on('pageerror', (e) => lab.pageErrors.push(String(e && e.stack || e)));
  await page.goto(url, { timeout: LOAD_MS });
  await withTimeout(page.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'forklab.ready');
  lab.close = async () => {
    await context.close();
    assert.deepEqual(lab.pageErrors, [], 'uncaught errors in the page');
  };
  return lab;
}

// A few frames, so what the viewer draws (and decides per frame) has happened.
const frames = (page) => page.evaluate(() => new Promise((r) => {
  let left = 6;
  const tick = () => (--left ? requestAnimationFrame(tick) : r());
  requestAnimationFrame(tick);
}));

function suites(url, label) {
  describe(`a trace's source in the editor (${label})`, { skip: !url && 'lab URL not set: use scripts/run-browser-tests.sh' }, () => {
    test('a native fork run\'s trace shows that run\'s code, not the code before', { timeout: LOAD_MS + RUN_MS }, async (t) => {
      if (nativeMissing) { t.skip(nativeMissing); return; }
      assert.deepEqual(trace.data.otherData.scenario, { file: 'suma.py', source: SCENARIO });
      const lab = await openLab(t, url);
      assert.equal(await lab.page.evaluate((code) => window.forklab.load({ code, filename: 'antes.py' }), OLD_CODE), 0);
      const answer = await lab.page.evaluate((text) => window.forklab.openTrace(text, 'suma-fork.json'), trace.text);
      assert.equal(answer.ok, true, answer.error);
      assert.equal(answer.scenario, 'suma.py');
      await frames(lab.page);
      const now = await lab.page.evaluate(() => window.forklab.current());
      assert.equal(now.code, SCENARIO, 'the editor holds the traced run\'s source');
      assert.equal(now.filename, 'suma.py');
      // Exporting gives the file back byte for byte, source included.
      assert.equal(await lab.page.evaluate(() => window.forklab.exportTrace()), trace.text);

      // The Inspector at the end of the run: what the trace's events say.
      const end = await lab.page.evaluate(() => window.forklab.inspectTrace(null));
      assert.equal(end.atCursor, false);
      assert.equal(end.events, trace.data.otherData.events);
      assert.equal(end.cells.length, 1, JSON.stringify(end.cells));
      assert.equal(end.cells[0].value, 50);
      assert.equal(end.cells[0].writes, 51);  // the initial 0, then 50 increments
      assert.ok(end.locks.length >= 1);
      for (const l of end.locks) assert.deepEqual([l.holders, l.waiters], [[], []]);
      assert.deepEqual(end.queues.map((q) => [q.items, q.puts, q.gets]), [[0, 2, 2]]);
      assert.deepEqual(end.processes.map((p) => [p.name, p.state, p.exitcode]),
        [['MainProcess', 'exited', 0], ['Process-1', 'exited', 0], ['Process-2', 'exited', 0]]);

      // At a cursor halfway through: fewer events, the counter somewhere on its way, and
      // the answer is what a replay of the file's own events up to then gives.
      const mid = Math.floor(end.time / 2);
      const half = await lab.page.evaluate((t) => window.forklab.inspectTrace(t), mid);
      assert.equal(half.atCursor, true);
      assert.equal(half.time, mid);
      const recorded = trace.data.traceEvents.filter((e) => e.args && e.args.ev);
      const upTo = recorded.filter((e) => Math.round(e.ts * 1000) <= mid);
      assert.equal(half.events, upTo.length);
      const writes = upTo.filter((e) => e.args.ev === 'shared_write' || e.args.ev === 'shared_read');
      if (writes.length) assert.equal(half.cells[0].value, writes[writes.length - 1].args.val || 0);
      else assert.deepEqual(half.cells, []);
      await frames(lab.page);
      const shot = decodePng(await lab.page.locator('#canvas').screenshot({ path: path.join(ARTIFACTS, 'trace-inspector-cursor.png') }));
      const { distinct } = colourStats(shot);
      assert.ok(distinct >= 8, `the viewer looks blank (${distinct} colours)`);
      // Removing the cursor goes back to the end.
      assert.equal((await lab.page.evaluate(() => window.forklab.inspectTrace())).atCursor, false);
      await lab.close();
    });

    test('a trace without source puts a note in the editor, in the viewer\'s language', { timeout: LOAD_MS + RUN_MS }, async (t) => {
      if (nativeMissing) { t.skip(nativeMissing); return; }
      const older = JSON.parse(trace.text);
      delete older.otherData.scenario;
      const lab = await openLab(t, url);
      await lab.page.evaluate((code) => window.forklab.load({ code, filename: 'antes.py' }), OLD_CODE);
      const answer = await lab.page.evaluate((text) => window.forklab.openTrace(text, 'vieja.json'), JSON.stringify(older));
      assert.equal(answer.ok, true, answer.error);
      assert.equal(answer.scenario, null);
      await frames(lab.page);
      let now = await lab.page.evaluate(() => window.forklab.current());
      assert.ok(!now.code.includes('código de antes'), 'the code from before must not stay in the editor');
      assert.match(now.code, /^# vieja\.json carries no source code/);
      assert.equal(now.filename, 'vieja.json');
      // The note follows the language switch while it is untouched.
      await lab.page.evaluate(() => window.forklab.setLanguage('es'));
      await frames(lab.page);
      now = await lab.page.evaluate(() => window.forklab.current());
      assert.match(now.code, /^# vieja\.json no trae el código fuente/);
      await lab.page.evaluate(() => window.forklab.setLanguage('en'));
      await frames(lab.page);
      // The timeline and Inspector are still the trace's.
      const end = await lab.page.evaluate(() => window.forklab.inspectTrace(null));
      assert.equal(end.cells[0].value, 50);
      // Bad arguments throw; so does inspecting with nothing shown.
      const bad = await lab.page.evaluate(() => { try { window.forklab.inspectTrace(-3); return 'returned'; } catch (e) { return e.message; } });
      assert.match(bad, /time is a number >= 0/);
      await lab.close();
    });
  });
}

suites(ISOLATED_URL, 'isolated');
suites(PLAIN_URL, 'single-thread build');
