// Trace files in the page's bar: "Open trace…" (a file picker) and drag-and-drop of a file
// anywhere on the page replay a trace written by `forklab run --trace` (a real fork or
// threads run) in the viewer; "Export trace" downloads what the viewer shows as Chrome
// Trace Event JSON (forklab-<scenario>.json, opens in ui.perfetto.dev). The work is done by
// the page API (forklab.openTrace / exportTrace in loader.js), which also writes the page
// status, so this file only wires the controls to it.
(function () {
  'use strict';

  const api = window.forklab;
  const openButton = document.getElementById('open-trace');
  const fileInput = document.getElementById('trace-file');
  const exportButton = document.getElementById('export-trace');
  const dropHint = document.getElementById('drop-hint');
  const stateEl = document.getElementById('state');
  if (!api || !openButton || !fileInput || !exportButton) return;

  // The bar follows the page's language (lessons.js switches it through forklab.setLanguage);
  // the status sentences come from loader.js, in English like its others.
  const TEXT = {
    en: {
      open: 'Open trace…', openTitle: 'Replay a trace written by forklab run --trace (or drop the file on the page)',
      export: 'Export trace', exportTitle: 'Download the last run as Chrome Trace Event JSON (opens in ui.perfetto.dev)',
      hintBefore: 'Drop a trace from', hintAfter: 'to replay it',
      busy: 'Still reading the last trace; try again when it is shown',
      exported: (name, size) => `Exported ${name} (${size} MB; open it in ui.perfetto.dev)`,
    },
    es: {
      open: 'Abrir traza…', openTitle: 'Reproducir una traza escrita por forklab run --trace (o soltar el archivo sobre la página)',
      export: 'Exportar traza', exportTitle: 'Descargar la última ejecución como JSON de Chrome Trace Event (se abre en ui.perfetto.dev)',
      hintBefore: 'Suelte una traza de', hintAfter: 'para reproducirla',
      busy: 'Aún se está leyendo la última traza; inténtelo de nuevo cuando aparezca',
      exported: (name, size) => `Exportado ${name} (${size} MB; ábralo en ui.perfetto.dev)`,
    },
  };
  const t = (key) => TEXT[api.language === 'es' ? 'es' : 'en'][key];
  function translate() {
    openButton.textContent = t('open');
    openButton.title = t('openTitle');
    exportButton.textContent = t('export');
    exportButton.title = t('exportTitle');
    if (dropHint) {
      const code = document.createElement('code');
      code.textContent = 'forklab run --trace';
      dropHint.replaceChildren(t('hintBefore'), code, t('hintAfter'));
    }
  }
  if (typeof api.setLanguage === 'function') {
    const setLanguage = api.setLanguage;
    api.setLanguage = function (lang) {
      const r = setLanguage.call(this, lang);
      translate();
      return r;
    };
  }
  translate();

  function setState(text, isError) {
    if (!stateEl) return;
    stateEl.textContent = text;
    stateEl.classList.toggle('error', !!isError);
  }

  // One file at a time: a second pick or drop while one is read would only queue a freeze.
  let opening = false;
  async function openFile(file) {
    if (opening) { setState(t('busy'), true); return; }
    opening = true;
    openButton.disabled = true;
    try {
      await api.openTrace(file, file.name);
    } catch (e) {
      setState(e.message, true);
    } finally {
      opening = false;
      openButton.disabled = false;
    }
  }

  openButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';  // picking the same file again must fire change again
    if (file) openFile(file);
  });

  exportButton.addEventListener('click', () => {
    let text, name;
    try {
      text = api.exportTrace();
      name = api.exportTraceName();
    } catch (e) {
      setState(e.message.replace(/^forklab: /, ''), true);
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The download has its own copy once started; a later revoke keeps Firefox happy.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setState(t('exported')(name, (text.length / 1048576).toFixed(1)));
  });

  // Drag-and-drop: only drags that carry files show the hint; enter/leave fire for every
  // element crossed, so a depth count tells when the drag has really left the page.
  const carriesFiles = (e) => !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  let depth = 0;
  function showHint(on) { if (dropHint) dropHint.hidden = !on; }
  window.addEventListener('dragenter', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth += 1;
    showHint(true);
  });
  window.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();  // without this the browser opens the file instead of dropping it here
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', (e) => {
    if (!carriesFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) showHint(false);
  });
  window.addEventListener('drop', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth = 0;
    showHint(false);
    const files = e.dataTransfer.files;
    if (files && files.length > 0) openFile(files[0]);
  });

  api.ready.then(() => {
    openButton.disabled = false;
    exportButton.disabled = false;
  }, () => {});
})();
