// The viewer skips the GL work of a frame whose picture is the same as the last one
// (ui/frame_digest.h): software WebGL spends its time filling pixels, so an idle lab should
// cost nearly nothing, and a change must still reach the screen at once. Run by
// scripts/run-browser-tests.sh on the plain server (both builds share wasm/main.cpp).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { PLAIN_URL, LOAD_MS, sharedBrowser } from './harness.mjs';

const chrome = sharedBrowser(!!PLAIN_URL);

function animationFrames(page, n) {
  return page.evaluate((count) => new Promise((r) => {
    let left = count;
    const tick = () => (--left ? requestAnimationFrame(tick) : r());
    requestAnimationFrame(tick);
  }), n);
}

const counts = (page) => page.evaluate(() => window.forklab.frames());
const canvasShot = (page) => page.locator('#canvas').screenshot();

describe('frames', { skip: !PLAIN_URL && 'FORKLAB_PLAIN_URL not set: use scripts/run-browser-tests.sh' }, () => {
  test('an idle viewer is not drawn again; hover and runs are', { timeout: LOAD_MS * 2 }, async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
    await page.goto(PLAIN_URL + '?lang=en&scenario=race', { timeout: LOAD_MS });
    await page.evaluate(() => window.forklab.ready.then(() => true));
    assert.equal(await page.evaluate(() => window.forklab.frames.length), 0);
    const box = await page.locator('#canvas').boundingBox();
    // Park the pointer on the timeline's empty lanes area, then let the layout settle.
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await animationFrames(page, 10);

    const settled = await canvasShot(page);
    const before = await counts(page);
    await animationFrames(page, 60);
    const idle = await counts(page);
    const skipped = idle.skipped - before.skipped;
    const drawn = idle.drawn - before.drawn;
    // One count per viewer frame; the viewer's callback may run before or after ours in the
    // first and last animation frame, so 59 to 61.
    assert.ok(Math.abs(skipped + drawn - 60) <= 1, `one count per viewer frame: ${JSON.stringify({ before, idle })}`);
    // A blinking caret or a tooltip fading in may redraw a few; most frames are repeats.
    assert.ok(skipped >= 45, `only ${skipped} of 60 idle frames were skipped`);
    // What stays on the screen is the last drawn picture, not a cleared canvas.
    assert.deepEqual(await canvasShot(page), settled, 'the canvas changed while nothing was drawn');

    // The pointer along the toolbar (buttons, combos): a hover highlight is a new picture,
    // drawn at once.
    for (let i = 1; i < 20; i++) {
      await page.mouse.move(box.x + (box.width * i) / 20, box.y + 17);
      await animationFrames(page, 2);
    }
    const hovered = await counts(page);
    assert.ok(hovered.drawn > idle.drawn, 'moving the pointer drew nothing');

    // A running simulation changes the timeline every frame.
    const running = await counts(page);
    const result = await page.evaluate(() => window.forklab.run({ code: window.forklab.current().code, backend: 'sim' }));
    assert.equal(result.exitStatus, 0, JSON.stringify(result).slice(0, 300));
    const ran = await counts(page);
    assert.ok(ran.drawn - running.drawn >= 2, `a run drew ${ran.drawn - running.drawn} frames`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
