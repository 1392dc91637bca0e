// `npm test`: runs the Vitest suite once, then prints one machine-readable summary line:
//   web-unit: N passed, M failed[, K skipped]
// Vitest's own verdict counts too: a file that failed without a failing test (it did not load, or a
// beforeAll/afterAll hook threw and its tests show as skipped) and an unhandled error are failures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-output', 'unit-results.json');
mkdirSync(dirname(results), { recursive: true });
rmSync(results, { force: true });

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 1;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  // A file whose failure no failing test explains: it did not load, or one of its hooks threw.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  passed = report.numPassedTests;
  failed = report.numFailedTests + brokenFiles.length;
  skipped = report.numPendingTests + report.numTodoTests;
  // Vitest fails a run with unhandled errors through its exit code only; its JSON report still says success.
  if ((!report.success || run.status !== 0) && failed === 0) {
    console.error(`Vitest failed the run (exit ${run.status}, an unhandled error?) although no test failed.`);
    failed = 1;
  }
} catch {
  console.error(`No Vitest results at ${results}.`);
}
if (passed + failed === 0) console.error('No test ran.');
console.log(`web-unit: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
