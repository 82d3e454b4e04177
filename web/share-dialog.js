// The lab bar's "Embed" button (#embed-button): a dialog with the <iframe> snippet that
// embeds the viewer's current code and settings in a course page (embed.html), and the
// share link (this page with the same code and settings). Both are built by lab-url.js
// from forklab.current(), so the user's edits in the code panel are included.
(function () {
  'use strict';

  const api = window.forklab;
  const urlTools = window.forklabUrl;
  const button = document.getElementById('embed-button');
  if (!api || !urlTools || !button) return;

  const TEXT = {
    en: {
      button: 'Embed', buttonTitle: 'Embed this program in a course page, or share a link to it',
      title: 'Embed or share this program',
      snippet: 'Paste this into a course page:', autorun: 'Run when the page opens',
      size: 'Size', origin: 'Page that drives it with postMessage (optional)',
      share: 'Share link (opens the full lab with this code and settings):',
      copySnippet: 'Copy snippet', copyLink: 'Copy link', copied: 'Copied', copyFailed: 'Select the text and copy it (Ctrl+C)',
      open: 'Open', close: 'Close', notReady: 'The lab has not started yet.',
      isolation: 'An embed runs the simulator unless the course page is cross-origin isolated ' +
        '(COOP/COEP headers) and the iframe allows it; see web/README.md.',
      bigSeed: 'The seed is larger than a link can carry exactly, so it is left out.',
      badOrigin: 'Not an origin (scheme://host[:port]); left out.',
    },
    es: {
      button: 'Incrustar', buttonTitle: 'Incrustar este programa en una página del curso, o compartir un enlace',
      title: 'Incrustar o compartir este programa',
      snippet: 'Pegue esto en una página del curso:', autorun: 'Ejecutar al abrir la página',
      size: 'Tamaño', origin: 'Página que lo controla con postMessage (opcional)',
      share: 'Enlace para compartir (abre el laboratorio completo con este código y esta configuración):',
      copySnippet: 'Copiar fragmento', copyLink: 'Copiar enlace', copied: 'Copiado', copyFailed: 'Seleccione el texto y cópielo (Ctrl+C)',
      open: 'Abrir', close: 'Cerrar', notReady: 'El laboratorio aún no ha arrancado.',
      isolation: 'Un laboratorio incrustado usa el simulador salvo que la página del curso esté ' +
        'aislada entre orígenes (cabeceras COOP/COEP) y el iframe lo permita; véase web/README.md.',
      bigSeed: 'La semilla es mayor de lo que un enlace puede llevar con exactitud; se omite.',
      badOrigin: 'No es un origen (esquema://host[:puerto]); se omite.',
    },
  };
  // forklab.lang, when the page sets it (a language switch), wins over the URL / browser.
  const lang = () => (api.lang === 'es' || api.lang === 'en') ? api.lang : urlTools.pageLang();
  const t = (key) => TEXT[lang()][key];

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children || []) e.append(c);
    return e;
  }

  const snippet = el('textarea', { id: 'embed-snippet', readonly: '', rows: '5', spellcheck: 'false' });
  const link = el('input', { id: 'share-link', readonly: '', type: 'text', spellcheck: 'false' });
  const autorun = el('input', { id: 'embed-autorun', type: 'checkbox' });
  const width = el('input', { id: 'embed-width', type: 'number', min: '320', max: '4000', value: '960' });
  const height = el('input', { id: 'embed-height', type: 'number', min: '240', max: '4000', value: '640' });
  const origin = el('input', { id: 'embed-origin', type: 'text', placeholder: 'https://campus.example.org', spellcheck: 'false' });
  const note = el('p', { id: 'embed-note', class: 'embed-note' });
  const copySnippet = el('button', { id: 'embed-copy', type: 'button' });
  const copyLink = el('button', { id: 'share-copy', type: 'button' });
  const openLink = el('a', { id: 'share-open', target: '_blank', rel: 'noopener' });
  const closeButton = el('button', { id: 'embed-close', type: 'button' });
  const snippetStatus = el('span', { id: 'embed-copy-status', role: 'status', class: 'embed-status' });
  const linkStatus = el('span', { id: 'share-copy-status', role: 'status', class: 'embed-status' });
  const title = el('h2', { id: 'embed-title' });
  const labels = {};
  const label = (key, control) => { labels[key] = el('span'); return el('label', {}, [labels[key], control]); };

  const dialog = el('dialog', { id: 'embed-dialog', 'aria-labelledby': 'embed-title' }, [
    title,
    el('p', {}, [label('snippet', snippet)]),
    el('div', { class: 'embed-options' }, [
      el('label', {}, [autorun, (labels.autorun = el('span'))]),
      label('size', el('span', { class: 'embed-size' }, [width, ' × ', height])),
    ]),
    el('p', {}, [label('origin', origin)]),
    el('div', { class: 'embed-actions' }, [copySnippet, snippetStatus]),
    el('p', {}, [label('share', link)]),
    el('div', { class: 'embed-actions' }, [copyLink, openLink, linkStatus, closeButton]),
    note,
  ]);
  document.body.append(dialog);

  function translate() {
    button.textContent = t('button');
    button.title = t('buttonTitle');
    title.textContent = t('title');
    for (const k of Object.keys(labels)) labels[k].textContent = t(k);
    copySnippet.textContent = t('copySnippet');
    copyLink.textContent = t('copyLink');
    openLink.textContent = t('open');
    closeButton.textContent = t('close');
  }
  translate();

  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const clampSize = (input, lo, hi, fallback) => {
    const n = Math.round(Number(input.value));
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
  };

  // The settings of a link to what the viewer holds now; a scenario loaded from the URL and
  // not edited since keeps its short scenario= form.
  function linkSettings(now) {
    const notes = [];
    const s = { code: now.code, filename: now.filename, backend: now.backend, cores: now.cores };
    if (typeof now.seed === 'number') s.seed = now.seed; else notes.push(t('bigSeed'));
    const sc = api.urlScenario;
    if (sc && sc.code === now.code && now.filename === sc.name + '.py') s.scenario = sc.name;
    const l = api.lang || urlTools.parse(location.search).settings.lang;
    if (l === 'es' || l === 'en') s.lang = l;
    // This visit asked for isolation by service worker (?coi=1): a shared link asks too, so
    // whoever opens it also gets real parallel runs. Not the embed: a lab inside a frame
    // cannot isolate itself (only the course page can, web/README.md).
    const coi = window.forklab && window.forklab.coi;
    if (coi && coi.asked === 'url') s.coi = true;
    return { s, notes };
  }

  let generation = 0;
  async function refresh() {
    const mine = ++generation;
    const now = api.current();
    if (!now) {
      snippet.value = link.value = '';
      note.textContent = t('notReady');
      return;
    }
    const { s, notes } = linkSettings(now);
    const shareQuery = await urlTools.query(s);
    const embed = Object.assign({}, s, { autorun: autorun.checked, coi: false });
    const origins = origin.value.split(',').map((o) => o.trim()).filter(Boolean);
    if (origins.length) {
      const check = urlTools.parse('?origin=' + encodeURIComponent(origins.join(',')));
      if (check.problems.length) notes.push(t('badOrigin')); else embed.origin = check.settings.origin;
    }
    const embedQuery = await urlTools.query(embed);
    if (mine !== generation) return;  // a newer refresh is on its way
    const page = new URL(location.href);
    page.search = shareQuery;
    page.hash = '';
    const src = new URL('embed.html', location.href);
    src.search = embedQuery;
    const w = clampSize(width, 320, 4000, 960);
    const h = clampSize(height, 240, 4000, 640);
    snippet.value = `<iframe src="${attr(src.href)}" width="${w}" height="${h}" ` +
      `style="border:0;max-width:100%" allow="cross-origin-isolated" ` +
      `title="forklab: ${attr(now.filename)}" loading="lazy"></iframe>`;
    link.value = page.href;
    openLink.href = page.href;
    note.textContent = [t('isolation'), ...notes].join(' ');
  }

  async function copy(text, from, status) {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = t('copied');
    } catch (e) {
      // No clipboard permission (an iframe without it, an old browser): select for Ctrl+C.
      from.focus();
      from.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      status.textContent = ok ? t('copied') : t('copyFailed');
    }
  }

  button.addEventListener('click', () => {
    translate();
    snippetStatus.textContent = linkStatus.textContent = '';
    dialog.showModal();
    refresh().catch((e) => { note.textContent = String(e && e.message || e); });
  });
  for (const input of [autorun, width, height, origin]) {
    input.addEventListener('input', () => refresh().catch((e) => { note.textContent = String(e.message || e); }));
  }
  copySnippet.addEventListener('click', () => copy(snippet.value, snippet, snippetStatus));
  copyLink.addEventListener('click', () => copy(link.value, link, linkStatus));
  closeButton.addEventListener('click', () => dialog.close());
  // SDL reads keys on the canvas only: give them back to the viewer when the dialog closes.
  dialog.addEventListener('close', () => document.getElementById('canvas')?.focus());
  button.disabled = true;
  api.ready.then(() => { button.disabled = false; }, () => {});
})();
