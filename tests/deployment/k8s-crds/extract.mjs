#!/usr/bin/env node
// Writes the schema of one CustomResourceDefinition version as JSON, for the offline checks of
// deploy/kubernetes (lib/k8s-schemas.mjs):
//
//   node k8s-crds/extract.mjs CRD.yaml SOURCE > k8s-crds/NAME.json
//
// CRD.yaml is the operator's published CRD (config/crd/bases/… of its repository at a release tag), SOURCE a
// line saying where it came from (repository, tag, commit, path), kept in the output. The storage version's
// openAPIV3Schema is kept whole except `status` (never written by a manifest) and the descriptions (most of
// the size; the operators' documentation has them).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [crdPath, source] = process.argv.slice(2);
if (!crdPath || !source) {
  process.stderr.write('usage: node k8s-crds/extract.mjs CRD.yaml SOURCE\n');
  process.exit(1);
}
const crd = parse(readFileSync(crdPath, 'utf8'));
const version = crd.spec.versions.find((v) => v.storage);
const schema = structuredClone(version.schema.openAPIV3Schema);
delete schema.properties.status;

const withoutDescriptions = (node) => {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'description').map(([key, value]) => [key, withoutDescriptions(value)]));
  }
  return node;
};

const out = {
  source,
  apiVersion: `${crd.spec.group}/${version.name}`,
  kind: crd.spec.names.kind,
  schema: withoutDescriptions(schema),
};
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
