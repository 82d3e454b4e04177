// The viewer's own labels in Spanish and English: forklab.setLanguage() (and ?lang=) must
// redraw the viewer in the other language, refuse other names with a clear error, and work
// before the lab is ready. Run by scripts/run-browser-tests.sh on the plain (non-isolated)
// server: the labels do not depend on the build.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { PLAIN_URL, ARTIFACTS, LOAD_MS, sharedBrowser } from './harness.mjs';


const chrome = sharedBrowser(!!PLAIN_URL);

async function openPage(url, { locale } = {}) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  await page.goto(url, { timeout: LOAD_MS });
  return { context, page, errors };
}

// A few frames, so the viewer has drawn what changed.
function frames(page, n = 6) {
  return page.evaluate((count) => new Promise((r) => {
    let left = count;
    const tick = () => (--left ? requestAnimationFrame(tick) : r());
    requestAnimationFrame(tick);
  }), n);
}

// The toolbar strip of the canvas (where "backend seed cores speed Run Step" are drawn).
function toolbar(page) {
  return page.locator('#canvas').screenshot({ clip: { x: 0, y: 0, width: 640, height: 28 } });
}

describe('viewer language', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('setLanguage switches the labels and refuses other names', { timeout: LOAD_MS * 2 }, async () => {
    const lab = await openPage(PLAIN_URL);
    // Before ready: remembered and applied at start.
    assert.equal(await lab.page.evaluate(() => window.forklab.setLanguage('en')), 'en');
    await lab.page.evaluate(() => window.forklab.ready.then(() => true));
    await frames(lab.page);
    const en = await toolbar(lab.page);
    assert.equal(await lab.page.evaluate(() => window.forklab.setLanguage('es-AR')), 'es');
    assert.equal(await lab.page.evaluate(() => window.forklab.language), 'es');
    await frames(lab.page);
    const es = await toolbar(lab.page);
    await lab.page.screenshot({ path: path.join(ARTIFACTS, 'viewer-es.png') });
    assert.notDeepEqual(es, en, 'the toolbar looks the same in Spanish');
    const refused = await lab.page.evaluate(() => {
      try { window.forklab.setLanguage('fr'); return null; } catch (e) { return e.message; }
    });
    assert.match(refused, /'fr' is not 'es' or 'en'/);
    assert.equal(await lab.page.evaluate(() => window.forklab.language), 'es');
    assert.equal(await lab.page.evaluate(() => window.forklab.setLanguage('EN')), 'en');
    await frames(lab.page);
    assert.deepEqual(await toolbar(lab.page), en, 'back in English, the toolbar is as before');
    assert.deepEqual(lab.errors, []);
    await lab.context.close();
  });

  // One rule (lab-url.js pageLang) for the lesson panel, the bar, the embed page and the
  // viewer's labels: ?lang=, else the browser's languages, else Spanish.
  test('one language rule: the URL, then the browser, then Spanish', { timeout: LOAD_MS * 3 }, async () => {
    let lab = await openPage(PLAIN_URL + 'embed.html');
    const cases = await lab.page.evaluate(() => {
      const pick = window.forklabUrl.pageLang;
      return [
        pick('?lang=en', ['es-ES']), pick('?lang=es', ['en-US']),
        pick('?lang=fr', ['en-GB']), pick('?lang=ES', []),
        pick('', ['fr-FR', 'en-US', 'es']), pick('', ['de', 'es_MX']), pick('', ['EN']),
        pick('', ['fr-FR', 'de-DE']), pick('', []), pick('', ['']),
      ];
    });
    assert.deepEqual(cases, ['en', 'es', 'en', 'es', 'en', 'es', 'en', 'es', 'es', 'es']);
    await lab.context.close();

    // A browser in neither language: Spanish everywhere, the viewer's labels included.
    for (const page of ['', 'embed.html']) {
      lab = await openPage(PLAIN_URL + page, { locale: 'fr-FR' });
      await lab.page.evaluate(() => window.forklab.ready.then(() => true));
      const seen = await lab.page.evaluate(() => ({
        viewer: window.forklab.language, mode: document.getElementById('mode')?.lang,
        panel: window.forklabLessons ? window.forklabLessons.state.lang : 'es',
        html: document.documentElement.lang }));
      assert.deepEqual(seen, { viewer: 'es', mode: 'es', panel: 'es', html: 'es' }, `fr-FR on /${page}`);
      assert.deepEqual(lab.errors, []);
      await lab.context.close();
    }
    // An English browser gets English; the URL still wins over it.
    lab = await openPage(PLAIN_URL + 'embed.html', { locale: 'en-US' });
    assert.equal(await lab.page.evaluate(() => window.forklab.language), 'en');
    await lab.context.close();
    lab = await openPage(PLAIN_URL + 'embed.html?lang=es', { locale: 'en-US' });
    assert.equal(await lab.page.evaluate(() => window.forklab.language), 'es');
    await lab.context.close();
  });

  test('?lang=es opens the viewer in Spanish', { timeout: LOAD_MS * 2 }, async () => {
    const lab = await openPage(PLAIN_URL + '?lang=es');
    await lab.page.evaluate(() => window.forklab.ready.then(() => true));
    assert.equal(await lab.page.evaluate(() => window.forklab.language), 'es');
    await frames(lab.page);
    const es = await toolbar(lab.page);
    await lab.page.evaluate(() => window.forklab.setLanguage('en'));
    await frames(lab.page);
    assert.notDeepEqual(await toolbar(lab.page), es);
    assert.deepEqual(lab.errors, []);
    await lab.context.close();
  });
});
