// Traefik, the only entry point: its static configuration (command line of the traefik service)
// and its routers and services (container labels), against the contract's addresses and prefixes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { environmentOf, portsOf } from '../lib/compose.mjs';
import { contractFile, deploymentDir, requireFile } from '../lib/paths.mjs';
import { loadStack } from '../lib/stack.mjs';
import { dynamicConfig, entrypointForPort, route, routingTable, staticConfig } from '../lib/traefik.mjs';

const { compose, services, builds, hosts } = loadStack();
const doc = compose.doc;
const { flags, entrypoints } = staticConfig(doc);
const { routers, services: lbServices, problems } = dynamicConfig(doc);

/**
 * The prefixes each host serves, from the contract's "Each host serves its full public paths"
 * list: "- Orders host: `/api/orders…`, `/hubs/orders`" → { orders: ['/api/orders', '/hubs/orders'] }.
 */
function contractPrefixes() {
  const text = readFileSync(requireFile(contractFile, 'CONTRACT.md'), 'utf8');
  const table = {};
  for (const match of text.matchAll(/^- (\w+) host: (.+)$/gm)) {
    table[match[1].toLowerCase()] = [...match[2].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/…$/, '')).sort();
  }
  return table;
}

describe('Traefik static configuration', () => {
  it('uses the Docker provider for opted-in containers only', () => {
    assert.equal(flags['providers.docker'], 'true');
    assert.equal(flags['providers.docker.exposedbydefault'], 'false');
  });

  it('listens on :80 (API gateway), :3000 (web UI) and :8080 (dashboard)', () => {
    assert.equal(entrypointForPort(doc, 80), 'web');
    assert.equal(entrypointForPort(doc, 3000), 'webui');
    assert.equal(entrypointForPort(doc, 8080), 'traefik');
    assert.equal(flags['api.dashboard'], 'true');
  });

  it('publishes each of its entrypoints and nothing else', () => {
    const published = portsOf(services.traefik).map((port) => Number(port.target)).sort((a, b) => a - b);
    assert.deepEqual(published, Object.values(entrypoints).sort((a, b) => a - b));
    for (const port of portsOf(services.traefik)) assert.equal(port.published, port.target);
  });

  it('can be health-checked by ping', () => {
    assert.equal(flags.ping, 'true');
    assert.deepEqual(services.traefik.healthcheck.test, ['CMD', 'traefik', 'healthcheck', '--ping']);
  });
});

describe('Traefik routers and services (labels)', () => {
  it('parse without problems (PathPrefix rules only, no middlewares, traefik.enable set)', () => {
    assert.deepEqual(problems, []);
  });

  it('put labels only on the hosts and the web UI', () => {
    assert.deepEqual([...new Set(routers.map((r) => r.composeService))].sort(), [...hosts, 'web'].sort());
  });

  it('give every router existing entrypoints and a service of its own container', () => {
    assert.ok(routers.length > 0, 'no routers found');
    for (const router of routers) {
      assert.ok(router.entrypoints.length > 0, `${router.name}: no entrypoints`);
      for (const entrypoint of router.entrypoints) {
        assert.ok(entrypoint in entrypoints, `${router.name}: unknown entrypoint ${entrypoint}`);
        assert.notEqual(entrypoint, 'traefik', `${router.name}: routed on the dashboard entrypoint`);
      }
      const service = lbServices.find((s) => s.name === router.service);
      assert.ok(service, `${router.name}: service ${router.service} is not defined`);
      assert.equal(service.composeService, router.composeService, `${router.name}: service of another container`);
      assert.deepEqual(router.middlewares, [], `${router.name}: middlewares (paths are never rewritten)`);
    }
    const names = routers.map((r) => r.name);
    assert.equal(new Set(names).size, names.length, 'router names are unique');
  });

  it('send traffic to the port each container listens on', () => {
    assert.ok(lbServices.length > 0, 'no load-balancer services found');
    for (const service of lbServices) {
      if (hosts.includes(service.composeService)) {
        assert.equal(String(service.port), environmentOf(services[service.composeService]).ASPNETCORE_HTTP_PORTS, service.name);
      } else {
        const exposed = builds[service.composeService].final.instructions.find((i) => i.keyword === 'EXPOSE');
        assert.equal(String(service.port), exposed?.rest, service.name);
      }
    }
  });

  it('balance the hosts over replicas that pass GET /health/ready', () => {
    const hostServices = lbServices.filter((s) => hosts.includes(s.composeService));
    assert.deepEqual([...new Set(hostServices.map((s) => s.composeService))].sort(), [...hosts].sort());
    for (const service of hostServices) {
      assert.equal(service.healthcheckPath, '/health/ready', service.name);
    }
  });

  it('pin SignalR clients to one replica with a cookie, and only them', () => {
    assert.ok(
      routers.some((router) => router.prefixes.some((prefix) => prefix.startsWith('/hubs/'))),
      'no router for a hub',
    );
    for (const router of routers) {
      const service = lbServices.find((s) => s.name === router.service);
      const isHub = router.prefixes.some((prefix) => prefix.startsWith('/hubs/'));
      assert.equal(service.stickyCookie !== undefined, isHub, `${router.name}: sticky cookie ${isHub ? 'missing' : 'not wanted'}`);
      if (isHub) assert.equal(service.stickyCookie.httponly, 'true');
    }
  });
});

describe('Routing', () => {
  it('routes exactly the contract prefixes of each host on the gateway (:80)', () => {
    assert.deepEqual(routingTable(doc, 80), contractPrefixes());
  });

  it('routes the same API prefixes on the web UI entrypoint (:3000), plus the web catch-all', () => {
    const api = routingTable(doc, 80);
    const ui = routingTable(doc, 3000);
    assert.deepEqual(ui, { ...api, web: ['/'] });
  });

  const cases = [
    ['web', '/api/orders', 'orders'],
    ['web', '/api/orders/7d0f6a5e-0000-0000-0000-000000000000', 'orders'],
    ['web', '/api/orders?userId=alice', 'orders'],
    ['web', '/hubs/orders/negotiate?negotiateVersion=1', 'orders'],
    ['web', '/api/payments/accounts/alice/deposits', 'payments'],
    ['web', '/', undefined],
    ['web', '/health/ready', undefined],
    ['web', '/openapi/v1.json', undefined],
    ['webui', '/', 'web'],
    ['webui', '/index.html', 'web'],
    ['webui', '/assets/index-abc123.js', 'web'],
    ['webui', '/orders/some-client-side-route', 'web'],
    ['webui', '/api/orders', 'orders'],
    ['webui', '/hubs/orders?id=x', 'orders'],
    ['webui', '/api/payments/accounts', 'payments'],
  ];
  for (const [entrypoint, path, expected] of cases) {
    it(`${entrypoint === 'web' ? ':80' : ':3000'} ${path} → ${expected ?? '404'}`, () => {
      assert.equal(route(doc, entrypoint, path), expected);
    });
  }

  it('routes.mjs prints the gateway routing table as one line of JSON', () => {
    const output = execFileSync(process.execPath, [join(deploymentDir, 'routes.mjs')], { encoding: 'utf8' });
    assert.match(output, /^\{.*\}\n$/);
    assert.deepEqual(JSON.parse(output), routingTable(doc, 80));
    assert.equal(output, '{"orders":["/api/orders","/hubs/orders"],"payments":["/api/payments"]}\n');
  });
});
