// The Postman collection and the OpenAPI documents (docs/openapi/*.v1.json, which the hosts serve exactly:
// an integration test checks that) describe the same API: every request of the collection is a documented
// operation of its host, sending only documented parameters and expecting only documented statuses, and every
// documented operation is in the collection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { postmanDir, repoRoot } from '../lib/paths.mjs';

const collection = JSON.parse(readFileSync(join(postmanDir, 'hse-payord.postman_collection.json'), 'utf8'));
const documents = {
  ordersUrl: JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi', 'orders.v1.json'), 'utf8')),
  paymentsUrl: JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi', 'payments.v1.json'), 'utf8')),
};

// Requests of the collection that are not REST operations, so no OpenAPI document lists them (and why).
const notOperations = [
  [/^\/health\/(live|ready)$/, 'health checks for orchestrators, outside the API'],
  [/^\/openapi\/v1\.json$/, 'the OpenAPI document itself'],
  [/^\/hubs\/orders\/negotiate$/, 'the SignalR hub, described in docs/asyncapi.json'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function requests(items = collection.item) {
  return items.flatMap((item) => (item.item ? requests(item.item) : [item]));
}
const rawUrl = (item) => (typeof item.request.url === 'string' ? item.request.url : item.request.url.raw);
const testScript = (item) => (item.event ?? []).filter((e) => e.listen === 'test').map((e) => e.script.exec.join('\n')).join('\n');

/** "{{ordersUrl}}/api/orders/{{orderId}}?userId=x" → { host: 'ordersUrl', path, query: ['userId'] }. */
function target(item) {
  const [, host, rest] = /^\{\{(\w+)\}\}(.*)$/.exec(rawUrl(item));
  const [path, query = ''] = rest.split('?');
  return { host, path, query: query ? query.split('&').map((pair) => decodeURIComponent(pair.split('=')[0])) : [] };
}

/** Does a concrete or {{variable}} path match an OpenAPI template like /api/orders/{orderId}? */
function matches(template, path) {
  const t = template.split('/');
  const p = path.split('/');
  return t.length === p.length && t.every((segment, i) => (segment.startsWith('{') ? p[i].length > 0 : segment === p[i]));
}

function operations(host) {
  return Object.entries(documents[host].paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ host, path, method: method.toUpperCase(), operation: item[method] })));
}
const allOperations = Object.keys(documents).flatMap(operations);

function operationOf(item) {
  const { host, path } = target(item);
  return operations(host).find((op) => op.method === item.request.method && matches(op.path, path));
}

const apiRequests = requests().filter((item) => !notOperations.some(([pattern]) => pattern.test(target(item).path)));

describe('Postman collection and OpenAPI documents', () => {
  it('has requests to check on both sides', () => {
    assert.ok(apiRequests.length > 0);
    assert.ok(allOperations.length > 0);
  });

  it('sends every API request to a documented operation of the host it addresses', () => {
    for (const item of apiRequests) {
      const { host, path } = target(item);
      assert.ok(operationOf(item), `${item.name}: ${item.request.method} ${path} is not an operation of ${host}'s OpenAPI document`);
    }
  });

  it('sends only documented query parameters and headers', () => {
    for (const item of apiRequests) {
      const { parameters = [] } = operationOf(item).operation;
      const documented = (place) => parameters.filter((p) => p.in === place).map((p) => p.name.toLowerCase());
      for (const name of target(item).query) assert.ok(documented('query').includes(name.toLowerCase()), `${item.name}: query ${name}`);
      for (const header of item.request.header ?? []) {
        if (header.key.toLowerCase() === 'content-type') continue;
        assert.ok(documented('header').includes(header.key.toLowerCase()), `${item.name}: header ${header.key}`);
      }
    }
  });

  it('expects only statuses the operation documents', () => {
    for (const item of apiRequests) {
      const documented = Object.keys(operationOf(item).operation.responses).map(Number);
      const test = testScript(item);
      for (const [, status] of test.matchAll(/to\.have\.status\((\d{3})\)/g)) {
        assert.ok(documented.includes(Number(status)), `${item.name}: expects ${status}, documented ${documented.join(', ')}`);
      }
      for (const [, list] of test.matchAll(/oneOf\(\[([\d,\s]+)\]\)/g)) {
        const statuses = list.split(',').map(Number);
        assert.ok(statuses.some((s) => documented.includes(s)), `${item.name}: expects one of ${statuses}, documented ${documented.join(', ')}`);
      }
    }
  });

  it('covers every documented operation', () => {
    for (const op of allOperations) {
      const covering = apiRequests.filter((item) => operationOf(item) === undefined ? false : operationOf(item).operation === op.operation);
      assert.ok(covering.length > 0, `${op.method} ${op.path} (${op.operation.operationId}) has no request in the collection`);
    }
  });

  it('names the non-API requests it allows, and each of them is in the collection', () => {
    for (const [pattern, why] of notOperations) {
      assert.ok(requests().some((item) => pattern.test(target(item).path)), `${pattern} (${why}) matches no request: drop it from the list`);
    }
  });
});
