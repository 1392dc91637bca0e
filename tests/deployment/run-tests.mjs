#!/usr/bin/env node
// Runs test/*.test.mjs with node's test runner (spec output), then prints one closing line:
//   deployment: N passed, M failed[, K skipped]
// and exits non-zero if anything failed. `node run-tests.mjs published` runs published/*.test.mjs instead (checks of
// the published hosts, after publish_hosts), closing with `published: …`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { deploymentDir } from './lib/paths.mjs';

const suite = process.argv[2] ?? 'test';
const summaryName = suite === 'test' ? 'deployment' : suite;
const testDir = join(deploymentDir, suite);
const files = readdirSync(testDir).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => join(testDir, name));

const counts = { passed: 0, failed: 0, skipped: 0 };
const stream = run({ files });
// Suites (describe) report too; count the tests inside them, plus a suite's own failure when its tests do
// not account for it (a failing before/after hook, or a describe body that threw).
stream.on('test:pass', (event) => {
  if (event.details?.type === 'suite') return;
  if (event.skip || event.todo) counts.skipped++;
  else counts.passed++;
});
stream.on('test:fail', (event) => {
  if (event.details?.type !== 'suite' || event.details.error?.failureType !== 'subtestsFailed') counts.failed++;
});

const report = stream.pipe(new spec());
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  if (counts.passed + counts.failed === 0) process.stdout.write('\nNo test ran.\n');
  process.stdout.write(`\n${summaryName}: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
});
