// The Postman collection and its environments, checked statically: it covers every endpoint and
// status of the contract, every request asserts something, and every variable it uses is defined.
// (Running it against live hosts is `npm run postman`.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDotenv } from '../lib/compose.mjs';
import { contractFile, deploymentDir, dotenvFile, postmanDir, requireFile } from '../lib/paths.mjs';

const readJson = (name) => JSON.parse(readFileSync(join(postmanDir, name), 'utf8'));
const collection = readJson('hse-payord.postman_collection.json');
const composeEnv = parseDotenv(readFileSync(dotenvFile, 'utf8'));
const environments = {
  gateway: readJson('gateway.postman_environment.json'),
  local: readJson('local.postman_environment.json'),
};

/** Requests in run order, each with its folder path. */
function requests(items = collection.item, folders = []) {
  return items.flatMap((item) => (item.item ? requests(item.item, [...folders, item]) : [{ ...item, folders }]));
}
const all = requests();
const scriptOf = (item, listen) => (item.event ?? []).filter((e) => e.listen === listen).map((e) => e.script.exec.join('\n')).join('\n');
const rawUrl = (item) => (typeof item.request.url === 'string' ? item.request.url : item.request.url.raw);

/** "{{ordersUrl}}/api/orders/{{orderId}}?userId=x" → { method, path: '/api/orders/{{orderId}}' }. */
function endpointOf(item) {
  const path = rawUrl(item).replace(/^\{\{\w+Url\}\}/, '').split('?')[0];
  return { method: item.request.method, path };
}

/** Does a concrete or variable path match a contract template like /api/orders/{orderId}? */
function matches(template, path) {
  const t = template.split('/');
  const p = path.split('/');
  return t.length === p.length && t.every((segment, i) => segment.startsWith('{') || segment === p[i]);
}

/** Status codes a request's own tests expect: to.have.status(N) and oneOf([N, …]). */
function expectedStatuses(item) {
  const test = scriptOf(item, 'test');
  return [
    ...[...test.matchAll(/to\.have\.status\((\d{3})\)/g)].map((m) => Number(m[1])),
    ...[...test.matchAll(/oneOf\(\[([\d,\s]+)\]\)/g)].flatMap((m) => m[1].split(',').map(Number)),
  ];
}

/** The REST endpoints of the contract: its "### `METHOD /path`" headings. */
function contractEndpoints() {
  const text = readFileSync(requireFile(contractFile, 'CONTRACT.md'), 'utf8');
  return [...text.matchAll(/^### `(GET|POST|PUT|PATCH|DELETE) ([^`]+)`/gm)].map((m) => ({ method: m[1], path: m[2].split('?')[0] }));
}

describe('Postman collection', () => {
  it('is a v2.1 collection', () => {
    assert.equal(collection.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    assert.ok(all.length > 0);
  });

  it('gives every request a unique name (the polling re-runs a request by id, people find it by name)', () => {
    const names = all.map((item) => item.name);
    assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
  });

  it('asserts something in every request', () => {
    assert.ok(all.length > 0, 'the collection has no requests');
    for (const item of all) assert.match(scriptOf(item, 'test'), /pm\.test\(/, item.name);
  });

  it('checks every error response for application/problem+json with status, title and detail', () => {
    const test = scriptOf(collection, 'test');
    assert.match(test, /if \(pm\.response\.code >= 400\)/);
    for (const part of ['application\\/problem\\+json', 'problem.status', 'problem.title', 'problem.detail']) assert.ok(test.includes(part), part);
  });

  it('uses only the two base URL variables for addresses', () => {
    for (const item of all) assert.match(rawUrl(item), /^\{\{(ordersUrl|paymentsUrl)\}\}\//, item.name);
    for (const item of all) {
      const base = rawUrl(item).startsWith('{{ordersUrl}}') ? 'orders' : 'payments';
      assert.ok(endpointOf(item).path.startsWith(`/api/${base}`) || endpointOf(item).path.startsWith(`/hubs/${base}`)
        || /^\/(health|openapi)\//.test(endpointOf(item).path), `${item.name}: ${base} path`);
    }
  });

  it('defines every variable it uses (environment, collection, or set by a script)', () => {
    const text = JSON.stringify(collection);
    const used = new Set([...text.matchAll(/\{\{([^{}$]+)\}\}/g)].map((m) => m[1]));
    const defined = new Set([
      ...collection.variable.map((v) => v.key),
      ...[...text.matchAll(/pm\.(?:collectionVariables|variables|environment)\.set\('(\w+)'/g)].map((m) => m[1]),
    ]);
    for (const env of Object.values(environments)) {
      const keys = env.values.map((v) => v.key);
      for (const name of used) assert.ok(defined.has(name) || keys.includes(name), `{{${name}}} is not defined (${env.name})`);
    }
  });

  it('covers every REST endpoint of the contract with the statuses the contract names', () => {
    const wanted = {
      'POST /api/payments/accounts': [201, 400, 409],
      'GET /api/payments/accounts/{userId}': [200, 404],
      'POST /api/payments/accounts/{userId}/deposits': [200, 400, 404, 422],
      'POST /api/orders': [202, 400, 422],
      'GET /api/orders': [200, 400],
      'GET /api/orders/{orderId}': [200, 400, 404],
    };
    assert.deepEqual(contractEndpoints().map((e) => `${e.method} ${e.path}`).sort(), Object.keys(wanted).sort(), 'the contract\'s endpoints');
    for (const [endpoint, statuses] of Object.entries(wanted)) {
      const [method, template] = endpoint.split(' ');
      const covering = all.filter((item) => endpointOf(item).method === method && matches(template, endpointOf(item).path));
      const seen = new Set(covering.flatMap(expectedStatuses));
      for (const status of statuses) assert.ok(seen.has(status), `${endpoint}: no request expects ${status}`);
    }
  });

  it('covers health, OpenAPI and the hub of each host', () => {
    const seen = new Set(all.map((item) => `${item.request.method} ${rawUrl(item).split('?')[0]}`));
    for (const base of ['ordersUrl', 'paymentsUrl']) {
      for (const path of ['/health/live', '/health/ready', '/openapi/v1.json']) assert.ok(seen.has(`GET {{${base}}}${path}`), `${base}${path}`);
    }
    assert.ok(seen.has('POST {{ordersUrl}}/hubs/orders/negotiate'), 'hub negotiate');
  });

  it('follows orders to each final outcome, with bounded polling', () => {
    const polling = all.filter((item) => item.name.includes('until final'));
    const outcomes = polling.map((item) => /status: '(\w+)'(?:, failureReason: '(\w+)')?/.exec(scriptOf(item, 'test'))?.slice(1).filter(Boolean).join('/'));
    assert.deepEqual(outcomes.sort(), ['Paid', 'PaymentFailed/AccountNotFound', 'PaymentFailed/InsufficientFunds']);
    const max = Number(collection.variable.find((v) => v.key === 'pollMaxAttempts')?.value);
    assert.ok(max > 0 && max <= 120, 'pollMaxAttempts');
    assert.match(scriptOf(collection, 'test'), /pm\.execution\.setNextRequest\(pm\.info\.requestId\)/);
  });

  it('skips the per-host folder through the gateway, which does not route /health or /openapi', () => {
    const folder = collection.item.find((f) => f.name.startsWith('Hosts'));
    assert.match(scriptOf(folder, 'prerequest'), /pm\.environment\.get\('target'\) === 'gateway'\) pm\.execution\.skipRequest\(\)/);
    for (const item of all.filter((i) => /\/(health|openapi)\//.test(rawUrl(i)))) assert.equal(item.folders[0], folder, item.name);
  });
});

describe('Postman environments', () => {
  it('gateway: both hosts at http://localhost', () => {
    assert.deepEqual(Object.fromEntries(environments.gateway.values.map((v) => [v.key, v.value])),
      { ordersUrl: 'http://localhost', paymentsUrl: 'http://localhost', target: 'gateway',
        // The operations API's users, as docker/.env configures them for the compose stack.
        operatorUser: 'operator', operatorPassword: composeEnv.OPERATOR_PASSWORD, viewerUser: 'viewer', viewerPassword: composeEnv.VIEWER_PASSWORD });
  });

  it('local: Orders at :5101, Payments at :5102', () => {
    assert.deepEqual(Object.fromEntries(environments.local.values.map((v) => [v.key, v.value])),
      { ordersUrl: 'http://localhost:5101', paymentsUrl: 'http://localhost:5102', target: 'local',
        // The local defaults of scripts/lib/hosts.sh (scripts/run-local.sh, scripts/test.sh).
        operatorUser: 'operator', operatorPassword: 'operator', viewerUser: 'viewer', viewerPassword: 'viewer' });
  });
});

describe('run-newman.mjs', () => {
  it('reports unreachable hosts as failures, with the summary line and a non-zero exit', () => {
    // Port 9 (discard) is closed on any sane machine: every request fails to connect.
    const result = spawnSync(process.execPath, [join(deploymentDir, 'run-newman.mjs'), '--env', 'local', '--folder', 'Hosts (direct only)'], {
      encoding: 'utf8',
      env: { ...process.env, ORDERS_URL: 'http://127.0.0.1:9', PAYMENTS_URL: 'http://127.0.0.1:9' },
    });
    assert.equal(result.status, 1, result.stderr);
    const last = result.stdout.trimEnd().split('\n').at(-1);
    assert.match(last, /^postman: 0 passed, [1-9]\d* failed$/);
  });

  it('rejects an unknown environment', () => {
    const result = spawnSync(process.execPath, [join(deploymentDir, 'run-newman.mjs'), '--env', 'prod'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
  });
});
