// Browser tests of the course panel (web/lessons.js, web/catalogue/): every catalogue lesson
// runs from the panel and shows its expected result, the language follows ?lang=, then the
// browser's locale, then the ES/EN switch, a review question's prediction flow, and the
// mp_worker speed-up chart. Run by scripts/run-browser-tests.sh, which passes
// FORKLAB_ISOLATED_URL / FORKLAB_PLAIN_URL (same harness as race.test.mjs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { root, ISOLATED_URL, PLAIN_URL, ARTIFACTS, LOAD_MS, sharedBrowser } from './harness.mjs';

const CATALOGUE = JSON.parse(readFileSync(path.join(root, 'web', 'catalogue', 'catalogue.json'), 'utf8'));
const RUN_MS = 60_000;

const chrome = sharedBrowser(!!(ISOLATED_URL || PLAIN_URL));

// A page on `url` (relative to the server), its errors collected; waits for the panel's
// lesson text and, unless `ready` is false, for the lab.
async function openPanel(t, base, query, { locale = 'es-ES', ready = true } = {}) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const lab = { context, page, pageErrors: [] };
  page.on('pageerror', (e) => lab.pageErrors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'error') t.diagnostic(`console error: ${m.text()}`); });
  await page.goto(new URL(query, base).href, { timeout: LOAD_MS });
  await page.waitForSelector('#lesson-text h2', { timeout: LOAD_MS });
  if (ready) await page.evaluate(() => window.forklab.ready.then(() => true));
  lab.close = async () => {
    await context.close();
    assert.deepEqual(lab.pageErrors, [], 'uncaught errors in the page');
  };
  return lab;
}

const heading = (page) => page.locator('#lesson-text h2').textContent();

async function selectLesson(page, id) {
  await page.click(`#lesson-list button[data-lesson="${id}"]`);
  await page.waitForSelector(`#lesson-text[data-lesson="${id}"]:not([aria-busy]) h2`);
}

// Makes the lesson's prediction (the right one, unless `choice`/`number` say otherwise).
async function predict(page, lesson, { choice, number } = {}) {
  const p = lesson.prediction;
  if (p.type === 'choice') await page.check(`fieldset.prediction input[value="${choice || p.answer}"]`);
  else await page.fill('#prediction-number', String(number ?? (p.min + p.max) / 2));
}

async function runAndWait(page) {
  await page.click('#lesson-run');
  await page.waitForSelector('#lesson-result', { timeout: RUN_MS });
  return page.evaluate(() => ({
    ok: document.getElementById('lesson-result').dataset.ok,
    rows: [...document.querySelectorAll('#lesson-result tbody tr')].map((r) => ({
      check: r.dataset.check, ok: r.classList.contains('ok'),
      expected: r.querySelector('.expected').textContent, actual: r.querySelector('.actual').textContent })),
    output: document.querySelector('#lesson-result pre').textContent,
    explanation: (() => {
      const s = document.querySelector('#lesson-why .after-run');
      return s ? getComputedStyle(s).display !== 'none' : null;
    })(),
  }));
}

describe('course panel, page without cross-origin isolation', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('every lesson runs from the panel and shows its expected result', { timeout: LOAD_MS + RUN_MS * 3 }, async (t) => {
    const lab = await openPanel(t, PLAIN_URL, '?lang=es');
    const { page } = lab;
    assert.equal(await page.locator('#lesson-run-threads').count(), 0, 'no Web Workers without isolation');
    const ids = await page.$$eval('#lesson-list button', (bs) => bs.map((b) => b.dataset.lesson));
    assert.deepEqual(ids, CATALOGUE.lessons.map((l) => l.id), 'the list is in catalogue order');
    for (const lesson of CATALOGUE.lessons) {
      const started = Date.now();
      await selectLesson(page, lesson.id);
      if (lesson.prediction) await predict(page, lesson, lesson.prediction.type === 'number' ? { number: 0.55 } : {});
      const r = await runAndWait(page);
      const why = `${lesson.id}: ${JSON.stringify(r.rows)}\n${r.output}`;
      assert.equal(r.ok, 'true', why);
      const sim = lesson.expect.checks.filter((c) => !c.backends || c.backends.includes('sim'));
      assert.equal(r.rows.length, sim.length + 1, `${lesson.id}: a row per check plus the exit status`);
      assert.ok(r.rows.every((row) => row.ok), why);
      assert.equal(r.explanation, true, `${lesson.id}: the explanation shows after the run`);
      if (lesson.prediction) {
        const correct = await page.getAttribute('#prediction-feedback', 'data-correct');
        assert.equal(correct, 'true', `${lesson.id}: the right prediction is called right`);
      }
      t.diagnostic(`${lesson.id}: ${r.rows.map((row) => `${row.check}=${row.actual}`).join(', ')} (${Date.now() - started} ms)`);
    }
    // The race's lost updates are spelled out next to the count.
    await selectLesson(page, 'lock');
    const lost = await page.textContent('#lesson-result tr[data-check="sinLock"] .actual');
    assert.match(lost, /^\d[\d.]* \(\d[\d.]* actualizaciones perdidas\)$/);  // es-ES groups thousands with "."
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalogue-lock-es.png') });
    await lab.close();
  });

  test('language: ?lang=, then the browser locale, then the switch', { timeout: LOAD_MS * 2 }, async (t) => {
    const pool = CATALOGUE.lessons.find((l) => l.id === 'pool');
    // The URL wins over the locale.
    let lab = await openPanel(t, PLAIN_URL, '?lang=en&lesson=pool', { locale: 'es-ES', ready: false });
    let p = lab.page;
    assert.equal(await heading(p), 'Process pools');
    assert.equal(await p.getAttribute('html', 'lang'), 'en');
    assert.equal(await p.title(), 'forklab: Python multiprocessing lab');
    assert.equal(await p.textContent('#lesson-run'), 'Run');
    assert.equal(await p.textContent('#lesson-list button[aria-current="true"]'), `Lesson ${pool.title.en}`);
    assert.match(await p.textContent('#mode'), /^Simulation only/);
    // The switch re-renders in place (no reload) and rewrites the URL.
    await p.evaluate(() => { window.__noReload = true; });
    await p.click('#lang-switch button[data-lang="es"]');
    await p.waitForFunction(() => document.querySelector('#lesson-text h2')?.textContent === 'Pool de procesos');
    assert.equal(await p.evaluate(() => window.__noReload), true, 'no reload');
    assert.equal(await p.getAttribute('html', 'lang'), 'es');
    assert.equal(await p.title(), 'forklab: laboratorio de multiprocessing en Python');
    assert.equal(await p.textContent('#lesson-run'), 'Ejecutar');
    // The bar's status lines (loader.js) follow the switch too.
    assert.match(await p.textContent('#mode'), /^Solo simulación: esta página no está aislada/);
    assert.equal(await p.getAttribute('#lang-switch button[data-lang="es"]', 'aria-pressed'), 'true');
    const search = new URLSearchParams(await p.evaluate(() => location.search));
    assert.equal(search.get('lang'), 'es');
    assert.equal(search.get('lesson'), 'pool');
    await lab.close();
    // An unknown ?lesson= says so and shows the first lesson.
    lab = await openPanel(t, PLAIN_URL, '?lang=en&lesson=nope', { ready: false });
    assert.equal(await heading(lab.page), 'Processes, threads and the GIL');
    assert.match(await lab.page.textContent('#lesson-message'), /There is no lesson “nope”; showing the first one\./);
    await lab.close();
    // No ?lang=: the browser's languages decide; one the course lacks falls back to Spanish.
    for (const [locale, want] of [['en-US', 'Process pools'], ['es-MX', 'Pool de procesos'], ['fr-FR', 'Pool de procesos']]) {
      lab = await openPanel(t, PLAIN_URL, '?lesson=pool', { locale, ready: false });
      assert.equal(await heading(lab.page), want, `locale ${locale}`);
      await lab.close();
    }
  });

  test('a review question: predict, run, see why', { timeout: LOAD_MS + RUN_MS * 2 }, async (t) => {
    const lesson = CATALOGUE.lessons.find((l) => l.id === 'repaso-queue-pipe');
    const lab = await openPanel(t, PLAIN_URL, '?lang=es&lesson=repaso-queue-pipe');
    const { page } = lab;
    // No answer yet: the page asks for one and runs nothing.
    await page.click('#lesson-run');
    assert.match(await page.textContent('#lesson-message'), /Primero haz tu predicción/);
    assert.equal(await page.locator('#lesson-result').count(), 0);
    assert.equal(await page.isVisible('#lesson-why .after-run'), false, 'explanation hidden before the run');
    // A wrong answer is called wrong, with what happened; the explanation appears.
    await predict(page, lesson, { choice: 'inicio' });
    let r = await runAndWait(page);
    assert.equal(r.ok, 'true');
    assert.equal(await page.getAttribute('#prediction-feedback', 'data-correct'), 'false');
    const feedback = await page.textContent('#prediction-feedback');
    assert.match(feedback, /No era eso\./);
    assert.match(feedback, /Predijiste: \[0, 1, 2, 3\]: en el orden en que se iniciaron\. Lo que pasó: \[3, 2, 1, 0\]: en el orden en que terminaron\./);
    assert.equal(r.explanation, true);
    // Predict again: the right answer is called right, in the other language too.
    await page.click('#prediction-feedback button.again');
    assert.equal(await page.isEnabled('fieldset.prediction input[value="fin"]'), true);
    await predict(page, lesson, { choice: 'fin' });
    r = await runAndWait(page);
    assert.match(await page.textContent('#prediction-feedback'), /¡Acertaste!/);
    await page.click('#lang-switch button[data-lang="en"]');
    await page.waitForFunction(() => /You got it right!/.test(document.getElementById('prediction-feedback')?.textContent || ''));
    assert.match(await page.textContent('#lesson-why .after-run'), /Why it comes out this way/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalogue-prediction-en.png') });
    // A number prediction out of its range is refused with the range, and nothing runs.
    await selectLesson(page, 'repaso-gil');
    await page.fill('#prediction-number', '7');
    await page.click('#lesson-run');
    assert.match(await page.textContent('#lesson-message'), /Type a number between 0 and 3\./);
    assert.equal(await page.locator('#lesson-result').count(), 0);
    await lab.close();
  });

  test('mp_worker: the speed-up chart on 1, 2, 4 and 8 cores', { timeout: LOAD_MS + RUN_MS * 4 }, async (t) => {
    const lab = await openPanel(t, PLAIN_URL, '?lang=en&lesson=mp-worker');
    const { page } = lab;
    await page.click('#lesson-speedup');
    // Progress shows while the page stays responsive (the runs are asynchronous).
    await page.waitForSelector('#speedup progress', { timeout: RUN_MS });
    const t0 = Date.now();
    await page.evaluate(() => 1);
    assert.ok(Date.now() - t0 < 2000, 'the page answers while the runs go on');
    await page.waitForSelector('#speedup figure.speedup', { timeout: RUN_MS * 3 });
    const chart = await page.evaluate(() => ({
      rows: [...document.querySelectorAll('#speedup .speedup-table tbody tr')].map((r) =>
        [...r.cells].map((c) => Number(c.textContent.replace(/,/g, '')))),
      p: Number(document.querySelector('#speedup figure').dataset.amdahlP),
      points: document.querySelectorAll('#speedup svg circle.measured-point').length,
      paths: [...document.querySelectorAll('#speedup svg path')].map((e) => e.getAttribute('class')),
      legend: document.querySelector('#speedup svg .legend').textContent,
      disabled: document.getElementById('lesson-speedup').disabled,
    }));
    t.diagnostic(`speed-up: ${chart.rows.map((r) => `${r[0]} cores ${r[3]}`).join(', ')}; Amdahl p = ${chart.p}`);
    assert.deepEqual(chart.rows.map((r) => r[0]), [1, 2, 4, 8]);
    const s = chart.rows.map((r) => r[3]);
    assert.ok(s[0] > 0.8 && s[0] <= 1.02, `1 core: ${s[0]}`);
    for (let i = 1; i < s.length; i++) {
      assert.ok(s[i] > s[i - 1], `speed-up grows with cores: ${s}`);
      assert.ok(s[i] <= chart.rows[i][0] * 1.02, `never above the ideal: ${s}`);
    }
    assert.ok(s[3] > 2.5, `8 cores give a real speed-up: ${s}`);
    assert.ok(chart.p > 0.5 && chart.p <= 1, `Amdahl p = ${chart.p}`);
    assert.equal(chart.points, 4);
    assert.deepEqual(chart.paths, ['ideal', 'amdahl', 'measured']);
    assert.match(chart.legend, /measured.*Amdahl \(p = 0\.\d\d, fitted\).*ideal/);
    assert.equal(chart.disabled, false, 'the button comes back');
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalogue-speedup-en.png') });
    await lab.close();
  });

  test('the panel collapses and resizes; the canvas keeps the rest', { timeout: LOAD_MS * 2 }, async (t) => {
    const lab = await openPanel(t, PLAIN_URL, '?lang=en&lesson=fundamentos', { ready: false });
    const { page } = lab;
    const width = () => page.evaluate(() => ({
      panel: document.getElementById('lessons').getBoundingClientRect().width,
      canvas: document.getElementById('canvas').getBoundingClientRect().width,
    }));
    const before = await width();
    await page.focus('#lessons-resizer');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const wider = await width();
    assert.ok(Math.abs(wider.panel - before.panel - 40) <= 1, `${JSON.stringify([before, wider])}`);
    assert.ok(wider.canvas < before.canvas);
    await page.click('#lessons-collapse');
    const collapsed = await width();
    assert.ok(collapsed.panel < 60 && collapsed.canvas > 1150, JSON.stringify(collapsed));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lessons-expand');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#lesson-text h2');
    assert.ok(Math.abs((await width()).panel - wider.panel) <= 1, 'the width comes back');
    // The list is keyboard-driven: arrows move the focus, Enter opens the lesson.
    await page.focus('#lesson-list button[data-lesson="fundamentos"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#lesson-text[data-lesson="procesos"]:not([aria-busy]) h2');
    assert.equal(await heading(page), 'Creating and managing processes');
    await lab.close();
  });
});

describe('course panel, cross-origin isolated page', { skip: !ISOLATED_URL && 'FORKLAB_ISOLATED_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('a lesson runs on the threaded build and the panel says what the page can do', { timeout: LOAD_MS + RUN_MS }, async (t) => {
    const lab = await openPanel(t, ISOLATED_URL, '?lang=es&lesson=comunicacion');
    const { page } = lab;
    assert.match(await page.textContent('#lesson-controls .mode-note'), /Página aislada/);
    let r = await runAndWait(page);
    assert.equal(r.ok, 'true', JSON.stringify(r.rows));
    assert.equal(await page.getAttribute('#lesson-result .backend', 'data-backend'), 'sim');
    // The same lesson with real processes, one Web Worker each.
    await page.click('#lesson-run-threads');
    await page.waitForSelector('#lesson-result .backend[data-backend="threads"]', { timeout: RUN_MS });
    r = await page.evaluate(() => document.getElementById('lesson-result').dataset.ok);
    assert.equal(r, 'true');
    assert.match(await page.textContent('#lesson-result .backend'), /Web Workers/);
    await lab.close();
  });
});
