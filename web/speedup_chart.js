// Speed-up chart of the mp_worker lesson: measured speed-up against cores (log2 axis: 1, 2,
// 4, 8), the ideal line (speed-up = cores) and Amdahl's law fitted to the measurements, as
// an SVG built with DOM calls (no markup strings, no library). A table with the same numbers
// follows it, for screen readers and for anyone who wants the figures.
//
// forklabSpeedupChart.render(points, text) -> DocumentFragment
//   points  [{cores, sequential, parallel, speedup, duration}] in cores order (times in
//           seconds; duration is the whole run's, the page API's durationSeconds)
//   text    {title, cores, speedup, ideal, amdahl, measured, colCores, colSequential,
//            colParallel, colSpeedup, colDuration, summary, format(number, digits)}
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  const W = 340, H = 220, M = { left: 38, right: 12, top: 14, bottom: 34 };

  function el(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(points, text) {
    const { fitAmdahl, amdahl } = window.forklabLessonChecks;
    const maxCores = Math.max(...points.map((p) => p.cores), 2);
    const top = Math.max(maxCores, ...points.map((p) => p.speedup));
    const x = (c) => M.left + (Math.log2(c) / Math.log2(maxCores)) * (W - M.left - M.right);
    const y = (s) => H - M.bottom - (s / top) * (H - M.top - M.bottom);
    const p = fitAmdahl(points);

    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'speedup-chart', role: 'img',
      'aria-label': text.title });
    svg.appendChild(el('title', {}, text.title));
    // Axes, with a tick and grid line per measured core count and per whole speed-up step.
    const grid = el('g', { class: 'grid' });
    for (const c of points.map((q) => q.cores)) {
      grid.appendChild(el('line', { x1: x(c), x2: x(c), y1: M.top, y2: H - M.bottom }));
      grid.appendChild(el('text', { x: x(c), y: H - M.bottom + 14, 'text-anchor': 'middle' }, String(c)));
    }
    const step = top > 6 ? 2 : 1;
    for (let s = 0; s <= top + 1e-9; s += step) {
      grid.appendChild(el('line', { x1: M.left, x2: W - M.right, y1: y(s), y2: y(s) }));
      grid.appendChild(el('text', { x: M.left - 6, y: y(s) + 4, 'text-anchor': 'end' }, String(s)));
    }
    svg.appendChild(grid);
    svg.appendChild(el('text', { class: 'axis-label', x: (M.left + W - M.right) / 2, y: H - 4,
      'text-anchor': 'middle' }, text.cores));
    svg.appendChild(el('text', { class: 'axis-label', x: 10, y: (M.top + H - M.bottom) / 2,
      'text-anchor': 'middle', transform: `rotate(-90 10 ${(M.top + H - M.bottom) / 2})` }, text.speedup));

    // On the log2 cores axis both curves bend, so they are sampled rather than drawn straight.
    const curve = (f) => {
      let d = '';
      for (let i = 0; i <= 48; i++) {
        const c = Math.pow(2, (i / 48) * Math.log2(maxCores));
        d += `${i ? 'L' : 'M'}${x(c).toFixed(1)},${y(f(c)).toFixed(1)}`;
      }
      return d;
    };
    svg.appendChild(el('path', { class: 'ideal', d: curve((c) => c) }));
    svg.appendChild(el('path', { class: 'amdahl', d: curve((c) => amdahl(p, c)) }));
    svg.appendChild(el('path', { class: 'measured',
      d: points.map((q, i) => `${i ? 'L' : 'M'}${x(q.cores)},${y(q.speedup)}`).join('') }));
    for (const q of points) {
      const dot = el('circle', { class: 'measured-point', cx: x(q.cores), cy: y(q.speedup), r: 3.5 });
      dot.appendChild(el('title', {}, `${q.cores}: ${text.format(q.speedup, 2)}`));
      svg.appendChild(dot);
    }
    // Legend, top left, where the curves are lowest.
    const legend = el('g', { class: 'legend' });
    [['measured', text.measured], ['amdahl', text.amdahl.replace('{p}', text.format(p, 2))],
      ['ideal', text.ideal]].forEach(([cls, label], i) => {
      const ly = M.top + 8 + i * 14;
      legend.appendChild(el('line', { class: cls, x1: M.left + 8, x2: M.left + 26, y1: ly, y2: ly }));
      legend.appendChild(el('text', { x: M.left + 31, y: ly + 4 }, label));
    });
    svg.appendChild(legend);

    const table = document.createElement('table');
    table.className = 'speedup-table';
    const head = table.createTHead().insertRow();
    for (const h of [text.colCores, text.colSequential, text.colParallel, text.colSpeedup, text.colDuration]) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const q of points) {
      const row = body.insertRow();
      row.dataset.cores = String(q.cores);
      [String(q.cores), text.format(q.sequential, 4), text.format(q.parallel, 4),
        text.format(q.speedup, 2), typeof q.duration === 'number' ? text.format(q.duration, 3) : '–']
        .forEach((v) => { row.insertCell().textContent = v; });
    }

    const out = document.createDocumentFragment();
    const figure = document.createElement('figure');
    figure.className = 'speedup';
    figure.dataset.amdahlP = p.toFixed(4);
    figure.appendChild(svg);
    const caption = document.createElement('figcaption');
    caption.textContent = text.summary;
    figure.appendChild(caption);
    out.appendChild(figure);
    out.appendChild(table);
    return out;
  }

  window.forklabSpeedupChart = { render };
})();
