// deploy/kubernetes against the rest of the repository, offline: both overlays (rendered by `kubectl
// kustomize`) route exactly what compose's Traefik labels route, run the images compose builds with the
// environment compose gives, probe paths the hosts and the web UI really serve, stop within the hosts' shutdown
// timeout, take credentials from Secrets only, and scale the hosts on the queues they really consume.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { environmentOf } from '../lib/compose.mjs';
import { hostBuilds } from '../lib/host-builds.mjs';
import { connectionStringParts, find, idOf, ofKind, overlays, render, selects } from '../lib/kubernetes.mjs';
import { dockerDir, repoRoot } from '../lib/paths.mjs';
import { loadStack } from '../lib/stack.mjs';
import { dynamicConfig, parseRule, routeAmong, routingTableOf, staticConfig } from '../lib/traefik.mjs';

const { compose, services, builds, hosts } = loadStack();
const composeRouters = dynamicConfig(compose.doc).routers;
const composeEntrypoints = staticConfig(compose.doc).entrypoints;
const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, render(overlay)]));

/** Every .cs file under src/, without build output. */
function csharpSources(dir = join(repoRoot, 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['bin', 'obj'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return csharpSources(path);
    return entry.name.endsWith('.cs') ? [readFileSync(path, 'utf8')] : [];
  });
}
const sources = csharpSources();

/** The paths the hosts map health checks on (MapHealthChecks("/…")). */
const healthPaths = sources.flatMap((text) => [...text.matchAll(/MapHealthChecks\("([^"]+)"/g)].map((m) => m[1]));

/**
 * The hosts' shutdown timeout in seconds: HostOptions.ShutdownTimeout where src/ sets it, else .NET's default
 * (30 s since .NET 6). A setting written in a form read here neither way fails the check instead of being missed.
 */
function shutdownTimeoutSeconds() {
  const settings = sources.flatMap((text) => text.split('\n').filter((line) => /ShutdownTimeout/.test(line)));
  if (settings.length === 0) return 30;
  const seconds = settings.map((line) => /ShutdownTimeout\s*=\s*TimeSpan\.FromSeconds\((\d+)\)/.exec(line)?.[1]);
  if (seconds.some((value) => value === undefined)) throw new Error(`ShutdownTimeout set in a form these checks do not read: ${settings.join(' | ')}`);
  return Math.max(...seconds.map(Number));
}

/** The queues a module consumes: the string constants of src/Modules/<M>/<M>.Contracts/<M>Queues.cs, exchanges aside. */
function inputQueues(module) {
  const text = readFileSync(join(repoRoot, 'src', 'Modules', module, `${module}.Contracts`, `${module}Queues.cs`), 'utf8');
  return [...text.matchAll(/const string (\w+) = "([^"]+)"/g)].filter((m) => !m[1].endsWith('Exchange')).map((m) => m[2]).sort();
}

/** Settings only a clustered broker needs (compose runs a single node), each a key the hosts read. */
const brokerClusterSettings = { Messaging__QuorumQueues: 'Messaging:QuorumQueues' };

const moduleOf = Object.fromEntries(hostBuilds().map((build) => [build.service, build.args.MODULE]));
const container = (deployment) => deployment.spec.template.spec.containers[0];
const envOf = (deployment) => Object.fromEntries(container(deployment).env.map((variable) => [variable.name, variable]));
const secretRef = (variable) => variable?.valueFrom?.secretKeyRef;
/** $(NAME) references in an env value. */
const references = (value) => [...String(value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);

/** A container port by number or name → its number. */
function containerPort(deployment, port) {
  if (typeof port === 'number') return port;
  const found = container(deployment).ports.find((p) => p.name === port);
  assert.ok(found, `${idOf(deployment)}: no container port named ${port}`);
  return found.containerPort;
}

/** The container port a Service port leads to, through the Service's selector and targetPort. */
function serviceTarget(objects, serviceName, port) {
  const service = find(objects, 'Service', serviceName);
  assert.ok(service, `no Service ${serviceName}`);
  const servicePort = service.spec.ports.find((p) => p.port === port || p.name === port);
  assert.ok(servicePort, `Service ${serviceName} has no port ${port}`);
  const deployments = ofKind(objects, 'Deployment').filter((d) => selects({ matchLabels: service.spec.selector }, d.spec.template.metadata.labels));
  assert.equal(deployments.length, 1, `Service ${serviceName} selects ${deployments.length} Deployments`);
  return { deployment: deployments[0], containerPort: containerPort(deployments[0], servicePort.targetPort ?? servicePort.port) };
}

/** The IngressRoutes as routers in lib/traefik.mjs's shape, composeService being the Kubernetes Service's name. */
function kubernetesRouters(objects) {
  return ofKind(objects, 'IngressRoute').flatMap((ingressRoute) => ingressRoute.spec.routes.map((route, index) => {
    assert.equal(route.kind, 'Rule');
    assert.equal(route.services.length, 1, `${idOf(ingressRoute)} route ${index}: one service`);
    const [service] = route.services;
    return {
      name: `${ingressRoute.metadata.name}[${index}]`,
      composeService: service.name,
      prefixes: parseRule(route.match),
      entrypoints: ingressRoute.spec.entryPoints,
      service,
      middlewares: route.middlewares ?? [],
      priority: route.priority ?? route.match.length,
    };
  }));
}

/** The image compose gives a built service: <project>-<service>, tag latest (compose.yaml names none). */
const composeImage = (service) => services[service].image ?? `${compose.doc.name}-${service}:latest`;
const imageMajor = (image) => /:(\d+)/.exec(image)?.[1];

/** Secrets the operators create: CloudNativePG's <cluster>-app, the RabbitMQ Cluster Operator's <cluster>-default-user. */
function operatorSecrets(objects) {
  return new Map([
    ...ofKind(objects, 'Cluster').map((cluster) => [`${cluster.metadata.name}-app`, ['username', 'password']]),
    ...ofKind(objects, 'RabbitmqCluster').map((broker) => [`${broker.metadata.name}-default-user`, ['username', 'password']]),
  ]);
}

/** Secrets docs/kubernetes.md tells the operator to create: `kubectl … create secret generic NAME --from-literal=KEY=…`. */
function documentedSecrets() {
  const text = readFileSync(join(repoRoot, 'docs', 'kubernetes.md'), 'utf8');
  const commands = text.replace(/\\\n\s*/g, ' ').matchAll(/create secret generic ([a-z0-9-]+)((?:\s+--from-literal=[a-z0-9-]+=\S*)+)/g);
  return new Map([...commands].map((m) => [m[1], [...m[2].matchAll(/--from-literal=([a-z0-9-]+)=/g)].map((k) => k[1]).sort()]));
}

for (const overlay of overlays) {
  const objects = rendered[overlay];
  const routers = kubernetesRouters(objects);
  const deployment = (name) => find(objects, 'Deployment', name);

  describe(`overlays/${overlay}: the gateway`, () => {
    it('routes on compose\'s Traefik entrypoints only, without middlewares', () => {
      assert.ok(routers.length > 0);
      for (const router of routers) {
        for (const entrypoint of router.entrypoints) assert.ok(entrypoint in composeEntrypoints && entrypoint !== 'traefik', `${router.name}: entrypoint ${entrypoint}`);
        assert.deepEqual(router.middlewares, [], router.name);
      }
    });

    for (const entrypoint of [...new Set(composeRouters.flatMap((router) => router.entrypoints))].sort()) {
      it(`routes exactly compose's prefixes on "${entrypoint}" (:${composeEntrypoints[entrypoint]}) to the same services`, () => {
        assert.deepEqual(routingTableOf(routers, entrypoint), routingTableOf(composeRouters, entrypoint));
      });

      it(`sends each request on "${entrypoint}" where compose's Traefik sends it (priorities included)`, () => {
        const paths = ['/', '/index.html', '/health/ready', '/openapi/v1.json', '/hubs', '/api',
          ...composeRouters.flatMap((router) => router.prefixes.flatMap((prefix) => [prefix, `${prefix}/x?y=1`, `${prefix}x`, prefix.slice(0, -1)]))];
        for (const path of paths) {
          assert.equal(routeAmong(routers, entrypoint, path), routeAmong(composeRouters, entrypoint, path), path);
        }
      });
    }

    it('pins hub clients to one replica with compose\'s cookie, and nothing else', () => {
      const lbServices = dynamicConfig(compose.doc).services;
      assert.ok(lbServices.some((s) => s.stickyCookie), 'compose pins nothing: this check would prove nothing');
      assert.equal(routers.length, composeRouters.length, 'one route per compose router');
      for (const composeRouter of composeRouters) {
        const router = routers.find((r) => r.composeService === composeRouter.composeService && r.prefixes.join() === composeRouter.prefixes.join());
        assert.ok(router, `no route for compose's ${composeRouter.name} (${composeRouter.prefixes})`);
        const cookie = lbServices.find((s) => s.name === composeRouter.service).stickyCookie;
        const expected = cookie ? { name: cookie.name, httpOnly: cookie.httponly === 'true', sameSite: cookie.samesite } : undefined;
        assert.deepEqual(router.service.sticky?.cookie, expected, `${router.name}: compose's ${composeRouter.name} cookie`);
      }
    });

    it('sends each route to the container port compose\'s Traefik sends it to', () => {
      for (const router of routers) {
        const composeService = dynamicConfig(compose.doc).services.find((s) => s.composeService === router.composeService);
        const { deployment: target, containerPort: port } = serviceTarget(objects, router.service.name, router.service.port);
        assert.equal(target.metadata.name, router.composeService, router.name);
        assert.equal(port, composeService.port, router.name);
      }
    });
  });

  describe(`overlays/${overlay}: images`, () => {
    const containers = [...ofKind(objects, 'Deployment').flatMap((d) => d.spec.template.spec.containers.map((c) => [d.metadata.name, c]))];

    it('runs each image compose builds, in the Deployment named after its compose service', () => {
      const built = Object.keys(builds).sort();
      assert.deepEqual(built, [...hosts, 'web'].sort());
      for (const service of built) {
        assert.equal(container(deployment(service))?.image, composeImage(service), service);
      }
    });

    it('runs no image of this project that compose does not build', () => {
      for (const [name, c] of containers) {
        if (c.image.startsWith(`${compose.doc.name}-`)) {
          assert.ok(Object.keys(builds).some((service) => composeImage(service) === c.image), `${name}: ${c.image}`);
        }
      }
    });

    it('runs compose\'s images where compose has the service, and pins every other image to a version', () => {
      for (const [name, c] of containers) {
        if (services[name]?.image) assert.equal(c.image, services[name].image, name);
        else if (!builds[name]) assert.match(c.image, /:\d+\.\d+\.\d+$/, `${name}: ${c.image} is not pinned`);
      }
    });

    it('runs PostgreSQL and RabbitMQ of the versions compose runs', () => {
      const clusters = ofKind(objects, 'Cluster');
      assert.equal(clusters.length, 2);
      for (const cluster of clusters) assert.equal(imageMajor(cluster.spec.imageName), imageMajor(services.postgres.image), idOf(cluster));
      for (const broker of ofKind(objects, 'RabbitmqCluster')) assert.equal(broker.spec.image, services.rabbitmq.image);
    });
  });

  describe(`overlays/${overlay}: the hosts`, () => {
    for (const host of hosts) {
      const hostDeployment = deployment(host);
      const env = hostDeployment ? envOf(hostDeployment) : {};
      const composeEnv = environmentOf(services[host]);

      it(`${host}: has the environment variables compose gives it, and others only as parts of them`, () => {
        assert.ok(hostDeployment, `no Deployment ${host}`);
        for (const name of Object.keys(composeEnv)) assert.ok(name in env, `${host}: ${name} missing`);
        const referenced = new Set(Object.values(env).flatMap((variable) => references(variable.value)));
        for (const name of Object.keys(env)) {
          assert.ok(name in composeEnv || referenced.has(name) || name in brokerClusterSettings,
            `${host}: ${name} is neither compose's, nor part of another variable, nor a broker cluster's setting`);
        }
        for (const variable of Object.values(env)) {
          for (const name of references(variable.value)) {
            const index = container(hostDeployment).env.findIndex((v) => v.name === name);
            assert.ok(index >= 0 && index < container(hostDeployment).env.indexOf(variable), `${host}: $(${name}) in ${variable.name} must be defined above it`);
          }
        }
      });

      it(`${host}: sets compose's plain values (port, roles, OTLP protocol) the same`, () => {
        for (const name of ['ASPNETCORE_HTTP_PORTS', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'Operations__Users__operator__Role', 'Operations__Users__viewer__Role']) {
          assert.equal(env[name]?.value, composeEnv[name], `${host}: ${name}`);
        }
        assert.equal(containerPort(hostDeployment, 'http'), Number(composeEnv.ASPNETCORE_HTTP_PORTS));
        assert.equal(env.Operations__FaultInjection.value, overlay === 'dev' ? compose.env.FAULT_INJECTION : 'false', 'demo faults on in dev only');
      });

      it(`${host}: connects to its module's database cluster, on its primary, as compose does otherwise`, () => {
        const key = `ConnectionStrings__${moduleOf[host]}`;
        const mine = connectionStringParts(env[key].value);
        const theirs = connectionStringParts(composeEnv[key]);
        assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort(), key);
        for (const part of ['Port', 'Database', 'Maximum Pool Size']) assert.equal(mine[part], theirs[part], `${key}: ${part}`);
        const cluster = ofKind(objects, 'Cluster').find((c) => c.spec.bootstrap.initdb.database === mine.Database);
        assert.ok(cluster, `no CloudNativePG Cluster creates ${mine.Database}`);
        assert.equal(mine.Host, `${cluster.metadata.name}-rw`, 'the -rw Service follows the primary');
        for (const [part, secretKey] of [['Username', 'username'], ['Password', 'password']]) {
          const [name] = references(mine[part]);
          assert.deepEqual(secretRef(env[name]), { name: `${cluster.metadata.name}-app`, key: secretKey }, `${key}: ${part}`);
        }
      });

      it(`${host}: connects to the RabbitMQ cluster with the operator's credentials`, () => {
        const uri = /^amqp:\/\/\$\((\w+)\):\$\((\w+)\)@([\w.-]+):(\d+)\/$/.exec(env.ConnectionStrings__RabbitMq.value);
        assert.ok(uri, env.ConnectionStrings__RabbitMq.value);
        const [broker] = ofKind(objects, 'RabbitmqCluster');
        assert.equal(uri[3], broker.metadata.name);
        assert.equal(uri[4], new URL(composeEnv.ConnectionStrings__RabbitMq).port);
        assert.deepEqual(secretRef(env[uri[1]]), { name: `${broker.metadata.name}-default-user`, key: 'username' });
        assert.deepEqual(secretRef(env[uri[2]]), { name: `${broker.metadata.name}-default-user`, key: 'password' });
      });

      it(`${host}: declares quorum queues exactly where the broker is a cluster`, () => {
        const [broker] = ofKind(objects, 'RabbitmqCluster');
        const clustered = (broker.spec.replicas ?? 1) > 1;
        assert.equal(env.Messaging__QuorumQueues?.value === 'true', clustered,
          `${host}: Messaging__QuorumQueues is ${env.Messaging__QuorumQueues?.value ?? 'unset'} with ${broker.spec.replicas ?? 1} broker node(s)`);
        for (const key of Object.values(brokerClusterSettings)) {
          assert.ok(sources.some((text) => text.includes(`"${key}"`)), `no host reads ${key}`);
        }
      });

      it(`${host}: takes every password from a Secret`, () => {
        for (const variable of Object.values(env)) {
          if (/password/i.test(variable.name)) assert.ok(secretRef(variable), `${host}: ${variable.name} is not from a Secret`);
          assert.doesNotMatch(String(variable.value ?? ''), /Password=(?!\$\()|:\/\/[^$][^@]*@/, `${host}: ${variable.name} holds a credential`);
        }
      });

      it(`${host}: exports OTLP to the collector, which hands traces, metrics and logs to the Aspire dashboard`, () => {
        const endpoint = new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT.value);
        const { deployment: collector, containerPort: port } = serviceTarget(objects, endpoint.hostname, Number(endpoint.port));
        const config = parse(find(objects, 'ConfigMap', collector.metadata.name).data['config.yaml']);
        const grpc = config.receivers.otlp.protocols.grpc.endpoint;
        assert.equal(Number(grpc.split(':').at(-1)), port, 'the Service leads to the gRPC receiver');
        const dashboardPort = Number(new URL(composeEnv.OTEL_EXPORTER_OTLP_ENDPOINT).port);
        for (const signal of ['traces', 'metrics', 'logs']) {
          const pipeline = config.service.pipelines[signal];
          assert.ok(pipeline?.receivers.includes('otlp'), signal);
          for (const part of ['receivers', 'processors', 'exporters']) {
            for (const name of pipeline[part] ?? []) assert.ok(config[part]?.[name] !== undefined, `${signal}: ${part} ${name} not defined`);
          }
          const targets = pipeline.exporters.map((name) => config.exporters[name].endpoint.split(':'));
          assert.ok(targets.some(([service, p]) => serviceTarget(objects, service, Number(p)).containerPort === dashboardPort
            && serviceTarget(objects, service, Number(p)).deployment.metadata.name === 'aspire-dashboard'),
          `${signal}: not exported to the dashboard's OTLP port ${dashboardPort}`);
        }
        const mount = container(collector).volumeMounts.find((m) => m.name === 'config');
        assert.ok(container(collector).args.includes(`--config=${mount.mountPath}/config.yaml`));
      });
    }
  });

  describe(`overlays/${overlay}: probes, termination, disruption, spread`, () => {
    const shutdown = shutdownTimeoutSeconds();
    const nginx = readFileSync(join(dockerDir, 'web', 'nginx.conf'), 'utf8');

    it('probes the hosts\' readiness on /health/ready and liveness on /health/live, paths the hosts map', () => {
      assert.deepEqual([...healthPaths].sort(), ['/health/live', '/health/ready']);
      for (const host of hosts) {
        const c = container(deployment(host));
        assert.equal(c.readinessProbe.httpGet.path, '/health/ready', host);
        assert.equal(c.livenessProbe.httpGet.path, '/health/live', host);
        for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe].filter(Boolean)) {
          assert.ok(healthPaths.includes(probe.httpGet.path), `${host}: ${probe.httpGet.path} is not mapped in src/`);
          assert.equal(containerPort(deployment(host), probe.httpGet.port), Number(environmentOf(services[host]).ASPNETCORE_HTTP_PORTS));
        }
      }
    });

    it('probes every other HTTP container on a path it serves (the web UI: nginx\'s exact location)', () => {
      for (const d of ofKind(objects, 'Deployment').filter((d) => !hosts.includes(d.metadata.name))) {
        for (const probe of [container(d).readinessProbe, container(d).livenessProbe]) {
          assert.ok(probe, `${idOf(d)}: no probe`);
          if (!probe.httpGet) continue;
          containerPort(d, probe.httpGet.port);
          if (d.metadata.name === 'web') assert.ok(nginx.includes(`location = ${probe.httpGet.path} {`), `web: nginx has no location ${probe.httpGet.path}`);
        }
      }
    });

    it(`gives the hosts time to finish a batch: preStop, then the shutdown timeout (${shutdown} s), within the grace period`, () => {
      for (const host of hosts) {
        const spec = deployment(host).spec.template.spec;
        const preStop = container(deployment(host)).lifecycle?.preStop?.sleep?.seconds;
        assert.ok(preStop > 0, `${host}: no preStop pause for the endpoints to drop the pod`);
        assert.ok(spec.terminationGracePeriodSeconds > preStop + shutdown,
          `${host}: grace ${spec.terminationGracePeriodSeconds} s <= preStop ${preStop} s + shutdown ${shutdown} s`);
      }
    });

    it('replaces pods one at a time without going below the wanted count (rolling update)', () => {
      for (const name of [...hosts, 'web']) {
        assert.deepEqual(deployment(name).spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, name);
      }
    });

    it('has a PodDisruptionBudget for each host and the web UI that lets a node drain one pod at a time', () => {
      for (const name of [...hosts, 'web']) {
        const labels = deployment(name).spec.template.metadata.labels;
        const budgets = ofKind(objects, 'PodDisruptionBudget').filter((b) => selects(b.spec.selector, labels));
        assert.equal(budgets.length, 1, `${name}: ${budgets.length} budgets`);
        assert.equal(budgets[0].spec.maxUnavailable, 1, name);
      }
    });

    it('spreads each host and the web UI over nodes (and zones where there are some)', () => {
      for (const name of [...hosts, 'web']) {
        const { labels } = deployment(name).spec.template.metadata;
        const constraints = deployment(name).spec.template.spec.topologySpreadConstraints ?? [];
        const byNode = constraints.find((c) => c.topologyKey === 'kubernetes.io/hostname');
        assert.ok(byNode && byNode.whenUnsatisfiable === 'DoNotSchedule' && byNode.maxSkew === 1, `${name}: no hard spread over nodes`);
        assert.ok(constraints.some((c) => c.topologyKey === 'topology.kubernetes.io/zone'), `${name}: no spread over zones`);
        for (const c of constraints) assert.ok(selects(c.labelSelector, labels), `${name}: a constraint that counts other pods`);
      }
    });
  });

  describe(`overlays/${overlay}: Secrets`, () => {
    const referenced = ofKind(objects, 'Deployment').flatMap((d) => d.spec.template.spec.containers.flatMap((c) => (c.env ?? [])
      .map(secretRef).filter(Boolean).map((ref) => ({ ...ref, by: d.metadata.name }))));
    const operatorMade = operatorSecrets(objects);

    it('references only Secrets that exist: rendered here, made by an operator, or created by hand as docs/kubernetes.md says', () => {
      assert.ok(referenced.length > 0);
      const renderedSecrets = new Map(ofKind(objects, 'Secret').map((s) => [s.metadata.name, Object.keys({ ...s.data, ...s.stringData })]));
      const documented = documentedSecrets();
      for (const ref of referenced) {
        const keys = renderedSecrets.get(ref.name) ?? operatorMade.get(ref.name) ?? (overlay === 'prod' ? documented.get(ref.name) : undefined);
        assert.ok(keys, `${ref.by}: Secret ${ref.name} is neither rendered, made by an operator, nor documented`);
        assert.ok(keys.includes(ref.key), `${ref.by}: Secret ${ref.name} has no key ${ref.key}`);
      }
    });

    it(overlay === 'dev' ? 'generates only demo Secrets, marked as such' : 'commits no Secret (an operator creates them)', () => {
      const secrets = ofKind(objects, 'Secret');
      if (overlay === 'prod') {
        assert.deepEqual(secrets.map(idOf), []);
        return;
      }
      assert.ok(secrets.length > 0);
      for (const secret of secrets) assert.match(secret.metadata.annotations?.['hse-payord/demo-credentials'] ?? '', /demo/, idOf(secret));
    });
  });

  describe(`overlays/${overlay}: size and scaling`, () => {
    const prod = overlay === 'prod';
    const scaledObjects = ofKind(objects, 'ScaledObject');

    it(prod ? 'runs three PostgreSQL instances per database with synchronous replication, on different nodes'
      : 'runs one PostgreSQL instance per database, without a disruption budget that would block the node', () => {
      const clusters = ofKind(objects, 'Cluster');
      assert.deepEqual(clusters.map((c) => c.spec.bootstrap.initdb.database).sort(),
        readFileSync(join(dockerDir, 'postgres', 'init-databases.sql'), 'utf8').match(/CREATE DATABASE (\w+)/g).map((s) => s.split(' ')[2]).sort(),
        'one Cluster per database compose creates');
      for (const cluster of clusters) {
        if (prod) {
          assert.equal(cluster.spec.instances, 3);
          assert.ok(cluster.spec.postgresql.synchronous?.number >= 1, `${idOf(cluster)}: asynchronous`);
          assert.equal(cluster.spec.postgresql.synchronous.dataDurability, 'required');
          assert.deepEqual(cluster.spec.affinity, { enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' });
        } else {
          assert.equal(cluster.spec.instances, 1);
          assert.equal(cluster.spec.enablePDB, false);
        }
      }
    });

    it(prod ? 'runs three RabbitMQ nodes on different nodes, drained one at a time' : 'runs one RabbitMQ node', () => {
      const [broker, ...others] = ofKind(objects, 'RabbitmqCluster');
      assert.deepEqual(others, []);
      assert.equal(broker.spec.replicas, prod ? 3 : 1);
      if (!prod) return;
      const podLabels = { 'app.kubernetes.io/name': broker.metadata.name };
      const [term] = broker.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
      assert.equal(term.topologyKey, 'kubernetes.io/hostname');
      assert.ok(selects(term.labelSelector, podLabels));
      const budget = ofKind(objects, 'PodDisruptionBudget').find((b) => selects(b.spec.selector, podLabels));
      assert.equal(budget?.spec.maxUnavailable, 1);
    });

    it(prod ? 'scales each host with KEDA from three replicas on the queue it consumes (backlog and publish rate)'
      : 'runs one replica of each host and of the web UI, without an autoscaler', () => {
      if (!prod) {
        assert.deepEqual(scaledObjects.map(idOf), []);
        for (const name of [...hosts, 'web']) assert.equal(deployment(name).spec.replicas, 1, name);
        return;
      }
      assert.equal(deployment('web').spec.replicas, 3);
      const [broker] = ofKind(objects, 'RabbitmqCluster');
      for (const host of hosts) {
        const scaled = scaledObjects.filter((s) => s.spec.scaleTargetRef.name === host);
        assert.equal(scaled.length, 1, `${host}: ${scaled.length} ScaledObjects`);
        const [{ spec }] = scaled;
        assert.equal(deployment(host).spec.replicas, undefined, `${host}: replicas set beside the autoscaler`);
        assert.equal(spec.minReplicaCount, 3);
        assert.ok(spec.maxReplicaCount > spec.minReplicaCount);
        assert.deepEqual(spec.triggers.map((t) => t.type), ['rabbitmq', 'rabbitmq']);
        assert.deepEqual(spec.triggers.map((t) => t.metadata.mode).sort(), ['MessageRate', 'QueueLength']);
        for (const trigger of spec.triggers) {
          assert.deepEqual([trigger.metadata.queueName], inputQueues(moduleOf[host]), `${host}: not its input queue`);
          const url = new URL(trigger.metadata.host);
          assert.equal(url.hostname, `${broker.metadata.name}.${broker.metadata.namespace}.svc`, 'the broker\'s Service from KEDA\'s namespace');
          assert.equal(url.port, '15672');
          const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
          assert.ok(auth, `${host}: no TriggerAuthentication ${trigger.authenticationRef.name}`);
          for (const ref of auth.spec.secretTargetRef) assert.equal(ref.name, `${broker.metadata.name}-default-user`);
        }
      }
    });
  });
}
