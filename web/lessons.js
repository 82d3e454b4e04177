// The course panel of the browser lab: the catalogue's lessons (web/catalogue/catalogue.json)
// beside the viewer's canvas, in Spanish or English.
//
//   language   forklabUrl.pageLang() (lab-url.js): ?lang=es|en, else the first of
//              navigator.languages that is es or en, else Spanish. The ES/EN switch in #bar re-renders
//              the panel and the page strings in place and rewrites ?lang= (replaceState).
//   lesson     ?lesson=ID selects one (and loads its scenario into the viewer, unless the
//              URL also names a ?scenario= for the loader); the list is in catalogue order.
//   run        "Show the code" puts the scenario in the viewer (forklab.load); "Run" runs it
//              on the simulator with the lesson's seed and cores (forklab.run) and shows each
//              expected value next to the actual one (web/lesson_checks.js). A review
//              question asks for a prediction first, then compares it with what happened
//              and reveals the explanation (the fragment's <section class="after-run">,
//              shown below the result once the lesson has run).
//   speed-up   the mp_worker exercise runs its scenario once per core count and plots the
//              speed-up (web/speedup_chart.js), with a progress bar: runs are async, so the
//              page stays responsive.
//   layout     the panel is resizable (drag the separator, or arrow keys on it) and
//              collapsible; both are remembered in localStorage.
//
// Lesson texts are HTML fragments (web/catalogue/lessons/ID.LANG.html) that pass through a
// small allow-list sanitizer before they reach the page, so a fragment can carry markup but
// never script, handlers or styles. Page strings are in web/catalogue/ui.json.
(function () {
  'use strict';

  // Keep in step with ALLOWED_TAGS in tests/catalogue_check.py.
  const ALLOWED_TAGS = new Set(['h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'code', 'pre', 'strong',
    'em', 'kbd', 'a', 'br', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'section']);
  const DROPPED_WITH_CONTENT = new Set(['script', 'style', 'template', 'iframe', 'object',
    'embed', 'noscript', 'svg', 'math']);
  const SUPPORTED = ['es', 'en'];
  const STORE = 'forklab.lessons.';
  const WIDTH_MIN = 240, WIDTH_DEFAULT = 400;

  const checks = window.forklabLessonChecks;
  const urlTools = window.forklabUrl;
  const params = new URLSearchParams(location.search);
  const panel = document.getElementById('lessons');
  if (!panel || !checks || !urlTools) return;

  const state = {
    lang: urlTools.pageLang(),
    catalogue: null,
    ui: null,
    lessonId: null,
    busy: false,
    message: null,            // {key, vars, error}
    fragments: new Map(),     // "id.lang" -> Promise of sanitized DocumentFragment source
    runs: new Map(),          // lesson id -> {result, prediction, predictionLocked}
    speedups: new Map(),      // lesson id -> {points, progress, error}
    predictions: new Map(),   // lesson id -> the student's pending answer
  };
  window.forklabLessons = { state, select, setLanguage };  // for tests and the console
  applyLanguage();

  // The viewer's labels (loader.js setLanguage, callable before the lab is ready) and the
  // share links (share-dialog.js reads forklab.lang) follow the panel's language.
  function applyLanguage() {
    const api = window.forklab;
    if (!api) return;
    api.lang = state.lang;
    try { api.setLanguage(state.lang); } catch (e) { console.warn(e); }
  }

  // [SECTION] strings ------------------------------------------------------------------------

  // What the panel says before ui.json has arrived (or when it cannot).
  const BOOT = {
    loading: { es: 'Cargando el curso…', en: 'Loading the course…' },
    loadFailed: { es: 'No se pudo cargar el curso: {message}', en: 'The course could not be loaded: {message}' },
  };

  function t(key, vars) {
    const entry = (state.ui && state.ui[key]) || BOOT[key];
    let s = entry ? (entry[state.lang] || entry.es || key) : key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  }
  function text(obj) { return obj ? (obj[state.lang] || obj.es || '') : ''; }
  function num(n, digits) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
    const opts = digits === undefined ? { maximumFractionDigits: 3 }
      : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    return n.toLocaleString(state.lang === 'es' ? 'es-ES' : 'en-GB', opts);
  }
  function show(v) { return typeof v === 'number' ? num(v) : String(v); }

  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  // [SECTION] lesson fragments --------------------------------------------------------------

  function safeHref(href) {
    return /^(https?:\/\/|#|[A-Za-z0-9_./-]+$)/.test(href) && !/^\s*javascript:/i.test(href);
  }

  // Copies the allowed part of `from` into `to`: allowed tags with their allowed attributes,
  // the text of unknown tags, nothing of script-like ones.
  function copySafe(from, to) {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.localName;
        if (DROPPED_WITH_CONTENT.has(tag)) continue;
        if (!ALLOWED_TAGS.has(tag)) { copySafe(node, to); continue; }
        const e = document.createElement(tag);
        if (tag === 'a' && node.hasAttribute('href') && safeHref(node.getAttribute('href'))) {
          e.setAttribute('href', node.getAttribute('href'));
          e.setAttribute('target', '_blank');
          e.setAttribute('rel', 'noopener noreferrer');
        }
        if (tag === 'section' && node.getAttribute('class') === 'after-run') e.className = 'after-run';
        copySafe(node, e);
        to.appendChild(e);
      }
    }
  }

  function fragment(id, lang) {
    const key = id + '.' + lang;
    if (!state.fragments.has(key)) {
      const p = fetch('catalogue/lessons/' + encodeURIComponent(key) + '.html')
        .then((r) => {
          if (!r.ok) throw new Error(key + '.html: HTTP ' + r.status);
          return r.text();
        });
      p.catch(() => state.fragments.delete(key));  // a failed fetch may be retried
      state.fragments.set(key, p);
    }
    return state.fragments.get(key).then((html) => {
      // DOMParser documents never run scripts or load resources.
      const doc = new DOMParser().parseFromString('<!doctype html><body>' + html, 'text/html');
      const out = document.createDocumentFragment();
      copySafe(doc.body, out);
      return out;
    });
  }

  // [SECTION] layout: separator, collapse ----------------------------------------------------

  function stored(name, fallback) {
    try { const v = localStorage.getItem(STORE + name); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function store(name, value) { try { localStorage.setItem(STORE + name, String(value)); } catch (e) { /* private mode */ } }

  const resizer = h('div', { id: 'lessons-resizer', role: 'separator', tabindex: '0',
    'aria-orientation': 'vertical', 'aria-controls': 'lessons' });
  panel.after(resizer);

  function maxWidth() { return Math.max(WIDTH_MIN, Math.floor(window.innerWidth * 0.7)); }
  function setWidth(px) {
    const w = Math.round(Math.min(maxWidth(), Math.max(WIDTH_MIN, px)));
    panel.style.width = w + 'px';
    resizer.setAttribute('aria-valuenow', String(w));
    resizer.setAttribute('aria-valuemin', String(WIDTH_MIN));
    resizer.setAttribute('aria-valuemax', String(maxWidth()));
    store('width', w);
  }
  setWidth(Number(stored('width', WIDTH_DEFAULT)) || WIDTH_DEFAULT);

  resizer.addEventListener('pointerdown', (ev) => {
    if (panel.classList.contains('collapsed')) return;
    resizer.setPointerCapture(ev.pointerId);
    const startX = ev.clientX, startW = panel.getBoundingClientRect().width;
    const move = (e) => setWidth(startW + e.clientX - startX);
    const up = () => {
      resizer.removeEventListener('pointermove', move);
      resizer.removeEventListener('pointerup', up);
      resizer.removeEventListener('pointercancel', up);
    };
    resizer.addEventListener('pointermove', move);
    resizer.addEventListener('pointerup', up);
    resizer.addEventListener('pointercancel', up);
    ev.preventDefault();
  });
  resizer.addEventListener('keydown', (ev) => {
    const w = panel.getBoundingClientRect().width;
    const step = ev.shiftKey ? 80 : 20;
    if (ev.key === 'ArrowLeft') setWidth(w - step);
    else if (ev.key === 'ArrowRight') setWidth(w + step);
    else if (ev.key === 'Home') setWidth(WIDTH_MIN);
    else if (ev.key === 'End') setWidth(maxWidth());
    else if (ev.key === 'Enter') setCollapsed(!panel.classList.contains('collapsed'));
    else return;
    ev.preventDefault();
  });

  function setCollapsed(collapsed) {
    panel.classList.toggle('collapsed', collapsed);
    resizer.hidden = collapsed;
    store('collapsed', collapsed ? 1 : 0);
    render();
    const target = panel.querySelector(collapsed ? '#lessons-expand' : '#lessons-collapse');
    if (target) target.focus();
  }

  // The page title follows the language; SDL's window creation in the wasm main sets
  // document.title to "forklab" when the lab starts, so a change from outside is undone.
  function setTitle() {
    const want = t('documentTitle');
    if (document.title !== want) document.title = want;
  }
  new MutationObserver(() => { if (state.ui) setTitle(); })
    .observe(document.head, { childList: true, characterData: true, subtree: true });

  // [SECTION] language switch (in #bar) -------------------------------------------------------

  const bar = document.getElementById('bar');
  const langSwitch = h('div', { id: 'lang-switch', role: 'group' });
  for (const lang of SUPPORTED) {
    langSwitch.appendChild(h('button', { type: 'button', 'data-lang': lang, lang,
      onclick: () => setLanguage(lang) }, lang.toUpperCase()));
  }
  if (bar) bar.insertBefore(langSwitch, document.getElementById('state'));

  function setLanguage(lang) {
    if (!SUPPORTED.includes(lang) || lang === state.lang) return;
    state.lang = lang;
    applyLanguage();
    updateUrl();
    render();
  }

  function updateUrl() {
    const p = new URLSearchParams(location.search);
    p.set('lang', state.lang);
    if (state.lessonId) p.set('lesson', state.lessonId);
    history.replaceState(history.state, '', location.pathname + '?' + p.toString() + location.hash);
  }

  // [SECTION] lessons: select, load, run -----------------------------------------------------

  function lessonById(id) { return state.catalogue.lessons.find((l) => l.id === id) || null; }
  function current() { return state.catalogue && lessonById(state.lessonId); }
  function settings(lesson) {
    const r = lesson.run || {};
    return { backend: 'sim', seed: r.seed === undefined ? 1 : r.seed, cores: r.cores || 0 };
  }

  const codeCache = new Map();
  function scenarioCode(lesson) {
    if (!codeCache.has(lesson.scenario)) {
      const p = fetch('scenarios/' + encodeURIComponent(lesson.scenario) + '.py').then((r) => {
        if (!r.ok) throw new Error(lesson.scenario + '.py: HTTP ' + r.status);
        return r.text();
      });
      p.catch(() => codeCache.delete(lesson.scenario));
      codeCache.set(lesson.scenario, p);
    }
    return codeCache.get(lesson.scenario);
  }

  function say(key, vars, error) { state.message = { key, vars, error: !!error }; renderMessage(); }

  function select(id, { load = true, focus = false } = {}) {
    if (!state.catalogue || !lessonById(id)) return false;
    state.lessonId = id;
    state.message = null;
    updateUrl();
    render();
    if (focus) document.getElementById('lesson-text')?.focus();
    if (load) loadIntoViewer(lessonById(id), { quiet: true });
    return true;
  }

  async function loadIntoViewer(lesson, { quiet = false } = {}) {
    try {
      const [code] = await Promise.all([scenarioCode(lesson), window.forklab.ready]);
      if (state.busy) { if (!quiet) say('loadBusy'); return; }
      const rc = window.forklab.load(Object.assign({ code, filename: lesson.scenario + '.py' }, settings(lesson)));
      if (rc === 3) { if (!quiet) say('loadBusy'); return; }
      if (!quiet) say('loaded', { file: lesson.scenario + '.py' });
    } catch (e) {
      say('labFailed', { message: e.message }, true);
    }
  }

  async function runOnce(lesson, extra) {
    const code = await scenarioCode(lesson);
    await window.forklab.ready;
    return window.forklab.run(Object.assign({ code, filename: lesson.scenario + '.py' },
      settings(lesson), extra || {}));
  }

  // backend "sim" (the lesson's seed and cores: the expected result is checked in full) or,
  // on an isolated page, "threads" (real parallel processes on Web Workers: the checks that
  // hold only on the deterministic simulator are left out).
  async function runLesson(lesson, backend = 'sim') {
    if (state.busy) return;
    const prediction = lesson.prediction ? readPrediction(lesson) : null;
    if (lesson.prediction && prediction.error) { say(prediction.error, prediction.vars, true); return; }
    state.busy = true;
    if (prediction) state.runs.set(lesson.id, { predictionLocked: true, prediction: prediction.value });
    say(backend === 'sim' ? 'running' : 'runningThreads', { file: lesson.scenario + '.py' });
    render();
    try {
      const result = await runOnce(lesson, backend === 'sim' ? {} : { backend, cores: 0 });
      state.runs.set(lesson.id, { result, prediction: prediction ? prediction.value : null, predictionLocked: !!prediction });
      state.message = null;
    } catch (e) {
      state.runs.delete(lesson.id);
      say('labFailed', { message: e.message }, true);
    } finally {
      state.busy = false;
      render();
    }
  }

  async function measureSpeedup(lesson) {
    if (state.busy) return;
    const sp = lesson.speedup;
    const byId = Object.fromEntries(lesson.expect.checks.map((c) => [c.id, c]));
    const entry = { points: [], progress: 0, error: null, running: true };
    state.speedups.set(lesson.id, entry);
    state.busy = true;
    render();
    try {
      for (const [i, cores] of sp.cores.entries()) {
        entry.progress = i;
        entry.currentCores = cores;
        if (state.lessonId === lesson.id) renderSpeedup(lesson);
        const r = await runOnce(lesson, { cores });
        const sequential = checks.valueOf(byId[sp.sequential], r.stdout);
        const parallel = checks.valueOf(byId[sp.parallel], r.stdout);
        if (r.exitStatus !== 0 || typeof sequential !== 'number' || typeof parallel !== 'number' || parallel <= 0) {
          entry.error = { cores, message: r.diagnostics?.[0]?.message || ('exit status ' + r.exitStatus) };
          break;
        }
        entry.points.push({ cores, sequential, parallel, speedup: sequential / parallel, duration: r.durationSeconds });
      }
      entry.progress = sp.cores.length;
    } catch (e) {
      entry.error = { cores: entry.currentCores, message: e.message };
    } finally {
      entry.running = false;
      state.busy = false;
      render();
    }
  }

  // [SECTION] predictions ---------------------------------------------------------------------

  function readPrediction(lesson) {
    const pred = lesson.prediction;
    const v = state.predictions.get(lesson.id);
    if (pred.type === 'choice') {
      return pred.choices.some((c) => c.id === v) ? { value: v } : { error: 'predictFirst' };
    }
    const empty = v === undefined || (typeof v === 'string' && v.trim() === '');
    const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
    if (empty || !Number.isFinite(n) || n < pred.min || n > pred.max) {
      return { error: empty ? 'predictFirst' : 'badNumber',
        vars: { min: num(pred.min), max: num(pred.max) } };
    }
    return { value: n };
  }

  function predictionWidget(lesson, locked) {
    const pred = lesson.prediction;
    const pending = state.predictions.get(lesson.id);
    const fs = h('fieldset', { class: 'prediction', disabled: locked || state.busy },
      h('legend', { text: t('predictionTitle') }),
      h('p', { class: 'question', id: 'prediction-question', text: text(pred.question) }));
    if (pred.type === 'choice') {
      for (const c of pred.choices) {
        const input = h('input', { type: 'radio', name: 'prediction-' + lesson.id, value: c.id,
          checked: pending === c.id, onchange: () => state.predictions.set(lesson.id, c.id) });
        fs.appendChild(h('label', { class: 'choice' }, input, ' ', text(c.text)));
      }
    } else {
      const input = h('input', { type: 'number', id: 'prediction-number', min: pred.min, max: pred.max,
        step: pred.step || 'any', inputmode: 'decimal', 'aria-describedby': 'prediction-question',
        value: pending === undefined || Number.isNaN(pending) ? false : pending,
        // A number the browser cannot read ("1,2,3") leaves value empty: remember it was typed.
        oninput: (e) => state.predictions.set(lesson.id, e.target.validity.badInput ? NaN : e.target.value),
        onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); runLesson(lesson); } } });
      fs.appendChild(h('label', { class: 'number' }, t('predictionNumber') + ' ', input));
    }
    return fs;
  }

  function predictionFeedback(lesson, run, verdict) {
    const pred = lesson.prediction;
    const box = h('div', { class: 'prediction-feedback', id: 'prediction-feedback', role: 'status' });
    if (pred.type === 'choice') {
      const yours = pred.choices.find((c) => c.id === run.prediction);
      const answer = pred.choices.find((c) => c.id === pred.answer);
      const right = run.prediction === pred.answer;
      box.classList.add(right ? 'right' : 'wrong');
      box.dataset.correct = String(right);
      box.appendChild(h('strong', { text: t(right ? 'predictionRight' : 'predictionWrong') }));
      box.appendChild(h('p', { text: t('predictedChoice', { yours: text(yours && yours.text),
        actual: verdict.ok ? text(answer.text) : t('someFailed', { n: verdict.failed }) }) }));
    } else {
      const c = verdict.checks.find((x) => x.check.id === pred.check);
      if (!c || typeof c.value !== 'number') {
        box.appendChild(h('p', { text: t('predictionNoValue') }));
        return box;
      }
      const right = Math.abs(run.prediction - c.value) <= pred.tolerance + 1e-9;
      box.classList.add(right ? 'right' : 'wrong');
      box.dataset.correct = String(right);
      box.appendChild(h('strong', { text: t(right ? 'predictionRight' : 'predictionWrong') }));
      box.appendChild(h('p', { text: t('predictedNumber', { yours: num(run.prediction),
        actual: num(c.value), tolerance: num(pred.tolerance) }) }));
    }
    box.appendChild(h('button', { type: 'button', class: 'again', text: t('tryAgain'),
      onclick: () => { state.runs.delete(lesson.id); render(); document.querySelector('#lesson-controls fieldset input')?.focus(); } }));
    return box;
  }

  // [SECTION] rendering ------------------------------------------------------------------------

  function expectedText(c) {
    const parts = [];
    if (c.count && 'equals' in c) return t('lines', { n: num(c.equals) });
    if ('equals' in c) parts.push(show(c.equals));
    if ('min' in c && 'max' in c) parts.push(t('between', { min: num(c.min), max: num(c.max) }));
    else if ('min' in c) parts.push(t('atLeast', { min: num(c.min) }));
    else if ('max' in c) parts.push(t('atMost', { max: num(c.max) }));
    if ('notEquals' in c) parts.push(t('notEquals', { value: show(c.notEquals) }));
    return parts.join('; ');
  }

  function resultView(lesson, result) {
    const verdict = checks.evaluateLesson(lesson, result);
    const box = h('section', { class: 'result ' + (verdict.ok ? 'ok' : 'bad'), id: 'lesson-result',
      'data-ok': String(verdict.ok), 'aria-labelledby': 'lesson-result-title' });
    box.appendChild(h('h3', { id: 'lesson-result-title', text: t('resultTitle') }));
    if (result.exitStatus === -1) box.appendChild(h('p', { text: t('stopped') }));
    const table = h('table', {},
      h('thead', {}, h('tr', {}, h('th', { text: t('colCheck') }), h('th', { text: t('colExpected') }),
        h('th', { text: t('colActual') }), h('th', { 'aria-hidden': 'true' }))));
    const body = h('tbody');
    for (const c of verdict.checks) {
      let actual = c.value === null ? t('absent') : show(c.value);
      if (c.check.lostOf !== undefined && typeof c.value === 'number') {
        actual += ' (' + t('lost', { n: num(c.check.lostOf - c.value) }) + ')';
      }
      body.appendChild(h('tr', { class: c.ok ? 'ok' : 'bad', 'data-check': c.check.id },
        h('th', { scope: 'row', text: text(c.check.label) }),
        h('td', { class: 'expected', text: expectedText(c.check) }),
        h('td', { class: 'actual', text: actual }),
        h('td', { class: 'mark', text: c.ok ? '✔' : '✘' })));
    }
    body.appendChild(h('tr', { class: verdict.statusOk ? 'ok' : 'bad', 'data-check': 'exitStatus' },
      h('th', { scope: 'row', text: t('exitStatus') }), h('td', { class: 'expected', text: String(verdict.wantStatus) }),
      h('td', { class: 'actual', text: String(result.exitStatus) }), h('td', { class: 'mark', text: verdict.statusOk ? '✔' : '✘' })));
    table.appendChild(body);
    box.appendChild(table);
    box.appendChild(h('p', { class: 'verdict', text: verdict.ok ? t('allOk')
      : (verdict.statusOk ? t('someFailed', { n: verdict.failed }) : t('runFailed', { status: result.exitStatus })) }));
    box.appendChild(h('p', { class: 'backend', 'data-backend': result.backend,
      text: t(result.backend === 'threads' ? 'ranOnThreads' : 'ranOnSim') }));
    if (typeof result.durationSeconds === 'number' && result.durationSeconds > 0) {
      box.appendChild(h('p', { class: 'duration', text: t(result.backend === 'sim' ? 'duration' : 'durationReal',
        { ms: num(result.durationSeconds * 1000, 1) }) }));
    }
    const out = (result.stdout || '') + (result.stderr ? '\n' + result.stderr : '');
    box.appendChild(h('details', { class: 'stdout', open: !verdict.ok }, h('summary', { text: t('output') }),
      h('pre', { text: out })));
    return { box, verdict };
  }

  function renderSpeedup(lesson) {
    const holder = document.getElementById('speedup');
    if (!holder) return;
    holder.replaceChildren();
    const entry = state.speedups.get(lesson.id);
    if (!entry) return;
    const n = lesson.speedup.cores.length;
    if (entry.running) {
      holder.appendChild(h('label', { class: 'progress' }, t('speedupProgress',
        { i: entry.progress + 1, n, cores: entry.currentCores }), ' ',
        h('progress', { max: n, value: entry.progress })));
      return;
    }
    if (entry.error) {
      holder.appendChild(h('p', { class: 'error', role: 'alert', text: t('speedupFailed', entry.error) }));
    }
    if (entry.points.length) {
      holder.appendChild(window.forklabSpeedupChart.render(entry.points, {
        title: t('chartTitle'), cores: t('chartCores'), speedup: t('chartSpeedup'), ideal: t('chartIdeal'),
        amdahl: t('chartAmdahl'), measured: t('chartMeasured'), colCores: t('colCores'),
        colSequential: t('colSequential'), colParallel: t('colParallel'), colSpeedup: t('colSpeedup'), colDuration: t('colDuration'),
        summary: t('chartSummary', { points: entry.points.map((p) => p.cores + ': ' + num(p.speedup, 2)).join(', ') }),
        format: num,
      }));
      if (!entry.error) holder.appendChild(h('p', { class: 'done', text: t('speedupDone') }));
    }
  }

  function renderMessage() {
    const el = document.getElementById('lesson-message');
    if (!el) return;
    const m = state.message;
    el.textContent = m ? t(m.key, m.vars) : '';
    el.classList.toggle('error', !!(m && m.error));
  }

  let renderToken = 0;
  function render() {
    document.documentElement.lang = state.lang;
    if (state.ui) setTitle();
    for (const b of langSwitch.querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
      b.title = b.dataset.lang === 'es' ? 'Español' : 'English';
    }
    langSwitch.setAttribute('aria-label', t('language'));
    resizer.setAttribute('aria-label', t('resize'));
    panel.setAttribute('aria-label', t('panelTitle'));

    const collapsed = panel.classList.contains('collapsed');
    const refocus = focusKey(document.activeElement);
    panel.replaceChildren();
    if (collapsed) {
      panel.appendChild(h('button', { type: 'button', id: 'lessons-expand', 'aria-expanded': 'false',
        'aria-controls': 'lessons', title: t('expand'), 'aria-label': t('expand'),
        onclick: () => setCollapsed(false) }, '»'));
      return;
    }
    panel.appendChild(h('div', { class: 'lessons-head' },
      h('h2', { text: t('panelTitle') }),
      h('button', { type: 'button', id: 'lessons-collapse', 'aria-expanded': 'true', 'aria-controls': 'lessons',
        title: t('collapse'), 'aria-label': t('collapse'), onclick: () => setCollapsed(true) }, '«')));
    if (!state.catalogue) {
      panel.appendChild(h('p', { id: 'lesson-message', role: 'status' }));
      renderMessage();
      return;
    }

    const list = h('ol', { id: 'lesson-list', 'aria-label': t('lessonList') });
    for (const lesson of state.catalogue.lessons) {
      const selected = lesson.id === state.lessonId;
      list.appendChild(h('li', {}, h('button', { type: 'button', 'data-lesson': lesson.id,
        'aria-current': selected ? 'true' : false, class: selected ? 'selected' : false,
        onclick: () => select(lesson.id, { focus: true }), onkeydown: listKeys },
        h('span', { class: 'kind', text: t('kind.' + lesson.kind) }), ' ', text(lesson.title))));
    }
    panel.appendChild(h('nav', { 'aria-label': t('lessonList') }, list));

    const lesson = current();
    if (!lesson) return;
    const run = state.runs.get(lesson.id);
    const article = h('article', { id: 'lesson-text', tabindex: '-1', lang: state.lang,
      'data-lesson': lesson.id, 'aria-busy': 'true' });
    panel.appendChild(article);
    // The fragment's explanation goes below the result, and shows once the lesson has run.
    const why = h('div', { id: 'lesson-why', lang: state.lang, class: run && run.result ? 'ran' : false });

    const controls = h('div', { id: 'lesson-controls' });
    controls.appendChild(h('p', { class: 'settings', text: t('runSettings', { seed: settings(lesson).seed,
      cores: settings(lesson).cores || 2 }) }));
    const locked = !!(run && run.predictionLocked);
    if (lesson.prediction) controls.appendChild(predictionWidget(lesson, locked));
    const buttons = h('div', { class: 'buttons' },
      h('button', { type: 'button', id: 'lesson-load', disabled: state.busy, onclick: () => loadIntoViewer(lesson) },
        t('loadButton')),
      h('button', { type: 'button', id: 'lesson-run', class: 'primary', disabled: state.busy || locked,
        onclick: () => runLesson(lesson) }, t(lesson.prediction ? 'predictAndRun' : 'runButton')));
    if (!lesson.prediction && window.forklab && (window.forklab.backends || []).includes('threads')) {
      buttons.appendChild(h('button', { type: 'button', id: 'lesson-run-threads', disabled: state.busy,
        onclick: () => runLesson(lesson, 'threads') }, t('runThreadsButton')));
    }
    if (lesson.speedup) {
      buttons.appendChild(h('button', { type: 'button', id: 'lesson-speedup', disabled: state.busy,
        onclick: () => measureSpeedup(lesson) }, t('speedupButton')));
    }
    controls.appendChild(buttons);
    controls.appendChild(h('p', { id: 'lesson-message', role: 'status', 'aria-live': 'polite' }));
    controls.appendChild(h('p', { class: 'mode-note', text: t(window.forklab && window.forklab.crossOriginIsolated ? 'isolatedNote' : 'simOnlyNote') }));
    panel.appendChild(controls);

    if (run && run.result) {
      const { box, verdict } = resultView(lesson, run.result);
      if (lesson.prediction && run.prediction !== null && run.prediction !== undefined) {
        panel.appendChild(predictionFeedback(lesson, run, verdict));
      }
      panel.appendChild(box);
    }
    panel.appendChild(why);
    if (lesson.speedup) {
      panel.appendChild(h('div', { id: 'speedup', 'aria-live': 'polite' }));
      renderSpeedup(lesson);
    }
    renderMessage();
    if (refocus) restoreFocus(refocus);

    const token = ++renderToken;
    fragment(lesson.id, state.lang).then((frag) => {
      if (token !== renderToken) return;  // a newer render replaced this article
      const explanation = frag.querySelector('section.after-run');
      if (explanation) why.replaceChildren(explanation);
      article.replaceChildren(frag);
      article.removeAttribute('aria-busy');
    }, (e) => {
      if (token !== renderToken) return;
      article.replaceChildren(h('p', { class: 'error', role: 'alert', text: t('lessonFailed', { message: e.message }) }));
      article.removeAttribute('aria-busy');
    });
  }

  // The panel is rebuilt on every change; these keep the keyboard focus on the same control.
  function focusKey(el) {
    if (!el || !panel.contains(el)) return null;
    if (el.dataset && el.dataset.lesson && el.localName === 'button') return '[data-lesson="' + el.dataset.lesson + '"]';
    if (el.id) return '#' + el.id;
    if (el.name && el.value) return 'input[name="' + el.name + '"][value="' + el.value + '"]';
    return null;
  }
  function restoreFocus(selector) {
    const el = panel.querySelector(selector);
    if (el && !el.disabled) el.focus();
    else document.getElementById('lesson-text')?.focus();
  }

  // Up/Down/Home/End move between the lesson buttons (Tab still walks them all).
  function listKeys(ev) {
    const buttons = [...panel.querySelectorAll('#lesson-list button')];
    const i = buttons.indexOf(ev.currentTarget);
    let j = null;
    if (ev.key === 'ArrowDown') j = Math.min(buttons.length - 1, i + 1);
    else if (ev.key === 'ArrowUp') j = Math.max(0, i - 1);
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = buttons.length - 1;
    if (j === null) return;
    ev.preventDefault();
    buttons[j].focus();
  }

  // [SECTION] start -------------------------------------------------------------------------

  async function start() {
    if (stored('collapsed', '0') === '1') { panel.classList.add('collapsed'); resizer.hidden = true; }
    state.message = { key: 'loading' };
    render();
    try {
      const [cat, ui] = await Promise.all(['catalogue/catalogue.json', 'catalogue/ui.json'].map((u) =>
        fetch(u).then((r) => { if (!r.ok) throw new Error(u + ': HTTP ' + r.status); return r.json(); })));
      if (!cat || !Array.isArray(cat.lessons) || !cat.lessons.length) throw new Error('catalogue.json has no lessons');
      state.catalogue = cat;
      state.ui = ui;
    } catch (e) {
      state.message = { key: 'loadFailed', vars: { message: e.message }, error: true };
      render();
      return;
    }
    const wanted = params.get('lesson');
    const id = wanted && lessonById(wanted) ? wanted : state.catalogue.lessons[0].id;
    state.lessonId = id;
    state.message = wanted && !lessonById(wanted) ? { key: 'unknownLesson', vars: { id: wanted }, error: true } : null;
    if (params.has('lang') || wanted) updateUrl();
    render();
    // A ?lesson= link shows that lesson's code in the viewer, unless the URL already hands the
    // loader a ?scenario= of its own.
    if (wanted && lessonById(wanted) && !params.has('scenario')) loadIntoViewer(lessonById(wanted), { quiet: true });
    window.forklab?.ready?.catch((e) => say('labFailed', { message: e.message }, true));
  }

  start();
})();
