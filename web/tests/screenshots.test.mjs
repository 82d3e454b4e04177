// The viewer's pictures against stored references (web/tests/reference/*.png), with a
// tolerance: a simulated run is deterministic (seed 1) and Dear ImGui draws it with its own
// font rasterizer, so the same build draws the same pixels; the tolerance absorbs small
// differences of the software WebGL. Only the canvas is compared, without its toolbar and
// status bar (they show wall-clock times). Each picture is also checked for non-blank content.
// A failure leaves the actual picture and a difference map in the artifacts folder.
// FORKLAB_UPDATE_SCREENSHOTS=1 rewrites the references (then look at them before committing).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { root, PLAIN_URL, ARTIFACTS, LOAD_MS, withTimeout, sharedBrowser, RACE_2X2 } from './harness.mjs';
import { colourStats, compareImages, crop, decodePng, encodePng } from './png.mjs';

const chrome = sharedBrowser(!!PLAIN_URL);
const REFERENCES = path.join(root, 'web', 'tests', 'reference');
const UPDATE = process.env.FORKLAB_UPDATE_SCREENSHOTS === '1';
const MAX_DIFFERENT = 0.005;  // of the pixels
const TOOLBAR_PX = 30, STATUS_PX = 26;


function frames(page, n = 8) {
  return page.evaluate((count) => new Promise((r) => {
    let left = count;
    const tick = () => (--left ? requestAnimationFrame(tick) : r());
    requestAnimationFrame(tick);
  }), n);
}

// Not one flat colour: a few distinct colours, none covering nearly everything.
function assertNotBlank(img, name) {
  const { distinct, dominant } = colourStats(img);
  assert.ok(distinct >= 8 && dominant < 0.97, `${name}: the picture is (nearly) blank: ${distinct} colours, ` +
    `the commonest covers ${(dominant * 100).toFixed(1)}%`);
}

async function compareCanvas(page, name) {
  await frames(page);
  const shot = decodePng(await page.locator('#canvas').screenshot());
  const img = crop(shot, { x: 0, y: TOOLBAR_PX, width: shot.width, height: shot.height - TOOLBAR_PX - STATUS_PX });
  assertNotBlank(img, name);
  const refPath = path.join(REFERENCES, name + '.png');
  if (UPDATE) {
    writeFileSync(refPath, encodePng(img));
    return;
  }
  assert.ok(existsSync(refPath), `no reference ${refPath}: run with FORKLAB_UPDATE_SCREENSHOTS=1 and look at it`);
  const ref = decodePng(readFileSync(refPath));
  const { fraction, reason, diff } = compareImages(img, ref);
  if (fraction > MAX_DIFFERENT) {
    writeFileSync(path.join(ARTIFACTS, name + '-actual.png'), encodePng(img));
    if (diff) writeFileSync(path.join(ARTIFACTS, name + '-diff.png'), encodePng(diff));
  }
  assert.ok(fraction <= MAX_DIFFERENT,
    `${name}: ${(fraction * 100).toFixed(2)}% of the pixels differ from the reference (at most ${MAX_DIFFERENT * 100}%)` +
    (reason ? `: ${reason}` : '') + `; see ${name}-diff.png in ${ARTIFACTS}`);
}

async function open(url) {
  const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  await page.goto(url, { timeout: LOAD_MS });
  await withTimeout(page.evaluate(() => window.forklab.ready.then(() => true)), LOAD_MS, 'forklab.ready');
  return { context, page, errors };
}

describe('screenshots against references', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('a finished race run in an embed (English)', { timeout: LOAD_MS * 2 }, async () => {
    const lab = await open(new URL('embed.html?lang=en&autorun=1&seed=1&code=' +
      Buffer.from(RACE_2X2, 'utf8').toString('base64url'), PLAIN_URL).href);
    const r = await withTimeout(lab.page.evaluate(() => window.forklab.autorun), LOAD_MS, 'autorun');
    assert.equal(r.exitStatus, 0);
    await compareCanvas(lab.page, 'embed-race-en');
    assert.deepEqual(lab.errors, []);
    await lab.context.close();
  });

  test('Step mode in Spanish, after a lost update', { timeout: LOAD_MS * 2 }, async () => {
    const lab = await open(new URL('embed.html?lang=es', PLAIN_URL).href);
    const state = await lab.page.evaluate((code) => {
      window.forklab.setLanguage('es');
      return window.forklab.step({ code, filename: 'carrera.py', schedule: '0x4,0+10,1,2,1,2' });
    }, RACE_2X2);
    assert.ok(!state.error, JSON.stringify(state));
    await compareCanvas(lab.page, 'embed-steps-es');
    assert.deepEqual(lab.errors, []);
    await lab.context.close();
  });
});
