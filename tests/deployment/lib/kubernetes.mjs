// deploy/kubernetes as the checks see it: each overlay rendered by `kubectl kustomize` (as `kubectl apply -k`
// would send it), and small lookups over the rendered objects.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './paths.mjs';

export const kubernetesDir = join(repoRoot, 'deploy', 'kubernetes');
export const overlays = ['dev', 'prod'];

/** The objects an overlay (a name under overlays/, or a kustomization directory) renders to. */
export function render(overlay) {
  const dir = overlay.includes('/') ? overlay : join(kubernetesDir, 'overlays', overlay);
  let text;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('kubectl not found: scripts/test.sh installs it (apt_install_missing kubectl)');
    throw new Error(`kubectl kustomize ${dir} failed: ${error.stderr || error.message}`);
  }
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`rendered YAML: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

/** "Deployment/orders", for messages. */
export const idOf = (object) => `${object.kind}/${object.metadata?.name}`;

export const ofKind = (objects, kind) => objects.filter((object) => object.kind === kind);

export function find(objects, kind, name) {
  return objects.find((object) => object.kind === kind && object.metadata?.name === name);
}

/** Whether a label selector ({ matchLabels }) selects the given labels. */
export function selects(selector, labels = {}) {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  if (selector?.matchExpressions?.length) throw new Error('matchExpressions are not understood by these checks');
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

/** "Key=Value;Key=Value" (an Npgsql connection string) as an object. */
export function connectionStringParts(text) {
  return Object.fromEntries(text.split(';').filter(Boolean).map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  }));
}
