// `npm test`: runs the Vitest suite once, then prints one machine-readable summary line:
//   web-unit: N passed, M failed
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
try {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  // A test file that fails to load has no tests in it, but is a failure all the same.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  passed = report.numPassedTests;
  failed = report.numFailedTests + brokenFiles.length;
} catch {
  console.error(`No Vitest results at ${results}.`);
}
console.log(`web-unit: ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
