// Runs test files with node's test runner, writes the spec reporter's output to stdout and resolves with the counts
// { passed, failed, skipped }. Shared by the runners of tests/deployment and tests/contract so both count alike:
// a suite (describe) counts only with a failure its tests do not account for (a failing before/after hook, or a
// describe body that threw); a test cancelled by a failed hook counts as failed; skipped and todo tests count as
// skipped, never as passed.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

export function runNodeTests(files, options = {}) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const stream = run({ files, ...options });
  stream.on('test:pass', (event) => {
    if (event.details?.type === 'suite') return;
    if (event.skip || event.todo) counts.skipped++;
    else counts.passed++;
  });
  stream.on('test:fail', (event) => {
    if (event.details?.type !== 'suite' || event.details.error?.failureType !== 'subtestsFailed') counts.failed++;
  });
  return new Promise((resolve) => {
    const report = stream.pipe(new spec());
    report.pipe(process.stdout, { end: false });
    report.on('end', () => resolve(counts));
  });
}
