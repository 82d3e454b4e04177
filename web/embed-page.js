// embed.html's own page logic: the header in the page's language (lang=, else the
// browser's), the "forklab ↗" link that opens the same program in the full lab, and the
// notice box over the canvas when the link cannot be used as given (bad parameters, the lab
// failed to start). The loader, the URL parameters and the postMessage API are the same as
// index.html's (loader.js, lab-url.js, embed-api.js).
(function () {
  'use strict';

  const TEXT = {
    en: {
      isolated: 'Parallel runs on Web Workers',
      simOnly: 'Simulation only (the page is not cross-origin isolated)',
      loading: 'Loading…',
      badLink: 'This embedded lab cannot use its link as given',
      badLinkHint: 'Fix the iframe\'s src; the parameters are described in web/README.md ' +
        '("Embedding in a course"). The lab below runs its default program meanwhile.',
      noStart: 'The lab could not start',
      noStartHint: 'This browser needs WebAssembly and WebGL 2. Reloading the page may help.',
      noLoader: 'The lab\'s files could not be loaded (loader.js)',
      openFull: 'Open this program in the full lab (new tab)',
      ok: 'OK',
    },
    es: {
      isolated: 'Ejecución en paralelo en Web Workers',
      simOnly: 'Solo simulación (la página no está aislada entre orígenes)',
      loading: 'Cargando…',
      badLink: 'Este laboratorio incrustado no puede usar su enlace tal como está',
      badLinkHint: 'Corrija el atributo src del iframe; los parámetros se describen en web/README.md ' +
        '(«Embedding in a course»). Mientras tanto, el laboratorio muestra su programa por defecto.',
      noStart: 'El laboratorio no pudo arrancar',
      noStartHint: 'Este navegador necesita WebAssembly y WebGL 2. Recargar la página puede ayudar.',
      noLoader: 'No se pudieron cargar los archivos del laboratorio (loader.js)',
      openFull: 'Abrir este programa en el laboratorio completo (pestaña nueva)',
      ok: 'Aceptar',
    },
  };

  const urlTools = window.forklabUrl;
  // Without lab-url.js (the lab's files did not load) the notice still needs a language: the
  // course's, Spanish, as pageLang() would choose when it cannot tell.
  const lang = urlTools ? urlTools.pageLang() : 'es';
  const t = TEXT[lang];
  document.documentElement.lang = lang;

  const notice = document.getElementById('notice');
  const list = document.getElementById('notice-list');
  function showNotice(title, items, hint) {
    document.getElementById('notice-title').textContent = title;
    list.replaceChildren(...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
    document.getElementById('notice-hint').textContent = hint;
    notice.hidden = false;
  }
  const close = document.getElementById('notice-close');
  close.textContent = t.ok;
  close.addEventListener('click', () => {
    notice.hidden = true;
    document.getElementById('canvas').focus();
  });

  const api = window.forklab;
  if (!api || !urlTools) {
    showNotice(t.noLoader, [], t.noStartHint);
    return;
  }

  // The loader wrote its long English sentence; keep it as the tooltip.
  const mode = document.getElementById('mode');
  mode.title = api.mode;
  // With ?coi=1 the loader learns later whether isolation worked, and why not (api.mode).
  if (window.forklabCoi) window.forklabCoi.settled.then(() => { mode.title = api.mode; });
  mode.textContent = api.crossOriginIsolated ? t.isolated : t.simOnly;
  const state = document.getElementById('state');
  if (state.textContent === 'Loading…') state.textContent = t.loading;

  // The full lab takes the same parameters; origin= only matters to an embed.
  const full = document.getElementById('open-full');
  const params = new URLSearchParams(location.search);
  params.delete('origin');
  full.href = 'index.html' + (params.toString() ? '?' + params.toString() : '');
  full.title = t.openFull;

  api.fromUrl.catch((e) => {
    if (e && e.problems) {
      showNotice(t.badLink, e.problems.map((p) => urlTools.message(p, lang)), t.badLinkHint);
    }
  });
  api.ready.catch((e) => showNotice(t.noStart, [String(e && e.message || e)], t.noStartHint));
})();
