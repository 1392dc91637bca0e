// scripts/lib/hosts.sh's `supervise`, which run-local.sh puts around each host as compose's `restart: on-failure`
// is put around each container: a host that exits with 75 (it stopped itself to be restarted, e.g. its broker
// connection would not recover) is started again; any other end is final; TERM stops the host too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../lib/paths.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'payord-supervise-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs SCRIPT in bash with the scripts' libraries sourced; returns its exit status and output. */
function bash(script) {
  const result = spawnSync('bash', ['-c', `source scripts/lib/services.sh\nsource scripts/lib/hosts.sh\n${script}`], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A command that counts its runs in FILE and exits with the next of CODES each time. */
function counting(file, codes) {
  return `bash -c 'n=$(cat ${file} 2>/dev/null || echo 0); echo $((n + 1)) > ${file}; codes=(${codes.join(' ')}); exit \${codes[$n]}'`;
}

const runsIn = (file) => Number(readFileSync(file, 'utf8'));

describe('supervise (scripts/lib/hosts.sh)', () => {
  it('starts a command again each time it exits with 75, and returns once it exits with 0', () => {
    const runs = join(scratch, 'restarts');
    const { status, output } = bash(`supervise ${counting(runs, [75, 75, 0])}`);
    assert.equal(status, 0, output);
    assert.equal(runsIn(runs), 3);
    assert.equal(output.match(/exited with 75/g)?.length, 2, output);
  });

  it('does not start a command again that failed otherwise, and returns its exit code', () => {
    const runs = join(scratch, 'failure');
    const { status, output } = bash(`supervise ${counting(runs, [3, 0])}`);
    assert.equal(status, 3, output);
    assert.equal(runsIn(runs), 1);
    assert.doesNotMatch(output, /exited with 75/);
  });

  it('stops the command when it is stopped itself', () => {
    const pidFile = join(scratch, 'command.pid');
    const { status, output } = bash(`
      (supervise bash -c 'echo $$ > ${pidFile}; exec sleep 30') &
      supervisor=$!
      for _ in $(seq 100); do [ -s ${pidFile} ] && break; sleep 0.05; done
      command=$(cat ${pidFile})
      kill -0 "$command" || { echo "the command never started"; exit 1; }
      kill -TERM "$supervisor"; wait "$supervisor"
      sleep 0.2
      if kill -0 "$command" 2>/dev/null; then echo "the command outlived its supervisor"; exit 1; fi`);
    assert.equal(status, 0, output);
  });
});
