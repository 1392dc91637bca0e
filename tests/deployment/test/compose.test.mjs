// docker/compose.yaml, checked without a Docker engine: the Compose Specification schema (the one
// `docker compose` validates against) plus the rules of this project's deployment.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { environmentOf, portsOf } from '../lib/compose.mjs';
import { hostBuilds } from '../lib/host-builds.mjs';
import { composeFile, composeSchemaFile, dockerDir, requireFile } from '../lib/paths.mjs';
import { healthcheckOf, loadStack } from '../lib/stack.mjs';

const { compose, services, builds, hosts } = loadStack();

/** depends_on in either syntax → { name: { condition } }. */
function dependsOn(service) {
  const value = service.depends_on ?? {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [name, { condition: 'service_started' }]));
  return value;
}

/** Services whose image offers nothing to check health with, and why; nothing may depend on them. */
const UNCHECKABLE = {
  'aspire-dashboard': 'the image ships no shell and no HTTP client (microsoft/aspire#3407)',
};

function hasHealthcheck(name) {
  const service = services[name];
  if (service.healthcheck) return service.healthcheck.disable !== true && service.healthcheck.test !== undefined;
  const healthcheck = healthcheckOf(builds[name]?.final);
  return healthcheck !== undefined && !healthcheck.none;
}

/** Volume mounts in either syntax → [{ type, source, target }]. */
function mountsOf(service) {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return volume;
    const [source, target] = volume.split(':');
    const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
    return { type: bind ? 'bind' : 'volume', source, target };
  });
}

describe('compose.yaml', () => {
  /** The official schema, compiled with ajv as draft-07 (non-strict: it uses keywords strict mode rejects). */
  function composeValidator() {
    const schema = JSON.parse(readFileSync(requireFile(composeSchemaFile, 'Compose Specification schema'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    // The schema names its meta-schema "https://json-schema.org/draft-07/schema"; ajv ships draft-07
    // under its canonical "http://…/schema#" id only.
    const draft07 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json');
    if (!ajv.getSchema(schema.$schema)) ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
    const validate = ajv.compile(schema);
    return (document) => (validate(document) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`));
  }

  it('validates against the Compose Specification JSON schema', () => {
    assert.deepEqual(composeValidator()(compose.doc), []);
  });

  it('(the schema check itself rejects what Compose rejects)', () => {
    const validate = composeValidator();
    const broken = structuredClone(compose.doc);
    broken.services.orders.depends_on.postgres.condition = 'service_ready';
    broken.services.web.restart_policy = 'always';
    const errors = validate(broken).join('\n');
    assert.match(errors, /\/services\/orders\/depends_on\/postgres\/condition must be equal to one of the allowed values/);
    assert.match(errors, /\/services\/web must NOT have additional properties/);
  });

  it('is the hse-payord project, with no obsolete version key', () => {
    assert.equal(compose.doc.name, 'hse-payord');
    assert.equal('version' in compose.doc, false);
  });

  it('has the services of the system', () => {
    assert.deepEqual(Object.keys(services).sort(), ['aspire-dashboard', 'orders', 'payments', 'postgres', 'rabbitmq', 'traefik', 'web']);
    assert.deepEqual(hosts.sort(), ['orders', 'payments']);
  });

  it('builds one .NET host service per src/Hosts/<Module>, as lib/host-builds.mjs (and so dockerfile-publish-commands.mjs) has it', () => {
    // Service = the module in lower case, docker/host.Dockerfile from the repository root, MODULE=<Module>
    // and no other build argument: a host service renamed, added or built otherwise here, or a host
    // project without its service, fails this.
    const composed = Object.fromEntries(hosts.sort().map((name) => {
      const { context, dockerfile, args } = builds[name];
      return [name, { context, dockerfile, args }];
    }));
    const byConvention = Object.fromEntries(hostBuilds().map(({ service, context, dockerfile, args }) => [service, { context, dockerfile, args }]));
    assert.deepEqual(composed, byConvention);
  });

  it('sets no container_name, so every service can have replicas', () => {
    for (const [name, service] of Object.entries(services)) {
      assert.equal(service.container_name, undefined, `${name} sets container_name`);
    }
  });

  it('publishes no ports from the .NET hosts: Traefik is their only way in', () => {
    for (const name of hosts) {
      assert.equal(services[name].ports, undefined, `${name} publishes ports`);
      assert.equal(services[name].hostname, undefined, `${name} has a fixed hostname`);
    }
  });

  it('publishes exactly the contract addresses, on PUBLISH_ADDRESS', () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      portsOf(service).map((port) => ({ name, ...port })));
    assert.deepEqual(
      published.map(({ name, published: port, target }) => `${name} ${port}->${target}`).sort(),
      ['aspire-dashboard 18888->18888', 'rabbitmq 15672->15672', 'traefik 3000->3000', 'traefik 80->80', 'traefik 8080->8080'],
    );
    for (const port of published) assert.equal(port.hostIp, compose.env.PUBLISH_ADDRESS, `${port.name} ${port.published}`);
  });

  it('names only existing build contexts, Dockerfiles and mounted files', () => {
    for (const [name, build] of Object.entries(builds)) {
      assert.ok(existsSync(build.context), `${name}: build context ${build.context} is missing`);
      assert.ok(existsSync(build.dockerfile), `${name}: ${build.dockerfile} is missing`);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const mount of mountsOf(service).filter((m) => m.type === 'bind')) {
        const source = isAbsolute(mount.source) ? mount.source : resolve(dockerDir, mount.source);
        // Host paths outside the repository (the Docker socket) exist only on a Docker host.
        if (isAbsolute(mount.source)) continue;
        assert.ok(existsSync(source), `${name}: mounted ${mount.source} is missing`);
      }
      for (const file of [service.env_file ?? []].flat()) {
        const path = typeof file === 'string' ? file : file.path;
        assert.ok(existsSync(resolve(dockerDir, path)), `${name}: env_file ${path} is missing`);
      }
    }
  });

  it('pins every image to a tag other than latest', () => {
    const images = [
      ...Object.entries(services).filter(([, s]) => s.image).map(([name, s]) => [name, s.image]),
      ...Object.entries(builds).flatMap(([name, build]) => {
        const stageNames = new Set(build.stages.map((stage) => stage.name));
        return build.stages.filter((stage) => !stageNames.has(stage.image)).map((stage) => [name, stage.image]);
      }),
    ];
    for (const [name, image] of images) {
      const tag = /:([^/:@]+)$/.exec(image)?.[1];
      assert.ok(tag && tag !== 'latest', `${name}: image ${image} has no pinned tag`);
    }
  });

  it('gives every service a health check (in compose.yaml or as the image\'s HEALTHCHECK)', () => {
    for (const name of Object.keys(services)) {
      if (UNCHECKABLE[name]) continue;
      assert.ok(hasHealthcheck(name), `${name} has no health check`);
    }
  });

  it('lets nothing wait for a service that cannot have a health check', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(dependsOn(service))) {
        assert.ok(!UNCHECKABLE[dependency], `${name} depends on ${dependency}: ${UNCHECKABLE[dependency]}`);
      }
    }
  });

  it('starts each service only after what it needs is healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(dependsOn(service))) {
        assert.ok(services[dependency], `${name} depends on unknown service ${dependency}`);
        assert.equal(condition, 'service_healthy', `${name} → ${dependency}`);
        assert.ok(hasHealthcheck(dependency), `${name} waits for ${dependency}, which has no health check`);
      }
    }
    for (const name of hosts) {
      assert.deepEqual(Object.keys(dependsOn(services[name])).sort(), ['postgres', 'rabbitmq'], name);
    }
  });

  it('keeps PostgreSQL and RabbitMQ data in declared named volumes', () => {
    const declared = Object.keys(compose.doc.volumes ?? {});
    const used = Object.values(services).flatMap(mountsOf).filter((m) => m.type === 'volume').map((m) => m.source);
    assert.deepEqual([...new Set(used)].sort(), declared.sort(), 'every named volume is declared and used');
    const dataMount = (name, target) =>
      mountsOf(services[name]).find((m) => m.target === target && m.type === 'volume');
    assert.ok(dataMount('postgres', '/var/lib/postgresql/data'), 'postgres data is not in a named volume');
    assert.ok(dataMount('rabbitmq', '/var/lib/rabbitmq'), 'rabbitmq data is not in a named volume');
    // RabbitMQ keeps its data under the node name, which comes from the hostname.
    assert.equal(services.rabbitmq.hostname, 'rabbitmq');
  });

  it('takes every credential and setting from docker/.env, and .env holds nothing unused', () => {
    const required = [...compose.variables].filter(([, v]) => !v.withFallback).map(([name]) => name);
    for (const name of required) assert.ok(name in compose.env, `\${${name}} is not set in docker/.env`);
    for (const name of Object.keys(compose.env)) assert.ok(compose.variables.has(name), `.env sets ${name}, which compose.yaml never uses`);
    // No literal password in the file itself.
    const text = readFileSync(composeFile, 'utf8');
    for (const [name, value] of Object.entries(compose.env)) {
      if (/PASSWORD/.test(name)) assert.equal(text.includes(value), false, `compose.yaml contains the value of ${name}`);
    }
  });

  it('gives each host its own database and the broker, with the credentials of those services', () => {
    const pg = environmentOf(services.postgres);
    const mq = environmentOf(services.rabbitmq);
    for (const name of hosts) {
      const env = environmentOf(services[name]);
      const module = name[0].toUpperCase() + name.slice(1);
      const db = Object.fromEntries((env[`ConnectionStrings__${module}`] ?? '').split(';').filter(Boolean).map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim()];
      }));
      assert.equal(db.host, 'postgres', `${name}: Host`);
      assert.equal(db.database, `payord_${name}`, `${name}: Database`);
      assert.equal(db.username, pg.POSTGRES_USER, `${name}: Username`);
      assert.equal(db.password, pg.POSTGRES_PASSWORD, `${name}: Password`);
      const amqp = new URL(env.ConnectionStrings__RabbitMq ?? 'invalid:');
      assert.equal(amqp.protocol, 'amqp:', `${name}: RabbitMQ URI`);
      assert.equal(amqp.hostname, 'rabbitmq', `${name}: RabbitMQ host`);
      assert.equal(decodeURIComponent(amqp.username), mq.RABBITMQ_DEFAULT_USER, `${name}: RabbitMQ user`);
      assert.equal(decodeURIComponent(amqp.password), mq.RABBITMQ_DEFAULT_PASS, `${name}: RabbitMQ password`);
    }
  });

  it('creates every host database in the PostgreSQL init script', () => {
    const init = mountsOf(services.postgres).find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    assert.ok(init, 'no init script is mounted into /docker-entrypoint-initdb.d');
    const sql = readFileSync(resolve(dockerDir, init.source), 'utf8');
    const created = [...sql.matchAll(/^\s*CREATE DATABASE\s+"?(\w+)"?/gim)].map((m) => m[1]);
    assert.deepEqual(created.sort(), hosts.map((name) => `payord_${name}`).sort());
  });
});
