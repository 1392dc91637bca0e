#!/usr/bin/env node
// Runs the Postman collection (postman/hse-payord.postman_collection.json) with newman and
// prints one closing line:
//   postman: N passed, M failed[, K skipped]
// N counts passed assertions (pm.test); M counts failed assertions plus requests that got no
// response and scripts that threw; K counts skipped assertions (pm.test.skip), shown only when
// there are any. Exit code 0 only when M is 0 and something passed.
//
//   npm run postman -- [--env local|gateway] [--folder NAME]...
//
//   --env local     the hosts run directly: ordersUrl http://localhost:5101, paymentsUrl :5102
//                   (postman/local.postman_environment.json; the default)
//   --env gateway   everything through Traefik at http://localhost (docker compose)
//   --folder NAME   run only that folder (repeatable); the flow needs "Payments: accounts" first
// ORDERS_URL / PAYMENTS_URL override the environment's addresses. A JSON report is written to
// tests/deployment/newman/report.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import newman from 'newman';
import { deploymentDir, postmanDir } from './lib/paths.mjs';

function parseArgs(argv) {
  const options = { env: 'local', folders: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--env') options.env = value();
    else if (arg.startsWith('--env=')) options.env = arg.slice('--env='.length);
    else if (arg === '--folder') options.folders.push(value());
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!['local', 'gateway'].includes(options.env)) throw new Error(`--env must be local or gateway, not ${options.env}`);
  return options;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`run-newman: ${error.message}\n`);
  process.exit(2);
}

const reportDir = join(deploymentDir, 'newman');
mkdirSync(reportDir, { recursive: true });
const overrides = [
  ['ordersUrl', process.env.ORDERS_URL],
  ['paymentsUrl', process.env.PAYMENTS_URL],
].filter(([, value]) => value).map(([key, value]) => ({ key, value }));

newman.run({
  collection: join(postmanDir, 'hse-payord.postman_collection.json'),
  environment: join(postmanDir, `${options.env}.postman_environment.json`),
  envVar: overrides,
  folder: options.folders.length > 0 ? options.folders : undefined,
  reporters: ['cli', 'json'],
  reporter: { json: { export: join(reportDir, 'report.json') } },
  timeoutRequest: 15000,
}, (error, summary) => {
  if (error) {
    process.stderr.write(`run-newman: ${error.message}\n`);
    process.stdout.write('postman: 0 passed, 1 failed\n');
    process.exitCode = 1;
    return;
  }
  const { assertions, requests, testScripts, prerequestScripts } = summary.run.stats;
  const skippedCount = summary.run.executions
    .flatMap((execution) => execution.assertions ?? [])
    .filter((assertion) => assertion.skipped).length;
  const passed = assertions.total - assertions.failed - skippedCount;
  const failed = assertions.failed + requests.failed + testScripts.failed + prerequestScripts.failed;
  const skipped = skippedCount > 0 ? `, ${skippedCount} skipped` : '';
  if (passed + failed === 0) process.stdout.write('No assertion ran.\n');
  process.stdout.write(`postman: ${passed} passed, ${failed} failed${skipped}\n`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
