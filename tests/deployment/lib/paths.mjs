// Where things are, independent of the current directory: every script here may be started from
// the repository root (`node tests/deployment/routes.mjs`) or from this folder (`npm test`).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const deploymentDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(deploymentDir, '..', '..');
export const dockerDir = join(repoRoot, 'docker');
export const composeFile = join(dockerDir, 'compose.yaml');
export const dotenvFile = join(dockerDir, '.env');
export const postmanDir = join(repoRoot, 'postman');
export const hostsDir = join(repoRoot, 'src', 'Hosts');
export const hostDockerfile = join(dockerDir, 'host.Dockerfile');

// shared/ sits beside the repository (CI clones it there; locally /work/shared beside /work/main).
// COMPOSE_SPEC_SCHEMA / CONTRACT_FILE override the locations.
const sharedDir = resolve(repoRoot, '..', 'shared');
export const composeSchemaFile =
  process.env.COMPOSE_SPEC_SCHEMA ?? join(sharedDir, 'compose-spec', 'compose-spec.json');
export const contractFile = process.env.CONTRACT_FILE ?? join(sharedDir, 'CONTRACT.md');

export function requireFile(path, what) {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}`);
  return path;
}
