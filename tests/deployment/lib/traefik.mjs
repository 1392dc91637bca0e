// Reads Traefik's configuration out of compose.yaml: the static part from the traefik service's
// command line, the dynamic part (routers, services) from container labels, as the Docker
// provider does. Only what this project uses is understood; anything else is reported, not guessed.
import { environmentOf, labelsOf } from './compose.mjs';

/** Static configuration: entrypoints (name → port) and the Docker provider's settings. */
export function staticConfig(compose, traefikService = 'traefik') {
  const service = compose.services?.[traefikService];
  if (!service) throw new Error(`no "${traefikService}" service in compose.yaml`);
  const args = Array.isArray(service.command) ? service.command : String(service.command ?? '').split(/\s+/);
  const flags = {};
  for (const arg of args) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected traefik argument: ${arg}`);
    // Traefik's flag names are case-insensitive (entryPoints / entrypoints).
    flags[match[1].toLowerCase()] = match[2] ?? 'true';
  }
  const entrypoints = {};
  for (const [key, value] of Object.entries(flags)) {
    const match = /^entrypoints\.([^.]+)\.address$/.exec(key);
    if (match) entrypoints[match[1]] = Number(/:(\d+)(?:\/\w+)?$/.exec(value)?.[1]);
  }
  // --api.insecure serves the API and dashboard on the implicit "traefik" entrypoint, :8080.
  if (flags['api.insecure'] === 'true' && !entrypoints.traefik) entrypoints.traefik = 8080;
  return { flags, entrypoints };
}

/** Turns "a.b.c=v" labels under the traefik. prefix into a nested object. */
function labelTree(labels) {
  const tree = {};
  for (const [key, value] of Object.entries(labels)) {
    if (!key.startsWith('traefik.')) continue;
    const path = key.slice('traefik.'.length).split('.');
    let node = tree;
    for (const part of path.slice(0, -1)) {
      if (typeof node[part] !== 'object') node[part] = {};
      node = node[part];
    }
    node[path.at(-1)] = value;
  }
  return tree;
}

/**
 * A router rule as a list of path prefixes. Only `PathPrefix(`/x`)` terms joined by || are
 * accepted: that is the whole routing design (route by prefix, never rewrite the path).
 */
export function parseRule(rule) {
  const terms = rule.split('||').map((term) => term.trim());
  return terms.map((term) => {
    const match = /^PathPrefix\(`([^`]+)`\)$/.exec(term);
    if (!match) throw new Error(`rule term is not PathPrefix(\`...\`): ${term}`);
    return match[1];
  });
}

/**
 * Dynamic configuration from labels: { routers, services }, each router with its compose service,
 * rule, prefixes, entrypoints, Traefik service, middlewares and effective priority.
 * Problems found on the way are collected in `problems` instead of thrown.
 */
export function dynamicConfig(compose) {
  const routers = [];
  const services = [];
  const problems = [];
  for (const [composeService, definition] of Object.entries(compose.services ?? {})) {
    const tree = labelTree(labelsOf(definition));
    if (Object.keys(tree).length === 0) continue;
    if (tree.enable !== 'true') problems.push(`${composeService}: has traefik labels but not traefik.enable=true`);
    const http = tree.http ?? {};
    for (const key of Object.keys(tree)) {
      if (!['enable', 'http'].includes(key)) problems.push(`${composeService}: unexpected label traefik.${key}`);
    }
    for (const [name, service] of Object.entries(http.services ?? {})) {
      const lb = service.loadbalancer ?? {};
      services.push({
        name,
        composeService,
        port: lb.server?.port === undefined ? undefined : Number(lb.server.port),
        healthcheckPath: lb.healthcheck?.path,
        stickyCookie: lb.sticky?.cookie,
        environment: environmentOf(definition),
      });
    }
    for (const [name, router] of Object.entries(http.routers ?? {})) {
      let prefixes = [];
      try {
        prefixes = parseRule(router.rule ?? '');
      } catch (error) {
        problems.push(`${composeService}: router ${name}: ${error.message}`);
      }
      routers.push({
        name,
        composeService,
        rule: router.rule,
        prefixes,
        entrypoints: (router.entrypoints ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        service: router.service,
        middlewares: (router.middlewares ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        // Traefik's default priority is the length of the rule, so longer (more specific) rules win.
        priority: router.priority === undefined ? (router.rule ?? '').length : Number(router.priority),
      });
    }
    for (const key of Object.keys(http)) {
      if (!['routers', 'services', 'middlewares'].includes(key)) problems.push(`${composeService}: unexpected label traefik.http.${key}`);
    }
    for (const [name, middleware] of Object.entries(http.middlewares ?? {})) {
      problems.push(`${composeService}: middleware ${name} (${Object.keys(middleware).join(', ')}): this gateway routes without middlewares`);
    }
  }
  return { routers, services, problems };
}

/**
 * Which compose service Traefik sends a request to: among the routers on that entrypoint whose
 * prefix matches, the one with the highest priority. Returns undefined where Traefik answers 404.
 */
export function route(compose, entrypoint, url) {
  return routeAmong(dynamicConfig(compose).routers, entrypoint, url);
}

/**
 * The same for any list of routers ({ composeService, prefixes, entrypoints, priority }), e.g. the
 * Kubernetes gateway's IngressRoutes read the same way (test/kubernetes.test.mjs).
 */
export function routeAmong(routers, entrypoint, url) {
  const path = url.split('?')[0];
  const candidates = routers
    .filter((router) => router.entrypoints.includes(entrypoint))
    .filter((router) => router.prefixes.some((prefix) => path.startsWith(prefix)))
    .sort((a, b) => b.priority - a.priority);
  return candidates[0]?.composeService;
}

/** The entrypoint that a published container port belongs to. */
export function entrypointForPort(compose, port) {
  const { entrypoints } = staticConfig(compose);
  return Object.entries(entrypoints).find(([, p]) => p === port)?.[0];
}

/**
 * The API gateway's routing table: compose service → sorted path prefixes that the entrypoint on
 * port 80 routes to it. Keys are sorted too, so the JSON is stable. See routes.mjs.
 */
export function routingTable(compose, port = 80) {
  const entrypoint = entrypointForPort(compose, port);
  if (!entrypoint) throw new Error(`no Traefik entrypoint listens on :${port}`);
  return routingTableOf(dynamicConfig(compose).routers, entrypoint);
}

/** The routing table of one entrypoint over any list of routers (see routeAmong). */
export function routingTableOf(routers, entrypoint) {
  const table = {};
  for (const router of routers) {
    if (!router.entrypoints.includes(entrypoint)) continue;
    (table[router.composeService] ??= []).push(...router.prefixes);
  }
  return Object.fromEntries(
    Object.keys(table).sort().map((service) => [service, [...new Set(table[service])].sort()]),
  );
}
