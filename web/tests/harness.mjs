// What every browser test file shares: where the two servers and the artifacts are (set by
// scripts/run-browser-tests.sh), one headless Chromium per file (Debian's, driven by
// playwright-core), and a timeout for promises a page may never settle. Not a test file
// itself (node --test runs only *.test.mjs).
import { after, before } from 'node:test';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ISOLATED_URL = process.env.FORKLAB_ISOLATED_URL;
export const PLAIN_URL = process.env.FORKLAB_PLAIN_URL;
export const ARTIFACTS = process.env.FORKLAB_ARTIFACTS || path.join(root, 'build', 'web-test-artifacts');
export const LOAD_MS = 60_000;

// Rejects with "WHAT: no answer in N s" when `promise` has not settled after `ms`.
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// Starts Chromium before the file's tests (only when `enabled`: a file whose servers are not
// set skips its suites) and closes it after them. Returns a holder: `chrome.browser`.
export function sharedBrowser(enabled) {
  const chrome = { browser: null };
  before(async () => {
    if (!enabled) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    chrome.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      timeout: LOAD_MS,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => { await chrome.browser?.close(); });
  return chrome;
}

// Two processes each add 1 twice to an unlocked counter: the end value is 2, 3 or 4, over 918
// orders of their visible steps (as `forklab explore` counts them natively).
export const RACE_2X2 = [
  'from multiprocessing import Process, Value',
  '',
  'def work(c):',
  '    for _ in range(2):',
  '        c.value += 1',
  '',
  'if __name__ == "__main__":',
  '    c = Value("i", 0)',
  '    ps = [Process(target=work, args=(c,)) for _ in range(2)]',
  '    for p in ps: p.start()',
  '    for p in ps: p.join()',
  '    print(c.value)',
  '',
].join('\n');
