#!/usr/bin/env node
// Prints the API gateway's routing table as one line of JSON, for tests outside this folder
// (a .NET test compares it with the hosts' real endpoints):
//
//   node tests/deployment/routes.mjs
//   {"orders":["/api/orders","/hubs/orders"],"payments":["/api/payments"]}
//
// Format (stable): an object whose keys are compose service names in docker/compose.yaml and
// whose values are the path prefixes Traefik's :80 entrypoint routes to that service, matched as
// string prefixes of the request path and passed on unchanged (no stripping). Keys and prefixes
// are sorted; each prefix appears once. The web UI's entrypoint (:3000) routes the same API
// prefixes (checked by `npm test`) plus a catch-all to the web container, which is not listed.
// Needs `npm ci` in tests/deployment once (for the YAML parser). Exit code 1 on any error.
import { loadCompose } from './lib/compose.mjs';
import { routingTable } from './lib/traefik.mjs';

try {
  process.stdout.write(`${JSON.stringify(routingTable(loadCompose().doc))}\n`);
} catch (error) {
  process.stderr.write(`routes: ${error.message}\n`);
  process.exitCode = 1;
}
