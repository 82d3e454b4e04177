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

  function setState(text, isError) {
    if (!stateEl) return;
    stateEl.textContent = text;
    stateEl.classList.toggle('error', !!isError);
  }

  // One file at a time: a second pick or drop while one is read would only queue a freeze.
  let opening = false;
  async function openFile(file) {
    if (opening) { setState('Still reading the last trace; try again when it is shown', true); return; }
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
    setState('Exported ' + name + ' (' + (text.length / 1048576).toFixed(1) + ' MB; open it in ui.perfetto.dev)');
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
