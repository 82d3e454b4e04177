// The postMessage API: lets the page that embeds the lab in an iframe (a course page) load
// code, run, step and read results, and tells it when runs start and end. Loaded after
// loader.js by embed.html and index.html; it does nothing when the lab is not in a frame.
//
// Requests (parent -> lab): {forklab: 1, id, type, ...args}; every request gets one reply
//   {forklab: 1, id, type: 'reply', ok: true, result} or {..., ok: false, error: "sentence"}.
//   ping                             -> {version, ready, backends, crossOriginIsolated, flavour, lang}
//   load {code | scenario, filename, backend, seed, cores}
//                                    -> {backend (used), note (null, or why sim is used)}
//   run {code?, filename, backend, seed, cores}
//                                    -> the run's result (as forklab.run); without code the
//                                       viewer's current code and settings are run
//   step {code?, seed, filename, schedule}   -> Step mode's state (as forklab.step)
//   stepCommand {command}            -> the new state (as forklab.stepCommand)
//   getResult                        -> the result of the last run that ended, started by
//                                       the page API or in the viewer (null before one)
//   current                          -> forklab.current()
// Events (lab -> parent): {forklab: 1, type, ...}
//   ready {backends, crossOriginIsolated, flavour, lang}   the lab is running
//   runStarted {source, runId, backend, filename}           a run was queued: source "page"
//                                                           (page API, this API, autorun) or
//                                                           "viewer" (the user's Run; runId null)
//   runDone {source, runId, result}                         ... and ended
//   error {message, problems?}                              the lab could not start, or the
//                                                           URL's parameters were refused
// Origins: the parents this lab talks to come from ?origin= (comma-separated origins, or
// * to allow any page, which the embedder must ask for explicitly); without it, the origin of
// document.referrer (the embedding page). Messages from any other origin are ignored and
// counted (forklab.embedApi.ignored, with a console warning); replies and events go only to
// the allowed origins, never to '*' unless origin=* was given.
(function () {
  'use strict';

  const api = window.forklab;
  const urlTools = window.forklabUrl;
  if (!api || !urlTools) {
    console.error('embed-api.js needs lab-url.js and loader.js loaded first');
    return;
  }
  const parentWindow = window.parent !== window ? window.parent : null;

  const fromUrl = urlTools.parse(location.search).settings.origin;  // undefined when absent or bad
  function referrerOrigin() {
    try { return document.referrer ? new URL(document.referrer).origin : null; } catch (e) { return null; }
  }
  const allowed = fromUrl || (referrerOrigin() && referrerOrigin() !== 'null' ? [referrerOrigin()] : []);
  const anyOrigin = allowed.includes('*');

  const state = {
    enabled: !!parentWindow && allowed.length > 0,
    allowedOrigins: allowed.slice(),
    ignored: 0,             // messages from an origin that is not allowed
    lastIgnoredOrigin: null,
    handled: 0,
  };
  api.embedApi = state;

  if (!parentWindow) return;  // a top-level page: nobody to talk to
  if (!allowed.length) {
    console.warn('forklab: the postMessage API is off: no ?origin= and no referrer to take the ' +
      'embedding page\'s origin from (add origin=https://your.site to the iframe\'s src)');
    return;
  }

  function post(message, targetOrigin) {
    const m = Object.assign({ forklab: 1 }, message);
    try {
      if (targetOrigin) { parentWindow.postMessage(m, targetOrigin); return; }
      // An event: to each allowed origin; the browser drops it unless the parent has it.
      for (const o of anyOrigin ? ['*'] : allowed) parentWindow.postMessage(m, o);
    } catch (e) {
      console.error('forklab: could not post', m.type, e);
    }
  }

  let lastResult = null;  // of any run, page or viewer
  window.addEventListener('forklab:rundone', (e) => { if (e.detail.result) lastResult = e.detail.result; });
  let ready = false;
  api.ready.then(() => { ready = true; }, () => {});

  function info() {
    return { version: 1, ready, backends: api.backends, crossOriginIsolated: api.crossOriginIsolated,
      flavour: api.flavour, lang: api.language || urlTools.pageLang() };
  }

  // Optional fields of a request, with the defaults of the page API; unknown fields are
  // ignored so later versions can add some.
  function runOptions(req, fallback) {
    const o = {};
    for (const k of ['code', 'filename', 'backend', 'seed', 'cores', 'schedule']) {
      if (req[k] !== undefined) o[k] = req[k];
    }
    if (o.code === undefined && fallback) {
      const now = api.current();
      for (const k of ['code', 'filename', 'backend', 'seed', 'cores']) {
        if (o[k] === undefined && now[k] !== undefined) o[k] = now[k];
      }
    }
    return o;
  }

  async function scenarioCode(name) {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new Error('scenario must be a scenario name (letters, digits, _ and -)');
    }
    const r = await fetch('scenarios/' + name + '.py');
    if (!r.ok) throw new Error(`there is no scenario "${name}" (HTTP ${r.status})`);
    return r.text();
  }

  const handlers = {
    ping: async () => info(),
    load: async (req) => {
      await api.ready;
      const o = runOptions(req, false);
      if (req.scenario !== undefined) {
        o.code = await scenarioCode(req.scenario);
        if (o.filename === undefined) o.filename = req.scenario + '.py';
      }
      if (typeof o.code !== 'string') throw new Error('load needs code (a string) or scenario (a name)');
      const rc = api.load(o);
      if (rc === 1) throw new Error(`unknown backend "${o.backend}": use sim or threads`);
      if (rc === 3) throw new Error('a run is in progress; load again when it has finished');
      return {
        backend: rc === 2 ? 'sim' : (o.backend || 'sim'),
        note: rc === 2 ? `backend ${o.backend} is not available on this page (not cross-origin isolated); sim is used` : null,
      };
    },
    run: async (req) => { await api.ready; return api.run(runOptions(req, true)); },
    step: async (req) => { await api.ready; return api.step(runOptions(req, true)); },
    stepCommand: async (req) => {
      await api.ready;
      if (typeof req.command !== 'string') throw new Error('stepCommand needs command (a string such as "1", "b" or "c")');
      return api.stepCommand(req.command);
    },
    getResult: async () => { await api.ready; return lastResult; },
    current: async () => { await api.ready; return api.current(); },
  };

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.source !== parentWindow) return;  // our own frames, other windows: not for us
    if (!anyOrigin && !allowed.includes(event.origin)) {
      state.ignored += 1;
      state.lastIgnoredOrigin = event.origin;
      console.warn(`forklab: ignored a message from ${event.origin} (allowed: ${allowed.join(', ')}; ` +
        'set origin= in the iframe\'s src)');
      return;
    }
    // Other scripts on the course page may post their own messages: not an error.
    if (!data || typeof data !== 'object' || data.forklab !== 1 || data.type === 'reply') return;
    state.handled += 1;
    const id = data.id === undefined ? null : data.id;
    const reply = (fields) => post(Object.assign({ id, type: 'reply' }, fields), event.origin);
    const handler = Object.prototype.hasOwnProperty.call(handlers, data.type) ? handlers[data.type] : null;
    if (!handler) {
      reply({ ok: false, error: `unknown request type "${data.type}" (ping, load, run, step, stepCommand, getResult, current)` });
      return;
    }
    handler(data).then(
      (result) => reply({ ok: true, result: result === undefined ? null : result }),
      (e) => reply({ ok: false, error: String(e && e.message || e) }));
  });

  window.addEventListener('forklab:runstarted', (e) => post(Object.assign({ type: 'runStarted' }, e.detail)));
  window.addEventListener('forklab:rundone', (e) => post(Object.assign({ type: 'runDone' }, e.detail)));
  api.ready.then(() => post(Object.assign({ type: 'ready' }, info())),
    (e) => post({ type: 'error', message: String(e && e.message || e) }));
  api.fromUrl.catch((e) => {
    if (e && e.problems) post({ type: 'error', message: e.message, problems: e.problems });
  });
})();
