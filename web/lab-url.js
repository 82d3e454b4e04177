// The lab's URL parameters, read and written in one place: index.html and embed.html accept
// the same ones (loader.js applies them), and the Embed / Share link dialog writes them.
//
//   scenario=NAME    load web/scenarios/NAME.py          (one of scenario, code, z)
//   code=B64URL      the program itself: UTF-8, then base64url (standard base64 also read)
//   z=B64URL         the program deflate-raw compressed, then base64url (long programs)
//   filename=F.py    the name shown and used in tracebacks (default: NAME.py or scenario.py)
//   lang=es|en       the page's language (else the browser's, else Spanish: pageLang)
//   backend=sim|threads   seed=N   cores=N (0 = the default, at most 64)
//   autorun=1        run once loaded
//   origin=O[,O2]    parent origins the postMessage API talks to, or * (embed-api.js)
//   coi=1|0          isolate the page with the coi-serviceworker service worker, or remove it
//                    (coi.js acts on it; it is checked here so a bad value is reported)
//
// window.forklabUrl:
//   parse(search)            -> {settings, problems}: problems are {param, en, es} sentences;
//                               settings holds only the parameters that were valid.
//   readProgram(settings)    -> Promise of the program text for code= / z= (null for neither);
//                               rejects with an Error carrying .problem ({param, en, es}).
//   query(settings)          -> Promise of "code=...&backend=..." (z= for long programs when
//                               the browser can compress), for share links and embeds.
//   encodeText / decodeText  UTF-8 <-> base64url
//   pageLang(search, languages)  'es' or 'en', the page's one rule for its language: the URL's
//                            lang=, else the first of the browser's languages (navigator.languages)
//                            that is Spanish or English, else Spanish (the course is Spanish).
//                            Both arguments default to this page's; loader.js, lessons.js and
//                            embed-page.js all ask it, so the panel, the bar and the viewer agree.
//   message(problem, lang)   the sentence of a problem in that language.
(function () {
  'use strict';

  const MAX_PROGRAM_BYTES = 1 << 20;  // decoded; the URL itself stays far below Chromium's 2 MB
  const COMPRESS_ABOVE = 1500;        // base64url characters: beyond this z= is worth it
  const MAX_CORES = 64;               // what the viewer's cores control allows
  const LANGS = ['es', 'en'];
  const BACKENDS = ['sim', 'threads'];

  // Every sentence in both languages; `param` says which parameter to fix.
  function problem(param, en, es) { return { param, en, es }; }

  function browserLanguages() {
    if (typeof navigator === 'undefined') return [];
    return navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  }

  // A lang= that parse() would refuse (lang=fr, lang=ES) is not a choice: the browser's
  // languages decide, and parse() reports the parameter.
  function pageLang(search, languages) {
    const p = new URLSearchParams(search === undefined ? location.search : search);
    const fromUrl = p.get('lang');
    if (LANGS.includes(fromUrl)) return fromUrl;
    for (const tag of languages === undefined ? browserLanguages() : languages) {
      const primary = String(tag).toLowerCase().split(/[-_]/)[0];
      if (LANGS.includes(primary)) return primary;
    }
    return 'es';
  }

  function message(pr, lang) { return lang === 'es' ? pr.es : pr.en; }

  // --- base64url ------------------------------------------------------------------------

  function bytesToBase64url(bytes) {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // Accepts base64url and standard base64; a '+' that URLSearchParams turned into a space
  // (an unescaped standard-base64 link) is read back as '+'.
  function base64urlToBytes(text) {
    const t = text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return null;
    let bin;
    try { bin = atob(t + '='.repeat((4 - t.length % 4) % 4)); } catch (e) { return null; }
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
    return out;
  }

  function encodeText(text) { return bytesToBase64url(new TextEncoder().encode(text)); }

  function utf8(bytes, param) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw withProblem(problem(param, `${param}= does not decode to UTF-8 text`,
        `${param}= no se decodifica como texto UTF-8`));
    }
  }

  function decodeText(b64, param = 'code') {
    const bytes = base64urlToBytes(b64);
    if (!bytes) {
      throw withProblem(problem(param, `${param}= is not base64url (letters, digits, - and _)`,
        `${param}= no está en base64url (letras, dígitos, - y _)`));
    }
    if (bytes.length > MAX_PROGRAM_BYTES) throw withProblem(tooLong(param));
    return utf8(bytes, param);
  }

  function tooLong(param) {
    const mib = MAX_PROGRAM_BYTES >> 20;
    return problem(param, `${param}= holds a program longer than ${mib} MiB`,
      `${param}= contiene un programa de más de ${mib} MiB`);
  }

  function withProblem(pr) {
    const e = new Error(pr.en);
    e.problem = pr;
    return e;
  }

  // --- deflate-raw (CompressionStream) ---------------------------------------------------

  function canCompress() {
    if (typeof CompressionStream !== 'function') return false;
    try { new CompressionStream('deflate-raw'); return true; } catch (e) { return false; }
  }

  async function compressText(text) {
    const stream = new Blob([new TextEncoder().encode(text)]).stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    return bytesToBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
  }

  // Reads at most MAX_PROGRAM_BYTES, so a small z= cannot expand into gigabytes.
  async function decompressText(b64) {
    const bad = problem('z', 'z= is not a deflate-raw compressed, base64url encoded program',
      'z= no es un programa comprimido con deflate-raw y codificado en base64url');
    if (typeof DecompressionStream !== 'function') {
      throw withProblem(problem('z', 'this browser cannot read z= (no DecompressionStream); use code=',
        'este navegador no puede leer z= (no tiene DecompressionStream); use code='));
    }
    const bytes = base64urlToBytes(b64);
    if (!bytes) throw withProblem(bad);
    let reader;
    try {
      reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    } catch (e) {
      throw withProblem(bad);
    }
    const chunks = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_PROGRAM_BYTES) {
          reader.cancel().catch(() => {});
          throw withProblem(tooLong('z'));
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e.problem) throw e;
      throw withProblem(bad);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return utf8(all, 'z');
  }

  // --- parse / write -----------------------------------------------------------------------

  function isOrigin(text) {
    try {
      const u = new URL(text);
      return u.origin !== 'null' && u.origin === text;
    } catch (e) {
      return false;
    }
  }

  function parse(search) {
    const p = new URLSearchParams(search === undefined ? location.search : search);
    const settings = {};
    const problems = [];
    const has = (k) => p.has(k);
    const get = (k) => p.get(k);

    const sources = ['scenario', 'code', 'z'].filter(has);
    if (sources.length > 1) {
      problems.push(problem(sources[1], `give only one of scenario=, code= and z= (got ${sources.join(', ')})`,
        `indique solo uno de scenario=, code= y z= (hay ${sources.join(', ')})`));
    }
    if (has('scenario')) {
      const name = get('scenario');
      if (/^[A-Za-z0-9_-]{1,64}$/.test(name)) settings.scenario = name;
      else problems.push(problem('scenario', `scenario= must be a scenario name (letters, digits, _ and -), not "${name}"`,
        `scenario= debe ser un nombre de escenario (letras, dígitos, _ y -), no «${name}»`));
    }
    if (has('code')) settings.code = get('code');
    if (has('z')) settings.z = get('z');
    if (has('filename')) {
      const f = get('filename');
      if (/^[\p{L}\p{N}_.-]{1,64}\.py$/u.test(f) && !f.startsWith('.')) settings.filename = f;
      else problems.push(problem('filename', `filename= must be a file name ending in .py, without folders, not "${f}"`,
        `filename= debe ser un nombre de archivo terminado en .py, sin carpetas, no «${f}»`));
    }
    if (has('lang')) {
      const l = get('lang');
      if (LANGS.includes(l)) settings.lang = l;
      else problems.push(problem('lang', `lang= must be es or en, not "${l}"`, `lang= debe ser es o en, no «${l}»`));
    }
    if (has('backend')) {
      const b = get('backend');
      if (BACKENDS.includes(b)) settings.backend = b;
      else problems.push(problem('backend', `backend= must be sim or threads, not "${b}"`,
        `backend= debe ser sim o threads, no «${b}»`));
    }
    if (has('seed')) {
      const s = get('seed');
      if (/^\d{1,16}$/.test(s) && Number.isSafeInteger(Number(s))) settings.seed = Number(s);
      else problems.push(problem('seed', `seed= must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not "${s}"`,
        `seed= debe ser un número entero entre 0 y ${Number.MAX_SAFE_INTEGER}, no «${s}»`));
    }
    if (has('cores')) {
      const c = get('cores');
      if (/^\d{1,2}$/.test(c) && Number(c) <= MAX_CORES) settings.cores = Number(c);
      else problems.push(problem('cores', `cores= must be a whole number from 0 (the default) to ${MAX_CORES}, not "${c}"`,
        `cores= debe ser un número entero entre 0 (el valor por defecto) y ${MAX_CORES}, no «${c}»`));
    }
    if (has('autorun')) {
      const a = get('autorun');
      if (a === '1' || a === '0') settings.autorun = a === '1';
      else problems.push(problem('autorun', `autorun= must be 1 or 0, not "${a}"`, `autorun= debe ser 1 o 0, no «${a}»`));
    }
    if (settings.autorun && sources.length === 0) {
      problems.push(problem('autorun', 'autorun=1 needs a program: scenario=, code= or z=',
        'autorun=1 necesita un programa: scenario=, code= o z='));
    }
    if (has('coi')) {
      const c = get('coi');
      if (c === '1' || c === '0') settings.coi = c === '1';
      else problems.push(problem('coi', `coi= must be 1 or 0, not "${c}"`, `coi= debe ser 1 o 0, no «${c}»`));
    }
    if (has('origin')) {
      const list = get('origin').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((o) => o !== '*' && !isOrigin(o));
      if (list.length === 0 || bad.length || (list.includes('*') && list.length > 1)) {
        problems.push(problem('origin', 'origin= must be * or a comma-separated list of origins such as ' +
          `https://campus.example.org (scheme://host[:port], no path), not "${get('origin')}"`,
          'origin= debe ser * o una lista de orígenes separados por comas, como https://campus.example.org ' +
          `(esquema://host[:puerto], sin ruta), no «${get('origin')}»`));
      } else {
        settings.origin = list;
      }
    }
    return { settings, problems };
  }

  async function readProgram(settings) {
    if (settings.code !== undefined) return decodeText(settings.code, 'code');
    if (settings.z !== undefined) return decompressText(settings.z);
    return null;
  }

  // The query of a link to `s` ({code, scenario?, filename, lang, backend, seed, cores,
  // autorun, origin, coi}): scenario= when given, else code= or (long programs) z=. Settings at
  // their defaults are left out so links stay short.
  async function query(s) {
    const p = new URLSearchParams();
    if (s.scenario) {
      p.set('scenario', s.scenario);
    } else if (typeof s.code === 'string') {
      const plain = encodeText(s.code);
      let packed = null;
      if (plain.length > COMPRESS_ABOVE && canCompress()) packed = await compressText(s.code);
      if (packed !== null && packed.length < plain.length) p.set('z', packed);
      else p.set('code', plain);
    }
    const defaultName = s.scenario ? s.scenario + '.py' : 'scenario.py';
    if (s.filename && s.filename !== defaultName) p.set('filename', s.filename);
    if (s.lang) p.set('lang', s.lang);
    if (s.backend && s.backend !== 'sim') p.set('backend', s.backend);
    if (s.seed !== undefined && Number(s.seed) !== 1) p.set('seed', String(s.seed));
    if (s.cores) p.set('cores', String(s.cores));
    if (s.autorun) p.set('autorun', '1');
    if (s.origin && s.origin.length) p.set('origin', s.origin.join(','));
    if (s.coi) p.set('coi', '1');
    return p.toString();
  }

  window.forklabUrl = {
    MAX_PROGRAM_BYTES, MAX_CORES,
    parse, readProgram, query, pageLang, message,
    encodeText, decodeText, compressText, decompressText, canCompress,
  };
})();
