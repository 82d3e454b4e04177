// The expected result of a catalogue lesson (web/catalogue/catalogue.json, "expect"), checked
// against a run's stdout. The same rules are in tests/catalogue_check.py, which holds the
// native runs (python3, sim, fork, threads) to them; keep the two in step.
//
// A check: {id, label, pattern, count?, equals?, notEquals?, min?, max?, lostOf?, backends?}
//   pattern   a regular expression tried on each stdout line (Python and JS read it alike:
//             keep to ^ $ \d \w \( (?:) classes and quantifiers)
//   value     the first matching line's group 1 (a number when it looks like one), or with
//             count: true the number of matching lines; null when no line matches
//   backends  where the check applies ("sim", "fork", "threads", "python3"; default all):
//             timing and interleaving claims hold on the deterministic simulator only
//   lostOf    for a counter: the expected total, so the page can show the lost updates
(function () {
  'use strict';

  const NUMBER = /^-?\d+(\.\d+)?$/;

  function valueOf(check, stdout) {
    const rx = new RegExp(check.pattern);
    const lines = String(stdout).split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (check.count) return lines.filter((l) => rx.test(l)).length;
    for (const line of lines) {
      const m = rx.exec(line);
      if (m) return NUMBER.test(m[1]) ? Number(m[1]) : m[1];
    }
    return null;
  }

  function same(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
    return String(a) === String(b);
  }

  // {value, ok, reasons: [...]} for one check.
  function evaluate(check, stdout) {
    const value = valueOf(check, stdout);
    const reasons = [];
    if (value === null) {
      reasons.push('absent');
    } else {
      if ('equals' in check && !same(value, check.equals)) reasons.push('equals');
      if ('notEquals' in check && same(value, check.notEquals)) reasons.push('notEquals');
      if ('min' in check && !(typeof value === 'number' && value >= check.min)) reasons.push('min');
      if ('max' in check && !(typeof value === 'number' && value <= check.max)) reasons.push('max');
    }
    return { value, ok: reasons.length === 0, reasons };
  }

  function appliesTo(check, backend) {
    return !Array.isArray(check.backends) || check.backends.includes(backend);
  }

  // Every check of `lesson` that applies to result.backend, plus the exit status.
  function evaluateLesson(lesson, result) {
    const expect = lesson.expect || {};
    const wantStatus = expect.exitStatus === undefined ? 0 : expect.exitStatus;
    const checks = (expect.checks || []).filter((c) => appliesTo(c, result.backend || 'sim'))
      .map((c) => Object.assign({ check: c }, evaluate(c, result.stdout || '')));
    const statusOk = result.exitStatus === wantStatus;
    return {
      statusOk, wantStatus, checks,
      ok: statusOk && checks.every((c) => c.ok),
      failed: checks.filter((c) => !c.ok).length + (statusOk ? 0 : 1),
    };
  }

  // Amdahl's law fitted to measured speed-ups [{cores, speedup}]: 1/S = 1 - p (1 - 1/n) is
  // linear in p, so least squares has a closed form. p is clamped to [0, 1].
  function fitAmdahl(points) {
    let num = 0, den = 0;
    for (const { cores, speedup } of points) {
      if (!(speedup > 0) || cores < 1) continue;
      const x = 1 - 1 / cores;
      num += x * (1 - 1 / speedup);
      den += x * x;
    }
    if (den === 0) return 1;
    return Math.min(1, Math.max(0, num / den));
  }

  function amdahl(p, cores) { return 1 / ((1 - p) + p / cores); }

  window.forklabLessonChecks = { valueOf, evaluate, evaluateLesson, appliesTo, fitAmdahl, amdahl };
})();
