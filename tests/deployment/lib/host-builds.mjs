// The .NET host builds, by convention rather than read from compose.yaml: dockerfile-publish-commands.mjs
// needs them, and it runs without `npm ci` (scripts/lib/hosts.sh publishes the hosts with it for
// scripts/test.sh, run-local.sh and bench.sh), so without a YAML parser. test/compose.test.mjs holds
// compose.yaml's .NET host services to exactly these builds, so the two cannot drift apart.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostDockerfile, hostsDir, repoRoot } from './paths.mjs';

/**
 * One build per host project src/Hosts/<Module>/<Module>.Host.csproj, sorted by service:
 * { service, context, dockerfile, args }. The service (compose's, and the folder the host is
 * published to) is the module in lower case; docker/host.Dockerfile builds it from the repository
 * root with the build argument MODULE=<Module>.
 */
export function hostBuilds() {
  return readdirSync(hostsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(hostsDir, entry.name, `${entry.name}.Host.csproj`)))
    .map(({ name: module }) => ({
      service: module.toLowerCase(),
      context: repoRoot,
      dockerfile: hostDockerfile,
      args: { MODULE: module },
    }))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
