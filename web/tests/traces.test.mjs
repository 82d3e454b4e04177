// Browser tests of trace files in the lab: a scenario run natively on the fork and threads
// backends (`forklab run --trace`) opens in the page through the "Open trace…" file chooser
// and through a drop on the page, and the viewer shows its processes and exit codes; a
// truncated, a wrong-version and a non-JSON file give the importer's message in the status;
// "Export trace" after a sim run downloads Chrome Trace Event JSON that a strict reader
// accepts. Run by scripts/run-browser-tests.sh (FORKLAB_ISOLATED_URL, FORKLAB_PLAIN_URL,
// FORKLAB_NATIVE = the native CLI that writes the traces; without it the native parts skip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import zlib from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { root, ISOLATED_URL, PLAIN_URL, ARTIFACTS, LOAD_MS, withTimeout, sharedBrowser } from './harness.mjs';
import { colourStats, decodePng } from './png.mjs';

const NATIVE = process.env.FORKLAB_NATIVE || path.join(root, 'build', 'native', 'forklab');
const CHECK_TRACE = path.join(root, 'tests', 'tools', 'check_trace.py');
const RUN_MS = 60_000;

// A producer/consumer over a Queue (flows between processes) whose second child exits with 3,
// so exit codes other than 0 must come through the trace.
const SCENARIO = `import sys
from multiprocessing import Process, Queue


def producer(q, n):
    for i in range(n):
        q.put(i)
    q.put(None)


def failing():
    sys.exit(3)


if __name__ == "__main__":
    q = Queue()
    p = Process(target=producer, args=(q, 20))
    f = Process(target=failing)
    p.start()
    f.start()
    total = 0
    while True:
        item = q.get()
        if item is None:
            break
        total += item
    p.join()
    f.join()
    print("total", total, "exitcodes", p.exitcode, f.exitcode)
`;
const STDOUT = 'total 190 exitcodes 0 3\n';
const EXITCODES = { MainProcess: 0, 'Process-1': 0, 'Process-2': 3 };

// The native traces: {fork: {file, text, data}, threads: {...}}, or a reason they are missing.
let work = null;
const traces = {};
let nativeMissing = null;
function nativeTrace(backend) {
  const file = path.join(work, `queue-${backend}.json`);
  // Run where the scenario is: the trace records its name as given ("queue_exit.py"), as a
  // run in the page of filename 'queue_exit.py' does.
  const r = spawnSync(NATIVE, ['run', '--backend', backend, '--trace', file, 'queue_exit.py'],
    { cwd: work, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `forklab run --backend ${backend}: ${r.stderr || r.error}`);
  assert.equal(r.stdout, STDOUT, `native ${backend} output`);
  const text = readFileSync(file, 'utf8');
  return { file, text, data: JSON.parse(text) };
}

const chrome = sharedBrowser(!!(ISOLATED_URL || PLAIN_URL));
before(() => {
  if (!ISOLATED_URL && !PLAIN_URL) return;  // every suite skips
  work = mkdtempSync(path.join(os.tmpdir(), 'forklab-traces-'));
  writeFileSync(path.join(work, 'queue_exit.py'), SCENARIO);
  if (existsSync(NATIVE)) {
    traces.fork = nativeTrace('fork');
    traces.threads = nativeTrace('threads');
  } else {
    nativeMissing = `no native forklab at ${NATIVE} (set FORKLAB_NATIVE)`;
  }
});
after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

async function openLab(t, url) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const lab = { context, page, consoleErrors: [], pageErrors: [] };
  page.on('console', (m) => { if (m.type() === 'error') lab.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => lab.pageErrors.push(String(e && e.stack || e)));
  await page.goto(url, { timeout: LOAD_MS });
  await withTimeout(page.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'forklab.ready');
  lab.close = async () => {
    for (const e of lab.consoleErrors) t.diagnostic(`console error: ${e}`);
    await context.close();
    assert.deepEqual(lab.pageErrors, [], 'uncaught errors in the page');
  };
  return lab;
}

const stateText = (page) => page.locator('#state').textContent();
const stateIsError = (page) => page.locator('#state').evaluate((el) => el.classList.contains('error'));

// Waits until the page status has moved past "Reading…" and returns it.
async function settledState(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('state').textContent;
    return !/^Reading /.test(s) && s !== 'Ready';
  }, null, { timeout: RUN_MS });
  return stateText(page);
}

// What the viewer must show for a native trace of SCENARIO.
function assertShows(answer, trace, backend, name) {
  assert.equal(answer.ok, true, answer.error);
  assert.equal(answer.name, name);
  assert.equal(answer.backend, backend);
  assert.equal(answer.timeUnit, 'nanoseconds');
  assert.equal(answer.exitStatus, 0);
  assert.deepEqual(answer.exitcodes, EXITCODES);
  assert.equal(answer.events, trace.data.otherData.events);
  assert.equal(answer.droppedEvents, 0);
  assert.deepEqual(answer.processes.map((p) => [p.name, p.osPid, p.exitcode]),
    trace.data.otherData.processes.map((p) => [p.name, p.os_pid, p.exitcode]));
  if (backend === 'fork') {  // real processes: three distinct OS pids
    assert.equal(new Set(answer.processes.map((p) => p.osPid)).size, 3);
  }
}

// Every flow start has one finish with the same id and category, and the other way round.
function assertFlowPairs(data) {
  const starts = new Map();
  const finishes = new Map();
  for (const e of data.traceEvents) {
    if (e.ph !== 's' && e.ph !== 'f') continue;
    const map = e.ph === 's' ? starts : finishes;
    const key = `${e.cat}/${e.id}`;
    assert.ok(!map.has(key), `two '${e.ph}' entries for flow ${key}`);
    map.set(key, e);
  }
  assert.ok(starts.size > 0, 'no flows (s/f) in the trace');
  for (const [key, s] of starts) {
    const f = finishes.get(key);
    assert.ok(f, `flow ${key} starts and never finishes`);
    assert.ok(f.ts >= s.ts, `flow ${key} finishes before it starts`);
  }
  for (const key of finishes.keys()) assert.ok(starts.has(key), `flow ${key} finishes without a start`);
  return starts.size;
}

function checkTraceTool(t, file) {
  const probe = spawnSync('python3', ['--version']);
  if (probe.error || probe.status !== 0) {
    t.diagnostic('python3 not found: check_trace.py skipped');
    return;
  }
  const r = spawnSync('python3', [CHECK_TRACE, file, '--expect-phases', 's,f,C'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `check_trace.py ${file}:\n${r.stdout}${r.stderr}`);
  t.diagnostic(r.stdout.trim());
}

// Distinct colours of the canvas and the share of the commonest one (a blank viewer is one).
async function canvasColours(page) {
  return colourStats(decodePng(await page.locator('#canvas').screenshot()));
}

async function openThroughChooser(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open-trace')]);
  await chooser.setFiles(file);
  return settledState(page);
}

describe('trace files on a cross-origin isolated page', { skip: !ISOLATED_URL && 'FORKLAB_ISOLATED_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('a native fork run opens through "Open trace…" and replays in the viewer', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    if (nativeMissing) { t.skip(nativeMissing); return; }
    const lab = await openLab(t, ISOLATED_URL);
    const name = path.basename(traces.fork.file);
    const state = await openThroughChooser(lab.page, traces.fork.file);
    assert.equal(state, `Trace ${name}: fork run, 3 processes, ${traces.fork.data.otherData.events} events, exit status 0`);
    assert.equal(await stateIsError(lab.page), false);
    const shown = await lab.page.evaluate(() => window.forklab.lastTrace);
    assertShows(shown, traces.fork, 'fork', name);
    // The viewer holds exactly what the file says: exporting it gives the file back byte for byte.
    const again = await lab.page.evaluate(() => window.forklab.exportTrace());
    assert.equal(again, traces.fork.text, 'export(open(file)) == file');
    assert.equal(await lab.page.evaluate(() => window.forklab.exportTraceName()), 'forklab-queue-fork.json');
    await lab.page.waitForTimeout(300);  // a few frames of the replayed timeline
    await lab.page.screenshot({ path: path.join(ARTIFACTS, 'trace-fork-opened.png') });
    const { distinct, dominant } = await canvasColours(lab.page);
    assert.ok(distinct >= 8 && dominant < 0.97, `viewer looks blank (${distinct} colours)`);
    await lab.close();
  });

  test('a native threads run opens when dropped on the page, with a drop hint', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    if (nativeMissing) { t.skip(nativeMissing); return; }
    const lab = await openLab(t, ISOLATED_URL);
    const name = 'dropped-threads.json';
    assert.equal(await lab.page.locator('#drop-hint').isVisible(), false);
    const drag = (type) => lab.page.evaluate(({ type, text, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      const target = document.getElementById('canvas');
      return target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, { type, text: traces.threads.text, name });
    // A page that did not cancel dragover would let the browser navigate to the file.
    assert.equal(await drag('dragenter'), false, 'dragenter must be cancelled');
    assert.equal(await drag('dragover'), false, 'dragover must be cancelled');
    assert.equal(await lab.page.locator('#drop-hint').isVisible(), true, 'drop hint shows while dragging');
    assert.match(await lab.page.locator('#drop-hint').textContent(), /forklab run --trace/);
    await lab.page.screenshot({ path: path.join(ARTIFACTS, 'trace-drop-hint.png') });
    await drag('drop');
    assert.equal(await lab.page.locator('#drop-hint').isVisible(), false, 'drop hint hides after the drop');
    const state = await settledState(lab.page);
    assert.match(state, new RegExp(`^Trace ${name}: threads run, 3 processes, \\d+ events, exit status 0$`));
    assertShows(await lab.page.evaluate(() => window.forklab.lastTrace), traces.threads, 'threads', name);
    // Dragging something that is not a file (text from the page) shows no hint.
    const textDrag = await lab.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'hello');
      document.getElementById('canvas').dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
      return !document.getElementById('drop-hint').hidden;
    });
    assert.equal(textDrag, false);
    // The bar's controls follow the page's language.
    await lab.page.evaluate(() => window.forklab.setLanguage('es'));
    assert.equal(await lab.page.locator('#open-trace').textContent(), 'Abrir traza…');
    assert.equal(await lab.page.locator('#export-trace').textContent(), 'Exportar traza');
    assert.match(await lab.page.locator('#drop-hint').textContent(), /^Suelte una traza deforklab run --tracepara reproducirla$/);
    await lab.page.evaluate(() => window.forklab.setLanguage('en'));
    assert.equal(await lab.page.locator('#open-trace').textContent(), 'Open trace…');
    await lab.close();
  });

  test('a truncated, a wrong-version and a non-JSON file give the importer\'s message', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    if (nativeMissing) { t.skip(nativeMissing); return; }
    const lab = await openLab(t, ISOLATED_URL);
    const good = await lab.page.evaluate((text) => window.forklab.openTrace(text, 'good.json'), traces.fork.text);
    assert.equal(good.ok, true, good.error);

    const cut = traces.fork.text.slice(0, Math.floor(traces.fork.text.length / 2));
    const truncated = await lab.page.evaluate((text) => window.forklab.openTrace(text, 'cut.json'), cut);
    assert.equal(truncated.ok, false);
    assert.match(truncated.error, /^cut\.json:\d+:\d+: error: \S/);
    assert.equal(await stateText(lab.page), truncated.error);
    assert.equal(await stateIsError(lab.page), true);

    const v3 = traces.fork.text.replace(/"version":\s*2/, '"version":3');
    assert.notEqual(v3, traces.fork.text);
    const wrong = await lab.page.evaluate((text) => window.forklab.openTrace(text, 'v3.json'), v3);
    assert.equal(wrong.ok, false);
    assert.match(wrong.error, /^v3\.json:\d+:\d+: error: .*version 3.*2/);
    assert.equal(await stateText(lab.page), wrong.error);

    // Through the file chooser as well: a picture is not a trace.
    const png = path.join(work, 'picture.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const state = await openThroughChooser(lab.page, png);
    assert.match(state, /^picture\.png:\d+:\d+: error: \S/);
    assert.equal(await stateIsError(lab.page), true);

    // Refused files leave the viewer as it was: the good trace is still the one shown.
    assert.equal(await lab.page.evaluate(() => window.forklab.lastTrace.name), 'good.json');
    assert.equal(await lab.page.evaluate(() => window.forklab.exportTrace()), traces.fork.text);
    // Bad arguments reject instead.
    const bad = await lab.page.evaluate(() => window.forklab.openTrace(42).then(() => 'resolved', (e) => e.message));
    assert.match(bad, /pass the trace text/);
    t.diagnostic(`truncated: ${truncated.error}`);
    t.diagnostic(`wrong version: ${wrong.error}`);
    await lab.close();
  });

  test('"Export trace" after a sim run downloads Perfetto JSON that a strict reader accepts', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    const lab = await openLab(t, ISOLATED_URL);
    const nothing = await lab.page.evaluate(() => { try { window.forklab.exportTrace(); return 'exported'; } catch (e) { return e.message; } });
    assert.match(nothing, /nothing to export yet/);
    await lab.page.click('#export-trace');
    assert.match(await stateText(lab.page), /^nothing to export yet/);
    assert.equal(await stateIsError(lab.page), true);

    const r = await withTimeout(lab.page.evaluate((code) => window.forklab.run({ code, backend: 'sim', seed: 3, filename: 'queue_exit.py' }), SCENARIO),
      RUN_MS, 'forklab.run');
    assert.equal(r.stdout, STDOUT);
    assert.deepEqual(r.exitcodes, EXITCODES);
    const [download] = await Promise.all([lab.page.waitForEvent('download'), lab.page.click('#export-trace')]);
    assert.equal(download.suggestedFilename(), 'forklab-queue_exit.json');
    const file = path.join(work, download.suggestedFilename());
    await download.saveAs(file);
    assert.match(await stateText(lab.page), /^Exported forklab-queue_exit\.json/);
    const text = readFileSync(file, 'utf8');
    const data = JSON.parse(text);
    assert.ok(Array.isArray(data.traceEvents) && data.traceEvents.length > 0);
    assert.equal(data.otherData.format, 'forklab-trace');
    assert.equal(data.otherData.version, 2);
    assert.equal(data.otherData.backend, 'sim');
    assert.equal(data.otherData.events, r.events);
    assert.deepEqual(Object.fromEntries(data.otherData.processes.map((p) => [p.name, p.exitcode])), EXITCODES);
    const flows = assertFlowPairs(data);
    t.diagnostic(`${data.traceEvents.length} entries, ${flows} flows`);
    checkTraceTool(t, file);
    // The same seed on the native simulator writes the same file.
    if (!nativeMissing) {
      const native = path.join(work, 'native-sim.json');
      const n = spawnSync(NATIVE, ['run', '--backend', 'sim', '--seed', '3', '--trace', native, 'queue_exit.py'],
        { cwd: work, encoding: 'utf8' });
      assert.equal(n.status, 0, n.stderr);
      assert.equal(text, readFileSync(native, 'utf8'), 'browser sim trace == native sim trace');
    }
    await lab.close();
  });
});

// GET with the given Accept-Encoding (none when null): {status, headers, body (as sent)}.
function rawGet(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === null ? {} : { 'Accept-Encoding': acceptEncoding };
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

// What the size report measures must be what the server sends: the module gzipped to a
// client that accepts it, as it is to one that does not, with the isolation headers either way.
describe('web/serve.py compression', { skip: (!ISOLATED_URL || !PLAIN_URL) && 'needs both servers: use scripts/run-browser-tests.sh' }, () => {
  test('the module goes out gzipped when accepted, plain otherwise, COOP/COEP kept', async () => {
    for (const [base, isolated] of [[ISOLATED_URL, true], [PLAIN_URL, false]]) {
      const module = isolated ? 'forklab.wasm' : 'forklab-st.wasm';
      const zipped = await rawGet(new URL(module, base).href, 'gzip, deflate, br');
      const plain = await rawGet(new URL(module, base).href, null);
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers['content-type'], 'application/wasm');
      assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(zipped.body.length < plain.body.length / 2, `gzip ${zipped.body.length} vs ${plain.body.length} bytes`);
      assert.ok(zlib.gunzipSync(zipped.body).equals(plain.body), 'gzip body decodes to the file');
      for (const r of [zipped, plain]) {
        assert.equal(r.headers['cross-origin-opener-policy'], isolated ? 'same-origin' : undefined);
        assert.equal(r.headers['cross-origin-embedder-policy'], isolated ? 'require-corp' : undefined);
      }
      const refused = await rawGet(new URL(module, base).href, 'gzip;q=0');
      assert.equal(refused.headers['content-encoding'], undefined, 'gzip;q=0 refuses gzip');
      const page = await rawGet(base, 'gzip');
      assert.equal(page.headers['content-encoding'], 'gzip');
      assert.match(zlib.gunzipSync(page.body).toString('utf8'), /id="open-trace"/);
      assert.equal((await rawGet(new URL('no-such-file.js', base).href, 'gzip')).status, 404);
    }
  });
});

describe('trace files on a page without cross-origin isolation', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('the single-threaded build opens a fork trace and exports it unchanged', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    if (nativeMissing) { t.skip(nativeMissing); return; }
    const lab = await openLab(t, PLAIN_URL);
    await lab.page.setInputFiles('#trace-file', traces.fork.file);
    const state = await settledState(lab.page);
    assert.match(state, /^Trace queue-fork\.json: fork run, 3 processes/);
    assertShows(await lab.page.evaluate(() => window.forklab.lastTrace), traces.fork, 'fork', 'queue-fork.json');
    assert.equal(await lab.page.evaluate(() => window.forklab.exportTrace()), traces.fork.text);
    await lab.close();
  });
});
