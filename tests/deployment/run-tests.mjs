#!/usr/bin/env node
// Runs test/*.test.mjs with node's test runner (spec output), then prints one closing line:
//   deployment: N passed, M failed[, K skipped]
// and exits non-zero if anything failed. `node run-tests.mjs published` runs published/*.test.mjs instead (checks of
// the published hosts, after publish_hosts), closing with `published: …`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runNodeTests } from '../../scripts/lib/node-test-counts.mjs';
import { deploymentDir } from './lib/paths.mjs';

const suite = process.argv[2] ?? 'test';
const summaryName = suite === 'test' ? 'deployment' : suite;
const testDir = join(deploymentDir, suite);
const files = readdirSync(testDir).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => join(testDir, name));

const counts = await runNodeTests(files);
const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
if (counts.passed + counts.failed === 0) process.stdout.write('\nNo test ran.\n');
process.stdout.write(`\n${summaryName}: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
