// Schema checks of rendered Kubernetes objects, offline:
// - kubernetes-models (core and apps objects), @kubernetes-models/keda and @kubernetes-models/traefik: each
//   model's validate(), the Kubernetes OpenAPI schema (required fields, types, enums, patterns);
// - the same packages' TypeScript declarations, compiled against the objects by the TypeScript compiler: its
//   excess-property check finds unknown fields, which validate() lets through and an API server refuses
//   (kubectl's field validation is Strict by default);
// - for CloudNativePG's Cluster and RabbitMQ's RabbitmqCluster, which no package models, the operators' CRD
//   schemas (k8s-crds/, with their source) through ajv, unknown fields refused as the API server would for a
//   structural schema. CEL rules (x-kubernetes-validations) are not evaluated.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import ts from 'typescript';
import { deploymentDir } from './paths.mjs';

const packageOfGroup = {
  '': 'kubernetes-models',
  apps: 'kubernetes-models',
  policy: 'kubernetes-models',
  'keda.sh': '@kubernetes-models/keda',
  'traefik.io': '@kubernetes-models/traefik',
};

/** The module that models apiVersion/kind, e.g. kubernetes-models/apps/v1/Deployment; undefined if none. */
export function modelModule({ apiVersion, kind }) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = packageOfGroup[group];
  if (!pkg) return undefined;
  return group === '' ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
}

/** Errors of the model's validate() (the Kubernetes schema), as strings; [] when valid. */
export async function modelErrors(object) {
  const module = await import(modelModule(object));
  const Model = module[object.kind];
  if (!Model) return [`${modelModule(object)} exports no ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

const crdDir = join(deploymentDir, 'k8s-crds');

/** The CRD schemas in k8s-crds/: "apiVersion/kind" → { source, validate }. */
export function crdValidators() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validators = new Map();
  for (const file of readdirSync(crdDir).filter((name) => name.endsWith('.json'))) {
    const crd = JSON.parse(readFileSync(join(crdDir, file), 'utf8'));
    validators.set(`${crd.apiVersion}/${crd.kind}`, { source: crd.source, validate: ajv.compile(asApiServerSees(crd.schema)) });
  }
  return validators;
}

/**
 * A CRD's OpenAPI v3 schema as JSON Schema that refuses what the API server refuses: an object with declared
 * properties takes no others (unless x-kubernetes-preserve-unknown-fields), int-or-string is either, nullable
 * admits null, and an embedded resource has apiVersion, kind and metadata besides its properties.
 */
export function asApiServerSees(node) {
  if (Array.isArray(node)) return node.map(asApiServerSees);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties'
    ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, asApiServerSees(schema)]))
    : asApiServerSees(value)]));
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out['x-kubernetes-embedded-resource']) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Errors of an object against its CRD schema, as strings. */
export function crdErrors(validators, object) {
  const validator = validators.get(`${object.apiVersion}/${object.kind}`);
  if (!validator) return [`no CRD schema for ${object.apiVersion} ${object.kind} in k8s-crds/`];
  if (validator.validate(object)) return [];
  return validator.validate.errors.map((error) => {
    const extra = error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : '';
    return `${error.instancePath || '/'} ${error.message}${extra}`;
  });
}

/**
 * Unknown fields and wrong types, by compiling the objects as literals of the packages' TypeScript types: one
 * program for all of them (the compiler's start-up is most of the time). Objects without a model (CRDs of
 * k8s-crds/) have their metadata checked as ObjectMeta. Returns one array of error strings per object.
 */
export function typeErrors(objects) {
  let source = 'type ObjectMeta = NonNullable<import("kubernetes-models/v1/ConfigMap").IConfigMap["metadata"]>;\n';
  const starts = []; // the first line (1-based) of each object's declaration
  objects.forEach((object, index) => {
    starts.push(source.split('\n').length);
    const module = modelModule(object);
    const [type, value] = module
      ? [`import(${JSON.stringify(module)}).I${object.kind}`, object]
      : ['ObjectMeta', object.metadata ?? {}];
    source += `export const object${index}: ${type} = ${JSON.stringify(value, null, 1)};\n`;
  });
  const file = join(deploymentDir, '__rendered-manifests__.ts');
  const options = {
    noEmit: true, strict: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  const errors = objects.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file) {
      errors.forEach((list) => list.push(`TypeScript: ${message}`));
      continue;
    }
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
    let index = starts.length - 1;
    while (index > 0 && starts[index] > line) index--;
    errors[index].push(message);
  }
  return errors;
}
