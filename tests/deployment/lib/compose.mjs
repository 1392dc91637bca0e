// Loads docker/compose.yaml the way `docker compose` does, minus the engine: read .env, interpolate
// ${VAR} expressions, parse the YAML. Only .env is used for values (not the shell environment), so
// the checks give the same answer on every machine.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { composeFile, dockerDir, dotenvFile } from './paths.mjs';

/** Parses a .env file: KEY=VALUE lines, # comments, optional surrounding quotes. */
export function parseDotenv(text) {
  const values = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`.env line ${index + 1} is not KEY=VALUE: ${raw}`);
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    values[match[1]] = value;
  }
  return values;
}

/**
 * Compose interpolation: $$ is a literal $, and $VAR / ${VAR} / ${VAR:-default} / ${VAR-default} /
 * ${VAR:?error} / ${VAR?error} / ${VAR:+alt} / ${VAR+alt} as in the Compose Specification.
 * Calls onVariable(name, hasFallback) for every variable met, so callers can list them.
 */
export function interpolate(text, env, onVariable = () => {}) {
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return text.replace(pattern, (whole, dollar, braced, op, arg = '', bare) => {
    if (dollar) return '$';
    const name = braced ?? bare;
    onVariable(name, op !== undefined && op.endsWith('?') === false);
    const value = env[name];
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (op) {
      case undefined: return value ?? '';
      case ':-': return nonEmpty ? value : interpolate(arg, env, onVariable);
      case '-': return set ? value : interpolate(arg, env, onVariable);
      case ':+': return nonEmpty ? interpolate(arg, env, onVariable) : '';
      case '+': return set ? interpolate(arg, env, onVariable) : '';
      case ':?':
      case '?':
        if (op === ':?' ? nonEmpty : set) return value;
        throw new Error(`required variable ${name} is missing: ${arg}`);
      default: throw new Error(`unsupported interpolation ${whole}`);
    }
  });
}

const yamlOptions = { merge: true, uniqueKeys: true, prettyErrors: true };

/**
 * Returns { raw, doc, env, variables }: raw is the YAML as written, doc the interpolated document
 * (what Compose validates and runs), variables a Map name → { withFallback } of every ${VAR} used.
 */
export function loadCompose(path = composeFile, envPath = dotenvFile) {
  const text = readFileSync(path, 'utf8');
  const env = parseDotenv(readFileSync(envPath, 'utf8'));
  const variables = new Map();
  const record = (name, withFallback) => {
    const seen = variables.get(name);
    variables.set(name, { withFallback: (seen?.withFallback ?? true) && withFallback });
  };
  // Interpolate scalar values only (after parsing), as Compose does; keys are never interpolated.
  const raw = parse(text, yamlOptions);
  const doc = mapScalars(raw, (value) => interpolate(value, env, record));
  return { raw, doc, env, variables };
}

function mapScalars(node, fn) {
  if (typeof node === 'string') return fn(node);
  if (Array.isArray(node)) return node.map((item) => mapScalars(item, fn));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapScalars(value, fn)]));
  }
  return node;
}

/** Service labels as a plain object, whether written as a map or as a KEY=VALUE list. */
export function labelsOf(service) {
  const labels = service.labels ?? {};
  if (!Array.isArray(labels)) return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(labels.map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

/** Service environment as a plain object, whether written as a map or as a KEY=VALUE list. */
export function environmentOf(service) {
  const environment = service.environment ?? {};
  if (!Array.isArray(environment)) {
    return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v === null ? '' : String(v)]));
  }
  return Object.fromEntries(environment.map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

/**
 * A service's build: (a context string or a mapping) as { context, dockerfile, args }: context and
 * dockerfile absolute, as Compose resolves them (context from compose.yaml's folder, dockerfile from
 * the context), args a plain object whether written as a map or as a KEY=VALUE list.
 */
export function buildOf(service) {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  const context = resolve(dockerDir, build.context ?? '.');
  const written = build.args ?? {};
  const entries = Array.isArray(written)
    ? written.map(String).map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
    })
    : Object.entries(written);
  // Without a value Compose takes the argument from the shell's environment, which these checks
  // leave out on purpose (see loadCompose): so every build argument needs its value here.
  const args = Object.fromEntries(entries.map(([name, value]) => {
    if (value === null || value === undefined) throw new Error(`build argument ${name} has no value in compose.yaml`);
    return [name, String(value)];
  }));
  return { context, dockerfile: resolve(context, build.dockerfile ?? 'Dockerfile'), args };
}

/** Short-syntax "[HOST_IP:]HOST:CONTAINER[/PROTOCOL]" or long-syntax ports → { hostIp, published, target }. */
export function portsOf(service) {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { hostIp: port.host_ip ?? '', published: String(port.published ?? ''), target: String(port.target) };
    }
    const spec = String(port).replace(/\/(tcp|udp)$/, '');
    const parts = spec.split(':');
    const target = parts.pop();
    const published = parts.pop() ?? '';
    return { hostIp: parts.join(':'), published, target };
  });
}
