// forklab browser lab loader: picks the build for this page, starts it on #canvas and
// defines the page API, window.forklab.
//
// Mode: a cross-origin isolated page (COOP/COEP headers, so SharedArrayBuffer exists) loads
// forklab.js, the -pthread build (backends sim + threads, each scenario process on a Web
// Worker). Any other page loads forklab-st.js, the single-threaded build (sim only).
//
// Page API
//   forklab.ready                 Promise, resolves (to forklab) when the lab is running;
//                                 rejects with an Error when it cannot start.
//   forklab.crossOriginIsolated   boolean
//   forklab.backends              ["sim"] or ["sim", "threads"]
//   forklab.flavour               "threads" (forklab.js) or "single-thread" (forklab-st.js)
//   forklab.coi                   {asked, status, note}: the optional isolation by service
//                                 worker (coi.js, ?coi=1); note says in English why it did not
//                                 isolate the page, else null. Final once ready settles.
//   forklab.run({code, backend = "sim", seed = 1, cores = 0, filename = "scenario.py"})
//       Promise of {stdout, stderr, exitStatus, exitcodes: {MainProcess: 0, "Process-1": 0,
//       ...}, events (number kept), droppedEvents, instructions, backend, timeUnit,
//       diagnostics: [{kind, file, line, col, message}]}. The run shows in the viewer too and
//       runs are queued one after another. A backend the page cannot run (threads without
//       isolation, fork anywhere, an unknown name) RESOLVES with exitStatus 2 and one
//       diagnostic of kind "NotSupported" whose message says why; it never rejects for that.
//       A run stopped with the viewer's Stop button resolves with exitStatus -1 and one
//       diagnostic of kind "Stopped". It rejects only for bad arguments or when the lab
//       failed to start or aborted. Runs need the page visible (sim advances per frame).
//   forklab.load({code, backend, seed, cores, filename}) puts code in the viewer without
//       running it; returns 0, or 1 (unknown backend) / 2 (unavailable here; sim kept) /
//       3 (a run is in progress; ignored).
//   forklab.step({code, seed = 1, filename = "scenario.py", schedule = ""}) opens the viewer's
//       Step mode on the simulator (after the steps of `schedule`) and returns its state:
//       {step, schedule, finished, exitStatus (null while live), stdout, stderr, processes:
//       [{id, name, state, line, source, runnable, waitingFor, exitCode}], diagnostics}.
//   forklab.stepCommand(cmd) takes one step and returns the new state: "1" (process 1 takes
//       a visible step), "1 i 5" (5 instructions), "1 l" (one source line), "b" / "b 3"
//       (back one step / to step 3), "c" (run to the end). A command that fails changes
//       nothing and returns the state with an "error" sentence (docs/stepping.md).
//   forklab.openTrace(text | File | Blob, name = "trace.json") shows a trace written by
//       `forklab run --trace` (any backend; format shared/trace/trace_format.h) in the viewer.
//       Promise of {ok: true, name, backend, timeUnit, events, droppedEvents, exitStatus,
//       scenario (the file name of the source the trace carries, which the editor now
//       shows; null for a trace without source: the editor then holds a note saying so),
//       processes: [{id, parent, name, osPid, exitcode}], exitcodes: {MainProcess: 0, ...}}
//       or {ok: false, error: "NAME:LINE:COL: error: ..."} (the viewer is left as it was);
//       the page status says either. Rejects only for bad arguments or a lab that failed.
//   forklab.exportTrace() the last finished run or the trace shown, as Chrome Trace Event
//       JSON text (opens in ui.perfetto.dev); throws an Error when there is none yet or a
//       run is in progress. forklab.exportTraceName() is its file name, "forklab-race.json".
//   forklab.lastTrace             the last trace openTrace() showed (its {ok: true, ...}).
//   forklab.inspectTrace(time = null) puts the timeline's cursor at `time` (the trace's unit:
//       ns for fork/threads, ticks for sim; null removes it: the end of the run), brings the
//       Inspector tab to the front and returns what the trace says at that moment:
//       {time, atCursor, timeUnit, events (at or before time), cells: [{object, cell, value,
//       reads, writes}], locks: [{id, holders: [name], waiters: [name], acquisitions}],
//       queues: [{id, items, puts, gets}], pipes: [{conn, sent, inFlight}], processes: [{id,
//       name, state ("not created", "created", "ready", "running", "blocked", "exited"),
//       waitingFor, exitcode}]} (trace/trace_state.h). Throws an Error when nothing finished
//       yet or a run is in progress. (A sim run's tab shows the simulator's own final state
//       while there is no cursor; this answers from the trace.)
//   forklab.current()             the viewer's code and settings now (the user's edits
//       included): {code, filename, backend, seed, cores, running}; null before ready.
//   forklab.frames()              {drawn, skipped}: frames the viewer drew since it started,
//       and frames it did not draw because ImGui's output was the same as the last drawn one
//       (an unchanged canvas costs the browser nothing); null before ready.
//   forklab.setLanguage(lang)     'es' or 'en' (also 'es-AR', ...): the viewer's own labels,
//       and the language the simulator explains deadlocks in from the next run. Returns the
//       language now in use ('es' or 'en'); throws an Error for another name. Callable before
//       forklab.ready: it then applies as the lab starts. forklab.language reads it.
//   forklab.explore({code, filename, seed})  Promise of every outcome the program allows
//       (the viewer's Experiments tab, a slice per frame, also without isolation):
//       {complete, stoppedBy, schedules, atLeast, executions, states, seconds, errors,
//       loops, outcomes: [{ending, exitStatus, stdout, count, witness, message}]}; a witness opens
//       in Step mode with forklab.step({code, schedule: witness}).
//   forklab.autorun               with ?autorun=1: Promise of that run's result; else null.
//   forklab.fromUrl               Promise of what the URL parameters did: {settings (what
//       was loaded: code, filename, backend, seed, cores), note (a sentence, e.g. threads
//       unavailable so sim is used; or null), result (autorun's) } or null when the URL has
//       none. Rejects with an Error whose .problems ([{param, en, es}]) say what to fix;
//       then nothing from the URL is loaded.
//   forklab.urlScenario           {name, code} of the ?scenario= loaded, else null.
//   forklab.lastResult            the last result a run() resolved with.
// Events on window: "forklab:runstarted" {source: "page", runId, backend, filename} when
//   run() queues a run, "forklab:rundone" {source: "page", runId, result} when it is
//   answered; runs the user starts in the viewer (Run, Ctrl+Enter) send the same two with
//   source "viewer" and runId null. embed-api.js forwards them to an embedding page.
// URL parameters: lab-url.js (scenario, code, z, filename, lang, backend, seed, cores,
//   autorun); both index.html and embed.html load it before this file.
//   The page's language (pageLang: ?lang=es|en, else the browser's, else Spanish) sets the
//   viewer's labels (setLanguage) as well as the page's texts.
(function () {
  'use strict';

  // The sentences this file writes in the bar, in both languages of the lab. The page's
  // language is the one last given to setLanguage (the lesson panel's switch); it starts as
  // lab-url.js's pageLang(): ?lang=, else the browser's, else Spanish.
  const TEXTS = {
    modeIsolated: { en: 'Real parallel runs on Web Workers (cross-origin isolated)',
      es: 'Ejecuciones paralelas reales en Web Workers (página aislada, cross-origin isolated)' },
    modeSimOnly: { en: 'Simulation only: this page is not cross-origin isolated, so ' +
      'SharedArrayBuffer (needed for Web Workers sharing memory) is unavailable',
    es: 'Solo simulación: esta página no está aislada (cross-origin isolated), así que falta ' +
      'SharedArrayBuffer, que los Web Workers necesitan para compartir memoria' },
    modeIsolatedByWorker: { en: 'Real parallel runs on Web Workers (cross-origin isolated by the ' +
      'coi-serviceworker service worker)',
    es: 'Ejecuciones paralelas reales en Web Workers (página aislada, cross-origin isolated, por el ' +
      'service worker coi-serviceworker)' },
    // Why ?coi=1 (or the host's <meta name="forklab-coi">) left the page on the simulator:
    // one sentence per status of coi.js that is not a success.
    coiReloading: { en: 'Reloading once so that the coi-serviceworker service worker isolates the page…',
      es: 'Recargando una vez para que el service worker coi-serviceworker aísle la página…' },
    coiMissing: { en: 'No real parallel runs: this site lacks coi-serviceworker.min.js',
      es: 'Sin ejecuciones paralelas reales: a este sitio le falta coi-serviceworker.min.js' },
    coiInsecure: { en: 'No real parallel runs: service workers need HTTPS or localhost',
      es: 'Sin ejecuciones paralelas reales: los service workers necesitan HTTPS o localhost' },
    coiUnavailable: { en: 'No real parallel runs: this browser offers no service workers here (a private window?)',
      es: 'Sin ejecuciones paralelas reales: este navegador no ofrece service workers aquí (¿una ventana privada?)' },
    coiFramed: { en: 'No real parallel runs: inside a frame, only an isolated course page can isolate the lab',
      es: 'Sin ejecuciones paralelas reales: dentro de un marco, solo una página del curso aislada puede ' +
        'aislar el laboratorio' },
    coiNoStorage: { en: 'No real parallel runs: sessionStorage is blocked, so the page cannot reload itself safely',
      es: 'Sin ejecuciones paralelas reales: sessionStorage está bloqueado, así que la página no puede ' +
        'recargarse sin riesgo' },
    coiStillNotIsolated: { en: 'No real parallel runs: the page reloaded through the service worker and is ' +
      'still not isolated (reload it to try again)',
    es: 'Sin ejecuciones paralelas reales: la página se recargó a través del service worker y sigue sin ' +
      'estar aislada (recárguela para reintentarlo)' },
    coiNoTakeover: { en: 'No real parallel runs: the isolation service worker did not take over the page ' +
      'within 10 s (reload it to try again)',
    es: 'Sin ejecuciones paralelas reales: el service worker de aislamiento no tomó el control de la ' +
      'página en 10 s (recárguela para reintentarlo)' },
    coiFailed: { en: 'No real parallel runs: the isolation service worker failed ({0})',
      es: 'Sin ejecuciones paralelas reales: falló el service worker de aislamiento ({0})' },
    ready: { en: 'Ready', es: 'Listo' },
    lastRun: { en: 'Last run: exit status {0} ({1})', es: 'Última ejecución: estado de salida {0} ({1})' },
    cannotStart: { en: 'forklab could not start: {0}', es: 'forklab no pudo arrancar: {0}' },
    reading: { en: 'Reading {0}…', es: 'Leyendo {0}…' },
    traceShown: { en: 'Trace {0}: {1} run, {2} {3}, {4} events, exit status {5}',
      es: 'Traza {0}: ejecución en {1}, {2} {3}, {4} eventos, estado de salida {5}' },
    process: { en: 'process', es: 'proceso' },
    processes: { en: 'processes', es: 'procesos' },
  };
  let chosenLanguage = null;  // set by setLanguage
  function pageLanguage() {
    if (chosenLanguage) return chosenLanguage;
    // Without lab-url.js the lab cannot start (see the end of this file); that wiring error
    // is for developers and is said in English.
    return window.forklabUrl ? window.forklabUrl.pageLang() : 'en';
  }
  function say(key, ...args) {
    const t = TEXTS[key][pageLanguage()] || TEXTS[key].en;
    return t.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
  }

  const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  // Optional isolation by a service worker (coi.js, loaded before this file when the page
  // has it): its status after the page's own check, and the sentence saying why not.
  const coi = window.forklabCoi || null;
  const COI_NOTES = {
    reloading: 'coiReloading', missing: 'coiMissing', insecure: 'coiInsecure',
    unavailable: 'coiUnavailable', framed: 'coiFramed', 'no-storage': 'coiNoStorage',
    'still-not-isolated': 'coiStillNotIsolated', 'no-takeover': 'coiNoTakeover', failed: 'coiFailed',
  };
  let coiStatus = coi ? coi.status : 'off';
  function coiNote(lang) {
    const key = COI_NOTES[coiStatus];
    if (!key) return null;
    const t = TEXTS[key][lang] || TEXTS[key].en;
    return t.replace('{0}', String(coi && coi.detail || 'unknown error'));
  }
  const urlTools = window.forklabUrl;
  const url = urlTools ? urlTools.parse(location.search) : null;
  const modeEl = document.getElementById('mode');
  const stateEl = document.getElementById('state');
  const canvas = document.getElementById('canvas');

  // kind: falsy (plain), true or 'error' (red), 'note' (a warning that is not a failure).
  function setState(text, kind) {
    if (!stateEl) return;
    stateEl.textContent = text;
    stateEl.classList.toggle('error', kind === true || kind === 'error');
    stateEl.classList.toggle('note', kind === 'note');
  }
  // SDL listens for keys on the canvas only (see wasm/main.cpp), so it must take focus.
  canvas.addEventListener('mousedown', () => canvas.focus());
  function modeKey() {
    if (!isolated) return 'modeSimOnly';
    return coiStatus === 'active' ? 'modeIsolatedByWorker' : 'modeIsolated';
  }
  // The mode, and when isolation was asked for and did not happen, why (also the tooltip:
  // the bar cuts long text).
  function showMode() {
    if (!modeEl) return;
    const note = coiNote(pageLanguage());
    modeEl.textContent = say(modeKey()) + (note ? '. ' + note : '');
    modeEl.title = modeEl.textContent;
    modeEl.className = isolated ? 'isolated' : 'sim-only';
    modeEl.lang = pageLanguage();
  }
  showMode();

  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
  ready.catch(() => {});  // callers see the rejection; the page does not log it as uncaught

  let module = null;
  let failure = null;
  let nextId = 1;
  const pending = new Map();  // run id -> {resolve, reject}

  const api = {
    ready,
    crossOriginIsolated: isolated,
    backends: isolated ? ['sim', 'threads'] : ['sim'],
    flavour: isolated ? 'threads' : 'single-thread',
    mode: TEXTS[modeKey()].en,
    // {asked, status, note} of the optional service worker (coi.js); note: English sentence
    // of why it did not isolate the page, else null. Final once forklab.ready settles.
    coi: { asked: coi ? coi.asked : null, status: coiStatus, note: coiNote('en') },
    autorun: null,
    fromUrl: null,
    urlScenario: null,
    lastResult: null,
    lastTrace: null,
    run,
    load,
    step,
    stepCommand,
    explore,
    openTrace,
    exportTrace,
    exportTraceName,
    inspectTrace,
    current,
    frames,
    setLanguage,
    language: 'en',
  };
  window.forklab = api;

  function fail(error) {
    if (failure) return;
    failure = error instanceof Error ? error : new Error(String(error));
    setState(say('cannotStart', failure.message), true);
    rejectReady(failure);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  // Copies a JS string into the module's heap; the caller frees it with forklab_free.
  function heapString(s) {
    const size = module.lengthBytesUTF8(s) + 1;
    const ptr = module.ccall('forklab_alloc', 'number', ['number'], [size]);
    module.stringToUTF8(s, ptr, size);
    return ptr;
  }
  function withStrings(strings, fn) {
    const ptrs = strings.map(heapString);
    try { return fn(ptrs); } finally { for (const p of ptrs) module.ccall('forklab_free', null, ['number'], [p]); }
  }

  function checkArgs(opts) {
    if (!opts || typeof opts.code !== 'string') throw new TypeError('forklab: code must be a string');
    const seed = opts.seed === undefined ? 1 : Number(opts.seed);
    const cores = opts.cores === undefined ? 0 : Number(opts.cores);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new TypeError('forklab: seed must be a non-negative integer');
    if (!Number.isInteger(cores) || cores < 0 || cores > 1024) throw new TypeError('forklab: cores must be an integer from 0 to 1024');
    return {
      code: opts.code,
      backend: String(opts.backend === undefined ? 'sim' : opts.backend),
      filename: String(opts.filename || 'scenario.py'),
      seed, cores,
    };
  }

  function run(opts) {
    let a;
    try { a = checkArgs(opts); } catch (e) { return Promise.reject(e); }
    return ready.then(() => new Promise((resolve, reject) => {
      if (failure) { reject(failure); return; }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      // Before the call: a refused run is answered from inside it.
      emit('forklab:runstarted', { source: 'page', runId: id, backend: a.backend, filename: a.filename });
      try {
        withStrings([a.filename, a.code, a.backend], ([f, c, b]) =>
          module.ccall('forklab_page_run', 'number',
            ['number', 'number', 'number', 'number', 'number', 'number'],
            [id, f, c, b, a.seed, a.cores]));
      } catch (e) {
        pending.delete(id);
        emit('forklab:rundone', { source: 'page', runId: id, result: null, error: String(e && e.message || e) });
        reject(e);
      }
    }));
  }

  function load(opts) {
    const a = checkArgs(opts);
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    return withStrings([a.filename, a.code, a.backend], ([f, c, b]) =>
      module.ccall('forklab_page_load', 'number',
        ['number', 'number', 'number', 'number', 'number'], [f, c, b, a.seed, a.cores]));
  }

  function step(opts) {
    const a = checkArgs(opts);
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    const schedule = String(opts.schedule === undefined ? '' : opts.schedule);
    return JSON.parse(withStrings([a.filename, a.code, schedule], ([f, c, s]) =>
      module.ccall('forklab_page_step_open', 'string', ['number', 'number', 'number', 'number'],
        [f, c, a.seed, s])));
  }

  function stepCommand(command) {
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    return JSON.parse(withStrings([String(command)], ([c]) =>
      module.ccall('forklab_page_step', 'string', ['number'], [c])));
  }

  // Every outcome the program allows (the viewer's "What else could happen?", exploring a
  // slice per frame): loads opts.code (like load()) and resolves with the exploration when
  // it ends; rejects when a run is in progress or the lab is not ready.
  function explore(opts) {
    let a;
    try { a = checkArgs(opts); } catch (e) { return Promise.reject(e); }
    return ready.then(() => new Promise((resolve, reject) => {
      if (load(a) === 3 || module.ccall('forklab_page_explore', 'number', [], []) !== 0) {
        reject(new Error('forklab.explore: a run is in progress'));
        return;
      }
      const poll = () => {
        if (failure) { reject(failure); return; }
        const state = JSON.parse(module.ccall('forklab_page_exploration', 'string', [], []));
        if (state.busy) requestAnimationFrame(poll);
        else resolve(state);
      };
      requestAnimationFrame(poll);
    }));
  }

  // The largest trace text the page hands to the module. The threaded build has a fixed
  // heap (a failed malloc there aborts the module), and opening needs about three times the
  // text: the text, the Trace, and an export of it. `forklab gui --trace` opens any size.
  const TRACE_LIMIT_BYTES = (isolated ? 96 : 256) * 1024 * 1024;

  // Resolves once the browser has had a chance to paint (so "Reading…" shows before a long
  // parse), also when the tab is hidden and requestAnimationFrame does not run.
  function nextPaint() {
    return new Promise((resolve) => {
      requestAnimationFrame(() => setTimeout(resolve, 0));
      setTimeout(resolve, 100);
    });
  }

  function megabytes(n) { return (n / 1048576).toFixed(1) + ' MB'; }

  async function openTrace(source, name) {
    const isBlob = typeof Blob === 'function' && source instanceof Blob;
    if (typeof source !== 'string' && !isBlob) {
      throw new TypeError('forklab.openTrace: pass the trace text (a string) or a File/Blob');
    }
    const file = String(name || (isBlob && source.name) || 'trace.json');
    await ready;
    if (failure) throw failure;
    setState(say('reading', file));
    await nextPaint();
    let text;
    try {
      text = isBlob ? await source.text() : source;
    } catch (e) {
      return traceOpened({ ok: false, error: file + ': cannot read the file (' + e.message + ')' });
    }
    const bytes = module.lengthBytesUTF8(text);
    if (bytes > TRACE_LIMIT_BYTES) {
      return traceOpened({ ok: false, error: file + ': ' + megabytes(bytes) + ' is more than this page opens (' +
        megabytes(TRACE_LIMIT_BYTES) + '); open it with forklab gui --trace ' + file });
    }
    if (bytes > 4 * 1024 * 1024) {
      setState(say('reading', file + ' (' + megabytes(bytes) + ')'));
      await nextPaint();
    }
    const textPtr = module.ccall('forklab_alloc', 'number', ['number'], [bytes + 1]);
    if (!textPtr) {
      return traceOpened({ ok: false, error: file + ': not enough memory in this page for ' + megabytes(bytes) });
    }
    let json;
    try {
      module.stringToUTF8(text, textPtr, bytes + 1);
      text = null;  // the module has its own copy; let a large string go
      json = withStrings([file], ([f]) => module.ccall('forklab_page_open_trace', 'string',
        ['number', 'number', 'number'], [f, textPtr, bytes]));
    } finally {
      module.ccall('forklab_free', null, ['number'], [textPtr]);
    }
    return traceOpened(JSON.parse(json));
  }

  function traceOpened(r) {
    if (r.ok) {
      api.lastTrace = r;
      const n = r.processes.length;
      setState(say('traceShown', r.name, r.backend, n, say(n === 1 ? 'process' : 'processes'), r.events, r.exitStatus));
    } else {
      setState(r.error, true);
    }
    return r;
  }

  function exportTrace() {
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    if (module.ccall('forklab_busy', 'number', [], [])) {
      throw new Error('forklab: a run is in progress; export the trace when it has finished');
    }
    const text = module.ccall('forklab_page_export_trace', 'string', [], []);
    if (!text) throw new Error('forklab: nothing to export yet: run a scenario or open a trace first');
    return text;
  }

  function inspectTrace(time) {
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    if (time !== undefined && time !== null && !(typeof time === 'number' && Number.isFinite(time) && time >= 0)) {
      throw new TypeError('forklab.inspectTrace: time is a number >= 0 in the trace\'s unit, or null for the end');
    }
    const at = time === undefined || time === null ? -1 : Math.floor(time);
    const r = JSON.parse(module.ccall('forklab_page_inspect_trace', 'string', ['number'], [at]));
    if (!r.ok) throw new Error('forklab: ' + r.error);
    delete r.ok;
    return r;
  }

  // "forklab-race.json" for a run of race.py, "forklab-run.json" for a trace run.json shown.
  function exportTraceName() {
    if (!module || failure) throw new Error('forklab: not ready (await forklab.ready)');
    let base = module.ccall('forklab_page_export_name', 'string', [], []);
    base = base.replace(/^.*[\\/]/, '').replace(/\.(py|json)$/i, '').replace(/^forklab-/, '');
    base = base.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'run';
    return 'forklab-' + base + '.json';
  }

  // Frames the viewer drew and frames it skipped because they looked like the last one.
  function frames() {
    if (!module || failure) return null;
    return JSON.parse(module.ccall('forklab_frame_counts', 'string', [], []));
  }

  function current() {
    if (!module || failure) return null;
    return JSON.parse(module.ccall('forklab_page_current', 'string', [], []));
  }

  function emit(type, detail) {
    try { window.dispatchEvent(new CustomEvent(type, { detail })); } catch (e) { console.error(e); }
  }

  // The language asked for before the module was up, applied in boot().
  let wantedLanguage = null;
  let started = false;  // the module's main loop runs: ccall is safe
  function setLanguage(lang) {
    const m = /^(es|en)([-_].*)?$/i.exec(String(lang));
    if (!m) throw new Error("forklab.setLanguage: '" + lang + "' is not 'es' or 'en'");
    const code = m[1].toLowerCase();
    if (started && !failure) {
      if (module.ccall('forklab_set_language', 'number', ['string'], [code]) !== 0)
        throw new Error("forklab.setLanguage: the lab refused '" + code + "'");
    } else {
      wantedLanguage = code;
    }
    api.language = code;
    chosenLanguage = code;
    showMode();
    if (stateEl) stateEl.lang = code;
    return code;
  }

  function onRunDone(id, json) {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    let result;
    try { result = JSON.parse(json); } catch (e) { p.reject(new Error('forklab: bad result JSON: ' + e.message)); return; }
    api.lastResult = result;
    const refused = result.diagnostics.find((d) => d.kind === 'NotSupported');
    setState(refused ? refused.message : say('lastRun', result.exitStatus, result.backend), !!refused);
    emit('forklab:rundone', { source: 'page', runId: id, result });
    p.resolve(result);
  }

  // A run the user started in the viewer (wasm/page_api.cpp watches the frame loop).
  function onViewerRun(kind, json) {
    let detail;
    try { detail = JSON.parse(json); } catch (e) { console.error('forklab: bad viewer run JSON', e); return; }
    if (kind === 'started') emit('forklab:runstarted', Object.assign({ source: 'viewer', runId: null }, detail));
    else emit('forklab:rundone', { source: 'viewer', runId: null, result: detail });
  }

  async function start(script, factoryName) {
    await loadScript(script);
    const factory = self[factoryName];
    if (typeof factory !== 'function') throw new Error(script + ' did not define ' + factoryName);
    let mainReady;
    const mainUp = new Promise((res) => { mainReady = res; });
    const config = {
      canvas,
      forklabReady: () => mainReady(),
      forklabFatal: (message) => fail(new Error(message)),
      forklabRunDone: onRunDone,
      forklabViewerRun: onViewerRun,
      onAbort: (what) => fail(new Error('the lab stopped: ' + what)),
    };
    // With MODULARIZE the object passed in is the Module itself, so its methods (ccall, ...)
    // are there once the runtime is up, even before the factory's promise settles.
    module = config;
    await factory(config);
    await mainUp;
  }

  // Waits for coi.js's verdict before any module loads: when it reloads the page, the
  // download would be wasted. It settles by itself (coi.js gives up after a timeout).
  async function coiSettled() {
    if (!coi || coi.status !== 'pending') return;
    coiStatus = await coi.settled;
    api.coi = { asked: coi.asked, status: coiStatus, note: coiNote('en') };
    api.mode = TEXTS[modeKey()].en + (api.coi.note ? '. ' + api.coi.note : '');
    showMode();
  }

  async function boot() {
    try {
      await coiSettled();
      if (coiStatus === 'reloading') {
        setState(say('coiReloading'), 'note');
        return;  // the page is going away; ready stays pending
      }
      if (isolated) {
        try {
          await start('forklab.js', 'createForklab');
        } catch (e) {
          if (failure || !/could not load/.test(e.message)) throw e;
          console.warn('forklab: threaded build missing, using the single-threaded one:', e.message);
          api.backends = ['sim'];
          api.flavour = 'single-thread';
          await start('forklab-st.js', 'createForklabST');
        }
      } else {
        await start('forklab-st.js', 'createForklabST');
      }
      if (failure) return;
      api.backends = module.ccall('forklab_backends', 'string', [], []).split(',');
      started = true;
      if (wantedLanguage) module.ccall('forklab_set_language', 'number', ['string'], [wantedLanguage]);
      const note = coiNote(pageLanguage());
      if (note) setState(note, 'note');
      else setState(say('ready'));
      canvas.focus();
      resolveReady(api);
    } catch (e) {
      fail(e);
    }
  }

  // The URL's parameters (lab-url.js). Every problem is found before anything loads, so a
  // bad link loads nothing and says what to fix; the program is fetched or decoded while
  // the module starts.
  function urlProblem(problems) {
    const lang = pageLanguage();
    const e = new Error(problems.map((p) => urlTools.message(p, lang)).join('; '));
    e.problems = problems;
    return e;
  }

  async function scenarioSource(name) {
    let response;
    try {
      response = await fetch('scenarios/' + name + '.py');
    } catch (e) {
      throw urlProblem([{ param: 'scenario', en: `could not fetch scenario "${name}": ${e.message}`,
        es: `no se pudo descargar el escenario «${name}»: ${e.message}` }]);
    }
    if (!response.ok) {
      throw urlProblem([{ param: 'scenario', en: `there is no scenario "${name}" (HTTP ${response.status})`,
        es: `no existe el escenario «${name}» (HTTP ${response.status})` }]);
    }
    return response.text();
  }

  async function applyUrl() {
    const s = url.settings;
    if (url.problems.length) throw urlProblem(url.problems);
    let code = null;
    let filename = s.filename;
    if (s.scenario) {
      code = await scenarioSource(s.scenario);
      filename = filename || s.scenario + '.py';
    } else {
      try { code = await urlTools.readProgram(s); } catch (e) { throw e.problem ? urlProblem([e.problem]) : e; }
    }
    await ready;
    const now = current();
    if (code === null) {
      // Settings without a program apply to the viewer's own one.
      code = now.code;
      filename = filename || now.filename;
    }
    if (s.scenario) api.urlScenario = { name: s.scenario, code };
    let backend = s.backend || 'sim';
    let note = null;
    if (!api.backends.includes(backend)) {
      const lang = pageLanguage();
      note = lang === 'es'
        ? `backend=${backend} necesita una página aislada entre orígenes (cross-origin isolated); se usa el simulador (sim)`
        : `backend=${backend} needs a cross-origin isolated page; using the simulator (sim)`;
      backend = 'sim';
    }
    const settings = { code, filename: filename || 'scenario.py', backend,
      seed: s.seed === undefined ? 1 : s.seed, cores: s.cores === undefined ? 0 : s.cores };
    let result = null;
    if (s.autorun) {
      result = await run(settings);
    } else if (load(settings) === 3) {
      throw new Error('the URL\'s program was not loaded: a run is in progress');
    }
    if (note) setState(note, 'note');
    return { settings, note, result };
  }

  const urlKeys = ['scenario', 'code', 'z', 'filename', 'backend', 'seed', 'cores', 'autorun'];
  if (!url) {
    api.fromUrl = Promise.resolve(null);
    fail(new Error('lab-url.js must be loaded before loader.js'));
  } else if (url.problems.length || urlKeys.some((k) => k in url.settings)) {
    api.fromUrl = applyUrl();
    api.fromUrl.catch((e) => { if (!failure) setState(e.message, true); });
  } else {
    api.fromUrl = Promise.resolve(null);
  }
  if (url && url.settings.autorun) {
    api.autorun = api.fromUrl.then((r) => r.result);
    api.autorun.catch(() => {});
  }
  // The viewer's labels start in the page's language too (also on embed.html, which has no
  // lesson panel to set it); the panel's switch changes it later.
  if (url) {
    try { setLanguage(urlTools.pageLang()); } catch (e) { setState(e.message, true); }
  }

  boot();
})();
