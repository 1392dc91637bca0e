// Checks the hosts as scripts/lib/hosts.sh publish_hosts published them (the host Dockerfile's publish lines):
// a published host loads pre-generated handler code and must carry no Roslyn (Microsoft.CodeAnalysis*) and no
// Wolverine runtime compilation. Run after publishing: `node run-tests.mjs published`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../lib/paths.mjs';
import { loadStack } from '../lib/stack.mjs';

const publishRoot = join(process.env.PAYORD_ARTIFACTS ?? join(repoRoot, 'artifacts'), 'publish');
const { hosts } = loadStack();

for (const name of hosts) {
  describe(`published ${name} host (${join(publishRoot, name)})`, () => {
    it('has been published', () => {
      assert.ok(existsSync(join(publishRoot, name)), 'publish it first (scripts/lib/hosts.sh publish_hosts)');
      assert.ok(readdirSync(join(publishRoot, name)).some((file) => /^HsePayord\.Hosts\..+\.dll$/.test(file)), 'no host assembly');
    });

    it('carries no Roslyn and no runtime compilation', () => {
      const compilers = readdirSync(join(publishRoot, name), { recursive: true })
        .filter((file) => /(^|\/)(Microsoft\.CodeAnalysis[^/]*|Wolverine\.RuntimeCompilation|JasperFx\.RuntimeCompiler)\.dll$/.test(file));
      assert.deepEqual(compilers, []);
    });
  });
}
