// Redocly's recommended rules (redocly.yaml at the repository root) pass on the checked-in OpenAPI documents and,
// when ORDERS_URL / PAYMENTS_URL are set, on the documents the hosts serve: no error and no warning.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(here, '..', '..');
const cli = join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

function lint(file) {
  const result = spawnSync(process.execPath, [cli, 'lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json'], {
    encoding: 'utf8', cwd: here, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  const report = JSON.parse(json);
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ''})`);
  return { status: result.status, problems };
}

describe('Redocly lint (recommended)', () => {
  for (const host of ['orders', 'payments']) {
    it(`passes on docs/openapi/${host}.v1.json with no problem`, () => {
      const { status, problems } = lint(join(repoRoot, 'docs', 'openapi', `${host}.v1.json`));
      assert.deepEqual(problems, []);
      assert.equal(status, 0);
    });

    const url = process.env[`${host.toUpperCase()}_URL`];
    it(`passes on the document the ${host} host serves`, { skip: url ? false : `${host.toUpperCase()}_URL not set` }, async () => {
      const response = await fetch(`${url}/openapi/v1.json`);
      assert.equal(response.status, 200);
      const file = join(mkdtempSync(join(tmpdir(), 'payord-openapi-')), `${host}.json`);
      writeFileSync(file, await response.text());
      const { status, problems } = lint(file);
      assert.deepEqual(problems, []);
      assert.equal(status, 0);
    });
  }
});
