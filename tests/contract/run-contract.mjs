#!/usr/bin/env node
// The API descriptions tell the truth. Runs, and ends with one line
//   contract: N passed, M failed
// (exit code non-zero when anything failed or nothing passed):
//   1. test/*.test.mjs with node's test runner: Redocly's recommended lint of docs/openapi/*.v1.json (and of the
//      documents the hosts serve), the AsyncAPI document validated by @asyncapi/parser;
//   2. contract tests generated from each host's served OpenAPI document by Portman (portman/<host>.json adds the
//      chaining: create account → deposit → order → get it → list), run with newman against ORDERS_URL and
//      PAYMENTS_URL: every operation's documented responses come back with the documented status, content type
//      and schema. Documented responses that no generated request exercises fail the run unless listed below.
//
//   ORDERS_URL=http://localhost:5101 PAYMENTS_URL=http://localhost:5102 npm test
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import newman from 'newman';
import { runNodeTests } from '../../scripts/lib/node-test-counts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

// Documented responses the generated requests cannot provoke on demand, and why.
const NOT_PROVOKED = {
  '* 503': 'the database unreachable for seconds: FaultToleranceTests provoke it',
  'CreateOrder 409': 'a repeat while the first request with that key is still in flight: a race (IdempotencyTests provoke it)',
  'CreateOrder 429': 'more unsettled orders than the Orders host settles in time: AdmissionTests provoke it',
  'Deposit 409': 'a repeat while the first request with that key is still in flight: a race (IdempotencyTests provoke it)',
};

const counts = { passed: 0, failed: 0, skipped: 0 };
const fail = (message) => {
  counts.failed++;
  process.stdout.write(`✖ ${message}\n`);
};

async function staticTests() {
  const testDir = join(here, 'test');
  const files = readdirSync(testDir).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => join(testDir, name));
  const { passed, failed, skipped } = await runNodeTests(files, { concurrency: 1 });
  counts.passed += passed;
  counts.failed += failed;
  counts.skipped += skipped;
}

const hosts = [
  { name: 'payments', url: process.env.PAYMENTS_URL },
  { name: 'orders', url: process.env.ORDERS_URL },
];

/** The host's document, with Portman's config extended by what the document says: each operation's 2xx status. */
async function generate(host) {
  const response = await fetch(`${host.url}/openapi/v1.json`);
  if (!response.ok) throw new Error(`${host.url}/openapi/v1.json: ${response.status}`);
  const document = await response.json();
  const documentFile = join(outDir, `${host.name}.openapi.json`);
  writeFileSync(documentFile, JSON.stringify(document, null, 2));

  const config = JSON.parse(readFileSync(join(here, 'portman', `${host.name}.json`), 'utf8'));
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
  const exercised = new Set();
  // Operations that require authentication are called anonymously: each must answer the documented 401 problem.
  // (Their other responses need credentials this run does not have; they are listed as not provoked.)
  const secured = operations.filter((operation) => (operation.security ?? []).some((requirement) => Object.keys(requirement).length > 0));
  const securedIds = secured.map((operation) => operation.operationId);
  for (const test of config.tests.contractTests) test.excludeForOperations = [...(test.excludeForOperations ?? []), ...securedIds];
  for (const operation of operations.filter((op) => !securedIds.includes(op.operationId))) {
    const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
    config.tests.contractTests.push({ openApiOperationId: operation.operationId, statusCode: { enabled: true, code: Number(success) } });
    exercised.add(`${operation.operationId} ${success}`);
  }
  for (const operation of secured) {
    config.tests.contractTests.push({
      openApiOperationId: operation.operationId,
      openApiResponse: '401',
      statusCode: { enabled: true, code: 401 },
      contentType: { enabled: true },
      jsonBody: { enabled: true },
      schemaValidation: { enabled: true },
    });
    config.overwrites = [...(config.overwrites ?? []), { openApiOperationId: operation.operationId, overwriteRequestSecurity: { remove: true } }];
    exercised.add(`${operation.operationId} 401`);
    for (const status of Object.keys(operation.responses)) {
      NOT_PROVOKED[`${operation.operationId} ${status}`] ??= 'needs operator credentials, which the generated run does not have';
    }
  }
  for (const variation of config.tests.variationTests) {
    for (const v of variation.variations) exercised.add(`${variation.openApiOperationId} ${v.openApiResponse}`);
  }
  for (const operation of operations) {
    for (const status of Object.keys(operation.responses)) {
      const key = `${operation.operationId} ${status}`;
      if (exercised.has(key) || NOT_PROVOKED[key] || NOT_PROVOKED[`* ${status}`]) continue;
      fail(`${host.name}: documented response ${key} is exercised by no generated request (add a variation to portman/${host.name}.json)`);
    }
  }
  const configFile = join(outDir, `${host.name}.portman.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const collectionFile = join(outDir, `${host.name}.postman_collection.json`);
  const portman = spawnSync(process.execPath, [
    join(here, 'node_modules', '@apideck', 'portman', 'bin', 'portman'),
    '--local', documentFile, '--portmanConfigFile', configFile, '--output', collectionFile, '--baseUrl', host.url,
  ], { encoding: 'utf8', cwd: outDir }); // Portman keeps its working files under its cwd: out/tmp
  if (portman.status !== 0) throw new Error(`portman failed for ${host.name}:\n${portman.stdout}\n${portman.stderr}`);
  return collectionFile;
}

function runNewman(collection, environment) {
  return new Promise((resolve, reject) => {
    newman.run({ collection, environment, reporters: ['cli'], timeoutRequest: 15000 }, (error, summary) => {
      if (error) reject(error);
      else resolve(summary);
    });
  });
}

async function contractTests() {
  const missing = hosts.filter((host) => !host.url).map((host) => `${host.name.toUpperCase()}_URL`);
  if (missing.length > 0) {
    fail(`${missing.join(' and ')} not set: start the hosts (scripts/test.sh does) and export their addresses`);
    return;
  }
  // One user per run, so runs against the same databases do not meet each other's accounts and keys.
  let values = [
    ['contractUserId', `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`],
    ['depositKey', crypto.randomUUID()],
    ['orderKey', crypto.randomUUID()],
    ['invalidUserId', 'not valid!'],
    ['tooPreciseAmount', '0.001'],
  ].map(([key, value]) => ({ key, value, enabled: true }));
  for (const host of hosts) {
    const collection = await generate(host);
    const summary = await runNewman(collection, { name: 'contract', values });
    values = summary.environment.values.toJSON ? summary.environment.values.toJSON() : values;
    const { assertions, requests, testScripts, prerequestScripts } = summary.run.stats;
    counts.passed += assertions.total - assertions.failed;
    const failedHere = assertions.failed + requests.failed + testScripts.failed + prerequestScripts.failed;
    counts.failed += failedHere;
    // A failure newman lists but none of its counters holds (a run error, a script that threw outside a test).
    if (summary.run.error) fail(`${host.name}: newman run error: ${summary.run.error.message ?? summary.run.error}`);
    else if (failedHere === 0 && summary.run.failures.length > 0) fail(`${host.name}: newman reported ${summary.run.failures.length} failure(s)`);
  }
}

try {
  await staticTests();
  await contractTests();
} catch (error) {
  fail(error.stack ?? String(error));
}
const skippedNote = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
process.stdout.write(`\ncontract: ${counts.passed} passed, ${counts.failed} failed${skippedNote}\n`);
process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
