// Checks the hosts as scripts/lib/hosts.sh publish_hosts published them (the host Dockerfile's publish lines): every
// assembly a host ships — its own, the modules' and the packages' (EF Core, Npgsql, Wolverine, the RabbitMQ
// client) — is ReadyToRun for this machine, so the first order after a start does not wait for the JIT (issue #13).
// Run after publishing: `node run-tests.mjs published`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../lib/paths.mjs';
import { linuxReadyToRunMachine, readyToRunInfo } from '../lib/readytorun.mjs';
import { loadStack } from '../lib/stack.mjs';

const publishRoot = join(process.env.PAYORD_ARTIFACTS ?? join(repoRoot, 'artifacts'), 'publish');
const { hosts } = loadStack();

for (const name of hosts) {
  const dir = join(publishRoot, name);
  const assemblies = () => readdirSync(dir).filter((file) => file.endsWith('.dll'))
    .map((file) => ({ file, ...readyToRunInfo(join(dir, file)) })).filter((assembly) => assembly.managed);

  describe(`published ${name} host is ReadyToRun (${dir})`, () => {
    it('ships its host assembly as ReadyToRun', () => {
      assert.ok(existsSync(dir), 'publish it first (scripts/lib/hosts.sh publish_hosts)');
      const host = assemblies().find((assembly) => /^HsePayord\.Hosts\..+\.dll$/.test(assembly.file));
      assert.ok(host, 'no host assembly');
      assert.equal(host.readyToRun, true, `${host.file} is IL only`);
    });

    it('ships every managed assembly as ReadyToRun', () => {
      const ilOnly = assemblies().filter((assembly) => !assembly.readyToRun).map((assembly) => assembly.file);
      assert.deepEqual(ilOnly, []);
    });

    it("carries ReadyToRun code for this machine's architecture (CoreCLR refuses any other)", (t) => {
      const expected = linuxReadyToRunMachine();
      if (process.platform !== 'linux' || expected === undefined) return t.skip(`no expectation for ${process.platform}-${process.arch}`);
      const foreign = assemblies().filter((assembly) => assembly.readyToRun && assembly.machine !== expected)
        .map((assembly) => `${assembly.file} (machine 0x${assembly.machine.toString(16)})`);
      assert.deepEqual(foreign, []);
    });
  });
}
