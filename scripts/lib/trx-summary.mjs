#!/usr/bin/env node
// Turns the TRX files `dotnet test --logger trx` wrote into one line per test project:
//   <project>\t<passed>\t<failed>\t<skipped>
// Usage: node scripts/lib/trx-summary.mjs RESULTS_DIR PROJECT.csproj...
// Every test project named (IsTestProject) gets a line, 0 0 0 when it left no results, so scripts/test.sh counts it
// as a suite that ran nothing. Exits non-zero, printing why, when a TRX file cannot be read or attributed to a
// project, or when it names a project that is not one of those given: the caller then fails the run instead of
// losing those results from its count.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const [resultsDir, ...projects] = process.argv.slice(2);
if (!resultsDir || projects.length === 0) {
  console.error('usage: trx-summary.mjs RESULTS_DIR PROJECT.csproj...');
  process.exit(2);
}

const results = new Map();
for (const project of projects) {
  if (readFileSync(project, 'utf8').includes('<IsTestProject>true</IsTestProject>')) {
    results.set(basename(project, '.csproj'), { passed: 0, failed: 0, skipped: 0 });
  }
}

const attribute = (element, name) => {
  const match = new RegExp(`\\b${name}="(\\d+)"`).exec(element);
  return match ? Number(match[1]) : 0;
};

const trxFiles = readdirSync(resultsDir).filter((name) => name.endsWith('.trx'));
for (const file of trxFiles) {
  const text = readFileSync(join(resultsDir, file), 'utf8');
  const counters = /<Counters\b[^>]*>/.exec(text)?.[0];
  if (!counters) throw new Error(`${file}: no <Counters> element`);
  // The test assembly: from a test's codeBase, or (a run with no test) from xunit's discovery output.
  const assembly = /codeBase="[^"]*[\\/]([^\\/"]+)\.dll"/.exec(text)?.[1] ?? /Discovering: (\S+)/.exec(text)?.[1];
  if (!assembly) throw new Error(`${file}: cannot tell which test project it belongs to`);
  const totals = results.get(assembly);
  if (!totals) throw new Error(`${file}: results of ${assembly}, which is not a test project of the solution`);
  totals.passed += attribute(counters, 'passed');
  totals.failed += ['failed', 'error', 'timeout', 'aborted'].reduce((sum, name) => sum + attribute(counters, name), 0);
  // A skipped xunit test is counted in total but not in executed (notExecuted stays 0).
  totals.skipped += attribute(counters, 'total') - attribute(counters, 'executed');
}

for (const [name, { passed, failed, skipped }] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${name.replace(/^HsePayord\./, '')}\t${passed}\t${failed}\t${skipped}`);
}
